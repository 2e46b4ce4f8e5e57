/// The instance index (SellerState.instanceOrders): instance id → the orders
/// on it. Nearly every instance serves one order (its renewals and changes
/// add more), so that one is held as a string, and only an instance with
/// several holds a set: at 100k orders a set per instance took ~100 bytes
/// each, ~10 MB of the idle console.
public struct InstanceOrders: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// Instances with exactly one order.
    private var single: [String: String] = [:]
    /// Instances with two or more.
    private var several: [String: Set<String>] = [:]

    public init() {}

    public init(dictionaryLiteral elements: (String, Set<String>)...) {
        for (i, orders) in elements { for o in orders { insert(o, on: i) } }
    }

    /// The orders on `instance` (nil: none).
    public subscript(instance: String) -> Set<String>? {
        if let one = single[instance] { return [one] }
        return several[instance]
    }

    public var count: Int { single.count + several.count }

    public mutating func insert(_ order: String, on instance: String) {
        if several[instance] != nil {
            // In place: a copy out and back would copy the set on every insert (quadratic per instance).
            several[instance]!.insert(order)
        } else if let one = single[instance] {
            guard one != order else { return }
            single[instance] = nil
            several[instance] = [one, order]
        } else {
            single[instance] = order
        }
    }
}
