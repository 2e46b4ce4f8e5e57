/// Why an event was refused. The text names the entity, its state, the event
/// and the reason, because it is shown as is to the merchant and in the
/// rejection report of `seller ingest`.
public enum DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Entity: String, Sendable {
        case product, order, record = "service record", appeal, ticket, message, receiver, account, invoice = "invoice request", bill
    }

    case unknown(Entity, id: String)
    case duplicate(Entity, id: String)
    case invalidTransition(orderId: String, state: SupervisionState, event: FlowEvent, reason: String)
    case frozenByAppeal(orderId: String, state: SupervisionState, event: String, appealId: String)
    case missingField(event: String, field: String)
    case unexpectedField(event: String, field: String)
    case invalidField(event: String, field: String, reason: String)
    case wrongActor(event: String, expected: String, actual: Actor)
    case notPermitted(action: String, account: String, allowed: String)
    case ticketTransition(ticketId: String, status: TicketStatus, event: TicketEvent, reason: String)
    case refused(String)

    public var description: String {
        switch self {
        case .unknown(let e, let id):
            return "unknown \(e.rawValue) '\(id)'"
        case .duplicate(let e, let id):
            return "\(e.rawValue) '\(id)' already exists"
        case .invalidTransition(let o, let s, let e, let why):
            return "order \(o): cannot \(e.rawValue) (\(e.zh)) at \(s.rawValue) (\(s.zh)): \(why)"
        case .frozenByAppeal(let o, let s, let e, let a):
            return "order \(o): cannot \(e) at \(s.rawValue) (\(s.zh)): the record is frozen by open appeal \(a) until it is resolved"
        case .missingField(let e, let f):
            return "\(e): required field '\(f)' is missing or empty"
        case .unexpectedField(let e, let f):
            return "\(e): field '\(f)' does not belong to this step and would be lost"
        case .invalidField(let e, let f, let why):
            return "\(e): field '\(f)' \(why)"
        case .wrongActor(let e, let expected, let actual):
            return "\(e) is done by \(expected), not by \(actual)"
        case .notPermitted(let action, let account, let allowed):
            return "account '\(account)' may not \(action): only \(allowed) may"
        case .ticketTransition(let t, let s, let e, let why):
            return "ticket \(t): cannot \(e.rawValue) (\(e.zh)) while \(s.rawValue) (\(s.zh)): \(why)"
        case .refused(let why):
            return why
        }
    }
}
