/// What one row of the order list shows, before language: the console's
/// orders table is built from these, whether they come from the state or
/// from the store's orders view (so both paths show the same rows).
public struct OrderRowFacts: Sendable, Equatable {
    public var id: String
    public var customerName: String
    public var userName: String
    public var productId: String
    /// `Money.decimalString`.
    public var amount: String
    /// `Timestamp.shortDisplay` of the creation time.
    public var created: String
    public var status: OrderStatus
    /// The service record's node; nil for orders without supervision.
    public var recordState: SupervisionState?
    /// An appeal is open on the record.
    public var frozen: Bool

    public init(id: String, customerName: String, userName: String, productId: String, amount: String, created: String,
                status: OrderStatus, recordState: SupervisionState?, frozen: Bool) {
        self.id = id; self.customerName = customerName; self.userName = userName; self.productId = productId
        self.amount = amount; self.created = created; self.status = status; self.recordState = recordState; self.frozen = frozen
    }

    public init(_ o: Order, record r: ServiceRecord?) {
        self.init(id: o.id, customerName: o.customer.name, userName: o.customer.userName, productId: o.productId,
                  amount: o.amount.decimalString, created: o.createdAt.shortDisplay, status: o.status,
                  recordState: r?.state, frozen: r?.isFrozen ?? false)
    }
}

extension OrderQuery {
    /// The order list's default: newest first (the console and the orders view).
    public static var newestFirst: OrderQuery {
        var q = OrderQuery()
        q.sort = .created
        q.descending = true
        return q
    }

    /// The list's rows for `account`, in the query's order.
    public func rows(_ state: SellerState, account: Account) -> [OrderRowFacts] {
        Parallel.map(run(state, account: account)) { OrderRowFacts($0, record: state.records[$0.id]) }
    }
}
