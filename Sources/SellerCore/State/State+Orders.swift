// Orders: creation (opening the service record), lifecycle, renewal chains.
extension SellerState {
    mutating func createOrder(_ o: OrderCreation, _ e: EventEnvelope) throws(DomainError) {
        try requireActor(e, [.platform])
        let ev = e.event.typeName
        try TextRule.checkId(o.id, field: "id", event: ev)
        guard orders[o.id] == nil else { throw .duplicate(.order, id: o.id) }
        guard let product = products[o.productId] else { throw .unknown(.product, id: o.productId) }
        try TextRule.check(o.customer.name, field: "customer.name", event: ev, required: true, max: 200)
        try TextRule.check(o.customer.userName, field: "customer.userName", event: ev, required: true, max: 200)
        if o.chargingMode == .period {
            guard o.periodType != nil else { throw .missingField(event: ev, field: "periodType") }
            guard let n = o.periodNumber else { throw .missingField(event: ev, field: "periodNumber") }
            guard (1...1200).contains(n) else { throw .invalidField(event: ev, field: "periodNumber", reason: "must be 1–1200, not \(n)") }
        }
        if o.amount.fen < 0, o.orderType != .unsubscribe {
            throw .invalidField(event: ev, field: "amount", reason: "is negative (\(o.amount)); only UNSUBSCRIBE orders refund money")
        }
        if let parent = o.parentOrderId {
            guard parent != o.id else { throw .invalidField(event: ev, field: "parentOrderId", reason: "names the order itself") }
            guard orders[parent] != nil else { throw .unknown(.order, id: parent) }
        }

        let flow = recordFlow(for: o, product: product)
        var order = Order(id: o.id, productId: o.productId, customer: o.customer, createdAt: o.createdAt,
                          chargingMode: o.chargingMode, periodType: o.periodType, periodNumber: o.periodNumber,
                          amount: o.amount, orderType: o.orderType, parentOrderId: o.parentOrderId,
                          instanceId: o.instanceId, status: flow == nil ? .completed : .processing)
        if let parent = o.parentOrderId, order.instanceId == nil { order.instanceId = orders[parent]?.instanceId }
        orders[o.id] = order
        if let parent = o.parentOrderId { renewals[parent, default: []].append(o.id) }

        if let flow {
            let review = ReviewRule.required(for: product, orderedAt: o.createdAt)
            records[o.id] = ServiceRecord(
                orderId: o.id, productId: product.id, flow: flow.id, flowVersion: flow.version,
                state: flow.initial, openedAt: e.at, enteredStateAt: e.at, reviewRequired: review,
                acceptanceRuleSet: product.acceptanceRuleSet, requirement: nil, delivery: nil, rejections: [],
                shipping: nil, license: nil, acceptedAt: nil, closedAt: nil, openAppealId: nil, appealIds: [],
                history: [.init(at: e.at, actor: e.actor, kind: .opened, event: nil, from: nil, to: flow.initial,
                                fields: nil, appealId: nil)])
            post(flow.openingMessage, body: "客户\(o.customer.name)购买了「\(product.name)」，订单 \(o.id)，服务监管已开始：\(flow.initial.zh)。",
                 orderId: o.id, productId: product.id, e)
        } else if o.orderType != .unsubscribe {
            post(.productBought, body: "客户\(o.customer.name)购买了「\(product.name)」，订单 \(o.id)。",
                 orderId: o.id, productId: product.id, e)
        }
    }

    /// The flow a new order opens, or nil: unsupervised types, refund orders, and
    /// renewals of an instance whose supervision already completed (DOMAIN §2).
    func recordFlow(for o: OrderCreation, product: Product) -> FlowDefinition? {
        guard product.isSupervised, o.orderType != .unsubscribe else { return nil }
        if o.orderType == .renew, let root = supervisedAncestor(of: o.parentOrderId), root.state == .completed {
            return nil
        }
        return FlowCatalog.flow(for: product.type, orderedAt: o.createdAt)
    }

    /// The nearest record up the renewal chain: renewals that skipped supervision
    /// have none, so the question goes to the order they renewed.
    func supervisedAncestor(of orderId: String?) -> ServiceRecord? {
        var next = orderId
        var seen = Set<String>()
        while let id = next, seen.insert(id).inserted {
            if let r = records[id] { return r }
            next = orders[id]?.parentOrderId
        }
        return nil
    }

    mutating func changeOrderLifecycle(_ c: OrderLifecycleChange, _ e: EventEnvelope) throws(DomainError) {
        try requireActor(e, [.platform])
        guard var order = orders[c.orderId] else { throw .unknown(.order, id: c.orderId) }
        try TextRule.check(c.note, field: "note", event: e.event.typeName, required: false, max: 2000)
        let allowedFrom: [OrderLifecycleChange.Change: Set<OrderStatus>] = [
            .completed: [.processing],
            .unsubscribed: [.processing, .completed],
            .expired: [.processing, .completed],
            .released: [.expired, .unsubscribed],
        ]
        let target: [OrderLifecycleChange.Change: OrderStatus] = [
            .completed: .completed, .unsubscribed: .unsubscribed, .expired: .expired, .released: .released,
        ]
        guard allowedFrom[c.change]!.contains(order.status) else {
            let from = allowedFrom[c.change]!.map(\.zh).sorted().joined(separator: "/")
            throw .refused("order \(order.id): cannot become \(target[c.change]!.zh) from \(order.status.zh); only from \(from)")
        }
        if c.change == .completed, let r = records[order.id], r.state != .completed {
            throw .refused("order \(order.id): cannot become 已完成 while its service record is at \(r.state.zh)")
        }
        if c.change == .unsubscribed, let r = records[order.id], r.isOpen {
            // Closing the record goes through its table, so a frozen record refuses here too.
            try applyStep(SupervisionStep(orderId: order.id, event: .cancel, fields: FieldValues(note: c.note)), e)
        }
        order.status = target[c.change]!
        order.lifecycleNote = c.note ?? order.lifecycleNote
        orders[order.id] = order
    }

    /// Root-first list of the orders sharing this order's renewal chain.
    public func renewalChain(of orderId: String) -> [String] {
        var root = orderId
        var seen: Set<String> = [root]
        while let p = orders[root]?.parentOrderId, seen.insert(p).inserted { root = p }
        var chain: [String] = []
        var queue = [root]
        while !queue.isEmpty {
            let id = queue.removeFirst()
            chain.append(id)
            queue.append(contentsOf: renewals[id] ?? [])
        }
        return chain
    }
}

/// Which orders pass through 华为云复核 (DOMAIN §2 common rules): Huawei
/// products always; joint products in the 赋能云 or 基地云 scenario; and every
/// joint order placed before the 2023-04-28 cut-over.
public enum ReviewRule {
    public static let jointCutover = Timestamp(china: .init(year: 2023, month: 4, day: 28))

    public static func required(for product: Product, orderedAt: Timestamp) -> Bool {
        switch product.saleModel {
        case .huawei: true
        case .joint: orderedAt < jointCutover || product.jointScenario != nil
        case .general, .selfService: false
        }
    }
}
