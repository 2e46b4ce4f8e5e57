import Foundation

/// The fold of `interface.call`: the recent calls are kept in full (the 接口
/// pane and `seller calls` read them), every call is counted in `callStats`;
/// an accepted real call's change is applied to the instances after it is
/// checked against them. What a call *should*
/// change is decided by `InterfaceRules`; this only refuses what cannot be.
extension SellerState {
    static func orderLineKey(_ orderId: String, _ orderLineId: String) -> String { orderId + "\u{1F}" + orderLineId }

    /// The instance created for an order line, if any.
    public func instance(orderId: String, orderLineId: String) -> Instance? {
        instanceByOrderLine[Self.orderLineKey(orderId, orderLineId)].flatMap { instances[$0] }
    }

    /// The instance id a test (`testFlag=1`) newInstance already answered for an order line.
    public func testInstanceId(orderId: String, orderLineId: String) -> String? {
        testInstanceByOrderLine[Self.orderLineKey(orderId, orderLineId)]
    }

    /// Instances of an order, oldest first.
    public func instances(ofOrder orderId: String) -> [Instance] {
        instances.values.filter { $0.orderId == orderId }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    mutating func recordInterfaceCall(_ c: InterfaceCall, _ e: EventEnvelope) throws(DomainError) {
        try requireActor(e, [.platform])
        let event = "interface.call"
        try TextRule.check(c.resultCode, field: "resultCode", event: event, required: true, max: 6)
        if let n = c.count, n < 1 || n > 1_000_000_000 {
            throw .invalidField(event: event, field: "count", reason: .text("\(n) is not a number of calls from 1 to 10⁹"))
        }
        if let n = c.count, n > 1, c.succeeded || c.change != nil {
            throw .invalidField(event: event, field: "count", reason: .text("only refused calls are aggregated"))
        }
        if let change = c.change {
            guard !c.test, c.succeeded else {
                throw .invalidField(event: event, field: "change", reason: .text("only an accepted call without testFlag changes an instance"))
            }
            try apply(change, event: event)
        }
        var c = c
        if c.id == nil { c.id = e.id }
        countCall(c)
        noteCall(c)
        trimCalls()
    }

    private mutating func apply(_ change: InstanceChange, event: String) throws(DomainError) {
        func existing(_ id: String) throws(DomainError) -> Instance {
            guard let i = instances[id] else { throw .invalidField(event: event, field: "instanceId", reason: .text("no instance '\(id)'")) }
            guard i.status != .released else { throw .invalidField(event: event, field: "instanceId", reason: .text("instance '\(id)' is released")) }
            return i
        }
        switch change {
        case .created(let i):
            try TextRule.checkId(i.id, field: "instanceId", event: event)
            guard instances[i.id] == nil else { throw .invalidField(event: event, field: "instanceId", reason: .text("instance '\(i.id)' already exists")) }
            guard instance(orderId: i.orderId, orderLineId: i.orderLineId) == nil else {
                throw .invalidField(event: event, field: "orderLineId", reason: .text("order line \(i.orderId) / \(i.orderLineId) already has an instance"))
            }
            noteInstance(i)
        case .status(let id, let to):
            var i = try existing(id)
            i.status = to
            instances[id] = i
        case .refreshed(let id, let key, let expire, let productId):
            var i = try existing(id)
            guard !i.appliedOrders.contains(key) else { throw .invalidField(event: event, field: "orderId", reason: .text("\(key) was already applied to '\(id)'")) }
            i.expireTime = expire
            if let p = productId { i.productId = p }
            i.appliedOrders.append(key)
            instances[id] = i
        case .upgraded(let id, let key):
            var i = try existing(id)
            guard !i.appliedOrders.contains(key) else { throw .invalidField(event: event, field: "orderId", reason: .text("\(key) was already applied to '\(id)'")) }
            i.appliedOrders.append(key)
            instances[id] = i
        }
    }

    /// Also how a snapshot's instance lines are loaded, so the index is rebuilt the same way.
    mutating func noteInstance(_ i: Instance) {
        instances[i.id] = i
        // The production interface's instances name their order too: a renewal
        // naming the instance finds it (issue 13's renewals by instance).
        instanceOrders.insert(i.orderId, on: i.id)
        instanceByOrderLine[Self.orderLineKey(i.orderId, i.orderLineId)] = i.id
    }

    /// Also how a snapshot's call lines are loaded (they are counted in its `callStats` line).
    mutating func noteCall(_ c: InterfaceCall) {
        calls.append(c)
        if c.test, c.succeeded, c.activity == "newInstance", let o = c.orderId, let l = c.orderLineId, let id = c.instanceId {
            let key = Self.orderLineKey(o, l)
            if testInstanceByOrderLine[key] == nil { testInstanceByOrderLine[key] = id }
            if callStats.testInstances[key] == nil { callStats.testInstances[key] = id }
            testInstances.insert(id)
        }
    }
}
