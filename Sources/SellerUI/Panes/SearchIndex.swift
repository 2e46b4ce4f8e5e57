import Foundation
import SellerCore

/// Filter-as-you-type over a whole table: every row's lower-cased text in one
/// UTF-8 blob, one row per line, searched with `memmem`. SPIKE §0 measured
/// this at ~2 ms per keystroke for 100k rows where `String.contains` takes
/// ~110 ms. `SearchIndexTests` checks it agrees with `String.contains`.
public struct SearchIndex: Sendable, Equatable {
    private var blob: [UInt8] = []
    /// Byte offset where each row starts; one extra entry at the end.
    private var starts: [Int] = [0]
    /// How often each byte occurs: the search anchors on the needle's rarest byte.
    private var frequency = [Int](repeating: 0, count: 256)

    public init(haystacks: some Sequence<String>) {
        for h in haystacks {
            // Rows are separated by newlines; a newline inside a row (none
            // survive sanitising) must not let a match span two rows.
            for b in h.utf8 {
                let c = b == 0x0A ? 0x20 : b
                blob.append(c)
                frequency[Int(c)] += 1
            }
            blob.append(0x0A)
            starts.append(blob.count)
        }
    }

    /// The same index as `init(haystacks: rows.map(\.haystack))`, built from
    /// the cells' bytes: only cells with letters that have a lower case other
    /// than ASCII's go through `lowercased()` (a 100k-row table in a tenth of
    /// the time). SearchIndexTests checks the two agree.
    init(rows: [Row]) {
        // Each core indexes a run of rows; the runs are joined in order.
        let parts = Parallel.chunks(count: rows.count) { range in SearchIndex(rows: rows[range]) }
        guard parts.count > 1 else { self = parts[0]; return }
        blob.reserveCapacity(parts.reduce(0) { $0 + $1.blob.count })
        starts.reserveCapacity(rows.count + 1)
        for p in parts {
            let base = blob.count
            blob += p.blob
            starts += p.starts.dropFirst().map { $0 + base }
            for i in 0..<256 { frequency[i] += p.frequency[i] }
        }
    }

    private init(rows: ArraySlice<Row>) {
        blob.reserveCapacity(rows.count * 64)
        starts.reserveCapacity(rows.count + 1)
        for r in rows {
            let rowStart = blob.count
            // Most rows (CJK, digits, ASCII) lower-case byte by byte: their
            // packed cells, already joined by U+0001, are copied at once.
            let whole = r.withPackedUTF8 { b -> Bool in
                guard SearchIndex.quickByByte(b) == true else { return false }
                if b.count > 1 { blob.append(contentsOf: UnsafeBufferPointer(rebasing: b[1...])) }
                return true
            }
            if !whole { appendCells(of: r) }
            // ASCII lower-cased (cells from `appendCells` already are: the
            // same again), and newlines made spaces: none survive sanitising,
            // but a match must never span two rows. One pass over the row's bytes.
            blob.withUnsafeMutableBufferPointer { p in
                for j in rowStart..<p.count {
                    let c = p[j]
                    if c &- 0x41 < 26 { p[j] = c | 0x20 } else if c == 0x0A { p[j] = 0x20 }
                }
            }
            blob.append(0x0A)
            starts.append(blob.count)
        }
        blob.withUnsafeBufferPointer { b in
            frequency.withUnsafeMutableBufferPointer { f in for c in b { f[Int(c)] += 1 } }
        }
    }

    /// A row cell by cell: those with case beyond ASCII through `lowercased()`.
    private mutating func appendCells(of r: Row) {
        for (i, cell) in r.cells.enumerated() {
            if i > 0 { blob.append(0x01) }
            var cell = cell
            if SearchIndex.lowercasesByByte(&cell) {
                blob.append(contentsOf: cell.utf8) // its ASCII lower-cased by the caller
            } else {
                blob.append(contentsOf: cell.lowercased().utf8)
            }
        }
    }

    /// True when lower-casing changes only ASCII letters: every other scalar
    /// is one with no case (CJK, kana, hangul, CJK punctuation, digits, symbols
    /// below U+0080 or in the ranges below).
    static func lowercasesByByte(_ s: inout String) -> Bool {
        // Three-byte sequences led by E3…E9 are U+3000…U+9FFF (CJK): skip them
        // without decoding; anything else non-ASCII is checked by scalar.
        if let quick = s.withUTF8(quickByByte) { return quick }
        return lowercasesByByte(scalars: s)
    }

    /// True when every scalar is ASCII or one whose lower case is itself,
    /// told by its leading bytes alone; nil when a scalar needs a closer look.
    /// Accepted without decoding: E3…E9 (U+3000…U+9FFF: CJK, kana), C2
    /// (U+0080…U+00BF: the middle dot ·), E2 with a second byte in
    /// `caselessE2` (punctuation such as —, arrows, box drawing, shapes such
    /// as ●: the orders pane's "—" sent most of its rows the slow way),
    /// EF BC…BF but the full-width capitals FF21…FF3A (full-width punctuation)
    /// and F0 9F (U+1F000…U+1FFFF: emoji). SearchIndexTests lower-cases every
    /// scalar these accept.
    static func quickByByte(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            if c >= 0xE3 && c <= 0xE9 { i += 3; continue }
            guard i + 1 < n else { return nil }
            let c1 = b[i + 1]
            switch c {
            case 0xC2: i += 2
            case 0xE2 where caselessE2[Int(c1 & 0x3F)]: i += 3
            case 0xEF where c1 >= 0xBC && !(c1 == 0xBC && i + 2 < n && (0xA1...0xBA).contains(b[i + 2])): i += 3
            case 0xF0 where c1 == 0x9F: i += 4
            default: return nil
            }
        }
        return true
    }

    /// Which 64-scalar blocks of U+2000…U+2FFF (by the second byte of their
    /// UTF-8, less 0x80) hold no scalar whose lower case differs: not the
    /// letter-like symbols and Roman numerals (U+2100…U+21BF), the circled
    /// letters (U+2480…U+24FF), nor Glagolitic, Coptic and the scripts up to U+2DFF.
    static let caselessE2: [Bool] = (0..<64).map { k in
        !((0x04...0x06).contains(k) || (0x12...0x13).contains(k) || (0x30...0x37).contains(k))
    }

    static func lowercasesByByte(_ s: String) -> Bool {
        var copy = s
        return lowercasesByByte(&copy)
    }

    private static func lowercasesByByte(scalars s: String) -> Bool {
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x80 || (0x2E80...0x9FFF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xFF01...0xFF20).contains(v)
                || (0xFF3B...0xFF40).contains(v) || (0xFF5B...0xFFEF).contains(v) || (0x2000...0x206F).contains(v)
                || (0x2190...0x23FF).contains(v) || (0x2400...0x243F).contains(v) || v == 0x00B7 || v == 0xFFFD || v == 0x2026 || v == 0x00A5 {
                continue
            }
            return false
        }
        return true
    }

    public var count: Int { starts.count - 1 }

    // MARK: Patching (another process's append changes a few rows)

    /// Drops row `r`: its bytes leave the blob and the later rows move up.
    /// Linear in the blob (a memmove), not a re-lowercasing of every row.
    mutating func remove(at r: Int) {
        let (a, b) = (starts[r], starts[r + 1])
        for c in blob[a..<b] { frequency[Int(c)] -= 1 }
        blob.removeSubrange(a..<b)
        starts.remove(at: r + 1)
        let n = b - a
        starts.withUnsafeMutableBufferPointer { st in for i in (r + 1)..<st.count { st[i] -= n } }
    }

    /// Puts `row` in as row `r`, encoded exactly as a whole build encodes it.
    mutating func insert(_ row: Row, at r: Int) {
        let one = SearchIndex(rows: [row][...])
        let bytes = one.blob, n = bytes.count
        blob.insert(contentsOf: bytes, at: starts[r])
        for c in bytes { frequency[Int(c)] += 1 }
        starts.insert(starts[r] + n, at: r + 1)
        starts.withUnsafeMutableBufferPointer { st in for i in (r + 2)..<st.count { st[i] += n } }
    }

    /// Rows whose text contains `needle` (already lower-cased), in row order.
    /// With `within` (ascending row numbers), only those rows are considered
    /// (a longer query narrows the previous result).
    public func matches(_ needle: String, within: [Int]? = nil) -> [Int] {
        let n = Array(needle.utf8)
        guard !n.isEmpty, !n.contains(0x0A) else { return n.isEmpty ? within ?? Array(0..<count) : [] }
        var out: [Int] = []
        out.reserveCapacity(within?.count ?? count)
        blob.withUnsafeBufferPointer { b in
            n.withUnsafeBufferPointer { nb in
                guard let base = b.baseAddress, let nbase = nb.baseAddress else { return }
                let anchor = n.indices.min { frequency[Int(n[$0])] < frequency[Int(n[$1])] }!
                if let within, within.count * 2 < count {
                    // Few candidates: test each row on its own.
                    for r in within where find(nbase, nb.count, anchor: anchor, in: base + starts[r], starts[r + 1] - starts[r]) != nil { out.append(r) }
                    return
                }
                var pos = 0
                var row = 0
                while pos < b.count, let hit = find(nbase, nb.count, anchor: anchor, in: base + pos, b.count - pos) {
                    let at = base.distance(to: hit)
                    row = rowOf(at, from: row)
                    out.append(row)
                    pos = starts[row + 1]
                }
            }
        }
        if let within, within.count * 2 >= count {
            // Both lists ascend: a merge, not a hash set, keeps this linear and allocation-free.
            var kept: [Int] = []
            kept.reserveCapacity(min(out.count, within.count))
            var j = 0
            for r in out {
                while j < within.count, within[j] < r { j += 1 }
                if j < within.count, within[j] == r { kept.append(r) }
            }
            return kept
        }
        return out
    }

    /// First occurrence of the needle in the haystack. glibc's memmem is not
    /// visible to Swift without _GNU_SOURCE, so: memchr for the needle's
    /// rarest byte (`anchor`, its offset in the needle), then memcmp the whole.
    private func find(_ n: UnsafePointer<UInt8>, _ nl: Int, anchor k: Int, in h: UnsafePointer<UInt8>, _ hl: Int) -> UnsafePointer<UInt8>? {
        guard nl <= hl else { return nil }
        let byte = Int32(n[k])
        var from = k
        let last = hl - (nl - k) // the anchor cannot sit later than this
        while from <= last, let hit = memchr(h + from, byte, last - from + 1) {
            let at = h.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            let start = h + at - k
            if memcmp(start, n, nl) == 0 { return start }
            from = at + 1
        }
        return nil
    }

    /// The row containing byte `at`; hits arrive in increasing order, so the
    /// search starts at the previous hit's row and usually ends a row or two
    /// later, before any binary search.
    private func rowOf(_ at: Int, from: Int) -> Int {
        starts.withUnsafeBufferPointer { st in
            var lo = from
            for _ in 0..<4 {
                if st[lo + 1] > at { return lo }
                lo += 1
            }
            var hi = count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if st[mid] <= at { lo = mid } else { hi = mid - 1 }
            }
            return lo
        }
    }
}
