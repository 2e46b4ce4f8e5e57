/// `EntityTable`'s id → slot index: open addressing with linear probing
/// over 4-byte buckets that hold only a slot number; the id itself is read
/// from the table's dense array of ids when a probe needs to compare.
///
/// Why not `[String: Int32]`: its buckets hold the key too, 20 bytes each,
/// and there are up to 2.7 buckets per entity. At 1M orders the 2M
/// messages' index alone was 4M buckets of 20 bytes (84 MB); here 4M
/// buckets of 4 (17 MB).
///
/// Ids are hashed and compared as `String`s (Swift's `==` and
/// `hashValue`), exactly as a dictionary of them would. At most 3/4 of
/// the buckets are used; a removal shifts the entries after it back
/// (no tombstones), so a probe always ends at the first empty bucket.
struct SlotIndex: Sendable {
    private static let empty: Int32 = -1
    private var buckets: [Int32] = []

    /// How many ids fit before the buckets are doubled.
    var capacity: Int { buckets.count / 4 * 3 }

    private func home(_ key: String) -> Int { key.hashValue & (buckets.count - 1) }

    /// The slot of `key`, if the table has it.
    func find(_ key: String, in ids: ContiguousArray<String>) -> Int32? {
        guard !buckets.isEmpty else { return nil }
        let mask = buckets.count - 1
        var b = home(key)
        while true {
            let s = buckets[b]
            if s == Self.empty { return nil }
            if ids[Int(s)] == key { return s }
            b = (b + 1) & mask
        }
    }

    /// The bucket holding slot `s`, whose id is `key`.
    private func bucket(of s: Int32, key: String) -> Int {
        let mask = buckets.count - 1
        var b = home(key)
        while buckets[b] != s {
            precondition(buckets[b] != Self.empty, "SlotIndex: slot \(s) is not indexed")
            b = (b + 1) & mask
        }
        return b
    }

    private mutating func place(_ s: Int32, key: String) {
        let mask = buckets.count - 1
        var b = home(key)
        while buckets[b] != Self.empty { b = (b + 1) & mask }
        buckets[b] = s
    }

    /// Indexes the last id of `ids` (just appended, not indexed yet).
    mutating func appended(_ ids: ContiguousArray<String>) {
        if ids.count > capacity { rebuild(ids, room: ids.count) } else { place(Int32(ids.count - 1), key: ids[ids.count - 1]) }
    }

    /// Room for `n` ids without growing; never shrinks. A shared index is
    /// copied here either way (as a dictionary's `reserveCapacity` does),
    /// so `Store.unshare` leaves no copy for the next write to make.
    mutating func reserve(_ n: Int, _ ids: ContiguousArray<String>) {
        if n > capacity { rebuild(ids, room: n) } else { buckets.reserveCapacity(buckets.count) }
    }

    /// Where the buckets are stored: tests tell a copy from a shared index by it.
    var storageIdentity: Int { buckets.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) } }

    /// Every id of `ids` placed again in buckets with room for `room`.
    private mutating func rebuild(_ ids: ContiguousArray<String>, room: Int) {
        var n = 8
        while n / 4 * 3 < room { n *= 2 }
        buckets = [Int32](repeating: Self.empty, count: n)
        for (s, key) in ids.enumerated() { place(Int32(s), key: key) }
    }

    /// Forgets slot `s` (id `key`), shifting back the entries its bucket was keeping apart from their homes.
    mutating func remove(_ s: Int32, key: String, _ ids: ContiguousArray<String>) {
        let mask = buckets.count - 1
        var hole = bucket(of: s, key: key)
        buckets[hole] = Self.empty
        var j = (hole + 1) & mask
        while buckets[j] != Self.empty {
            let h = home(ids[Int(buckets[j])])
            // The entry at j may move to the hole unless its home lies cyclically in (hole, j].
            let stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j)
            if !stays {
                buckets[hole] = buckets[j]
                buckets[j] = Self.empty
                hole = j
            }
            j = (j + 1) & mask
        }
    }

    /// Slot `from` (id `key`) is now slot `to`.
    mutating func move(_ from: Int32, to: Int32, key: String) {
        buckets[bucket(of: from, key: key)] = to
    }
}
