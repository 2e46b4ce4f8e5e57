/// The event ids a store has seen, each with the checksum of its event's
/// JSON (so a re-sent platform event is recognised, and a different event
/// under a used id refused, after compaction too).
///
/// Why not a dictionary: at 1M orders a store knows 5.9M ids, and
/// `[String: UInt32]` held them in 8.4M slots of 20 bytes — 169 MB of an idle
/// console for a lookup made once per appended event. The ids read from a
/// snapshot are kept sorted by their bytes and front-coded in blocks of 16
/// (each id after a block's first stored as the length it shares with the
/// one before plus the rest): ~57 MB at 1M orders. Ids added since (the
/// journal, appends) sit in a small dictionary beside them.
///
/// Ids are compared by their UTF-8 bytes, everywhere the store asks (the
/// dictionary beside too): two spellings of one text by different Unicode
/// sequences are two ids, as they are to the platform that sent them.
struct KnownEventIds: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// A string hashed and compared by its UTF-8 bytes alone.
    struct Exact: Hashable, Sendable {
        let s: String
        static func == (a: Exact, b: Exact) -> Bool { UTF8Order.equal(a.s, b.s) }
        func hash(into h: inout Hasher) {
            var s = s
            s.withUTF8 { h.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    private var frozen = Frozen()
    private var recent: [Exact: UInt32] = [:]

    init() {}

    init(dictionaryLiteral elements: (String, UInt32)...) {
        for (k, v) in elements { self[k] = v }
    }

    init(_ d: [String: UInt32]) {
        for (k, v) in d { self[k] = v }
    }

    /// Read from a snapshot's known lines (`Builder`).
    fileprivate init(frozen: Frozen) { self.frozen = frozen }

    subscript(id: String) -> UInt32? {
        get { recent[Exact(s: id)] ?? frozen.sum(of: id) }
        set {
            if let newValue { recent[Exact(s: id)] = newValue } else {
                precondition(frozen.sum(of: id) == nil, "a known event id is never forgotten")
                recent[Exact(s: id)] = nil
            }
        }
    }

    mutating func merge(_ other: KnownEventIds) {
        for (id, sum) in other.sortedPairs() { self[id] = sum }
    }

    var count: Int { frozen.count + recent.keys.count { frozen.sum(of: $0.s) == nil } }
    var isEmpty: Bool { frozen.count == 0 && recent.isEmpty }
    var keys: [String] { sortedPairs().map(\.id) }

    /// Every id with its sum, in the order of their bytes (the snapshot's order).
    func sortedPairs() -> [(id: String, sum: UInt32)] {
        let added = recent.map { (id: $0.key.s, sum: $0.value) }.sorted { Self.less($0.id, $1.id) }
        var out: [(id: String, sum: UInt32)] = []
        out.reserveCapacity(frozen.count + added.count)
        var j = 0
        frozen.forEach { id, sum in
            while j < added.count, Self.less(added[j].id, id) { out.append(added[j]); j += 1 }
            if j < added.count, UTF8Order.equal(added[j].id, id) { out.append(added[j]); j += 1 } else { out.append((id, sum)) }
        }
        out += added[j...]
        return out
    }

    /// Every id into the front-coded part (after a compaction wrote them all to a snapshot).
    mutating func freeze() {
        guard !recent.isEmpty else { return }
        self = Self(sorted: sortedPairs())
    }

    /// The front-coded ids from `sortedPairs()` as it was taken: a compaction
    /// sorts its 1M ids once, for the snapshot and for this (each sort took
    /// over a second at 1M, and the freeze was a second one).
    init(sorted pairs: [(id: String, sum: UInt32)]) {
        var b = Builder()
        for (id, sum) in pairs { b.append(id, sum) }
        self = b.finish()
    }

    static func less(_ a: String, _ b: String) -> Bool { UTF8Order.less(a, b) }

    static func == (a: KnownEventIds, b: KnownEventIds) -> Bool {
        let x = a.sortedPairs(), y = b.sortedPairs()
        return x.count == y.count && zip(x, y).allSatisfy { $0.sum == $1.sum && UTF8Order.equal($0.id, $1.id) }
    }

    /// Collects a snapshot's ids as its known lines are read, then freezes them.
    struct Builder {
        private var bytes: [UInt8] = []
        private var ends: [Int] = []
        private var sums: [UInt32] = []
        private var sorted = true

        mutating func append(_ id: String, _ sum: UInt32) {
            let start = bytes.count
            bytes.append(contentsOf: id.utf8)
            if !ends.isEmpty, sorted {
                let before = ends.count > 1 ? ends[ends.count - 2] : 0
                // Strictly rising: a repeat (a hand-edited file) takes the slow path too.
                sorted = bytes.withUnsafeBytes { UTF8Order.compare(UnsafeRawBufferPointer(rebasing: $0[before..<start]), UnsafeRawBufferPointer(rebasing: $0[start...])) < 0 }
            }
            ends.append(bytes.count)
            sums.append(sum)
        }

        /// The ids, frozen; a repeated id keeps its last sum (as a dictionary
        /// filled in file order did).
        func finish() -> KnownEventIds {
            guard !ends.isEmpty else { return KnownEventIds() }
            var order = Array(ends.indices)
            let range = { (i: Int) in (i == 0 ? 0 : ends[i - 1])..<ends[i] }
            if !sorted {
                // Stable: of equal ids the later is the later in the order, and kept below.
                bytes.withUnsafeBytes { all in
                    order.sort { a, b in
                        let c = UTF8Order.compare(UnsafeRawBufferPointer(rebasing: all[range(a)]), UnsafeRawBufferPointer(rebasing: all[range(b)]))
                        return c < 0 || (c == 0 && a < b)
                    }
                }
            }
            var frozen = Frozen.Writer()
            for (k, i) in order.enumerated() {
                if k + 1 < order.count, bytes[range(order[k + 1])].elementsEqual(bytes[range(i)]) { continue }
                frozen.append(bytes[range(i)], sums[i])
            }
            return KnownEventIds(frozen: frozen.done())
        }
    }
}
