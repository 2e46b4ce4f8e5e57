@testable import SellerCore

/// Builds event streams for tests: ids and times advance by themselves.
struct Fixture {
    var state = SellerState()
    var clock = Timestamp(china: .init(year: 2026, month: 1, day: 1, hour: 9))
    var counter = 0

    static let mainId = "acme"
    static let deliveryId = "li.delivery"
    static let otherDeliveryId = "zhou.delivery"
    static let supportId = "wang.support"

    var main: Account { state.accounts[Fixture.mainId]! }
    var delivery: Account { state.accounts[Fixture.deliveryId]! }
    var otherDelivery: Account { state.accounts[Fixture.otherDeliveryId]! }
    var support: Account { state.accounts[Fixture.supportId]! }

    /// A store with a main account and three sub-accounts.
    static func withAccounts() throws -> Fixture {
        var f = Fixture()
        try f.apply(.accountAdded(Account(id: mainId, name: "云杉科技", role: .main, mobile: "13800138000", email: "owner@example.cn")), by: .platform)
        try f.apply(.accountAdded(Account(id: deliveryId, name: "李交付", role: .delivery)), by: .account(mainId))
        try f.apply(.accountAdded(Account(id: otherDeliveryId, name: "周交付", role: .delivery)), by: .account(mainId))
        try f.apply(.accountAdded(Account(id: supportId, name: "王客服", role: .support)), by: .account(mainId))
        return f
    }

    mutating func envelope(_ event: DomainEvent, by actor: Actor, advance: Int64 = 60) -> EventEnvelope {
        counter += 1
        clock = clock.adding(seconds: advance)
        return EventEnvelope(id: "evt-\(counter)", at: clock, actor: actor, event: event)
    }

    @discardableResult
    mutating func apply(_ event: DomainEvent, by actor: Actor, advance: Int64 = 60) throws(DomainError) -> EventEnvelope {
        let e = envelope(event, by: actor, advance: advance)
        try state.apply(e)
        return e
    }

    /// Applies and returns the refusal, asserting the state did not change.
    mutating func refusal(_ event: DomainEvent, by actor: Actor) -> DomainError? {
        let before = state
        let e = envelope(event, by: actor)
        do {
            try state.apply(e)
            return nil
        } catch {
            precondition(state == before, "a refused event changed the state")
            return error
        }
    }

    mutating func product(_ id: String, _ type: ProductType, _ model: SaleModel = .general,
                          scenario: JointScenario? = nil, name: String? = nil) throws {
        try apply(.productUpserted(ProductUpsert(id: id, name: name ?? "商品\(id)", type: type, saleModel: model,
                                                 jointScenario: scenario, acceptanceStandard: "按合同验收")), by: .platform)
    }

    mutating func order(_ id: String, product: String, at: Timestamp? = nil, type: OrderType = .new, parent: String? = nil,
                        months: Int = 1, amount: Money = Money(yuan: 1200), mobile: String? = nil) throws {
        let o = OrderCreation(id: id, productId: product,
                              customer: Customer(id: "cust-\(id)", name: "张伟", userName: "zhangwei01", mobile: mobile),
                              createdAt: at ?? clock, chargingMode: .period, amount: amount, orderType: type,
                              periodType: .month, periodNumber: months, parentOrderId: parent)
        if let at, at > clock { clock = at }
        try apply(.orderCreated(o), by: .platform)
    }

    mutating func step(_ orderId: String, _ event: FlowEvent, by actor: Actor, _ fields: FieldValues = .none,
                       advance: Int64 = 60) throws(DomainError) {
        try apply(.supervision(SupervisionStep(orderId: orderId, event: event, fields: fields)), by: actor, advance: advance)
    }

    func record(_ orderId: String) -> ServiceRecord { state.records[orderId]! }

    static let doc = AttachmentRef(name: "验收文档.pdf", size: 2048, sha256: String(repeating: "a", count: 64))
    static let deliveryFields = FieldValues(resultDescription: "已完成环境配置\n详见验收文档", documents: [doc])
}

extension ActorKind {
    /// The actor a test uses for a row's actor kind.
    var testActor: Actor {
        switch self {
        case .merchant: .account(Fixture.mainId)
        case .buyer: .buyer
        case .reviewer: .reviewer
        case .platform: .platform
        case .operations: .operations
        }
    }
}
