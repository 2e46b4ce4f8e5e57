import Foundation
import Testing
@testable import SellerCore

/// The store's fast JSON codec against Foundation's, the reference: same
/// bytes out, same values in, same refusals — over a whole demo (which carries
/// hostile strings) and over hand-picked edge cases.
@Suite struct CodecEquivalenceTests {
    static func reference() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    static func same<T: Codable & Equatable>(_ value: T, _ what: String) throws {
        let ref = Array(try reference().encode(value))
        let fast = try FastJSON.encode(value)
        #expect(fast == ref, "\(what): fast encoder wrote \(String(decoding: fast, as: UTF8.self)) — Foundation wrote \(String(decoding: ref, as: UTF8.self))")
        let back = try FastJSON.decode(T.self, from: ref)
        #expect(back == value, "\(what): fast decoder read back a different value")
        #expect(try JSONDecoder().decode(T.self, from: Data(fast)) == value, "\(what): Foundation cannot read the fast encoder's bytes")
    }

    @Test func demoEventsAndStateEncodeAndDecodeExactlyAsFoundationDoes() throws {
        let (state, events) = try DemoTests.fold(.init(seed: 11, orders: 250))
        #expect(events.count > 1000)
        for e in events { try Self.same(e, "event \(e.id)") }
        // Writers build journal lines from the event's bytes; they must be the entry's encoding.
        for (i, e) in events.prefix(500).enumerated() {
            let json = try FastJSON.encode(e)
            #expect(Journal.line(seq: i + 1, eventJSON: json) == (try Journal.line(seq: i + 1, event: e)), "line of \(e.id)")
            #expect(CRC32.checksum(json) == Journal.sum(of: e))
        }
        for o in state.orders.values { try Self.same(o, "order \(o.id)") }
        for r in state.records.values { try Self.same(r, "record \(r.orderId)") }
        for a in state.appeals.values { try Self.same(a, "appeal \(a.id)") }
        for t in state.tickets.values { try Self.same(t, "ticket \(t.id)") }
        for m in state.messages.values { try Self.same(m, "message \(m.id)") }
        for p in state.products.values { try Self.same(p, "product \(p.id)") }
        for a in state.accounts.values { try Self.same(a, "account \(a.id)") }
        for i in state.invoices.values { try Self.same(i, "invoice \(i.id)") }
        #expect(state.orders.values.contains { $0.customer.name.unicodeScalars.contains { $0.value < 0x20 } },
                "the demo carries control characters, so escaping is exercised")
    }

    struct Edge: Codable, Equatable {
        var text: String
        var map: [String: Int]
        var list: [Int64]
        var flag: Bool?
        var small: UInt32
        var nested: [[String: [String]]]
    }

    @Test func edgeCasesMatchByteForByte() throws {
        var all = ""
        for v in 0..<0x80 { all.unicodeScalars.append(Unicode.Scalar(UInt8(v))) }
        all += "\u{7F}\u{85}\u{2028}\u{2029}\u{202E}中文😀é/\\\""
        let edge = Edge(text: all, map: ["b": 1, "a": 2, "B": 3, "é": 4, "ß": 5, "a10": 6, "a9": 7, "中": 8, "😀": 9, "": 10],
                        list: [0, -1, 9, 10, -10, Int64.max, Int64.min + 1, 1234567890123], flag: nil, small: UInt32.max,
                        nested: [[:], ["k": []], ["x": ["", "\u{0}"]]])
        try Self.same(edge, "edge")
        try Self.same(Edge(text: "", map: [:], list: [], flag: false, small: 0, nested: []), "empty")
    }

    @Test func escapedInputDecodesLikeFoundation() throws {
        let inputs = [
            #"{"text":"\u4e2d\u6587 \ud83d\ude00 \/ \b\f\n\r\t \"q\" \\","map":{},"list":[],"small":1,"nested":[]}"#,
            #" { "text" : "a" , "map" : { "\u0061" : 1 } , "list" : [ 1 , 2 ] , "small" : 1.0 , "nested" : [ ] } "#,
            #"{"text":"a","map":{},"list":[1e2],"small":2,"nested":[],"extra":{"ignored":[1,{"deep":null}]}}"#,
        ]
        for input in inputs {
            let ref = try JSONDecoder().decode(Edge.self, from: Data(input.utf8))
            let fast = try FastJSON.decode(Edge.self, from: Array(input.utf8))
            #expect(fast == ref, "\(input)")
        }
    }

    @Test func malformedInputIsRefusedByBoth() {
        let bad = [
            "", "{", "}", #"{"text":'a'}"#, #"{"text":"a""#, #"{"a":01}"#, #"{"a":1.}"#,
            #"{"a":-}"#, #"{"a":tru}"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#, "{\"a\":\"tab\there\"}", #"{"a":1} x"#,
            #"{"a" 1}"#, #"{"a":"\ud800"}"#, "nul", "[1 2]",
        ]
        for input in bad {
            let refFails = (try? JSONSerialization.jsonObject(with: Data(input.utf8), options: [.fragmentsAllowed])) == nil
            #expect(refFails, "reference accepts \(input)")
            #expect((try? FastJSON.decode(Edge.self, from: Array(input.utf8))) == nil, "fast decoder accepts \(input)")
        }
        // Foundation tolerates trailing commas; the store's grammar is RFC 8259, which does not.
        for input in [#"{"text":"a",}"#, "[1,]"] {
            #expect((try? FastJSON.decode(Edge.self, from: Array(input.utf8))) == nil, "fast decoder accepts \(input)")
        }
        // Invalid UTF-8 inside a string.
        #expect((try? FastJSON.decode([String].self, from: [0x5B, 0x22, 0xFF, 0x22, 0x5D])) == nil)
    }

    @Test func errorsNameTheSameFieldAsFoundation() throws {
        let cases = [
            #"{"text":1,"map":{},"list":[],"small":1,"nested":[]}"#,
            #"{"text":"a","map":{"k":"v"},"list":[],"small":1,"nested":[]}"#,
            #"{"text":"a","map":{},"list":[1,"x"],"small":1,"nested":[]}"#,
            #"{"text":"a","map":{},"list":[],"nested":[]}"#,
            #"{"text":null,"map":{},"list":[],"small":1,"nested":[]}"#,
            #"{"text":"a","map":{},"list":[],"small":1,"nested":[{"k":[1]}]}"#,
        ]
        func field(_ e: any Error) -> String {
            let s = LineFrame.explain(e)
            return String(s.prefix { $0 != ":" })
        }
        for input in cases {
            var ref = "", fast = ""
            do { _ = try JSONDecoder().decode(Edge.self, from: Data(input.utf8)) } catch { ref = field(error) }
            do { _ = try FastJSON.decode(Edge.self, from: Array(input.utf8)) } catch { fast = field(error) }
            #expect(!ref.isEmpty && ref == fast, "\(input): Foundation says '\(ref)', fast says '\(fast)'")
        }
        // Foundation blames the top level for a negative unsigned number; this names the field.
        do {
            _ = try FastJSON.decode(Edge.self, from: Array(#"{"text":"a","map":{},"list":[],"small":-1,"nested":[]}"#.utf8))
            Issue.record("-1 was accepted as UInt32")
        } catch { #expect(LineFrame.explain(error).hasPrefix("field small:")) }
        // Times are checked where they are read.
        struct Timed: Codable { var at: Timestamp }
        do {
            _ = try FastJSON.decode(Timed.self, from: Array(#"{"at":"2026-02-30T00:00:00+08:00"}"#.utf8))
            Issue.record("an impossible date was accepted")
        } catch { #expect(LineFrame.explain(error).hasPrefix("field at:")) }
    }

    @Test func sliceBySixteenCRCAgreesWithTheBytewiseDefinition() {
        func reference(_ b: [UInt8]) -> UInt32 {
            var c: UInt32 = 0xFFFF_FFFF
            for x in b {
                c ^= UInt32(x)
                for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            }
            return c ^ 0xFFFF_FFFF
        }
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        var rng = SplitMix64(seed: 5)
        for n in 0..<200 {
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            #expect(CRC32.checksum(bytes) == reference(bytes), "length \(n)")
            #expect(CRC32.checksum(bytes.dropFirst()) == reference(Array(bytes.dropFirst())), "slice of length \(n)")
        }
        // Long runs through the 16-byte loop, then its 8-byte and byte-wise tails.
        for n in [4096, 4096 + 8, 4096 + 15, 65_537] {
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            #expect(CRC32.checksum(bytes) == reference(bytes), "length \(n)")
        }
    }
}
