import Foundation

/// Work split into contiguous chunks across the cores, results in order. Used
/// where a large store makes a pure pass slow (snapshot lines, table rows).
public enum Parallel {
    /// `body` for each chunk of `0..<count` (at least `minimumChunk` long);
    /// one result per chunk, in chunk order. Runs inline when small.
    public static func chunks<R: Sendable>(count: Int, minimumChunk: Int = 4096, _ body: @Sendable (Range<Int>) -> R) -> [R] {
        let workers = ProcessInfo.processInfo.activeProcessorCount
        guard workers > 1, count >= 2 * minimumChunk else { return [body(0..<count)] }
        let chunks = min(workers * 4, count / minimumChunk)
        let per = (count + chunks - 1) / chunks
        let slots = Slots<R>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            slots.put(c, body(min(count, c * per)..<min(count, (c + 1) * per)))
        }
        return slots.all()
    }

    /// `transform` applied to every element, in order, across the cores.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], minimumChunk: Int = 4096, _ transform: @Sendable (T) -> R) -> [R] {
        chunks(count: items.count, minimumChunk: minimumChunk) { range in items[range].map(transform) }.flatMap { $0 }
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
