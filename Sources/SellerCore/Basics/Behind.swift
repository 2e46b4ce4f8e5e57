#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Work done behind the screen (the store loading behind the start view, the
/// panes built behind the screen) runs below the keys' thread: on a 2-core
/// machine a pane the merchant opens wins the cores, and the load takes what
/// is left. A thread marks itself with `Parallel.runBehind`; its parallel
/// passes then run on threads of their own at its nice value, not on the
/// shared dispatch pool, whose threads also serve the keys' thread's passes
/// (a low priority there would slow the keys too). On Linux the nice value
/// is per thread (`setpriority(PRIO_PROCESS, 0, …)` sets the caller's only).
enum Behind {
    private static let key = "seller.behind.nice"

    /// The nice value of the calling thread when it is marked behind.
    static var nice: Int32? { Thread.current.threadDictionary[key] as? Int32 }

    static func mark(nice: Int32) {
        setNice(nice)
        Thread.current.threadDictionary[key] = nice
    }

    static func setNice(_ nice: Int32) {
        // Elsewhere the call renices the whole process (the keys' thread too): Linux only.
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
        #endif
    }

    /// `body(i)` for every `i` in `0..<iterations`, on the calling thread and
    /// `workers - 1` threads started at `nice`, each taking the next index.
    static func perform(iterations: Int, workers: Int, nice: Int32, _ body: @Sendable (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            // The threads hold the work, never the closure itself: a finished
            // Thread keeps its block, and the closure must not outlive this call.
            let work = Work(body, iterations: iterations)
            let helpers = min(workers, iterations) - 1
            let done = DispatchSemaphore(value: 0)
            for _ in 0..<max(0, helpers) {
                let t = Thread {
                    // Marked too: a pass it starts in turn stays behind.
                    mark(nice: nice)
                    work.run()
                    done.signal()
                }
                // Deep enough for the store's JSON (as the dispatch pool's threads are).
                t.stackSize = 8 << 20
                t.start()
            }
            work.run()
            for _ in 0..<max(0, helpers) { done.wait() }
            work.release()
        }
    }

    /// The indices still to do and the closure that does them, until released.
    private final class Work: @unchecked Sendable {
        private var body: ((Int) -> Void)?
        private var next = 0
        private let iterations: Int
        private let lock = NSLock()
        init(_ body: @escaping (Int) -> Void, iterations: Int) { self.body = body; self.iterations = iterations }
        func run() {
            guard let body = lock.withLock({ self.body }) else { return }
            while let i = take() { body(i) }
        }
        private func take() -> Int? {
            lock.withLock {
                guard next < iterations else { return nil }
                defer { next += 1 }
                return next
            }
        }
        func release() { lock.withLock { body = nil } }
    }
}

extension Parallel {
    /// Marks the calling thread as work behind the screen at `nice` (10 is
    /// well below the keys' thread) — for the rest of its life, with every
    /// parallel pass it starts (see `Behind`).
    public static func runBehind(nice: Int32 = 10) { Behind.mark(nice: nice) }
}
