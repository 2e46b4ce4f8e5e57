import Foundation
import Testing
@testable import SellerCore

/// The store's known event ids (front-coded once read from a snapshot, a
/// dictionary for those added since) answer as a dictionary keyed by the
/// ids' bytes does: every id present, every near miss absent.
@Suite struct KnownEventIdsTests {
    typealias Exact = KnownEventIds.Exact

    /// Ids with long shared prefixes (the demo's `demo1-1000001`), prefixes of
    /// one another, CJK, emoji, combining marks in two spellings, the empty id.
    static func ids(_ n: Int, seed: UInt64) -> [String] {
        var rng = SplitMix(seed)
        let stems = ["demo1-", "evt-2026-12-03-", "订单事件-", "😀", "", "e\u{301}", "\u{E9}", "K", "\u{212A}", "a\u{0}b"]
        return (0..<n).map { i in
            let stem = stems[Int(rng.next() % UInt64(stems.count))]
            return i % 97 == 0 ? stem : stem + String(rng.next() % 5_000_000)
        }
    }

    struct SplitMix {
        var s: UInt64
        init(_ seed: UInt64) { s = seed }
        mutating func next() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func reference(_ pairs: [(String, UInt32)]) -> [Exact: UInt32] {
        var d: [Exact: UInt32] = [:]
        for (id, s) in pairs { d[Exact(s: id)] = s } // the last of a repeated id wins, as in file order
        return d
    }

    static func check(_ k: KnownEventIds, against d: [Exact: UInt32], probes: [String]) {
        #expect(k.count == d.count)
        for (id, s) in d where k[id.s] != s { Issue.record("\(id.s.debugDescription): \(String(describing: k[id.s])) for \(s)") }
        for p in probes where k[p] != d[Exact(s: p)] { Issue.record("probe \(p.debugDescription): \(String(describing: k[p]))") }
        let pairs = k.sortedPairs()
        #expect(pairs.count == d.count)
        #expect(zip(pairs, pairs.dropFirst()).allSatisfy { KnownEventIds.less($0.id, $1.id) }, "in the order of their bytes, no repeats")
    }

    /// Near misses: each id cut short, made longer, and changed in its last byte's neighbourhood.
    static func probes(_ ids: [String]) -> [String] {
        ids.prefix(3000).flatMap { id in [String(id.dropLast()), id + "0", id + "\u{301}", "0" + id, id.uppercased()] } + ["", "zzzz", "\u{10FFFF}"]
    }

    @Test(arguments: [true, false]) func frozenIdsAnswerAsADictionaryOfTheirBytes(sortedInput: Bool) {
        var pairs = Self.ids(20_000, seed: 7).enumerated().map { ($0.element, UInt32($0.offset)) }
        if sortedInput {
            // As a snapshot holds them: one line per id, in the order of their bytes.
            pairs = Self.reference(pairs).map { ($0.key.s, $0.value) }.sorted { KnownEventIds.less($0.0, $1.0) }
        }
        var b = KnownEventIds.Builder()
        for (id, s) in pairs { b.append(id, s) }
        let k = b.finish()
        let d = Self.reference(pairs)
        #expect(d.count > 10_000 && d.count < pairs.count || sortedInput, "the unsorted input repeats ids")
        Self.check(k, against: d, probes: Self.probes(pairs.map(\.0)))
        // Two spellings of é, and the Kelvin sign beside K, are different ids.
        #expect(k["\u{E9}"] != nil && k["e\u{301}"] != nil && k["\u{E9}"] != k["e\u{301}"])
        #expect(k["K"] != k["\u{212A}"])
    }

    @Test func idsAddedSinceSitBesideAndFreezeIntoTheSameAnswers() {
        let first = Self.ids(5000, seed: 1).enumerated().map { ($0.element, UInt32($0.offset)) }
        var b = KnownEventIds.Builder()
        for (id, s) in Self.reference(first).map({ ($0.key.s, $0.value) }).sorted(by: { KnownEventIds.less($0.0, $1.0) }) { b.append(id, s) }
        var k = b.finish()
        var d = Self.reference(first)
        // Added after: new ids, and ids already known given a new sum (the later wins, as in a dictionary).
        let later = Self.ids(3000, seed: 2).map { ($0, UInt32.max - UInt32($0.utf8.count)) } + first.prefix(50).map { ($0.0, 99) }
        var more = KnownEventIds()
        for (id, s) in later { more[id] = s; d[Exact(s: id)] = s }
        k.merge(more)
        let probes = Self.probes(first.map(\.0) + later.map(\.0))
        Self.check(k, against: d, probes: probes)
        let copy = k
        k.freeze()
        Self.check(k, against: d, probes: probes)
        #expect(k == copy && k != KnownEventIds())
        #expect(KnownEventIds(["a": 1, "b": 2]) == ["b": 2, "a": 1] && KnownEventIds(["a": 1]) != ["a": 2])
    }

    @Test func aSnapshotKeepsItsKnownIdsThroughAWriteAndARead() throws {
        let pairs = Self.ids(2500, seed: 3).enumerated().map { ($0.element, UInt32($0.offset)) }
        var known = KnownEventIds()
        for (id, s) in pairs { known[id] = s }
        let tmp = TempDir()
        let path = tmp.path + "/snapshot.jsonl"
        try Data(Snapshot.encode(state: SellerState(), seq: 1, known: known, at: Timestamp(seconds: 1_800_000_000))).write(to: URL(fileURLWithPath: path))
        let loaded = try Snapshot.load(path: path, blockSize: 4096)
        #expect(loaded.known == known)
        Self.check(loaded.known, against: Self.reference(pairs), probes: Self.probes(pairs.map(\.0)))
    }
}
