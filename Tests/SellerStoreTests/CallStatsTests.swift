import Foundation
import Testing
@testable import SellerCore

/// A long-running `seller serve` hears millions of calls: the store keeps the
/// recent ones in full and counts the rest, in memory and in its snapshot.
@Suite struct CallStatsTests {
    static let month = Timestamp(china: .init(year: 2026, month: 11, day: 3, hour: 9))

    /// `n` calls: every 10th a failure of one of 8 orders, every 100th a test call, the rest accepted reads.
    static func events(_ n: Int) -> [EventEnvelope] {
        (0..<n).map { i in
            let code = i % 10 == 0 ? "000005" : "000000"
            let c = InterfaceCall(atMs: month.seconds * 1000 + Int64(i), peer: "127.0.0.1:9", activity: "queryInstance",
                                  orderId: "CS\(i % 80)", resultCode: code, resultMsg: "", test: i % 100 == 1, ms: 1)
            return EventEnvelope(id: "c\(i)", at: month, actor: .platform, event: .interfaceCall(c))
        }
    }

    @Test func aLargeNumberOfCallsKeepsMemoryBoundedAndTheCountsExact() throws {
        let n = 60_000
        var s = SellerState()
        for e in Self.events(n) { try s.apply(e) }
        #expect(s.calls.count <= CallStats.recentLimit * 3 / 2, "\(s.calls.count) calls held")
        #expect(s.calls.last?.id == "c\(n - 1)", "the newest are the ones kept")
        #expect(s.callStats.total == n && s.callStats.failed == n / 10)
        #expect(s.callStats.dropped + s.calls.count == n)
        // Failures come from orders CS0, CS10 … CS70: 8 distinct orders this month, counted though cut.
        #expect(s.callStats.failedOrders[CallStats.month(Self.month)]?.count == 8)
        #expect(s.callStats.probes.count == CallStats.probeLimit && s.callStats.probes.last?.id == "c\(n - 99)")
        // The full time written after the answer lands on its call.
        try s.apply(EventEnvelope(id: "t1", at: Self.month, actor: .platform,
                                  event: .interfaceCallTime(InterfaceCallTime(callId: "c\(n - 1)", ms: 42))))
        #expect(s.calls.last?.ms == 42)
        // A count above 1 is for refusals only.
        let forged = InterfaceCall(atMs: 1, peer: "p", activity: "newInstance", resultCode: "000000", resultMsg: "", test: false, ms: 0, count: 5)
        #expect(throws: DomainError.self) { try s.apply(EventEnvelope(id: "x", at: Self.month, actor: .platform, event: .interfaceCall(forged))) }
    }

    @Test func theSnapshotKeepsTheRecentCallsAndTheCounts() throws {
        let dir = TempDir()
        let n = 20_000
        let store = try Store.create(at: dir.store)
        _ = try store.appendBatch(Self.events(n), compactAfter: false)
        _ = try store.compact()
        let reopened = try Store.open(at: dir.store, readOnly: true)
        let s = reopened.state
        #expect(s.calls.count <= CallStats.recentLimit * 3 / 2)
        #expect(s.callStats == store.state.callStats, "counts, failed orders and last 拨测 come back from the snapshot")
        #expect(s.calls == store.state.calls)
        let snapshot = try String(contentsOfFile: dir.store + "/snapshot.jsonl", encoding: .utf8)
        let callLines = snapshot.split(separator: "\n").filter { $0.contains(#""kind":"call""#) }.count
        #expect(callLines <= CallStats.recentLimit * 3 / 2, "the snapshot holds the recent calls, not all \(n): \(callLines)")
        #expect(InterfaceReport.failuresThisMonth(s, now: Self.month).isEmpty, "orders the store does not know name no product")
    }
}
