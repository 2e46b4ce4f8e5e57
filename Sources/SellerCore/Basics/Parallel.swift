import Foundation

/// Work split into contiguous chunks across the cores, results in order. Used
/// where a large store makes a pure pass slow (snapshot lines, table rows).
public enum Parallel {
    /// `body` for each chunk of `0..<count` (at least `minimumChunk` long);
    /// one result per chunk, in chunk order. Runs inline when small.
    public static func chunks<R: Sendable>(count: Int, minimumChunk: Int = 4096, maximumChunks: Int? = nil, oneEach: Bool = false,
                                           _ body: @Sendable (Range<Int>) -> R) -> [R] {
        let workers = ProcessInfo.processInfo.activeProcessorCount
        guard workers > 1, count >= 2 * minimumChunk else { return oneEach ? (0..<count).map { body($0..<($0 + 1)) } : [body(0..<count)] }
        let chunks = oneEach ? count : min(maximumChunks ?? workers * 4, workers * 4, count / minimumChunk)
        let per = (count + chunks - 1) / chunks
        let slots = Slots<R>(count: chunks)
        let one = { @Sendable (c: Int) in slots.put(c, body(min(count, c * per)..<min(count, (c + 1) * per))) }
        if let nice = Behind.nice {
            Behind.perform(iterations: chunks, workers: workers, nice: nice, one)
        } else {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: one)
        }
        return slots.all()
    }

    /// The indices `0..<count` in the order of `less` (a strict total order):
    /// each core sorts a run with `sortRun`, then the runs are merged.
    public static func sortedIndices(count: Int, minimumChunk: Int = 16_384, sortRun: @Sendable (Range<Int>) -> [Int],
                                     less: (Int, Int) -> Bool) -> [Int] {
        let workers = ProcessInfo.processInfo.activeProcessorCount
        var runs = chunks(count: count, minimumChunk: minimumChunk, maximumChunks: workers, sortRun)
        while runs.count > 1 {
            var next: [[Int]] = []
            for i in stride(from: 0, to: runs.count, by: 2) {
                next.append(i + 1 < runs.count ? merge(runs[i], runs[i + 1], less) : runs[i])
            }
            runs = next
        }
        return runs.first ?? []
    }

    /// `items` sorted (a strict total order, so the result is the one order
    /// there is): each core sorts a run of the elements themselves, then the
    /// runs are merged — for small keys, where a comparator reaching through
    /// indices into a second array cost more than the moves.
    public static func sorted<T: Comparable & Sendable>(_ items: [T], minimumChunk: Int = 16_384) -> [T] {
        let workers = ProcessInfo.processInfo.activeProcessorCount
        var runs = chunks(count: items.count, minimumChunk: minimumChunk, maximumChunks: workers) { r in items[r].sorted() }
        while runs.count > 1 {
            var next: [[T]] = []
            for i in stride(from: 0, to: runs.count, by: 2) {
                next.append(i + 1 < runs.count ? merge(runs[i], runs[i + 1], <) : runs[i])
            }
            runs = next
        }
        return runs.first ?? []
    }

    static func merge<T>(_ a: [T], _ b: [T], _ less: (T, T) -> Bool) -> [T] {
        var out: [T] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if less(b[j], a[i]) { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
        }
        out += a[i...]
        out += b[j...]
        return out
    }

    /// `transform` applied to every element, in order, across the cores.
    /// Each chunk writes its results straight into their places in the one
    /// result array: joined from per-chunk arrays, every result was copied
    /// (a retain of each string inside it) and the copies' sources released
    /// again — a tenth of a snapshot read's time, in the copying alone.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], minimumChunk: Int = 4096, _ transform: @Sendable (T) -> R) -> [R] {
        guard ProcessInfo.processInfo.activeProcessorCount > 1, items.count >= 2 * minimumChunk else { return items.map(transform) }
        return [R](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            let base = Place(buffer.baseAddress!)
            // Every index is in exactly one chunk, so each place is written once.
            _ = chunks(count: items.count, minimumChunk: minimumChunk) { range in
                for i in range { (base.pointer + i).initialize(to: transform(items[i])) }
            }
            initialized = items.count
        }
    }

    /// The result array's storage, handed to the chunks (each writes its own range).
    private struct Place<R>: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<R>
        init(_ p: UnsafeMutablePointer<R>) { pointer = p }
    }

    /// Each worker writes only its own slot.
    private final class Slots<R>: @unchecked Sendable {
        private var slots: [R?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func put(_ i: Int, _ r: R) { lock.withLock { slots[i] = r } }
        func all() -> [R] { lock.withLock { slots.map { $0! } } }
    }
}

extension Parallel {
    /// `body(i)` for every `i` in `0..<count`, each on whichever core is free
    /// (for a few pieces of uneven size, which contiguous chunks would pile
    /// on one core); results in index order.
    public static func each<R: Sendable>(count: Int, _ body: @Sendable (Int) -> R) -> [R] {
        chunks(count: count, minimumChunk: 1, maximumChunks: count, oneEach: true) { r in body(r.lowerBound) }
    }
}
