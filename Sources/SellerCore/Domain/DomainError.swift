/// Why an event was refused. The text names the entity, its state, the event
/// and the reason, because it is shown as is to the merchant and in the
/// rejection report of `seller ingest`.
public enum DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Entity: String, Sendable {
        case product, order, record = "service record", appeal, ticket, message, receiver, account, invoice = "invoice request", bill
    }

    case unknown(Entity, id: String)
    case duplicate(Entity, id: String)
    /// The platform sent again an event that creates an entity which already
    /// exists (「云商店服务有可能重发请求,针对同一订单号(orderId),商家的服务器应当返回成功的响应」
    /// [S4]): with no `differences` it is a duplicate (a no-op); otherwise a
    /// conflict naming each field that differs, stored value first.
    case resent(Entity, id: String, differences: [FieldDifference])
    case invalidTransition(orderId: String, state: SupervisionState, event: FlowEvent, reason: String)
    case frozenByAppeal(orderId: String, state: SupervisionState, event: String, appealId: String)
    case missingField(event: String, field: String)
    case unexpectedField(event: String, field: String)
    case invalidField(event: String, field: String, reason: FieldReason)
    /// A mobile number or e-mail address that is not one (the field is the kind's raw value).
    case invalidContact(event: String, kind: ContactKind, value: String)
    case wrongActor(event: String, expected: String, actual: Actor)
    case notPermitted(action: GuardedAction, account: String, allowed: WhoMay)
    case ticketTransition(ticketId: String, status: TicketStatus, event: TicketEvent, reason: String)
    /// A business rule, typed so the console can word it in its language.
    case rule(RuleRefusal)
    /// Internal failures only (an event or snapshot that cannot be encoded).
    case refused(String)

    public var description: String {
        switch self {
        case .unknown(let e, let id):
            return "unknown \(e.rawValue) '\(id)'"
        case .duplicate(let e, let id):
            return "\(e.rawValue) '\(id)' already exists"
        case .resent(let e, let id, let diffs):
            if diffs.isEmpty { return "\(e.rawValue) '\(id)' was sent again with the same content (duplicate)" }
            return "conflict: \(e.rawValue) '\(id)' already exists with different content: "
                + diffs.map(\.description).joined(separator: "; ") + "; not applied"
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
        case .invalidContact(let e, let kind, let value):
            return "\(e): field '\(kind.rawValue)' " + (kind == .mobile ? "'\(value)' is not an 11-digit mainland mobile number (1[3-9]XXXXXXXXX)"
                                                                 : "'\(value)' is not a valid email address")
        case .wrongActor(let e, let expected, let actual):
            return "\(e) is done by \(expected), not by \(actual)"
        case .notPermitted(let action, let account, let allowed):
            return "account '\(account)' may not \(action): only \(allowed) may"
        case .ticketTransition(let t, let s, let e, let why):
            return "ticket \(t): cannot \(e.rawValue) (\(e.zh)) while \(s.rawValue) (\(s.zh)): \(why)"
        case .rule(let r):
            return r.description
        case .refused(let why):
            return why
        }
    }
}

/// What a contact detail should have been.
public enum ContactKind: String, Hashable, Sendable { case mobile, email }

/// One field of a re-sent entity that differs from what is stored.
public struct FieldDifference: Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var stored: String
    public var sent: String

    public var description: String { "\(field) (stored \(stored.isEmpty ? "—" : stored), sent \(sent.isEmpty ? "—" : sent))" }

    /// Collects the fields that differ, in the order they are compared.
    struct Collector {
        var out: [FieldDifference] = []
        mutating func compare<T: Equatable>(_ field: String, _ stored: T, _ sent: T, show: (T) -> String) {
            if stored != sent { out.append(FieldDifference(field: field, stored: show(stored), sent: show(sent))) }
        }
        mutating func compare(_ field: String, _ stored: String?, _ sent: String?) {
            compare(field, stored, sent) { $0 ?? "" }
        }
    }
}

extension DomainError {
    /// A re-sent creation whose content matches what is stored: nothing to do.
    public var isIdenticalResend: Bool {
        if case .resent(_, _, let d) = self { return d.isEmpty }
        return false
    }

    /// A re-sent creation whose content differs from what is stored.
    public var isConflictingResend: Bool {
        if case .resent(_, _, let d) = self { return !d.isEmpty }
        return false
    }
}
