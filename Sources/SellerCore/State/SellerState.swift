/// Everything the console knows, as a pure fold over events:
/// `state = events.reduce(.empty) { try $0.applying($1) }`.
///
/// `apply` either performs the whole event or throws and leaves the state as
/// it was: every handler checks first and mutates after.
public struct SellerState: Sendable, Equatable {
    public var accounts: [String: Account] = [:]
    public var mainAccountId: String?
    public var products: [String: Product] = [:]
    public var orders = EntityTable<Order>()
    /// Service records by order id (one per supervised order).
    public var records = EntityTable<ServiceRecord>()
    public var appeals = EntityTable<Appeal>()
    public var tickets = EntityTable<Ticket>()
    public var messages = EntityTable<Message>()
    public var receivers: [String: MessageReceiver] = [:]
    public var invoices: [String: InvoiceRequest] = [:]
    /// Renewal chain index: parent order id → renewal order ids, in arrival order.
    public var renewals: [String: [String]] = [:]
    /// Instance index: instanceId → the orders on it. Derived from `orders`
    /// (rebuilt when a snapshot loads), so it is not a table of its own.
    public var instanceOrders = InstanceOrders()
    /// The platform's bills (账单) by bill id.
    public var bills: [String: Bill] = [:]
    /// SaaS instances the production interface created, by instance id.
    public var instances: [String: Instance] = [:]
    /// The most recent production-interface calls (at most `CallStats.recentLimit` × 1.5), in arrival order.
    public var calls: [InterfaceCall] = []
    /// What outlives the recent calls kept in `calls` (counts, the month's failed orders, last 拨测).
    public var callStats = CallStats()
    /// Derived indexes of the two above (rebuilt when a snapshot loads).
    var instanceByOrderLine: [String: String] = [:]
    var testInstanceByOrderLine: [String: String] = [:]
    public internal(set) var testInstances: Set<String> = []
    /// Order id → an issued invoice request of it (the smallest id, when two
    /// were issued before the seed reading): derived from `invoices` (rebuilt
    /// when a snapshot loads), so issuing need not scan every request (quadratic in a feed).
    var issuedInvoiceByOrder: [String: String] = [:]
    public var appliedEvents = 0

    public init() {}

    public static let empty = SellerState()

    public static func fold<S: Sequence>(_ events: S) throws(DomainError) -> SellerState where S.Element == EventEnvelope {
        var s = SellerState()
        for e in events { try s.apply(e) }
        return s
    }

    public func applying(_ e: EventEnvelope) throws(DomainError) -> SellerState {
        var s = self
        try s.apply(e)
        return s
    }

    /// Which reading of the platform's rules an event is applied under. New
    /// events always take `current`; journal lines written by builds before
    /// the seeds' reading (issue 13) replay under `beforeSeedReading`, so a
    /// store they wrote opens to the state its writer had.
    public enum Rules: Int, Sendable {
        case beforeSeedReading = 1
        case seedReading = 2
        public static let current = Rules.seedReading
    }

    /// The rules of the event being applied; `current` at rest (so it never
    /// makes two states differ).
    var rules: Rules = .current

    /// Applies a journal line written under `rules`.
    public mutating func apply(_ e: EventEnvelope, rules: Rules) throws(DomainError) {
        guard rules != .current else { return try apply(e) }
        self.rules = rules
        defer { self.rules = .current }
        do throws(DomainError) { try apply(e) } catch where error.isIdenticalResend {
            // The earlier build applied an unchanged re-send as a no-op update.
            appliedEvents += 1
        }
    }

    public mutating func apply(_ e: EventEnvelope) throws(DomainError) {
        switch e.event {
        case .productUpserted(let p): try upsertProduct(p, e)
        case .orderCreated(let o): try createOrder(o, e)
        case .orderLifecycle(let c): try changeOrderLifecycle(c, e)
        case .supervision(let step): try applyStep(step, e)
        case .appealFiled(let a): try fileAppeal(a, e)
        case .appealResolved(let r): try resolveAppeal(r, e)
        case .ticketOpened(let t): try openTicket(t, e)
        case .ticket(let step): try applyTicketStep(step, e)
        case .invoiceRequested(let r): try requestInvoice(r, e)
        case .invoiceIssued(let i): try issueInvoice(i, e)
        case .messagePosted(let m): try postPlatformMessage(m, e)
        case .messagesMarked(let m): try markMessages(m, e)
        case .receiverAdded(let r): try addReceiver(r, e)
        case .receiverUpdated(let r): try updateReceiver(r, e)
        case .receiverRemoved(let r): try removeReceiver(r, e)
        case .accountAdded(let a): try addAccount(a, e)
        case .productAuthorized(let a): try authorize(a, e)
        case .productAuthorizationRevoked(let r): try revoke(r, e)
        case .billPublished(let b): try publishBill(b, e)
        case .billStatusChanged(let c): try changeBillStatus(c, e)
        case .billInvoiced(let i): try invoiceBill(i, e)
        case .interfaceCall(let c): try recordInterfaceCall(c, e)
        case .interfaceCallTime(let t): try recordCallTime(t, e)
        }
        appliedEvents += 1
    }

    // MARK: Shared checks

    /// The account behind a merchant action.
    func account(for e: EventEnvelope) throws(DomainError) -> Account { try account(for: e.actor) }

    func account(for actor: Actor) throws(DomainError) -> Account {
        guard let id = actor.accountId else {
            throw .wrongActor(event: "a merchant action", expected: "a merchant account", actual: actor)
        }
        guard let a = accounts[id] else { throw .unknown(.account, id: id) }
        return a
    }

    func requireActor(_ e: EventEnvelope, _ allowed: Set<ActorKind>) throws(DomainError) {
        guard allowed.contains(e.actor.kind) else {
            let names = ActorKind.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: " or ")
            throw .wrongActor(event: e.event.typeName, expected: names, actual: e.actor)
        }
    }

    /// The main account, as a refusal names who may act.
    var whoMay: WhoMay {
        guard let id = mainAccountId, let a = accounts[id] else { return WhoMay(main: nil) }
        return WhoMay(main: (a.name, a.id))
    }

    public var mainAccount: Account? { mainAccountId.flatMap { accounts[$0] } }

    /// Rows per snapshot table, by the snapshot's line kind: written in the
    /// header and compared by `check` / `repair`, so every table's loss is named.
    public var tableCounts: [String: Int] {
        ["account": accounts.count, "product": products.count, "order": orders.count,
         "record": records.count, "appeal": appeals.count, "ticket": tickets.count,
         "message": messages.count, "receiver": receivers.count, "invoice": invoices.count,
         "renewals": renewals.count, "bill": bills.count, "instance": instances.count, "call": calls.count]
    }

    /// Rebuilds the indexes that are derived from the tables (after a snapshot load).
    public mutating func rebuildDerivedIndexes() {
        rebuildCallStatsIfMissing()
        var byInstance = InstanceOrders()
        for o in orders.values { if let i = o.instanceId { byInstance.insert(o.id, on: i) } }
        for i in instances.values { byInstance.insert(i.orderId, on: i.id) }
        instanceOrders = byInstance
        issuedInvoiceByOrder = [:]
        // Of two issued requests of one order (possible before the seed reading), the smaller id, as `issue` keeps.
        for i in invoices.values where i.isIssued { issuedInvoiceByOrder[i.orderId] = min(issuedInvoiceByOrder[i.orderId] ?? i.id, i.id) }
    }
}

/// Text checks shared by every handler: required, non-blank, bounded.
enum TextRule {
    static func check(_ text: String?, field: String, event: String, required: Bool, max: Int) throws(DomainError) {
        guard let t = text else {
            if required { throw .missingField(event: event, field: field) }
            return
        }
        // Bytes first: counting graphemes let a 5-million-mark "character"
        // through as one, and costs time proportional to what it counts.
        if t.utf8.count > max * 4 {
            throw .invalidField(event: event, field: field, reason: .tooManyBytes(bytes: t.utf8.count, maxCharacters: max))
        }
        if required, t.allSatisfy(\.isWhitespace) { throw .missingField(event: event, field: field) }
        var length = 0
        for g in t {
            length += 1
            // Emoji sequences hold up to ~10 scalars; nothing real holds more than this.
            if g.unicodeScalars.count > maxScalarsPerCharacter {
                throw .invalidField(event: event, field: field, reason: .tooManyCodePoints(character: length, codePoints: g.unicodeScalars.count, max: maxScalarsPerCharacter))
            }
        }
        if length > max { throw .invalidField(event: event, field: field, reason: .tooManyCharacters(length: length, max: max)) }
    }

    static let maxScalarsPerCharacter = 32

    static func checkId(_ id: String, field: String, event: String) throws(DomainError) {
        guard !id.isEmpty, id.utf8.count <= FieldLimits.idBytes, !id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }) else {
            throw .invalidField(event: event, field: field, reason: .badId)
        }
    }
}
