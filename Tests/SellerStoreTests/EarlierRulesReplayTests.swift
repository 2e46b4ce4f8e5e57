import Foundation
import Testing
@testable import SellerCore

/// A store written by a build before the seeds' reading of issue 13 keeps
/// opening: its journal lines (which name no `rules`) replay under the rules
/// their writer applied — an unchanged product re-upsert, a merchant appeal
/// without evidence, a licence record on the earlier 2024-09-14 table — while
/// what is appended now is written and replayed under the current rules.
@Suite struct EarlierRulesReplayTests {
    struct OldEntry: Encodable { var event: EventEnvelope; var seq: Int }

    @Test func aJournalOfTheEarlierRulesReplaysAsItsWriterHadIt() throws {
        let tmp = TempDir()
        _ = try Store.create(at: tmp.store)
        let t0 = Timestamp(china: .init(year: 2026, month: 1, day: 5, hour: 9))
        var n = 0
        func e(_ event: DomainEvent, _ actor: Actor) -> EventEnvelope {
            n += 1
            return EventEnvelope(id: "old-\(n)", at: t0.adding(seconds: Int64(n) * 60), actor: actor, event: event)
        }
        let main = Actor.account("acme")
        let license = ProductUpsert(id: "L", name: "授权码", type: .licenseCode, saleModel: .joint)
        let customer = Customer(id: "c", name: "张伟", userName: "zw")
        let events = [
            e(.accountAdded(Account(id: "acme", name: "云杉科技", role: .main)), .platform),
            e(.productUpserted(license), .platform),
            e(.productUpserted(license), .platform),      // re-sent unchanged: the earlier build applied it
            e(.productUpserted(ProductUpsert(id: "M", name: "迁移", type: .manualService, saleModel: .general)), .platform),
            e(.orderCreated(OrderCreation(id: "CS1", productId: "L", customer: customer, createdAt: t0, chargingMode: .oneTime,
                                          amount: Money(yuan: 100), orderType: .new)), .platform),
            e(.orderCreated(OrderCreation(id: "CS2", productId: "M", customer: customer, createdAt: t0, chargingMode: .oneTime,
                                          amount: Money(yuan: 100), orderType: .new)), .platform),
            e(.appealFiled(AppealFiling(appealId: "A1", orderId: "CS2", reason: "买家不回复")), main),   // no evidence then
            e(.supervision(SupervisionStep(orderId: "CS1", event: .implement)), main),
            e(.supervision(SupervisionStep(orderId: "CS1", event: .activate, fields: FieldValues(licenseCode: "LIC"))), main),
            e(.supervision(SupervisionStep(orderId: "CS1", event: .autoAccept, fields: FieldValues(cause: .licenseActivated))), .platform),
            e(.supervision(SupervisionStep(orderId: "CS1", event: .uploadProof, fields: FieldValues(documents: [AttachmentRef(name: "证明.pdf", size: 9)]))), main),
        ]
        var bytes: [UInt8] = []
        for (i, event) in events.enumerated() { bytes += LineFrame.frame(object: try FastJSON.encode(OldEntry(event: event, seq: i + 1))) }
        writeBytes(tmp.store + "/journal.jsonl", bytes)

        let store = try Store.open(at: tmp.store)
        let s = store.state
        #expect(s.records["CS1"]?.flowVersion == "2024-09-14" && s.records["CS1"]?.state == .completed,
                "the licence record kept the table it was opened under: \(String(describing: s.records["CS1"]))")
        #expect(s.appeals["A1"]?.evidence.isEmpty == true && s.records["CS2"]?.isFrozen == true)
        #expect(s.appliedEvents == events.count)

        // New events take the current rules, and say so in their line.
        try store.append(.orderCreated(OrderCreation(id: "CS3", productId: "L", customer: customer, createdAt: t0.adding(days: 1),
                                                     chargingMode: .oneTime, amount: Money(yuan: 100), orderType: .new)), by: .platform)
        #expect(store.state.records["CS3"]?.flowVersion == "2024-09-14.1")
        let last = String(decoding: fileBytes(tmp.store + "/journal.jsonl"), as: UTF8.self).split(separator: "\n").last ?? ""
        #expect(last.contains(#""rules":2"#), "\(last)")
        let reopened = try Store.open(at: tmp.store)
        #expect(reopened.state == store.state, "both readings replay to the state their writers had")
    }
}
