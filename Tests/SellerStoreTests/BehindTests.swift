#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import SellerCore

/// Work behind the screen (`Parallel.runBehind`): its parallel passes give
/// the same results in the same order, on threads at its low priority, and
/// a thread not marked is left on the shared pool at its own priority.
@Suite struct BehindTests {
    static func niceOfThisThread() -> Int32 {
        errno = 0
        return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
    }

    final class Box<R>: @unchecked Sendable {
        var value: R?
        let done = DispatchSemaphore(value: 0)
    }

    /// Runs `body` on a thread of its own and waits for its result.
    static func onThread<R: Sendable>(_ body: @escaping @Sendable () -> R) -> R {
        let box = Box<R>()
        let t = Thread { box.value = body(); box.done.signal() }
        t.stackSize = 8 << 20
        t.start()
        box.done.wait()
        return box.value!
    }

    @Test func passesBehindGiveTheSameResultsAtTheLowPriority() {
        let items = Array(0..<50_000)
        let expected = items.map { $0 &* 31 &+ 7 }
        let (before, mapped, nices, sorted, marks) = Self.onThread { () -> (Int32, [Int], Set<Int32>, [Int], Set<Int32?>) in
            let before = BehindTests.niceOfThisThread()
            Parallel.runBehind(nice: 7)
            // Every thread a pass runs on is marked too, so a pass it starts stays behind.
            let marks = Set(Parallel.chunks(count: 64, minimumChunk: 1, maximumChunks: 64) { _ -> Int32? in
                Thread.sleep(forTimeInterval: 0.001)
                return Behind.nice
            })
            let mapped = Parallel.map(items, minimumChunk: 1000) { $0 &* 31 &+ 7 }
            // The nice value of every thread a pass ran on, the caller's included.
            let nices = Set(Parallel.chunks(count: 64, minimumChunk: 1, maximumChunks: 64) { _ -> Int32 in
                Thread.sleep(forTimeInterval: 0.001)
                return BehindTests.niceOfThisThread()
            })
            let sorted = Parallel.sortedIndices(count: items.count, minimumChunk: 1000,
                                                sortRun: { r in r.sorted { items[$0] % 97 != items[$1] % 97 ? items[$0] % 97 < items[$1] % 97 : $0 < $1 } },
                                                less: { a, b in items[a] % 97 != items[b] % 97 ? items[a] % 97 < items[b] % 97 : a < b })
            return (before, mapped, nices, sorted, marks)
        }
        #expect(before < 7, "the test needs a runner below nice 7 to see the change (it runs at \(before))")
        #expect(marks == [7], "every thread of a pass is marked behind: \(marks)")
        #expect(mapped == expected)
        #expect(nices == [7], "every thread of a pass behind runs at its nice value: \(nices)")
        let plain = items.indices.sorted { items[$0] % 97 != items[$1] % 97 ? items[$0] % 97 < items[$1] % 97 : $0 < $1 }
        #expect(sorted == plain)
        // Not marked: the pass runs at this thread's priority, not the other's.
        let here = Self.niceOfThisThread()
        let plainNices = Set(Parallel.chunks(count: 8, minimumChunk: 1, maximumChunks: 8) { _ in BehindTests.niceOfThisThread() })
        #expect(!plainNices.contains(7) || here == 7)
    }
}
