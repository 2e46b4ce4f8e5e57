import Foundation

/// Writes events as feed lines: platform facts in FEED.md's wire format,
/// merchant actions as `merchant.*` lines in the store's envelope. What it
/// writes, `FeedDecoder` reads back to the same event.
public enum FeedEncoder {
    public struct Unrepresentable: Error, CustomStringConvertible {
        public var description: String
    }

    private enum HeadKeys: String, CodingKey { case id, type, at }

    /// `{"id":…,"type":…,"at":…}` plus the payload's own keys, or the payload
    /// under one key (`product`, `order`, `ticket`).
    private struct Line: Encodable {
        var id: String, type: String, at: Timestamp
        var payload: any Encodable
        var wrapKey: String?

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ s: String) { stringValue = s }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: HeadKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(type, forKey: .type)
            try c.encode(at, forKey: .at)
            if let wrapKey {
                var w = encoder.container(keyedBy: Key.self)
                try w.encode(payload, forKey: Key(wrapKey))
            } else {
                try payload.encode(to: encoder)
            }
        }
    }

    private struct OrderRef: Encodable { var orderId: String; var note: String? }
    private struct Requirements: Encodable { var orderId: String; var text: String; var attachments: [AttachmentRef]? }
    private struct Identifier: Encodable { var orderId: String; var identifier: String }
    private struct Rejected: Encodable { var orderId: String; var reason: String }
    private struct AutoAccepted: Encodable { var orderId: String; var cause: AutoAcceptCause }
    private struct Address: Encodable { var orderId: String; var address: String }
    private struct AppealWire: Encodable { var appealId: String; var orderId: String; var reason: String; var demands: String?; var attachments: [AttachmentRef]? }
    private struct TicketBody: Encodable { var ticketId: String; var body: String }
    private struct TicketRef: Encodable { var ticketId: String }

    /// One feed line, without its newline.
    public static func line(_ e: EventEnvelope) throws -> Data {
        if e.isMerchantAction {
            return try e.outboxLine(seq: nil)
        }
        func wire(_ type: String, _ payload: any Encodable, wrap: String? = nil) throws -> Data {
            guard FeedDecoder.actors[type] == e.actor else {
                throw Unrepresentable(description: "event \(e.id): \(type) comes from \(FeedDecoder.actors[type].map { "\($0)" } ?? "?"), not \(e.actor)")
            }
            return Data(try FastJSON.encode(Line(id: e.id, type: type, at: e.at, payload: payload, wrapKey: wrap)))
        }
        switch e.event {
        case .productUpserted(let p): return try wire("product.upserted", p, wrap: "product")
        case .orderCreated(let o): return try wire("order.created", o, wrap: "order")
        case .orderLifecycle(let c): return try wire("order.\(c.change.rawValue)", OrderRef(orderId: c.orderId, note: c.note))
        case .supervision(let s):
            let f = s.fields
            switch s.event {
            case .submitRequirements:
                return try wire("supervision.requirements_submitted", Requirements(orderId: s.orderId, text: f.requirementText ?? "", attachments: f.requirementAttachments))
            case .submitIdentifier: return try wire("supervision.identifier_submitted", Identifier(orderId: s.orderId, identifier: f.identifier ?? ""))
            case .reviewPass: return try wire("supervision.review_passed", OrderRef(orderId: s.orderId, note: f.note))
            case .reviewFail: return try wire("supervision.review_failed", OrderRef(orderId: s.orderId, note: f.note))
            case .buyerAccept: return try wire("supervision.buyer_accepted", OrderRef(orderId: s.orderId, note: nil))
            case .buyerReject: return try wire("supervision.buyer_rejected", Rejected(orderId: s.orderId, reason: f.reason ?? ""))
            case .autoAccept:
                guard let cause = f.cause else { throw Unrepresentable(description: "event \(e.id): auto-acceptance without a cause") }
                return try wire("supervision.auto_accepted", AutoAccepted(orderId: s.orderId, cause: cause))
            case .changeAddress: return try wire("supervision.address_changed", Address(orderId: s.orderId, address: f.address ?? ""))
            default:
                throw Unrepresentable(description: "event \(e.id): \(s.event.rawValue) by \(e.actor) has no feed type")
            }
        case .appealFiled(let a):
            return try wire("appeal.filed", AppealWire(appealId: a.appealId, orderId: a.orderId, reason: a.reason, demands: a.demands,
                                                       attachments: a.evidence.isEmpty ? nil : a.evidence))
        case .appealResolved(let r): return try wire("appeal.resolved", r)
        case .ticketOpened(let t): return try wire("ticket.opened", t, wrap: "ticket")
        case .ticket(let t):
            switch t.event {
            case .customerReply: return try wire("ticket.customer_replied", TicketBody(ticketId: t.ticketId, body: t.body ?? ""))
            case .closeByCustomer: return try wire("ticket.closed_by_customer", TicketRef(ticketId: t.ticketId))
            default: throw Unrepresentable(description: "event \(e.id): ticket \(t.event.rawValue) by \(e.actor) has no feed type")
            }
        case .invoiceRequested(let r): return try wire("invoice.requested", r)
        case .messagePosted(let m): return try wire("message.posted", m)
        case .billPublished(let b): return try wire("bill.published", b)
        case .billStatusChanged(let c): return try wire("bill.status_changed", c)
        default:
            throw Unrepresentable(description: "event \(e.id): \(e.event.typeName) by \(e.actor) has no feed type")
        }
    }
}
