import Foundation

/// Facts the 接口 pane, the overview warning and `seller calls` share.
public enum InterfaceReport {
    /// The platform delists a product after more than this many orders failed
    /// on the interface in one month (SAAS-INTERFACE.md §3).
    public static let delistingLimit = 5
    /// The overview warns from this many failed orders on (one before the limit is reached).
    public static let warningFrom = 4

    /// The recent calls the store keeps in full (`CallStats.recentLimit`),
    /// oldest first: only failures with `failedOnly`, only from `since` on.
    public static func calls(_ s: SellerState, failedOnly: Bool = false, since: Timestamp? = nil) -> [InterfaceCall] {
        s.calls.filter { c in (!failedOnly || !c.succeeded) && (since.map { c.atMs >= $0.seconds * 1000 } ?? true) }
    }

    /// The product a call concerns, when the store can tell.
    public static func productId(of c: InterfaceCall, in s: SellerState) -> String? {
        if let id = c.instanceId, let p = s.instances[id]?.productId { return p }
        return c.orderId.flatMap { s.orders[$0]?.productId }
    }

    public struct ProductFailures: Equatable, Sendable {
        public var productId: String
        /// Distinct orders with a failed real call this month.
        public var failedOrders: Int
        public var delisted: Bool { failedOrders > InterfaceReport.delistingLimit }
        public var nearLimit: Bool { failedOrders >= InterfaceReport.warningFrom }
    }

    /// Failed orders per product in the China calendar month of `now`
    /// (test calls are the platform's debugging, not orders, and do not count).
    public static func failuresThisMonth(_ s: SellerState, now: Timestamp) -> [ProductFailures] {
        var orders: [String: Set<String>] = [:]
        // Counted as each call was folded (`CallStats`), so calls no longer
        // kept in full still count; the product is the one known then, or the order's now.
        for (order, known) in s.callStats.failedOrders[CallStats.month(now)] ?? [:] {
            guard let product = known.isEmpty ? s.orders[order]?.productId : known else { continue }
            orders[product, default: []].insert(order)
        }
        return orders.map { ProductFailures(productId: $0.key, failedOrders: $0.value.count) }
            .sorted { ($0.failedOrders, $1.productId) > ($1.failedOrders, $0.productId) }
    }

    /// The latest test (拨测 / debug) calls, newest first.
    public static func lastProbes(_ s: SellerState, limit: Int = 10) -> [InterfaceCall] {
        Array(s.callStats.probes.reversed().prefix(limit))
    }
}
