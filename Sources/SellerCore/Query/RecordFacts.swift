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

extension SellerState {
    /// The facts of every record `account` sees (`sees`), or of those of `ids`
    /// it sees, at `now`; in no particular order. Who a flow waits for is
    /// looked up once per node and a product once, not once per record.
    public func recordFacts(for account: Account, now: Timestamp, only ids: Set<String>? = nil) -> [RecordFacts] {
        // Per product, once: the shop has hundreds of products, not 100k.
        let byProduct = products.mapValues { p in
            RecordProductFacts(type: p.type, sees: Self.sees(recordOf: p, account), mayAct: Permissions.mayAct(onRecordOf: p, account: account))
        }
        let unknown = RecordProductFacts(type: nil, sees: Self.sees(recordOf: nil, account), mayAct: false)
        var nodes: [NodeKey: Set<ActorKind>] = [:]
        var out: [RecordFacts] = []
        // Only fields are handed on, on one core: a record handed whole to a
        // function or captured by a closure is copied again, retaining all it
        // holds (so is each read through `values[i]`, whose getter copies);
        // and two cores retaining shared objects at once fought over their
        // counts. (The loop's own copy of each record stays: measured, neither
        // reading its fields first into a compact array nor reading them by
        // index avoids it for a struct this large.)
        func take(orderId: String, productId: String, flow: FlowID, version: String, state: SupervisionState, frozen: Bool,
                  rejections: Int, entered: Timestamp, closed: Timestamp?) {
            let product = byProduct[productId] ?? unknown
            guard product.sees else { return }
            func waiting() -> Set<ActorKind> {
                let key = NodeKey(flow: flow, version: version, state: state)
                if let w = nodes[key] { return w }
                // Routable: a record is made from a catalogued flow, and a load refuses any other.
                let w = FlowCatalog.definition(flow, version: version)!.waitingOn(state)
                nodes[key] = w
                return w
            }
            let queue = ServiceRecord.queue(for: account, given: ServiceRecord.queue(frozen: frozen, state: state, waiting: waiting)) { product.mayAct }
            let stall = ServiceRecord.stallReasons(state: state, frozen: frozen, enteredStateAt: entered, rejections: rejections,
                                                   now: now, waiting: waiting)
            out.append(RecordFacts(orderId: orderId, productId: productId, type: product.type, flow: flow, state: state,
                                   enteredStateAt: entered, closedAt: closed, deliveryRejectionCount: rejections,
                                   isFrozen: frozen, queue: queue, stallReasons: stall))
        }
        if let ids {
            for id in ids {
                guard let r = records[id] else { continue }
                take(orderId: r.orderId, productId: r.productId, flow: r.flow, version: r.flowVersion, state: r.state, frozen: r.isFrozen,
                     rejections: r.deliveryRejectionCount, entered: r.enteredStateAt, closed: r.closedAt)
            }
        } else {
            out.reserveCapacity(records.count)
            for r in records.values {
                take(orderId: r.orderId, productId: r.productId, flow: r.flow, version: r.flowVersion, state: r.state, frozen: r.isFrozen,
                     rejections: r.deliveryRejectionCount, entered: r.enteredStateAt, closed: r.closedAt)
            }
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
