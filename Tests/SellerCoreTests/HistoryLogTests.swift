import Foundation
import Testing
@testable import SellerCore

/// A record's history held packed (HistoryLog) against the plain entry
/// arrays it replaced: the same entries back, the same canonical bytes (so
/// snapshots stay byte-identical), appends equal to building the whole.
@Suite struct HistoryLogTests {
    typealias Entry = ServiceRecord.HistoryEntry

    /// Texts that stress the packing: every control character, quotes and
    /// backslashes, CJK, emoji, bidi overrides, strings that spell a packed
    /// word or look like a time but are not the canonical form, a long text.
    static let hostile: [String] = {
        var controls = ""
        for v in 0..<0x20 { controls.unicodeScalars.append(Unicode.Scalar(UInt8(v))) }
        return [controls, "\"actor\"", "actor", "transition", "\\", "\\\"", "驳回：交付内容与需求不符，缺少双语页面。",
                "😀👩‍💻🇨🇳", "\u{202E}evil\u{202C} \u{2066}x\u{2069}", "\u{7F}\u{85}\u{2028}\u{2029}",
                "2024-07-17T21:21:42+08:00", "2024-07-17T21:21:42+09:00", "2024-02-30T00:00:00+08:00",
                "0000-01-01T00:00:00+08:00", "9999-12-31T23:59:59+08:00", "", " ", "a\u{0}b",
                String(repeating: "长文本😀\n", count: 20_000), "e\u{301}", "é"]
    }()

    static func entries() -> [Entry] {
        let t = Timestamp(seconds: 1_721_222_502)
        var out: [Entry] = [Entry(at: t, actor: .platform, kind: .opened, event: nil, from: nil, to: .awaitingRequirements,
                                  fields: nil, appealId: nil)]
        for (i, s) in hostile.enumerated() {
            let fields = FieldValues(reason: s, requirementText: s, requirementAttachments: [AttachmentRef(name: s, size: Int64(i), sha256: s)],
                                     resultDescription: s, actualActivationTime: Timestamp(seconds: -62_000_000_000 + Int64(i)),
                                     documents: [], carrier: s, trackingNumber: s, logisticsPhone: s, address: s,
                                     identifier: s, licenseCode: s, note: s, cause: AutoAcceptCause.allCases[i % AutoAcceptCause.allCases.count],
                                     signedAt: Timestamp(seconds: 253_402_271_999 - Int64(i)))
            let event = FlowEvent.allCases[i % FlowEvent.allCases.count]
            out.append(Entry(at: Timestamp(seconds: t.seconds + Int64(i)), actor: i % 2 == 0 ? .account(s.isEmpty ? "x" : s) : .buyer,
                             kind: .transition, event: event, from: SupervisionState.allCases[i % SupervisionState.allCases.count],
                             to: SupervisionState.allCases[(i + 1) % SupervisionState.allCases.count],
                             fields: i % 3 == 0 ? nil : fields, appealId: i % 4 == 0 ? s : nil))
        }
        return out
    }

    @Test func hostileEntriesComeBackEqualWithTheirCanonicalBytes() throws {
        let all = Self.entries()
        let canonical = try FastJSON.encode(all)
        let log = try HistoryLog(all)
        #expect(try log.canonicalBytes() == canonical, "unpacked bytes differ from the encoder's")
        #expect(log.entries == all)
        // The reference decoder reads the same entries from the unpacked bytes.
        #expect(try JSONDecoder().decode([Entry].self, from: Data(try log.canonicalBytes())) == all)
        #expect(HistoryPacking.unpack(HistoryPacking.pack(canonical)) == canonical)
        // Texts that only look like packed words or times stay as they were.
        for s in Self.hostile {
            let one = try FastJSON.encode([s])
            #expect(HistoryPacking.unpack(HistoryPacking.pack(one)) == one, "\(s.debugDescription.prefix(60))")
        }
    }

    @Test func appendingEqualsBuildingTheWhole() throws {
        let all = Self.entries()
        var log = HistoryLog()
        #expect(log.isEmpty && log.entries.isEmpty)
        #expect(try log.canonicalBytes() == Array("[]".utf8))
        for (n, e) in all.enumerated() {
            try log.append(e)
            let whole = try HistoryLog(Array(all[...n]))
            #expect(log == whole, "after \(n + 1) entries")
            #expect(try log.canonicalBytes() == (try FastJSON.encode(Array(all[...n]))))
        }
    }

    @Test func anUnstorableTimeIsRefusedAndChangesNothing() throws {
        var log = try HistoryLog(Array(Self.entries().prefix(2)))
        let before = log
        let bad = Entry(at: Timestamp(seconds: Int64.max / 2), actor: .buyer, kind: .transition, event: .deliver,
                        from: nil, to: .completed, fields: nil, appealId: nil)
        #expect(throws: (any Error).self) { try log.append(bad) }
        #expect(log == before)
    }

    /// Compact where it matters: a demo's histories packed take well under
    /// half their JSON.
    @Test func demoHistoriesPackSmall() throws {
        let (state, _) = try DemoTests.fold(.init(seed: 5, orders: 300))
        let json = state.records.values.reduce(0) { $0 + (try! $1.historyLog.canonicalBytes()).count }
        let packed = state.records.values.reduce(0) { $0 + $1.historyLog.packedSize.count }
        #expect(json > 0 && packed * 2 < json, "packed \(packed) B of \(json) B")
    }

    /// The record's JSON as the old code wrote it: `history` an array of entries.
    struct PlainRecord: Codable { var history: [Entry] }

    /// Folded from events (journal replay: each step appends to the packed
    /// history), written as a snapshot, read back: equal entities, the same
    /// entries as a plain decode of the record's JSON, and the same bytes on
    /// a second write (a compaction round trip).
    @Test func foldSnapshotAndReloadAgreeWithHostileHistories() throws {
        var (state, _) = try DemoTests.fold(.init(seed: 11, orders: 250))
        // Hostile entries on a few records, appended as replay appends them.
        for id in state.records.keys.sorted().prefix(5) {
            for e in Self.entries() { try state.records[id]!.appendHistory(e) }
        }
        for r in state.records.values {
            let json = try FastJSON.encode(r)
            let plain = try JSONDecoder().decode(PlainRecord.self, from: Data(json))
            #expect(plain.history == r.history, "record \(r.orderId): replayed history differs from its plain decode")
            #expect(try FastJSON.decode(ServiceRecord.self, from: json) == r)
            #expect(try JSONDecoder().decode(ServiceRecord.self, from: Data(json)) == r)
        }
        let at = Timestamp(seconds: 1_764_000_000)
        let bytes = try Snapshot.encode(state: state, seq: 7, known: [:], at: at)
        let loaded = try Snapshot.load(bytes, file: "snapshot.jsonl")
        #expect(loaded.state.records == state.records)
        for (id, r) in state.records { #expect(loaded.state.records[id]!.history == r.history) }
        #expect(loaded.state == state)
        #expect(try Snapshot.encode(state: loaded.state, seq: 7, known: [:], at: at) == bytes, "a rewrite changed the snapshot's bytes")
        // A step applied after the load appends to the loaded packed history
        // exactly as to the folded one.
        var a = state, b = loaded.state
        let open = state.records.values.filter(\.isOpen).map(\.orderId).sorted()
        var stepped = 0
        let actors: [ActorKind: Actor] = [.platform: .platform, .buyer: .buyer, .reviewer: .reviewer]
        for id in open.prefix(60) {
            let r = a.records[id]!
            for row in r.definition.transitions where row.from == r.state && !row.fields.contains(where: \.required) {
                guard let actor = actors[row.actor] else { continue }
                let e = EventEnvelope(id: "t-\(id)", at: Timestamp(seconds: 1_764_000_100), actor: actor,
                                      event: .supervision(SupervisionStep(orderId: id, event: row.event)))
                guard (try? a.apply(e)) != nil else { continue }
                try b.apply(e)
                stepped += 1
                break
            }
        }
        #expect(stepped > 10, "too few steps to compare (\(stepped))")
        #expect(a == b)
        #expect(try Snapshot.encode(state: a, seq: 8, known: [:], at: at) == (try Snapshot.encode(state: b, seq: 8, known: [:], at: at)))
    }
}

/// The reader keeps a history's bytes only when they are the encoder's;
/// any other spelling of the same entries is encoded again, so the state
/// and the next snapshot are the same whichever way the file spelt them.
@Suite struct HistoryCanonicalTests {
    typealias Entry = ServiceRecord.HistoryEntry

    static func isCanonical(_ bytes: [UInt8]) throws -> Bool {
        try FastJSON.withRoot(bytes) { CanonicalCheck(doc: $0.doc).isCanonicalArray(at: 0, of: CanonicalCheck.historyEntry) }
    }

    @Test func theEncodersBytesAreRecognised() throws {
        let (state, _) = try DemoTests.fold(.init(seed: 11, orders: 250))
        for r in state.records.values { #expect(try Self.isCanonical(try r.historyLog.canonicalBytes()), "record \(r.orderId)") }
        // A text that reads as a time in another spelling (+09:00) is not
        // taken: the check is sufficient, not necessary, and that entry is encoded again.
        let hostile = HistoryLogTests.entries()
        #expect(try !Self.isCanonical(FastJSON.encode([hostile[12]])))
        #expect(try Self.isCanonical(FastJSON.encode(hostile.filter { $0 != hostile[12] })))
        #expect(try Self.isCanonical(Array("[]".utf8)))
    }

    @Test func otherSpellingsAreEncodedAgain() throws {
        let e = #"{"actor":"account:a","at":"2024-07-20T02:13:32+08:00","event":"deliver","fields":{"documents":[{"name":"a/b","size":12}],"note":"x\u001fy\n"},"from":"awaiting_delivery","kind":"transition","to":"under_review"}"#
        let canonical = "[" + e + "]"
        #expect(try Self.isCanonical(Array(canonical.utf8)))
        let entries = try FastJSON.decode([Entry].self, from: Array(canonical.utf8))
        // Each variant: replacements made in the one entry.
        let edits: [[(String, String)]] = [
            [(":", " : ")], [(",", ", ")], [("{", "{ ")],
            [("a/b", #"a\/b"#)], [(#"\u001f"#, #"\u001F"#)], [(#"\n"#, #"\u000a"#)], [("deliver", #"d\u0065liver"#)],
            [(#""size":12"#, #""size":12.0"#)], [(#""size":12"#, #""size":1.2e1"#)],
            [(#""kind":"transition","#, ""), (#""to":"under_review"}"#, #""to":"under_review","kind":"transition"}"#)],
            [(#""actor":"account:a","#, #""actor":"account:a","appealId":null,"#)],
            [(#""actor":"account:a","#, #""actor":"account:a","zzz":1,"#)],
            [(#""actor":"account:a","#, #""actor":"buyer","actor":"account:a","#)],
            [(#""note":"#, #""reason":null,"note":"#)],
            [(#""name":"a/b","#, #""name":"a/b","extra":[1,2],"#)],
        ]
        var variants = ["[ " + e + "]", "[" + e + " ]"]
        for edit in edits {
            var v = e
            for (from, to) in edit { v = v.replacingOccurrences(of: from, with: to) }
            variants.append("[" + v + "]")
        }
        for v in variants {
            let bytes = Array(v.utf8)
            guard let decoded = try? FastJSON.decode([Entry].self, from: bytes) else { continue } // refused: nothing kept
            #expect(try !Self.isCanonical(bytes), "taken as canonical: \(v)")
            let log = try FastJSON.decode(HistoryLog.self, from: bytes)
            #expect(try log.canonicalBytes() == (try FastJSON.encode(decoded)), "\(v)")
            #expect(log == (try HistoryLog(decoded)), "\(v)")
        }
    }
}
