import Foundation
import Testing
@testable import SellerCore

/// In-process behaviour of the store: persistence, refusal, sharing, safety.
@Suite struct StoreTests {
    static let main = Actor.account("main")

    static func seeded(_ dir: String, orders: Int = 3) throws -> Store {
        let s = try Store.create(at: dir)
        var t = Timestamp(china: .init(year: 2026, month: 3, day: 1, hour: 9))
        s.now = { t = t.adding(seconds: 60); return t }
        try s.append(.accountAdded(Account(id: "main", name: "云杉科技", role: .main, mobile: "13800138000")), by: .platform)
        try s.append(.accountAdded(Account(id: "li", name: "李交付", role: .delivery)), by: main)
        try s.append(.productUpserted(ProductUpsert(id: "P1", name: "数据迁移服务\u{1B}[31m", type: .manualService, saleModel: .general)), by: .platform)
        for i in 1...orders {
            try s.append(.orderCreated(OrderCreation(id: "CS\(i)", productId: "P1", customer: Customer(id: "c\(i)", name: "欧阳秀英", userName: "u\(i)"),
                                                     createdAt: t, chargingMode: .period, amount: Money(yuan: 100 * Int64(i)), orderType: .new,
                                                     periodType: .month, periodNumber: 1)), by: .platform)
            try s.append(.supervision(SupervisionStep(orderId: "CS\(i)", event: .submitRequirements, fields: FieldValues(requirementText: "迁移 \(i) 个库"))), by: .buyer)
        }
        return s
    }

    @Test func appendPersistsAndReopensToTheSameState() throws {
        let tmp = TempDir()
        let s = try Self.seeded(tmp.store)
        #expect(s.lastSeq == 9)
        let reopened = try Store.open(at: tmp.store)
        #expect(reopened.state == s.state)
        #expect(reopened.lastSeq == 9)
        #expect(reopened.warnings.isEmpty)
        // Owner-only permissions on everything the store creates.
        #expect(FileIO.mode(tmp.store) == 0o700)
        #expect(FileIO.mode(tmp.store + "/attachments") == 0o700)
        for f in ["FORMAT", "journal.jsonl", "lock"] { #expect(FileIO.mode(tmp.store + "/" + f) == 0o600, "\(f)") }
        // Every journal line is framed and checksummed; zlib's CRC-32 agrees.
        let first = String(decoding: fileBytes(tmp.store + "/journal.jsonl"), as: UTF8.self).split(separator: "\n")[0]
        #expect(first.hasPrefix(#"{"crc":""#) && first.contains(#""seq":1"#))
    }

    @Test func refusedAppendLeavesEveryByteAlone() throws {
        let tmp = TempDir()
        let s = try Self.seeded(tmp.store)
        let before = fileBytes(tmp.store + "/journal.jsonl")
        do {
            try s.append(.supervision(SupervisionStep(orderId: "CS1", event: .deliver, fields: .none)), by: Self.main)
            Issue.record("a step not in the table was stored")
        } catch {
            #expect(error.description.contains("cannot deliver"))
        }
        do {
            try s.append(.supervision(SupervisionStep(orderId: "CS1", event: .confirmRequirements)), by: .account("li"))
            Issue.record("an unauthorised sub-account was allowed")
        } catch {
            #expect(error.description.contains("云杉科技"), "the refusal says who may act: \(error)")
        }
        #expect(fileBytes(tmp.store + "/journal.jsonl") == before)
        #expect(s.lastSeq == 9)
        // The same id twice is refused; the store tells identical from conflicting.
        let e = EventEnvelope(id: "evt-x", at: s.now(), actor: .platform, event: .messagePosted(MessagePost(category: 901, title: "t", body: "b")))
        try s.append(e.event, by: e.actor, id: e.id, at: e.at)
        do {
            try s.append(e.event, by: e.actor, id: e.id, at: e.at)
            Issue.record("the same event id was stored twice")
        } catch {
            #expect(error == .duplicateEvent(id: "evt-x"))
        }
        #expect(s.knowledge(of: e) == .identical)
        var changed = e
        changed.event = .messagePosted(MessagePost(category: 901, title: "t", body: "other"))
        #expect(s.knowledge(of: changed) == .conflicting)
    }

    @Test func twoConsolesSeeEachOtherAndCannotOverwrite() throws {
        let tmp = TempDir()
        let a = try Self.seeded(tmp.store)
        let b = try Store.open(at: tmp.store)
        try a.append(.supervision(SupervisionStep(orderId: "CS1", event: .confirmRequirements)), by: Self.main)
        #expect(b.hasExternalChanges())
        let seen = try b.refresh()
        #expect(seen.events.count == 1 && !seen.reloaded && b.state == a.state)
        #expect(!b.hasExternalChanges())
        // A files an appeal; B, not yet refreshed, tries a step: it is re-validated and refused.
        try a.append(.appealFiled(AppealFiling(appealId: "AP1", orderId: "CS2", reason: "买家长期不响应", evidence: [AttachmentRef(name: "聊天记录.png", size: 1024)])), by: Self.main)
        do {
            try b.append(.supervision(SupervisionStep(orderId: "CS2", event: .confirmRequirements)), by: Self.main)
            Issue.record("a step on a record frozen by another console was accepted")
        } catch {
            #expect(error == .refused(.frozenByAppeal(orderId: "CS2", state: .awaitingRequirementConfirmation, event: "confirm_requirements", appealId: "AP1")))
        }
        #expect(b.state.records["CS2"]?.openAppealId == "AP1", "the refused writer caught up first")
        // Both append; both see both; sequence numbers interleave without loss.
        try b.append(.supervision(SupervisionStep(orderId: "CS3", event: .confirmRequirements)), by: Self.main)
        try a.append(.supervision(SupervisionStep(orderId: "CS1", event: .deliver,
                                                  fields: FieldValues(resultDescription: "完成", documents: [AttachmentRef(name: "d.pdf", size: 1)]))), by: Self.main)
        try b.refresh()
        try a.refresh()
        #expect(a.state == b.state && a.lastSeq == b.lastSeq && a.lastSeq == 13)
        // A compacts; B notices and reloads from the new snapshot.
        try a.compact()
        #expect(b.hasExternalChanges())
        #expect(try b.refresh().reloaded)
        #expect(b.state == a.state)
        try b.append(.messagesMarked(MessageMark(all: true)), by: Self.main)
        try a.refresh()
        #expect(a.state == b.state && a.lastSeq == 14)
    }

    @Test func compactionKeepsEverythingAndSnapshotsAreDeterministic() throws {
        let tmp = TempDir()
        let s = try Self.seeded(tmp.store, orders: 20)
        let before = s.state
        let r = try s.compact()
        #expect(r.journalLinesFolded == 43 && r.seq == 43)
        #expect(fileBytes(tmp.store + "/journal.jsonl").isEmpty)
        #expect(FileIO.mode(tmp.store + "/snapshot.jsonl") == 0o600)
        let reopened = try Store.open(at: tmp.store)
        #expect(reopened.state == before)
        #expect(reopened.lastSeq == 43)
        try reopened.append(.messagePosted(MessagePost(category: 901, title: "之后", body: "")), by: .platform)
        let again = try Store.open(at: tmp.store)
        #expect(again.state == reopened.state && again.lastSeq == 44)
        // Same state, same bytes.
        let t = Timestamp(seconds: 0)
        #expect(try Snapshot.encode(state: before, seq: 43, known: s.known, at: t) == Snapshot.encode(state: before, seq: 43, known: s.known, at: t))
        // The threshold triggers compaction by itself: the journal holds one
        // line now, so the second append reaches 3 lines and folds them.
        again.compactionThreshold = 3
        try again.append(.messagePosted(MessagePost(category: 901, title: "n1", body: "")), by: .platform)
        #expect(!fileBytes(tmp.store + "/journal.jsonl").isEmpty)
        try again.append(.messagePosted(MessagePost(category: 901, title: "n2", body: "")), by: .platform)
        #expect(fileBytes(tmp.store + "/journal.jsonl").isEmpty)
        #expect(try Store.open(at: tmp.store).state == again.state)
    }

    @Test func tornLastLineIsRecoveredByAWriterAndLeftByAReader() throws {
        let tmp = TempDir()
        _ = try Self.seeded(tmp.store)
        let journal = tmp.store + "/journal.jsonl"
        let good = fileBytes(journal)
        let torn = good + Array(#"{"crc":"00000000","event":{"id":"half"#.utf8)
        writeBytes(journal, torn)
        let reader = try Store.open(at: tmp.store, readOnly: true)
        #expect(reader.lastSeq == 9)
        #expect(reader.warnings.first?.contains("journal.jsonl:10: incomplete last line") == true)
        #expect(fileBytes(journal) == torn, "a read-only open changes nothing")
        let report = try StoreMaintenance.check(tmp.store)
        #expect(report.tornTail?.line == 10 && report.damage.isEmpty)
        let writer = try Store.open(at: tmp.store)
        #expect(writer.warnings.first?.contains("copied to") == true)
        #expect(fileBytes(journal) == good)
        let saved = try FileManager.default.contentsOfDirectory(atPath: tmp.store + "/recovered")
        #expect(saved.count == 1)
        #expect(fileBytes(tmp.store + "/recovered/" + saved[0]) == Array(torn[good.count...]))
        try writer.append(.messagePosted(MessagePost(category: 901, title: "after", body: "")), by: .platform)
        #expect(try Store.open(at: tmp.store).lastSeq == 10)
    }

    @Test func refusesWhatItCannotSafelyUse() throws {
        let tmp = TempDir()
        // Not a store: a non-empty directory without FORMAT is never written to.
        try FileManager.default.createDirectory(atPath: tmp.path + "/docs", withIntermediateDirectories: true)
        writeBytes(tmp.path + "/docs/notes.txt", Array("mine".utf8))
        #expect(throws: StoreError.self) { _ = try Store.create(at: tmp.path + "/docs") }
        #expect(throws: StoreError.notFound(path: tmp.path + "/none")) { _ = try Store.open(at: tmp.path + "/none") }
        // A newer format is refused, untouched.
        let s = try Self.seeded(tmp.store)
        _ = s
        let format = tmp.store + "/FORMAT"
        let formatBefore = fileBytes(format)
        writeBytes(format, Array(#"{"app":"seller-center","format":99}"#.utf8))
        let journalBefore = fileBytes(tmp.store + "/journal.jsonl")
        do {
            _ = try Store.open(at: tmp.store)
            Issue.record("a newer format was opened")
        } catch {
            #expect(error.description.contains("format 99") && error.description.contains("upgrade seller"))
        }
        #expect(fileBytes(tmp.store + "/journal.jsonl") == journalBefore)
        writeBytes(format, formatBefore)
        // The store's own files are never followed through symlinks.
        let journal = tmp.store + "/journal.jsonl"
        try FileManager.default.moveItem(atPath: journal, toPath: tmp.path + "/elsewhere.jsonl")
        try FileManager.default.createSymbolicLink(atPath: journal, withDestinationPath: tmp.path + "/elsewhere.jsonl")
        #expect(throws: StoreError.self) { _ = try Store.open(at: tmp.store) }
    }

    @Test func attachmentsAreCopiedInByContent() throws {
        let tmp = TempDir()
        let s = try Self.seeded(tmp.store)
        let src = tmp.path + "/验收报告\u{202E}fdp.exe"
        writeBytes(src, Array("abc".utf8))
        let ref = try s.importAttachment(path: src)
        #expect(ref.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "SHA-256 of 'abc' (FIPS 180-2 test vector)")
        #expect(ref.size == 3 && ref.name == "验收报告fdp.exe")
        #expect(FileIO.mode(tmp.store + "/attachments/" + ref.sha256!) == 0o600)
        try FileManager.default.removeItem(atPath: src)
        #expect(try s.attachmentBytes(ref) == Array("abc".utf8), "copied in, not referenced by path")
        writeBytes(src, Array("abc".utf8))
        #expect(try s.importAttachment(path: src) == ref, "the same content is stored once")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.store + "/attachments") == [ref.sha256!])
        #expect(throws: StoreError.self) { _ = try s.importAttachment(path: tmp.path) }
        let big = tmp.path + "/big.bin"
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try h.truncate(atOffset: UInt64(Store.maxAttachmentBytes + 1))
        try h.close()
        do {
            _ = try s.importAttachment(path: big)
            Issue.record("a file over 20 MiB was accepted")
        } catch { #expect(error.description.contains("20 MiB")) }
        // A million-byte SHA-256 test vector: 1,000,000 × 'a'.
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Store.sanitiseFileName("../../etc/passwd\u{0}") == "etcpasswd")
        #expect(Store.sanitiseFileName("\u{1B}[2J") == "[2J")
        #expect(Store.sanitiseFileName(String(repeating: "长", count: 200)).utf8.count <= 255)
    }

    @Test func location() {
        #expect(StoreLocation.resolve(flag: "/x", environment: ["SELLER_STORE": "/y"]) == "/x")
        #expect(StoreLocation.resolve(flag: nil, environment: ["SELLER_STORE": "/y", "XDG_DATA_HOME": "/z"]) == "/y")
        #expect(StoreLocation.resolve(flag: nil, environment: ["XDG_DATA_HOME": "/z", "HOME": "/h"]) == "/z/seller-center")
        #expect(StoreLocation.resolve(flag: nil, environment: ["XDG_DATA_HOME": "relative", "HOME": "/h"]) == "/h/.local/share/seller-center")
        #expect(StoreLocation.resolve(flag: nil, environment: ["HOME": "/h"]) == "/h/.local/share/seller-center")
    }
}
