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

    /// Interface calls keep no event id, but they are journal lines: the
    /// compaction threshold counts them (a store that only served grew past it).
    @Test func interfaceCallsCountTowardTheCompactionThreshold() throws {
        let dir = TempDir()
        let store = try Store.create(at: dir.store)
        _ = try store.appendBatch(Self.events(30), compactAfter: false)
        #expect(store.journalLineCount == 30)
        #expect(try Store.open(at: dir.store).journalLineCount == 30, "as a reopen counts the file's lines")
        store.compactionThreshold = 40
        _ = try store.appendBatch(Self.events(20).map { e in
            var e = e
            e.id = "again-" + e.id
            return e
        }, compactAfter: true)
        #expect(store.journalLineCount == 0, "50 lines passed the threshold of 40: compacted")
        #expect(try Store.open(at: dir.store).state.callStats.total == 50)
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
        // Call ids are serve's own and never re-sent: neither memory nor the
        // snapshot keeps them, so both stay bounded however many calls come.
        #expect(store.known.keys.allSatisfy { !$0.hasPrefix("c") }, "\(store.known.count) ids remembered")
        #expect(reopened.known.isEmpty && !snapshot.contains(#""kind":"known""#))
    }

    @Test func unsignedRefusalsWithMadeUpOrdersTakeNoFailedOrderSlot() throws {
        var s = SellerState()
        for i in 0..<(CallStats.failedOrdersPerMonth + 10) {
            let forged = InterfaceCall(atMs: Self.month.seconds * 1000 + Int64(i), peer: "203.0.113.9:1", activity: i % 2 == 0 ? "newInstance" : "",
                                       orderId: "FAKE\(i)", resultCode: ResultCode.auth.rawValue, resultMsg: "authentication failed", test: false, ms: 0)
            try s.apply(EventEnvelope(id: "f\(i)", at: Self.month, actor: .platform, event: .interfaceCall(forged)))
        }
        #expect(s.callStats.failed == CallStats.failedOrdersPerMonth + 10, "still counted as failed calls")
        #expect(s.callStats.failedOrders.isEmpty, "but no forged order takes a slot of the delisting rule")
        let real = InterfaceCall(atMs: Self.month.seconds * 1000, peer: "198.51.100.1:2", activity: "newInstance", orderId: "CS-real",
                                 resultCode: ResultCode.internalError.rawValue, resultMsg: "hook failed", test: false, ms: 3)
        try s.apply(EventEnvelope(id: "r1", at: Self.month, actor: .platform, event: .interfaceCall(real)))
        #expect(s.callStats.failedOrders[CallStats.month(Self.month)]?.keys.sorted() == ["CS-real"])
    }

    @Test func callRecordsInTheJournalReplayAndCheckWithoutTheirIds() throws {
        let dir = TempDir()
        let store = try Store.create(at: dir.store)
        _ = try store.appendBatch(Self.events(300), compactAfter: false)
        try store.append(.interfaceCall(Self.events(1)[0].event.callPayload!), by: .platform, id: "one-more")
        #expect(store.known["one-more"] == nil && store.known["c1"] == nil)
        let reopened = try Store.open(at: dir.store, readOnly: true)
        #expect(reopened.state.callStats == store.state.callStats, "replayed from the journal")
        let report = try StoreMaintenance.check(dir.store)
        #expect(report.damage.isEmpty, "\(report.damage)")
    }
}

extension DomainEvent {
    var callPayload: InterfaceCall? { if case .interfaceCall(let c) = self { c } else { nil } }
}
