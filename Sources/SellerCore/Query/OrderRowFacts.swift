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
    /// The SaaS instance the production interface made for the order (or the
    /// one a renewal renews), by status; nil when there is none.
    public var instanceStatus: InstanceStatus?

    public init(id: String, customerName: String, userName: String, productId: String, amount: String, created: String,
                status: OrderStatus, recordState: SupervisionState?, frozen: Bool, instanceStatus: InstanceStatus? = nil) {
        self.id = id; self.customerName = customerName; self.userName = userName; self.productId = productId
        self.amount = amount; self.created = created; self.status = status; self.recordState = recordState; self.frozen = frozen
        self.instanceStatus = instanceStatus
    }

    public init(_ o: Order, record r: ServiceRecord?, instance: InstanceStatus? = nil) {
        self.init(o, node: r.map { ($0.state, $0.isFrozen) }, instance: instance)
    }

    /// `node`: the order's service record's node and whether an appeal freezes it (`SellerState.recordNodes`).
    init(_ o: Order, node: (state: SupervisionState, frozen: Bool)?, instance: InstanceStatus?) {
        self.init(id: o.id, customerName: o.customer.name, userName: o.customer.userName, productId: o.productId,
                  amount: o.amount.decimalString, created: o.createdAt.shortDisplay, status: o.status,
                  recordState: node?.state, frozen: node?.frozen ?? false, instanceStatus: instance)
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
        let instances = state.instanceStatusByOrder()
        let nodes = state.recordNodes()
        return Parallel.map(run(state, account: account)) { OrderRowFacts($0, node: nodes[$0.id], instance: instances[$0.id]) }
    }

    /// The rows of some orders only, in the query's order (see `run(_:account:only:)`).
    public func rows(_ state: SellerState, account: Account, only ids: Set<String>) -> [OrderRowFacts] {
        let instances = state.instanceStatusByOrder()
        return run(state, account: account, only: ids).map { OrderRowFacts($0, record: state.records[$0.id], instance: instances[$0.id]) }
    }
}

extension SellerState {
    /// Each service record's node and whether an appeal freezes it, by order
    /// id: every record read once, on one core. Looking a record up per order
    /// copied the whole record out of the table (a dozen counted references)
    /// on both cores at once, and was most of the order list's build at 100k.
    func recordNodes() -> [String: (state: SupervisionState, frozen: Bool)] {
        var out: [String: (state: SupervisionState, frozen: Bool)] = [:]
        out.reserveCapacity(records.count)
        for (id, r) in records { out[id] = (r.state, r.isFrozen) }
        return out
    }

    /// Each order's SaaS instance status: the oldest instance made for the
    /// order, else the instance the order names (a renewal of it). Empty, and
    /// free, in stores the production interface never wrote to.
    public func instanceStatusByOrder() -> [String: InstanceStatus] {
        guard !instances.isEmpty else { return [:] }
        var out: [String: (Timestamp, String, InstanceStatus)] = [:]
        for i in instances.values {
            if let have = out[i.orderId], (have.0, have.1) <= (i.createdAt, i.id) { continue }
            out[i.orderId] = (i.createdAt, i.id, i.status)
        }
        var result = out.mapValues(\.2)
        for o in orders.values where result[o.id] == nil {
            if let id = o.instanceId, let i = instances[id] { result[o.id] = i.status }
        }
        return result
    }
}
