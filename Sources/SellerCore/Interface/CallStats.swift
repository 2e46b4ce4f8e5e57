import Foundation

/// What the store keeps about production-interface calls beyond the recent
/// ones in `SellerState.calls`, so a store that has heard millions of calls
/// holds a bounded amount of them in memory and in its snapshot: totals, the
/// failed orders per China calendar month (the delisting rule counts them),
/// the last 拨测 calls, and the test instances the debug calls answered.
public struct CallStats: Codable, Equatable, Sendable {
    /// Calls kept in full in `SellerState.calls`; it is cut back to this many
    /// once it holds half as many again (amortised, so appending stays O(1)).
    public static let recentLimit = 5_000
    /// Test calls kept for "last 拨测".
    public static let probeLimit = 10
    /// Distinct failed orders remembered per month: the limit is 5, so this
    /// many only keeps a flood of made-up order ids from growing memory.
    public static let failedOrdersPerMonth = 10_000
    /// Months of failed orders kept.
    public static let monthsKept = 24

    /// Calls heard (an aggregated refusal counts every call it stands for).
    public var total = 0
    /// Calls not answered 000000 / 000004.
    public var failed = 0
    /// Calls per result code.
    public var byCode: [String: Int] = [:]
    /// Call lines cut from the front of `calls`: a call's position in all
    /// calls ever kept is `dropped + index`, so the pane's row ids stay stable.
    public var dropped = 0
    /// "yyyy-MM" (China) → failed order id → the product known when it failed ("" if none).
    public var failedOrders: [String: [String: String]] = [:]
    /// The latest test calls, oldest first.
    public var probes: [InterfaceCall] = []
    /// Order line key → the id a test newInstance answered (the debug page's idempotency).
    public var testInstances: [String: String] = [:]

    public init() {}

    public var isEmpty: Bool { total == 0 }

    static func month(_ t: Timestamp) -> String {
        let c = t.china
        return String(format: "%04d-%02d", c.year, c.month)
    }

    /// Counts one call; `order` / `product` are what the store could tell at the time.
    mutating func count(_ c: InterfaceCall, order: String?, product: String?) {
        total += c.calls
        byCode[c.resultCode, default: 0] += c.calls
        if !c.succeeded { failed += c.calls }
        // Only the platform's own calls count toward the delisting rule: a
        // call refused for its signature, timestamp or nonce (000001), or
        // below HTTP (no activity), may come from anyone, and made-up order
        // ids would otherwise fill the month's slots and hide real failures.
        let platformsOwn = c.resultCode != ResultCode.auth.rawValue && !c.activity.isEmpty
        if !c.succeeded, !c.test, platformsOwn, let order {
            let m = Self.month(c.at)
            if failedOrders[m]?[order] == nil, failedOrders[m, default: [:]].count < Self.failedOrdersPerMonth {
                failedOrders[m, default: [:]][order] = product ?? ""
            }
            // Only recent months matter to the rule; two years are kept ("yyyy-MM" sorts by time).
            if failedOrders.count > Self.monthsKept, let oldest = failedOrders.keys.min() { failedOrders[oldest] = nil }
        }
        if c.test {
            probes.append(c)
            if probes.count > Self.probeLimit { probes.removeFirst(probes.count - Self.probeLimit) }
        }
    }
}

extension SellerState {
    /// Keeps `calls` within 1.5 × `CallStats.recentLimit`: older lines are cut
    /// in one step, their facts already counted in `callStats`.
    mutating func trimCalls() {
        let limit = CallStats.recentLimit
        guard calls.count > limit + limit / 2 else { return }
        let cut = calls.count - limit
        calls.removeFirst(cut)
        callStats.dropped += cut
    }

    /// `interface.call_time`: the call's full time, once its answer was
    /// written. Looked for among the latest calls only (it follows its call
    /// within a second); a call already cut keeps its counted facts.
    mutating func recordCallTime(_ t: InterfaceCallTime, _ e: EventEnvelope) throws(DomainError) {
        try requireActor(e, [.platform])
        guard t.ms >= 0, t.ms < 86_400_000 else {
            throw .invalidField(event: "interface.call_time", field: "ms", reason: .text("\(t.ms) is not a time in milliseconds under a day"))
        }
        let from = max(calls.count - 4096, 0)
        if let i = calls[from...].lastIndex(where: { $0.id == t.callId }) { calls[i].ms = t.ms }
        if let i = callStats.probes.lastIndex(where: { $0.id == t.callId }) { callStats.probes[i].ms = t.ms }
    }

    /// A snapshot written before `CallStats` existed has only call lines:
    /// count them as the fold would have.
    mutating func rebuildCallStatsIfMissing() {
        guard callStats.isEmpty, !calls.isEmpty else { return }
        for c in calls { countCall(c) }
        for (k, id) in testInstanceByOrderLine { callStats.testInstances[k] = id }
    }

    /// A snapshot's `callStats` line: the test-instance index comes back from it.
    mutating func loadCallStats(_ s: CallStats) {
        callStats = s
        for (k, id) in s.testInstances {
            testInstanceByOrderLine[k] = id
            testInstances.insert(id)
        }
    }

    func countedOrder(_ c: InterfaceCall) -> (order: String?, product: String?) {
        let order = c.orderId ?? c.instanceId.flatMap { instances[$0]?.orderId }
        return (order, InterfaceReport.productId(of: c, in: self))
    }

    mutating func countCall(_ c: InterfaceCall) {
        let (order, product) = countedOrder(c)
        callStats.count(c, order: order, product: product)
    }
}
