// Orders: creation (opening the service record), lifecycle, renewal chains.
extension SellerState {
    mutating func createOrder(_ o: OrderCreation, _ e: EventEnvelope) throws(DomainError) {
        try requireActor(e, [.platform])
        let ev = e.event.typeName
        try TextRule.checkId(o.id, field: "id", event: ev)
        if let stored = orders[o.id] { throw .resent(.order, id: o.id, differences: stored.differences(from: o)) }
        guard let product = products[o.productId] else { throw .unknown(.product, id: o.productId) }
        try TextRule.check(o.customer.name, field: "customer.name", event: ev, required: true, max: 200)
        try TextRule.check(o.customer.userName, field: "customer.userName", event: ev, required: true, max: 200)
        if o.chargingMode == .period {
            guard o.periodType != nil else { throw .missingField(event: ev, field: "periodType") }
            guard let n = o.periodNumber else { throw .missingField(event: ev, field: "periodNumber") }
            guard (1...1200).contains(n) else { throw .invalidField(event: ev, field: "periodNumber", reason: .text("must be 1–1200, not \(n)")) }
        }
        if o.amount.fen < 0, o.orderType != .unsubscribe {
            throw .invalidField(event: ev, field: "amount", reason: .text("is negative (\(o.amount)); only UNSUBSCRIBE orders refund money"))
        }
        if let parent = o.parentOrderId {
            guard parent != o.id else { throw .invalidField(event: ev, field: "parentOrderId", reason: .text("names the order itself")) }
            guard orders[parent] != nil else { throw .unknown(.order, id: parent) }
        }

        let seedReading = rules == .seedReading
        if seedReading, let i = o.instanceId { try TextRule.checkId(i, field: "instanceId", event: ev) }

        // A renewal may name only its instance: the platform identifies the
        // resource by instanceId and gives every renewal a new orderId [U16b].
        // The chain then links it to the instance's latest earlier order.
        let parentId = o.parentOrderId ?? (seedReading && o.orderType == .renew ? latestOrder(onInstance: o.instanceId) : nil)
        let flow = recordFlow(for: o, product: product, parent: parentId)
        // Built before anything changes: a time the store cannot hold refuses the whole event.
        var opening = HistoryLog()
        if let flow {
            let first = ServiceRecord.HistoryEntry(at: e.at, actor: e.actor, kind: .opened, event: nil, from: nil, to: flow.initial,
                                                   fields: nil, appealId: nil)
            do { try opening.append(first) } catch { throw .refused("order \(o.id): its record's opening at \(e.at.seconds) s cannot be stored") }
        }
        var order = Order(id: o.id, productId: o.productId, customer: o.customer, createdAt: o.createdAt,
                          chargingMode: o.chargingMode, periodType: o.periodType, periodNumber: o.periodNumber,
                          amount: o.amount, orderType: o.orderType, parentOrderId: parentId,
                          instanceId: o.instanceId, status: flow == nil ? .completed : .processing)
        if let parent = parentId, order.instanceId == nil { order.instanceId = orders[parent]?.instanceId }
        orders[o.id] = order
        if let parent = parentId { renewals[parent, default: []].append(o.id) }
        if let i = order.instanceId { instanceOrders.insert(o.id, on: i) }

        if let flow {
            let review = ReviewRule.required(for: product, orderedAt: o.createdAt)
            records[o.id] = ServiceRecord(
                orderId: o.id, productId: product.id, flow: flow.id, flowVersion: flow.version,
                state: flow.initial, openedAt: e.at, enteredStateAt: e.at, reviewRequired: review,
                acceptanceRuleSet: product.acceptanceRuleSet, requirementBox: nil, deliveryBox: nil, rejections: [],
                shippingBox: nil, licenseBox: nil, acceptedAt: nil, closedAt: nil, openAppealId: nil, appealIds: [],
                historyLog: opening)
            post(flow.openingMessage, body: "客户\(o.customer.name)购买了「\(product.name)」，订单 \(o.id)，服务监管已开始：\(flow.initial.zh)。",
                 orderId: o.id, productId: product.id, e)
        } else if o.orderType != .unsubscribe {
            post(.productBought, body: "客户\(o.customer.name)购买了「\(product.name)」，订单 \(o.id)。",
                 orderId: o.id, productId: product.id, e)
        }
    }

    /// The flow a new order opens, or nil: unsupervised types, refund orders, and
    /// renewals of an instance whose supervision already completed —
    /// 「如用户对已完成服务监管的商品订单进行续费,新续费的订单将不涉及服务监管流程」 [S0] —
    /// whether the renewal names its parent order, its instance, or both.
    func recordFlow(for o: OrderCreation, product: Product, parent: String?) -> FlowDefinition? {
        guard product.isSupervised, o.orderType != .unsubscribe else { return nil }
        if o.orderType == .renew {
            if let root = supervisedAncestor(of: parent), root.state == .completed { return nil }
            if rules == .seedReading, let i = o.instanceId ?? parent.flatMap({ orders[$0]?.instanceId }), instanceCompletedSupervision(i) { return nil }
        }
        return FlowCatalog.flow(for: product.type, orderedAt: o.createdAt, rules: rules)
    }

    /// Whether any order on the instance finished its supervision.
    func instanceCompletedSupervision(_ instanceId: String) -> Bool {
        (instanceOrders[instanceId] ?? []).contains { records[$0]?.state == .completed }
    }

    /// The instance's most recent order that is not a refund (latest creation
    /// time, ties by id), to which a renewal naming only the instance belongs.
    func latestOrder(onInstance instanceId: String?) -> String? {
        guard let i = instanceId, let ids = instanceOrders[i] else { return nil }
        return ids.compactMap { orders[$0] }.filter { $0.orderType != .unsubscribe }
            .max { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }?.id
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
        // The platform retries its notices (商品过期 for an hour [S1]): a change
        // already made is a duplicate, not an error.
        if order.status == target[c.change]! { throw .resent(.order, id: order.id, differences: []) }
        guard allowedFrom[c.change]!.contains(order.status) else {
            throw .rule(.orderCannotBecome(orderId: order.id, target: target[c.change]!, from: order.status,
                                           allowed: allowedFrom[c.change]!.sorted { $0.zh < $1.zh }))
        }
        if c.change == .completed, let r = records[order.id], r.state != .completed {
            throw .rule(.orderCompletedWhileRecordOpen(orderId: order.id, recordState: r.state))
        }
        if c.change == .unsubscribed, let r = records[order.id], r.isOpen {
            // Closing the record goes through its table. A frozen record closes
            // too: the platform decides (buyer and merchant appeal to it [S2]),
            // and its open appeals close with the record.
            try applyStep(SupervisionStep(orderId: order.id, event: .cancel, fields: FieldValues(note: c.note)), e, ignoringFreeze: true)
            try closeOpenAppeals(orderId: order.id, note: c.note, e)
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
