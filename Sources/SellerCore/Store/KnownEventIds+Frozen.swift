#if canImport(Glibc)
import Glibc
#endif

extension KnownEventIds {
    /// Ids sorted by their bytes, front-coded in blocks of `Frozen.block`:
    /// a block's first id whole (length, bytes), each next one as the length
    /// it shares with the id before, the length of the rest, and the rest
    /// (lengths as LEB128 varints). A lookup binary-searches the blocks' first
    /// ids in place, then decodes at most one block.
    struct Frozen: Sendable, Equatable {
        static let block = 16
        private var coded: [UInt8] = []
        /// Where each block starts in `coded`.
        private var starts: [Int] = []
        private var sums: [UInt32] = []

        var count: Int { sums.count }

        struct Writer {
            var out = Frozen()
            private var previous: [UInt8] = []

            mutating func append(_ id: ArraySlice<UInt8>, _ sum: UInt32) {
                if out.sums.count % Frozen.block == 0 {
                    out.starts.append(out.coded.count)
                    Frozen.varint(id.count, into: &out.coded)
                    out.coded += id
                } else {
                    let shared = zip(previous, id).prefix { $0 == $1 }.count
                    Frozen.varint(shared, into: &out.coded)
                    Frozen.varint(id.count - shared, into: &out.coded)
                    out.coded += id.dropFirst(shared)
                }
                previous = Array(id)
                out.sums.append(sum)
            }

            func done() -> Frozen {
                var f = out
                // Trimmed to their contents: the arrays grew by doubling.
                f.coded = f.coded.withUnsafeBufferPointer { Array($0) }
                f.starts = f.starts.withUnsafeBufferPointer { Array($0) }
                f.sums = f.sums.withUnsafeBufferPointer { Array($0) }
                return f
            }
        }

        static func varint(_ v: Int, into out: inout [UInt8]) {
            var v = UInt(v)
            while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
            out.append(UInt8(v))
        }

        private static func varint(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Int {
            var v = 0, shift = 0
            while true {
                let x = b[i]; i += 1
                v |= Int(x & 0x7F) << shift
                if x < 0x80 { return v }
                shift += 7
            }
        }

        /// The sum of `id`, nil when it is not here.
        func sum(of id: String) -> UInt32? {
            guard !sums.isEmpty else { return nil }
            var id = id
            return id.withUTF8 { q in
                coded.withUnsafeBufferPointer { b in
                    // The last block whose first id is ≤ q.
                    var lo = 0, hi = starts.count - 1
                    while lo < hi {
                        let mid = (lo + hi + 1) / 2
                        var i = starts[mid]
                        let n = Self.varint(b, &i)
                        if Self.compare(UnsafeBufferPointer(rebasing: b[i..<(i + n)]), q) <= 0 { lo = mid } else { hi = mid - 1 }
                    }
                    var found: Int?
                    forEach(inBlock: lo, b) { k, current in
                        let c = Self.compare(current, q)
                        if c == 0 { found = k }
                        return c < 0 // go on while the ids are below q
                    }
                    return found.map { sums[$0] }
                }
            }
        }

        /// Block `blk`'s ids in order (index, bytes) while `body` says go on.
        private func forEach(inBlock blk: Int, _ b: UnsafeBufferPointer<UInt8>, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Bool) {
            var i = starts[blk]
            let n = Self.varint(b, &i)
            var current = Array(b[i..<(i + n)])
            i += n
            var k = blk * Self.block
            let last = min(sums.count, k + Self.block)
            while true {
                guard current.withUnsafeBufferPointer({ body(k, $0) }) else { return }
                k += 1
                guard k < last else { return }
                let shared = Self.varint(b, &i), rest = Self.varint(b, &i)
                current.removeSubrange(shared...)
                current += b[i..<(i + rest)]
                i += rest
            }
        }

        /// Every id and its sum, in order.
        func forEach(_ body: (String, UInt32) -> Void) {
            coded.withUnsafeBufferPointer { b in
                for blk in starts.indices {
                    forEach(inBlock: blk, b) { k, id in body(String(decoding: id, as: UTF8.self), sums[k]); return true }
                }
            }
        }

        private static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
            let n = min(a.count, b.count)
            if n > 0, let x = a.baseAddress, let y = b.baseAddress {
                let c = memcmp(x, y, n)
                if c != 0 { return Int(c) }
            }
            return a.count - b.count
        }
    }
}
