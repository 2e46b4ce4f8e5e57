import Foundation

/// Two unrelated pieces of work at once: one on the calling thread, the other
/// on a thread of its own. `seller check` reads the outbox archive beside the
/// snapshot and the derived views beside the whole store: each is parallel in
/// itself, but each has serial stretches (folding decoded lines into the
/// state, freeing it) that leave a core idle.
public enum Alongside {
    /// `main` here while `beside` runs on another thread; both results. Waits
    /// for `beside` even when `main` throws, so nothing outlives the call.
    /// A thread marked behind (`Parallel.runBehind`) marks the other too.
    public static func run<A, B: Sendable, E: Error>(_ main: () throws(E) -> A,
                                                     beside: @escaping @Sendable () -> B) throws(E) -> (A, B) {
        let slot = Slot<B>()
        let nice = Behind.nice
        let thread = Thread {
            if let nice { Behind.mark(nice: nice) }
            slot.put(beside())
        }
        // Deep enough for the store's JSON, as the dispatch pool's threads are.
        thread.stackSize = 8 << 20
        thread.start()
        let a: A
        do { a = try main() } catch {
            _ = slot.take()
            throw error
        }
        return (a, slot.take())
    }

    /// One value handed from the other thread, waited for.
    private final class Slot<B>: @unchecked Sendable {
        private var value: B?
        private let ready = DispatchSemaphore(value: 0)
        func put(_ v: B) { value = v; ready.signal() }
        func take() -> B {
            ready.wait()
            defer { value = nil }
            return value!
        }
    }

    /// A value whose only reference is this box, for `drop`.
    final class Dropped<T>: @unchecked Sendable {
        var value: T?
        init(_ value: T) { self.value = value }
    }

    /// Frees the boxed value on a thread of its own and returns at once
    /// (a process that exits meanwhile does not wait for it).
    static func drop<T>(_ box: Dropped<T>) {
        let thread = Thread { box.value = nil }
        thread.start()
    }
}
