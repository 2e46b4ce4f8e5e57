import Foundation
import Testing
@testable import SellerCore

/// The byte order and identity the store's tables, the encoder's keys and the
/// known ids use (UTF8Order, memcmp) agree with the straightforward walk over
/// the UTF-8 views; and the parallel map that writes results in place gives
/// what a serial map gives, and its sort what a serial sort gives.
@Suite struct UTF8OrderTests {
    /// Prefixes of one another, the empty text, NUL, bytes over 0x7F (CJK,
    /// emoji, a lone combining mark), "é" in its two spellings, the Kelvin sign.
    static let texts: [String] = [
        "", "a", "ab", "abc", "a\u{0}", "a\u{0}b", "b", "A", "Z", "~", "\u{7F}",
        "é", "e\u{301}", "e", "\u{301}", "K", "\u{212A}", "订单", "订单-1", "订", "😀", "😀😀", "👩‍👩‍👧",
        "demo1-1000001", "demo1-1000002", "demo1-100000", "demo1-10000010", String(repeating: "长", count: 40),
        "\u{1B}[2J", "\u{202E}abc",
    ]

    @Test func compareAndEqualAgreeWithTheWalkOverTheBytes() {
        for a in Self.texts {
            for b in Self.texts {
                let walk = a.utf8.lexicographicallyPrecedes(b.utf8)
                #expect(UTF8Order.less(a, b) == walk, "\(Array(a.utf8)) < \(Array(b.utf8))")
                #expect(UTF8Order.equal(a, b) == a.utf8.elementsEqual(b.utf8), "\(Array(a.utf8)) == \(Array(b.utf8))")
                let c = UTF8Order.compare(a, b)
                #expect((c < 0) == walk && (c == 0) == a.utf8.elementsEqual(b.utf8))
            }
        }
        // Equal to Swift's ==, but not by bytes: two ids, two keys.
        #expect("é" == "e\u{301}" && !UTF8Order.equal("é", "e\u{301}"))
    }

    @Test func aBridgedStringWithoutContiguousBytesIsComparedToo() {
        // NSString-backed text has no contiguous UTF-8: the slow walk answers.
        let bridged = NSString(string: "订单-1") as String
        #expect(UTF8Order.equal(bridged, "订单-1") && UTF8Order.less("订单", bridged) && !UTF8Order.less(bridged, "订单"))
    }

    /// Members written under keys given at run time (a `[String: V]` cannot
    /// hold both spellings of "é": Swift's `==` makes them one key).
    struct Members: Encodable {
        var pairs: [(String, Int)]
        struct Key: CodingKey {
            var stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            for (k, v) in pairs { try c.encode(v, forKey: Key(stringValue: k)) }
        }
    }

    @Test func objectKeysThatDifferInTheirBytesAreTwoMembersInByteOrder() throws {
        let json = String(decoding: try FastJSON.encode(Members(pairs: [("é", 1), ("e\u{301}", 2), ("b", 3), ("a", 4), ("b", 5)])), as: UTF8.self)
        // Sorted by bytes ("e" 0x65 before "é" 0xC3); a key written twice keeps its last value.
        #expect(json == "{\"a\":4,\"b\":5,\"e\u{301}\":2,\"é\":1}")
        #expect(String(decoding: try FastJSON.encode(["b": 1, "a": 2]), as: UTF8.self) == "{\"a\":2,\"b\":1}")
    }

    @Test func theKnownIdsSortedOnceFreezeAsTheyDidBeforeAndListInByteOrder() {
        var known = KnownEventIds()
        for (i, t) in (Self.texts + Self.texts.map { $0 + "-x" }).enumerated() { known[t] = UInt32(i) }
        let pairs = known.sortedPairs()
        #expect(pairs.map(\.id.utf8).map(Array.init) == pairs.map(\.id.utf8).map(Array.init).sorted { $0.lexicographicallyPrecedes($1) })
        var frozen = known
        frozen.freeze()
        #expect(KnownEventIds(sorted: pairs) == frozen && frozen == known)
        for (id, sum) in pairs { #expect(KnownEventIds(sorted: pairs)[id] == sum) }
        #expect(KnownEventIds(sorted: pairs)["e\u{301}-y"] == nil)
    }

    @Test(arguments: [1, 7, 1000]) func theParallelMapGivesWhatASerialMapGives(minimumChunk: Int) {
        // Results that own memory (strings, arrays), so a place written twice
        // or never, or a result released twice, would show or crash.
        let items = Array(0..<20_011)
        let f: @Sendable (Int) -> (String, [Int]) = { i in (Self.texts[i % Self.texts.count] + String(i), Array(repeating: i, count: i % 5)) }
        let parallel = Parallel.map(items, minimumChunk: minimumChunk, f)
        let serial = items.map(f)
        #expect(parallel.count == serial.count)
        #expect(zip(parallel, serial).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 })
        #expect(Parallel.map([Int](), minimumChunk: minimumChunk, f).isEmpty)
        // The elements themselves sorted a run per core and merged: the one order there is.
        var rng = SystemRandomNumberGenerator()
        let keys = items.map { _ in (Int.random(in: 0..<500, using: &rng), Int.random(in: 0..<1_000_000, using: &rng)) }
            .enumerated().map { Pair(a: $0.element.0, b: $0.element.1, index: $0.offset) }
        #expect(Parallel.sorted(keys, minimumChunk: minimumChunk) == keys.sorted())
        #expect(Parallel.sorted([Pair](), minimumChunk: minimumChunk).isEmpty)
    }

    struct Pair: Comparable, Sendable {
        var a: Int, b: Int, index: Int
        static func < (x: Pair, y: Pair) -> Bool { (x.a, x.b, x.index) < (y.a, y.b, y.index) }
    }
}
