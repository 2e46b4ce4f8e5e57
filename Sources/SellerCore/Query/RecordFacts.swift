/// What the supervision list, its queue counts and the overview's figures
/// read of one record, worked out once per pass: its queue as the account
/// sees it and its stall reasons (by the rules in Supervision+Derived), and
/// the few fields the rows and filters show. Records are large structs;
/// building the list and the overview from copies of them — and asking each
/// record's queue and stall reasons two or three times, each a flow-table
/// lookup — was most of a pane build on a 100k store.
public struct RecordFacts: Sendable, Equatable {
    public var orderId: String
    public var productId: String
    /// The product's type, nil when the product is unknown.
    public var type: ProductType?
    public var flow: FlowID
    public var state: SupervisionState
    public var enteredStateAt: Timestamp
    public var closedAt: Timestamp?
    public var deliveryRejectionCount: Int
    public var isFrozen: Bool
    /// `ServiceRecord.queue(for:in:)` for the account the facts were worked out for.
    public var queue: SupervisionQueue
    /// `ServiceRecord.stallReasons(now:)` at the time they were worked out for.
    public var stallReasons: [StallReason]

    /// The straightforward reading of one record, each rule asked directly
    /// (what `SellerState.recordFacts` must equal; the tests compare them).
    public init(_ r: ServiceRecord, account: Account, in s: SellerState, now: Timestamp) {
        self.init(r, type: s.products[r.productId]?.type, queue: r.queue(for: account, in: s), stall: r.stallReasons(now: now))
    }

    init(_ r: ServiceRecord, type: ProductType?, queue: SupervisionQueue, stall: [StallReason]) {
        self.init(orderId: r.orderId, productId: r.productId, type: type, flow: r.flow, state: r.state, enteredStateAt: r.enteredStateAt,
                  closedAt: r.closedAt, deliveryRejectionCount: r.deliveryRejectionCount, isFrozen: r.isFrozen, queue: queue, stallReasons: stall)
    }

    init(orderId: String, productId: String, type: ProductType?, flow: FlowID, state: SupervisionState, enteredStateAt: Timestamp,
         closedAt: Timestamp?, deliveryRejectionCount: Int, isFrozen: Bool, queue: SupervisionQueue, stallReasons: [StallReason]) {
        self.orderId = orderId; self.productId = productId; self.type = type; self.flow = flow; self.state = state
        self.enteredStateAt = enteredStateAt; self.closedAt = closedAt; self.deliveryRejectionCount = deliveryRejectionCount
        self.isFrozen = isFrozen; self.queue = queue; self.stallReasons = stallReasons
    }

    public var isStalled: Bool { !stallReasons.isEmpty }
}

/// The fields of one record that its facts are worked out from: what the
/// overview keeps of a record in `orders.view` (OverviewInputs), and what a
/// pass over the state reads of each record.
public struct RecordFields: Sendable, Equatable {
    public var orderId: String
    public var productId: String
    public var flow: FlowID
    public var flowVersion: String
    public var state: SupervisionState
    public var isFrozen: Bool
    public var deliveryRejectionCount: Int
    public var enteredStateAt: Timestamp
    public var closedAt: Timestamp?

    public init(_ r: ServiceRecord) {
        self.init(orderId: r.orderId, productId: r.productId, flow: r.flow, flowVersion: r.flowVersion, state: r.state, isFrozen: r.isFrozen,
                  deliveryRejectionCount: r.deliveryRejectionCount, enteredStateAt: r.enteredStateAt, closedAt: r.closedAt)
    }

    public init(orderId: String, productId: String, flow: FlowID, flowVersion: String, state: SupervisionState, isFrozen: Bool,
                deliveryRejectionCount: Int, enteredStateAt: Timestamp, closedAt: Timestamp?) {
        self.orderId = orderId; self.productId = productId; self.flow = flow; self.flowVersion = flowVersion; self.state = state
        self.isFrozen = isFrozen; self.deliveryRejectionCount = deliveryRejectionCount; self.enteredStateAt = enteredStateAt; self.closedAt = closedAt
    }
}

extension SellerState {
    /// The facts of every record `account` sees (`sees`), or of those of `ids`
    /// it sees, at `now`; in no particular order.
    public func recordFacts(for account: Account, now: Timestamp, only ids: Set<String>? = nil) -> [RecordFacts] {
        RecordFacts.facts(recordFields(only: ids), products: products, account: account, now: now)
    }

    /// Each record's fields (of `ids` only, when given), in no particular
    /// order. One copy of each record, on one core: a copy retains all the
    /// record holds, and two cores retaining shared objects at once fought
    /// over their counts (measured in the probe).
    public func recordFields(only ids: Set<String>? = nil) -> [RecordFields] {
        if let ids { return ids.compactMap { records[$0].map(RecordFields.init) } }
        var out: [RecordFields] = []
        out.reserveCapacity(records.count)
        for r in records.values { out.append(RecordFields(r)) }
        return out
    }
}

extension RecordFacts {
    /// The facts of the records `account` sees among `fields`, at `now`, by
    /// the rules in Supervision+Derived. Who a flow waits for is looked up
    /// once per node and a product once, not once per record.
    public static func facts(_ fields: [RecordFields], products: [String: Product], account: Account, now: Timestamp) -> [RecordFacts] {
        // Per product, once: the shop has hundreds of products, not 100k.
        let byProduct = products.mapValues { p in
            RecordProductFacts(type: p.type, sees: SellerState.sees(recordOf: p, account), mayAct: Permissions.mayAct(onRecordOf: p, account: account))
        }
        let unknown = RecordProductFacts(type: nil, sees: SellerState.sees(recordOf: nil, account), mayAct: false)
        var nodes: [NodeKey: Set<ActorKind>] = [:]
        var out: [RecordFacts] = []
        out.reserveCapacity(fields.count)
        for f in fields {
            let product = byProduct[f.productId] ?? unknown
            guard product.sees else { continue }
            func waiting() -> Set<ActorKind> {
                let key = NodeKey(flow: f.flow, version: f.flowVersion, state: f.state)
                if let w = nodes[key] { return w }
                // Routable: a record is made from a catalogued flow, and every load refuses any other.
                let w = FlowCatalog.definition(f.flow, version: f.flowVersion)!.waitingOn(f.state)
                nodes[key] = w
                return w
            }
            let queue = ServiceRecord.queue(for: account, given: ServiceRecord.queue(frozen: f.isFrozen, state: f.state, waiting: waiting)) { product.mayAct }
            let stall = ServiceRecord.stallReasons(state: f.state, frozen: f.isFrozen, enteredStateAt: f.enteredStateAt,
                                                   rejections: f.deliveryRejectionCount, now: now, waiting: waiting)
            out.append(RecordFacts(orderId: f.orderId, productId: f.productId, type: product.type, flow: f.flow, state: f.state,
                                   enteredStateAt: f.enteredStateAt, closedAt: f.closedAt, deliveryRejectionCount: f.deliveryRejectionCount,
                                   isFrozen: f.isFrozen, queue: queue, stallReasons: stall))
        }
        return out
    }
}

/// What the record rules ask of a product, for one account.
private struct RecordProductFacts {
    var type: ProductType?
    var sees: Bool
    var mayAct: Bool
}

/// A node of one flow version: who it waits for is the same for every record there.
private struct NodeKey: Hashable {
    var flow: FlowID
    var version: String
    var state: SupervisionState
}
