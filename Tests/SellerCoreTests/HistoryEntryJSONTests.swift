import Foundation
import Testing
@testable import SellerCore

/// HistoryEntryJSON writes an entry's canonical JSON without the generic
/// encoder: the bytes must be `FastJSON.encode`'s exactly (snapshots, the
/// packed history and checksums depend on them), and what the generic
/// encoder refuses it refuses with the same error.
@Suite struct HistoryEntryJSONTests {
    typealias Entry = ServiceRecord.HistoryEntry

    static func same(_ e: Entry) {
        let generic = Result { try FastJSON.encode(e) }, direct = Result { try HistoryEntryJSON.encode(e) }
        switch (generic, direct) {
        case (.success(let a), .success(let b)):
            #expect(a == b, "\(String(decoding: a, as: UTF8.self)) vs \(String(decoding: b, as: UTF8.self))")
        case (.failure(let a), .failure(let b)):
            #expect(String(describing: a) == String(describing: b))
        default:
            Issue.record("one encoder refused what the other wrote: \(generic) vs \(direct)")
        }
    }

    @Test func hostileEntriesEncodeAsTheGenericEncoderWritesThem() {
        let entries = HistoryLogTests.entries()
        #expect(entries.count > 20)
        for e in entries { Self.same(e) }
    }

    @Test func everyEntryOfADemoStoreEncodesAsTheGenericEncoderWritesIt() throws {
        var s = SellerState()
        for e in DemoGenerator(.init(seed: 11, orders: 300)) { try s.apply(e) }
        let entries = s.records.values.flatMap(\.history)
        #expect(entries.count > 1000)
        #expect(entries.contains { $0.fields != nil } && entries.contains { $0.appealId != nil } && entries.contains { $0.from == nil })
        for e in entries { Self.same(e) }
    }

    @Test func timesTheStoreCannotReadBackAreRefusedAsByTheGenericEncoder() throws {
        let ok = Timestamp(seconds: 1_721_222_502), bad = Timestamp(seconds: Int64.max / 2)
        let base = Entry(at: ok, actor: .buyer, kind: .transition, event: .buyerAccept, from: .awaitingAcceptance, to: .completed,
                         fields: FieldValues(note: "n"), appealId: nil)
        var late = base
        late.at = bad
        var lateField = base
        lateField.fields = FieldValues(actualActivationTime: bad)
        for e in [late, lateField] {
            #expect(throws: (any Error).self) { try HistoryEntryJSON.encode(e) }
            Self.same(e)
        }
    }
}
