import Foundation
import Testing
@testable import SellerCore

/// `HistoryCheck` may only ever say "decodes" where the generic decoder
/// does decode: a "yes" skips the decoder. Demo and hostile histories must
/// get a yes (or the fast path is never taken); histories changed one token
/// at a time must never get a yes the decoder then refuses.
@Suite struct HistoryCheckTests {
    typealias Entry = ServiceRecord.HistoryEntry

    /// The check's answer, after the canonical check a snapshot read makes first (nil: not canonical).
    static func answer(_ bytes: [UInt8]) -> Bool? {
        bytes.withUnsafeBufferPointer { p -> Bool? in
            guard let tokens = try? JSONTokenizer.tokenize(p) else { return nil }
            let doc = JSONDocument(bytes: p, tokens: tokens)
            guard CanonicalCheck(doc: doc).isCanonicalArray(at: 0, of: CanonicalCheck.historyEntry) else { return nil }
            return HistoryCheck.surelyDecodes(doc, at: 0)
        }
    }

    static func decodes(_ bytes: [UInt8]) -> Bool { (try? FastJSON.decode([Entry].self, from: bytes)) != nil }

    static func demoHistories() throws -> [[UInt8]] {
        let (state, _) = try DemoTests.fold(.init(seed: 7, orders: 400))
        return try state.records.values.map { try $0.historyLog.canonicalBytes() }
    }

    @Test func demoAndHostileHistoriesTakeTheFastPath() throws {
        let histories = try Self.demoHistories()
        #expect(histories.count > 100)
        for h in histories {
            #expect(Self.answer(h) == true, "\(String(decoding: h.prefix(200), as: UTF8.self))")
            #expect(Self.decodes(h))
        }
        // Hostile texts entry by entry: those the canonical check passes
        // (not the ones that look like a time in another spelling) get a yes.
        var canonical = 0
        for e in HistoryLogTests.entries() {
            let one = try FastJSON.encode([e])
            guard let a = Self.answer(one) else { continue }
            canonical += 1
            #expect(a, "\(String(decoding: one.prefix(200), as: UTF8.self))")
        }
        #expect(canonical > 15)
    }

    /// Values the generic decoder refuses (or that only look like what it accepts).
    static let replacements: [String] = [
        #""""#, #""x""#, #""account:""#, #""account""#, #""Buyer""#, #""buyer ""#, #""account:\u00e9""#,
        #""account:\u0301""#, #""account:é""#, #""account:\u0301x""#,
        #""2024-07-17T21:21:42+08:00""#, #""2024-07-17T21:21:42+09:00""#, #""2024-02-30T00:00:00+08:00""#,
        #""2024-07-17 21:21:42""#, #""\u0032024-07-17T21:21:42+08:00""#, #""transition""#, #""opened""#,
        #""awaiting_delivery""#, #""awaiting_deliver""#, #""logistics_signed_10d""#, #""deliver""#,
        "1", "0", "123456789012345678", "1234567890123456789", "99999999999999999999", "true", "[]", "{}",
        #"[{"name":"a","size":1}]"#, #"[{"name":"a"}]"#, #"[{"size":1}]"#, #"[{"name":1,"size":1}]"#,
        #"{"cause":"x"}"#, #"{"note":"n"}"#, #"{"signedAt":"x"}"#, #"{"zzz":"x"}"#,
    ]

    /// Strings that are not UTF-8, which no Swift string literal can spell:
    /// a stray byte, a cut sequence, a surrogate, an overlong slash — bare,
    /// after an escape, in an actor and in a file's name.
    static let badBytes: [[UInt8]] = {
        let bad: [[UInt8]] = [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x61, 0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80]]
        let q = UInt8(ascii: "\"")
        var out: [[UInt8]] = []
        for b in bad {
            out.append([q] + b + [q])
            out.append([q] + Array(#"\n"#.utf8) + b + [q])
            out.append([q] + Array("account:".utf8) + b + [q])
            out.append(Array(#"[{"name":""#.utf8) + b + Array(#"","size":1}]"#.utf8))
            out.append(Array(#"{"note":""#.utf8) + b + Array(#""}"#.utf8))
        }
        return out
    }()

    /// Every value in the history (each string, number, array and object
    /// after a member name) replaced by each of `replacements` in turn, and
    /// every member dropped in turn.
    static func variants(of h: [UInt8]) -> [[UInt8]] {
        guard let tokens = h.withUnsafeBufferPointer({ try? JSONTokenizer.tokenize($0) }) else { return [] }
        var out: [[UInt8]] = []
        for (k, name) in tokens.enumerated() where name.kind == .string && k + 1 < tokens.count {
            // A member name: followed by ':' in the bytes.
            guard name.end + 1 < h.count, h[name.end + 1] == UInt8(ascii: ":") else { continue }
            let v = tokens[k + 1]
            let start = v.kind == .string ? v.start - 1 : v.start, end = v.kind == .string ? v.end + 1 : v.end
            for r in replacements.map({ Array($0.utf8) }) + badBytes { out.append(Array(h[..<start]) + r + Array(h[end...])) }
            // The member dropped, with the comma that joins it.
            let nameStart = name.start - 1
            if h[nameStart - 1] == UInt8(ascii: ",") {
                out.append(Array(h[..<(nameStart - 1)]) + Array(h[end...]))
            } else if h[end] == UInt8(ascii: ",") {
                out.append(Array(h[..<nameStart]) + Array(h[(end + 1)...]))
            }
        }
        return out
    }

    @Test func aYesIsNeverOneTheDecoderRefuses() throws {
        var samples = Array(try Self.demoHistories().prefix(40))
        samples.append(try FastJSON.encode(Array(HistoryLogTests.entries().prefix(6))))
        var yes = 0, no = 0, refused = 0
        for h in samples {
            for v in Self.variants(of: h) {
                guard let a = Self.answer(v) else { continue }
                let ok = Self.decodes(v)
                if !ok { refused += 1 }
                if a { yes += 1 } else { no += 1 }
                #expect(!a || ok, "said yes, the decoder refuses: \(String(decoding: v.prefix(300), as: UTF8.self))")
            }
        }
        // Both answers were exercised, and the variants did include refusals.
        #expect(yes > 1000 && no > 1000 && refused > 1000, "yes \(yes), no \(no), refused \(refused)")
    }

    @Test func aRefusedHistoryIsStillReportedWithItsPath() throws {
        // The canonical bytes of one entry, its node a word no flow has.
        let good = try FastJSON.encode([Entry(at: Timestamp(seconds: 1_721_222_502), actor: .buyer, kind: .opened, event: nil,
                                              from: nil, to: .awaitingRequirements, fields: nil, appealId: nil)])
        let bad = Array(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "awaiting_requirements", with: "nowhere").utf8)
        #expect(Self.answer(bad) == false)
        #expect(throws: DecodingError.self) { try FastJSON.decode(HistoryLog.self, from: bad) }
        do { _ = try FastJSON.decode(HistoryLog.self, from: bad) } catch let DecodingError.dataCorrupted(c) {
            #expect(c.codingPath.map(\.stringValue).suffix(1) == ["to"], "\(c.codingPath)")
        }
        #expect(try FastJSON.decode(HistoryLog.self, from: good).canonicalBytes() == good)
    }
}
