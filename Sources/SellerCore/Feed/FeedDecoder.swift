import Foundation

/// Reads the platform feed of FEED.md: one JSON object per line,
/// `{"id":…,"type":…,"at":…, …fields of the type…}`, and turns each into a
/// typed event with the actor the type implies. The feed carries platform
/// facts only: a `merchant.*` line (what `seller outbox` writes) is refused
/// unless the caller asked for an explicit replay (`seller ingest
/// --replay-outbox`, the demo builder), so a feed can never act as the merchant.
public enum FeedDecoder {
    /// How long a feed event id may be: the same bound as entity ids.
    public static let maxIdLength = 128
    /// Which actor each platform type speaks for.
    static let actors: [String: Actor] = [
        "product.upserted": .platform, "order.created": .platform,
        "order.unsubscribed": .platform, "order.expired": .platform, "order.released": .platform, "order.completed": .platform,
        "supervision.requirements_submitted": .buyer, "supervision.identifier_submitted": .buyer,
        "supervision.review_passed": .reviewer, "supervision.review_failed": .reviewer,
        "supervision.buyer_accepted": .buyer, "supervision.buyer_rejected": .buyer,
        "supervision.auto_accepted": .platform, "supervision.address_changed": .buyer,
        "appeal.filed": .buyer, "appeal.resolved": .operations,
        "ticket.opened": .buyer, "ticket.customer_replied": .buyer, "ticket.closed_by_customer": .buyer,
        "invoice.requested": .buyer, "message.posted": .platform,
        "bill.published": .platform, "bill.status_changed": .platform,
    ]

    public static var platformTypes: [String] { actors.keys.sorted() }

    public struct LineError: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    private struct Head: Decodable { var id: String?; var type: String?; var at: String? }

    // Shapes of the feed's payloads.
    private struct ProductWire: Decodable {
        var id: String; var name: String; var type: ProductType; var saleModel: SaleModel
        var jointScenario: JointScenario?; var acceptanceStandard: String?; var saleStatus: SaleStatus?
    }
    private struct OrderWire: Decodable {
        var id: String; var productId: String; var customer: Customer; var createdAt: Timestamp
        var chargingMode: ChargingMode; var amount: Money; var orderType: OrderType
        var periodType: PeriodType?; var periodNumber: Int?; var parentOrderId: String?; var instanceId: String?
    }
    private struct TicketWire: Decodable {
        var id: String; var productId: String; var customer: Customer; var title: String; var body: String; var orderId: String?
    }
    private struct Wrapped<T: Decodable>: Decodable { var product: T? ; var order: T?; var ticket: T? }
    private struct OrderRef: Decodable { var orderId: String; var note: String? }
    private struct Requirements: Decodable { var orderId: String; var text: String; var attachments: [AttachmentRef]? }
    private struct Identifier: Decodable { var orderId: String; var identifier: String }
    private struct Rejected: Decodable { var orderId: String; var reason: String }
    private struct AutoAccepted: Decodable { var orderId: String; var cause: AutoAcceptCause }
    private struct Address: Decodable { var orderId: String; var address: String }
    private struct AppealWire: Decodable { var appealId: String; var orderId: String; var reason: String; var demands: String?; var attachments: [AttachmentRef]? }
    private struct ResolutionWire: Decodable { var appealId: String; var outcome: Appeal.Outcome; var resolution: String }
    private struct TicketBody: Decodable { var ticketId: String; var body: String }
    private struct TicketRef: Decodable { var ticketId: String }
    private struct InvoiceWire: Decodable { var requestId: String; var orderId: String; var amount: Money; var title: String; var taxId: String? }
    private struct BillWire: Decodable { var bill: BillContent? }
    private struct MessageWire: Decodable { var category: Int; var title: String; var body: String; var orderId: String?; var productId: String? }

    /// Decodes one line (without its newline).
    /// `replay`: accept `merchant.*` lines (another console's outbox), never
    /// for a plain feed.
    public static func decode(_ line: some Collection<UInt8>, replay: Bool = false) -> Result<EventEnvelope, LineError> {
        guard String(validating: line, as: UTF8.self) != nil else { return .failure(LineError(reason: "invalid UTF-8")) }
        if line.starts(with: [0xEF, 0xBB, 0xBF]) {
            return .failure(LineError(reason: "starts with a byte-order mark (EF BB BF); save the feed as UTF-8 without BOM"))
        }
        do {
            return try FastJSON.withRoot(line) { root in decode(root, replay: replay) }
        } catch {
            return .failure(LineError(reason: "not a JSON object: \(LineFrame.explain(error))"))
        }
    }

    private static func decode(_ root: JSONValueDecoder, replay: Bool) -> Result<EventEnvelope, LineError> {
        let head: Head
        do { head = try Head(from: root) } catch {
            return .failure(LineError(reason: "not a JSON object: \(LineFrame.explain(error))"))
        }
        guard let id = head.id, !id.isEmpty else { return .failure(LineError(reason: "missing required field 'id'")) }
        guard id.utf8.count <= maxIdLength, !id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }) else {
            return .failure(LineError(reason: "field id: must be 1–\(maxIdLength) bytes without spaces or control characters (\(id.utf8.count) bytes given)"))
        }
        guard let type = head.type else { return .failure(LineError(reason: "event \(id): missing required field 'type'")) }
        if type.hasPrefix("merchant.") {
            guard replay else {
                return .failure(LineError(reason: "event \(id): type \(type) is a merchant action; a feed carries platform facts only (FEED.md), merchant actions come from the merchant's own commands (replay another console's outbox with `seller ingest --replay-outbox`)"))
            }
            do {
                let e = try EventEnvelope(from: root)
                if let why = e.at.implausibility { return .failure(LineError(reason: "event \(id): field at: \(why)")) }
                guard e.actor.kind == .merchant || e.event.isBootstrap else {
                    return .failure(LineError(reason: "event \(id): merchant actions carry an account actor, not \(e.actor)"))
                }
                return .success(e)
            } catch {
                return .failure(LineError(reason: "event \(id) (\(type)): \(LineFrame.explain(error))"))
            }
        }
        guard let actor = actors[type] else {
            return .failure(LineError(reason: "event \(id): unknown type '\(type)'"))
        }
        guard let atText = head.at else { return .failure(LineError(reason: "event \(id): missing required field 'at'")) }
        guard let at = Timestamp(iso8601: atText) else { return .failure(LineError(reason: "event \(id): field at: not an ISO-8601 time between years 0000 and 9999: \(atText)")) }
        if let why = at.implausibility { return .failure(LineError(reason: "event \(id): field at: \(why)")) }
        func payload<T: Decodable>(_: T.Type) throws -> T { try T(from: root) }
        do {
            let event: DomainEvent
            switch type {
            case "product.upserted":
                guard let p = try payload(Wrapped<ProductWire>.self).product else { throw missing("product") }
                event = .productUpserted(ProductUpsert(id: p.id, name: p.name, type: p.type, saleModel: p.saleModel, jointScenario: p.jointScenario,
                                                       acceptanceStandard: p.acceptanceStandard, saleStatus: p.saleStatus))
            case "order.created":
                guard let o = try payload(Wrapped<OrderWire>.self).order else { throw missing("order") }
                if let why = o.createdAt.implausibility { throw LineError(reason: "field order.createdAt: \(why)") }
                if o.createdAt > at.adding(days: 1) { throw LineError(reason: "field order.createdAt: \(o.createdAt.iso8601) is after the event's own time \(at.iso8601)") }
                event = .orderCreated(OrderCreation(id: o.id, productId: o.productId, customer: o.customer, createdAt: o.createdAt,
                                                    chargingMode: o.chargingMode, amount: o.amount, orderType: o.orderType, periodType: o.periodType,
                                                    periodNumber: o.periodNumber, parentOrderId: o.parentOrderId, instanceId: o.instanceId))
            case "order.unsubscribed", "order.expired", "order.released", "order.completed":
                let r = try payload(OrderRef.self)
                let change: OrderLifecycleChange.Change = [
                    "order.unsubscribed": .unsubscribed, "order.expired": .expired, "order.released": .released, "order.completed": .completed,
                ][type]!
                event = .orderLifecycle(OrderLifecycleChange(orderId: r.orderId, change: change, note: r.note))
            case "supervision.requirements_submitted":
                let r = try payload(Requirements.self)
                event = .supervision(SupervisionStep(orderId: r.orderId, event: .submitRequirements,
                                                     fields: FieldValues(requirementText: r.text, requirementAttachments: r.attachments)))
            case "supervision.identifier_submitted":
                let r = try payload(Identifier.self)
                event = .supervision(SupervisionStep(orderId: r.orderId, event: .submitIdentifier, fields: FieldValues(identifier: r.identifier)))
            case "supervision.review_passed", "supervision.review_failed":
                let r = try payload(OrderRef.self)
                event = .supervision(SupervisionStep(orderId: r.orderId, event: type.hasSuffix("passed") ? .reviewPass : .reviewFail,
                                                     fields: FieldValues(note: r.note)))
            case "supervision.buyer_accepted":
                event = .supervision(SupervisionStep(orderId: try payload(OrderRef.self).orderId, event: .buyerAccept))
            case "supervision.buyer_rejected":
                let r = try payload(Rejected.self)
                event = .supervision(SupervisionStep(orderId: r.orderId, event: .buyerReject, fields: FieldValues(reason: r.reason)))
            case "supervision.auto_accepted":
                let r = try payload(AutoAccepted.self)
                event = .supervision(SupervisionStep(orderId: r.orderId, event: .autoAccept, fields: FieldValues(cause: r.cause)))
            case "supervision.address_changed":
                let r = try payload(Address.self)
                event = .supervision(SupervisionStep(orderId: r.orderId, event: .changeAddress, fields: FieldValues(address: r.address)))
            case "appeal.filed":
                let a = try payload(AppealWire.self)
                event = .appealFiled(AppealFiling(appealId: a.appealId, orderId: a.orderId, reason: a.reason, demands: a.demands, evidence: a.attachments ?? []))
            case "appeal.resolved":
                let r = try payload(ResolutionWire.self)
                event = .appealResolved(AppealResolution(appealId: r.appealId, outcome: r.outcome, resolution: r.resolution))
            case "ticket.opened":
                guard let t = try payload(Wrapped<TicketWire>.self).ticket else { throw missing("ticket") }
                event = .ticketOpened(TicketOpening(id: t.id, productId: t.productId, orderId: t.orderId, customer: t.customer, title: t.title, body: t.body))
            case "ticket.customer_replied":
                let r = try payload(TicketBody.self)
                event = .ticket(TicketStep(ticketId: r.ticketId, event: .customerReply, body: r.body))
            case "ticket.closed_by_customer":
                event = .ticket(TicketStep(ticketId: try payload(TicketRef.self).ticketId, event: .closeByCustomer))
            case "invoice.requested":
                let r = try payload(InvoiceWire.self)
                event = .invoiceRequested(InvoiceRequested(requestId: r.requestId, orderId: r.orderId, amount: r.amount, title: r.title, taxId: r.taxId))
            case "message.posted":
                let m = try payload(MessageWire.self)
                event = .messagePosted(MessagePost(category: m.category, title: m.title, body: m.body, orderId: m.orderId, productId: m.productId))
            case "bill.published":
                guard let b = try payload(BillWire.self).bill else { throw missing("bill") }
                event = .billPublished(BillPublication(bill: b))
            case "bill.status_changed":
                event = .billStatusChanged(try payload(BillStatusChange.self))
            default:
                return .failure(LineError(reason: "event \(id): unknown type '\(type)'"))
            }
            return .success(EventEnvelope(id: id, at: at, actor: actor, event: event))
        } catch let e as LineError {
            return .failure(LineError(reason: "event \(id) (\(type)): \(e.reason)"))
        } catch {
            return .failure(LineError(reason: "event \(id) (\(type)): \(LineFrame.explain(error))"))
        }
    }

    private static func missing(_ field: String) -> LineError { LineError(reason: "missing required field '\(field)'") }
}

extension DomainEvent {
    /// The one merchant-side event an account does not perform: creating the
    /// store's main account, which the platform side may carry.
    var isBootstrap: Bool {
        if case .accountAdded(let a) = self { return a.isMain }
        return false
    }
}
