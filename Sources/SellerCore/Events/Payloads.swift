// The data each event carries. Field names follow FEED.md where the feed has
// the same fact, so a journal line and a feed line read alike.

public struct ProductUpsert: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var type: ProductType
    public var saleModel: SaleModel
    public var jointScenario: JointScenario?
    public var acceptanceStandard: String?
    public var saleStatus: SaleStatus?

    public init(id: String, name: String, type: ProductType, saleModel: SaleModel,
                jointScenario: JointScenario? = nil, acceptanceStandard: String? = nil, saleStatus: SaleStatus? = nil) {
        self.id = id; self.name = name; self.type = type; self.saleModel = saleModel
        self.jointScenario = jointScenario; self.acceptanceStandard = acceptanceStandard; self.saleStatus = saleStatus
    }
}

public struct OrderCreation: Codable, Hashable, Sendable {
    public var id: String
    public var productId: String
    public var customer: Customer
    public var createdAt: Timestamp
    public var chargingMode: ChargingMode
    public var amount: Money
    public var orderType: OrderType
    public var periodType: PeriodType?
    public var periodNumber: Int?
    public var parentOrderId: String?
    public var instanceId: String?

    public init(id: String, productId: String, customer: Customer, createdAt: Timestamp,
                chargingMode: ChargingMode, amount: Money, orderType: OrderType,
                periodType: PeriodType? = nil, periodNumber: Int? = nil,
                parentOrderId: String? = nil, instanceId: String? = nil) {
        self.id = id; self.productId = productId; self.customer = customer; self.createdAt = createdAt
        self.chargingMode = chargingMode; self.amount = amount; self.orderType = orderType
        self.periodType = periodType; self.periodNumber = periodNumber
        self.parentOrderId = parentOrderId; self.instanceId = instanceId
    }
}

public struct OrderLifecycleChange: Codable, Hashable, Sendable {
    public enum Change: String, Codable, CaseIterable, Sendable { case completed, unsubscribed, expired, released }
    public var orderId: String
    public var change: Change
    public var note: String?

    public init(orderId: String, change: Change, note: String? = nil) {
        self.orderId = orderId; self.change = change; self.note = note
    }
}

public struct SupervisionStep: Codable, Hashable, Sendable {
    public var orderId: String
    public var event: FlowEvent
    public var fields: FieldValues

    public init(orderId: String, event: FlowEvent, fields: FieldValues = .none) {
        self.orderId = orderId; self.event = event; self.fields = fields
    }
}

public struct AppealFiling: Codable, Hashable, Sendable {
    public var appealId: String
    public var orderId: String
    public var reason: String
    public var demands: String?
    public var evidence: [AttachmentRef]

    public init(appealId: String, orderId: String, reason: String, demands: String? = nil, evidence: [AttachmentRef] = []) {
        self.appealId = appealId; self.orderId = orderId; self.reason = reason; self.demands = demands; self.evidence = evidence
    }
}

public struct AppealResolution: Codable, Hashable, Sendable {
    public var appealId: String
    public var outcome: Appeal.Outcome
    public var resolution: String

    public init(appealId: String, outcome: Appeal.Outcome, resolution: String) {
        self.appealId = appealId; self.outcome = outcome; self.resolution = resolution
    }
}

public struct TicketOpening: Codable, Hashable, Sendable {
    public var id: String
    public var productId: String
    public var orderId: String?
    public var customer: Customer
    public var title: String
    public var body: String

    public init(id: String, productId: String, orderId: String? = nil, customer: Customer, title: String, body: String) {
        self.id = id; self.productId = productId; self.orderId = orderId; self.customer = customer
        self.title = title; self.body = body
    }
}

public struct TicketStep: Codable, Hashable, Sendable {
    public var ticketId: String
    public var event: TicketEvent
    public var body: String?
    public var access: AccessKind?
    public var assignee: String?

    public init(ticketId: String, event: TicketEvent, body: String? = nil, access: AccessKind? = nil, assignee: String? = nil) {
        self.ticketId = ticketId; self.event = event; self.body = body; self.access = access; self.assignee = assignee
    }
}

public struct InvoiceRequested: Codable, Hashable, Sendable {
    public var requestId: String
    public var orderId: String
    public var amount: Money
    public var title: String
    public var taxId: String?

    public init(requestId: String, orderId: String, amount: Money, title: String, taxId: String? = nil) {
        self.requestId = requestId; self.orderId = orderId; self.amount = amount; self.title = title; self.taxId = taxId
    }
}

public struct InvoiceIssue: Codable, Hashable, Sendable {
    public var requestId: String
    public var number: String
    /// The invoice's face value; when given it must be the order's full amount [S3].
    public var amount: Money?

    public init(requestId: String, number: String, amount: Money? = nil) {
        self.requestId = requestId; self.number = number; self.amount = amount
    }
}

public struct MessagePost: Codable, Hashable, Sendable {
    public var category: Int
    public var title: String
    public var body: String
    public var orderId: String?
    public var productId: String?

    public init(category: Int, title: String, body: String, orderId: String? = nil, productId: String? = nil) {
        self.category = category; self.title = title; self.body = body; self.orderId = orderId; self.productId = productId
    }
}

public struct MessageMark: Codable, Hashable, Sendable {
    /// Message ids to mark; empty with `all` set marks every message the account sees.
    public var ids: [String]
    public var all: Bool
    public var read: Bool

    public init(ids: [String] = [], all: Bool = false, read: Bool = true) {
        self.ids = ids; self.all = all; self.read = read
    }
}

public struct ProductAuthorization: Codable, Hashable, Sendable {
    public var productId: String
    public var accountId: String

    public init(productId: String, accountId: String) { self.productId = productId; self.accountId = accountId }
}

public struct EntityRef: Codable, Hashable, Sendable {
    public var id: String
    public init(id: String) { self.id = id }
}
