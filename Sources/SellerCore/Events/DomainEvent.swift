import Foundation

/// Every change to stored state. Platform events (FEED.md) and merchant
/// actions alike; the actor is on the envelope.
public enum DomainEvent: Hashable, Sendable {
    case productUpserted(ProductUpsert)
    case orderCreated(OrderCreation)
    case orderLifecycle(OrderLifecycleChange)
    case supervision(SupervisionStep)
    case appealFiled(AppealFiling)
    case appealResolved(AppealResolution)
    case ticketOpened(TicketOpening)
    case ticket(TicketStep)
    case invoiceRequested(InvoiceRequested)
    case invoiceIssued(InvoiceIssue)
    case messagePosted(MessagePost)
    case messagesMarked(MessageMark)
    case receiverAdded(MessageReceiver)
    case receiverUpdated(MessageReceiver)
    case receiverRemoved(EntityRef)
    case accountAdded(Account)
    case productAuthorized(ProductAuthorization)
    case productAuthorizationRevoked(EntityRef)
    case billPublished(BillPublication)
    case billStatusChanged(BillStatusChange)
    case billInvoiced(BillInvoicing)
    /// A call to the production interface (`seller serve`), with the instance change it made.
    case interfaceCall(InterfaceCall)
    /// The whole time a call took, written once its answer is out.
    case interfaceCallTime(InterfaceCallTime)

    /// The `type` written in the journal.
    public var typeName: String {
        switch self {
        case .productUpserted: "product.upserted"
        case .orderCreated: "order.created"
        case .orderLifecycle: "order.lifecycle"
        case .supervision: "supervision.step"
        case .appealFiled: "appeal.filed"
        case .appealResolved: "appeal.resolved"
        case .ticketOpened: "ticket.opened"
        case .ticket: "ticket.step"
        case .invoiceRequested: "invoice.requested"
        case .invoiceIssued: "invoice.issued"
        case .messagePosted: "message.posted"
        case .messagesMarked: "messages.marked"
        case .receiverAdded: "receiver.added"
        case .receiverUpdated: "receiver.updated"
        case .receiverRemoved: "receiver.removed"
        case .accountAdded: "account.added"
        case .productAuthorized: "product.authorized"
        case .productAuthorizationRevoked: "product.revoked"
        case .billPublished: "bill.published"
        case .billStatusChanged: "bill.status_changed"
        case .billInvoiced: "bill.invoiced"
        case .interfaceCall: "interface.call"
        case .interfaceCallTime: "interface.call_time"
        }
    }

    /// Whether the store remembers the event's id (to tell a re-sent event
    /// from a new one). `seller serve` names its call records itself, one
    /// fresh id per call, and nothing ever sends them again: remembering
    /// them would grow memory and every snapshot with each call heard.
    public var keepsItsId: Bool {
        switch self {
        case .interfaceCall, .interfaceCallTime: false
        default: true
        }
    }
}

/// One event with its identity, time and actor: the unit the journal stores.
public struct EventEnvelope: Hashable, Sendable, Codable {
    public var id: String
    public var at: Timestamp
    public var actor: Actor
    public var event: DomainEvent

    public init(id: String, at: Timestamp, actor: Actor, event: DomainEvent) {
        self.id = id; self.at = at; self.actor = actor; self.event = event
    }

    private enum Keys: String, CodingKey { case id, type, at, actor, data, seq }

    /// The type prefix of merchant actions in the outbox and the feed.
    public static let outboxPrefix = "merchant."

    /// Whether the event is the merchant's own doing (an outbox line), as
    /// opposed to a fact from the platform side.
    public var isMerchantAction: Bool { actor.kind == .merchant || event.isBootstrap }

    /// The outbox form: `{"seq":…,"id":…,"type":"merchant.…","at":…,"actor":…,"data":…}`
    /// (without `seq` when the line travels in a feed rather than from a store).
    public func outboxLine(seq: Int?) throws -> Data {
        Data(try FastJSON.encode(OutboxLine(seq: seq, envelope: self)))
    }

    private struct OutboxLine: Encodable {
        var seq: Int?
        var envelope: EventEnvelope
        func encode(to encoder: any Encoder) throws {
            try envelope.encode(to: encoder, typePrefix: EventEnvelope.outboxPrefix)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encodeIfPresent(seq, forKey: .seq)
        }
    }

    // `{"id":…,"type":"order.created","at":…,"actor":…,"data":{…}}`: the type
    // sits beside the id so a reader can dispatch before decoding the payload.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        id = try c.decode(String.self, forKey: .id)
        at = try c.decode(Timestamp.self, forKey: .at)
        actor = try c.decode(Actor.self, forKey: .actor)
        var type = try c.decode(String.self, forKey: .type)
        // Outbox lines name merchant actions `merchant.<type>`; the event is the same.
        if type.hasPrefix(EventEnvelope.outboxPrefix) { type.removeFirst(EventEnvelope.outboxPrefix.count) }
        func data<T: Decodable>(_: T.Type) throws -> T { try c.decode(T.self, forKey: .data) }
        switch type {
        case "product.upserted": event = .productUpserted(try data(ProductUpsert.self))
        case "order.created": event = .orderCreated(try data(OrderCreation.self))
        case "order.lifecycle": event = .orderLifecycle(try data(OrderLifecycleChange.self))
        case "supervision.step": event = .supervision(try data(SupervisionStep.self))
        case "appeal.filed": event = .appealFiled(try data(AppealFiling.self))
        case "appeal.resolved": event = .appealResolved(try data(AppealResolution.self))
        case "ticket.opened": event = .ticketOpened(try data(TicketOpening.self))
        case "ticket.step": event = .ticket(try data(TicketStep.self))
        case "invoice.requested": event = .invoiceRequested(try data(InvoiceRequested.self))
        case "invoice.issued": event = .invoiceIssued(try data(InvoiceIssue.self))
        case "message.posted": event = .messagePosted(try data(MessagePost.self))
        case "messages.marked": event = .messagesMarked(try data(MessageMark.self))
        case "receiver.added": event = .receiverAdded(try data(MessageReceiver.self))
        case "receiver.updated": event = .receiverUpdated(try data(MessageReceiver.self))
        case "receiver.removed": event = .receiverRemoved(try data(EntityRef.self))
        case "account.added": event = .accountAdded(try data(Account.self))
        case "product.authorized": event = .productAuthorized(try data(ProductAuthorization.self))
        case "product.revoked": event = .productAuthorizationRevoked(try data(EntityRef.self))
        case "bill.published": event = .billPublished(try data(BillPublication.self))
        case "bill.status_changed": event = .billStatusChanged(try data(BillStatusChange.self))
        case "bill.invoiced": event = .billInvoiced(try data(BillInvoicing.self))
        case "interface.call": event = .interfaceCall(try data(InterfaceCall.self))
        case "interface.call_time": event = .interfaceCallTime(try data(InterfaceCallTime.self))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c,
                debugDescription: "unknown event type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws { try encode(to: encoder, typePrefix: "") }

    func encode(to encoder: any Encoder, typePrefix: String) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(typePrefix + event.typeName, forKey: .type)
        try c.encode(at, forKey: .at)
        try c.encode(actor, forKey: .actor)
        switch event {
        case .productUpserted(let p): try c.encode(p, forKey: .data)
        case .orderCreated(let p): try c.encode(p, forKey: .data)
        case .orderLifecycle(let p): try c.encode(p, forKey: .data)
        case .supervision(let p): try c.encode(p, forKey: .data)
        case .appealFiled(let p): try c.encode(p, forKey: .data)
        case .appealResolved(let p): try c.encode(p, forKey: .data)
        case .ticketOpened(let p): try c.encode(p, forKey: .data)
        case .ticket(let p): try c.encode(p, forKey: .data)
        case .invoiceRequested(let p): try c.encode(p, forKey: .data)
        case .invoiceIssued(let p): try c.encode(p, forKey: .data)
        case .messagePosted(let p): try c.encode(p, forKey: .data)
        case .messagesMarked(let p): try c.encode(p, forKey: .data)
        case .receiverAdded(let p): try c.encode(p, forKey: .data)
        case .receiverUpdated(let p): try c.encode(p, forKey: .data)
        case .receiverRemoved(let p): try c.encode(p, forKey: .data)
        case .accountAdded(let p): try c.encode(p, forKey: .data)
        case .productAuthorized(let p): try c.encode(p, forKey: .data)
        case .productAuthorizationRevoked(let p): try c.encode(p, forKey: .data)
        case .billPublished(let p): try c.encode(p, forKey: .data)
        case .billStatusChanged(let p): try c.encode(p, forKey: .data)
        case .billInvoiced(let p): try c.encode(p, forKey: .data)
        case .interfaceCall(let p): try c.encode(p, forKey: .data)
        case .interfaceCallTime(let p): try c.encode(p, forKey: .data)
        }
    }
}
