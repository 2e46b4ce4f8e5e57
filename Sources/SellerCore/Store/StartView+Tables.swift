/// The start view's mid-sized tables (invoice requests, appeals, tickets,
/// renewals), field by field like the big three: as JSON they were a quarter
/// of the view's decoding (Codable costs microseconds per entity: ~115 ms of
/// CPU at 100k orders). What the lists never read is left out as in
/// `StartView.listed` (appeal evidence, ticket threads, access-request notes).
extension ByteWriter {
    mutating func money(_ m: Money) { i64(m.fen) }
    mutating func optMoney(_ m: Money?) { flag(m != nil); if let m { money(m) } }
    mutating func actor(_ a: Actor) { text(a.description) }
    mutating func customer(_ c: Customer) { text(c.id); text(c.name); text(c.userName); optText(c.mobile) }

    mutating func invoice(_ i: InvoiceRequest) {
        text(i.id); text(i.orderId); money(i.amount); text(i.title); optText(i.taxId)
        time(i.requestedAt); optTime(i.issuedAt); optText(i.number); optMoney(i.issuedAmount)
    }

    mutating func appeal(_ a: Appeal) {
        text(a.id); text(a.orderId); text(a.initiator.rawValue); actor(a.filedBy); text(a.node.rawValue)
        text(a.reason); optText(a.demands); text(a.status.rawValue); time(a.filedAt)
        optText(a.outcome?.rawValue); optText(a.resolution); optTime(a.resolvedAt)
    }

    mutating func ticket(_ t: Ticket) {
        text(t.id); text(t.productId); optText(t.orderId); customer(t.customer); text(t.title); text(t.status.rawValue)
        text(t.owner); time(t.openedAt); time(t.updatedAt)
        u32(UInt32(t.accessRequests.count))
        for r in t.accessRequests { text(r.kind.rawValue); text(r.requestedBy); time(r.at) }
    }

    mutating func renewals(_ parent: String, _ children: [String]) { text(parent); texts(children) }
}

extension OrdersView.Cursor {
    /// Within what `Money(decimal:)` accepts (13 whole digits): a forged amount must not trap a sum.
    mutating func money() throws(StartView.DecodeError) -> Money {
        let fen = try i64()
        guard Money.storableFen.contains(fen) else { throw .badField("amount \(fen)") }
        return Money(fen: fen)
    }
    mutating func optMoney() throws(StartView.DecodeError) -> Money? { try flag() ? try money() : nil }
    mutating func actor() throws(StartView.DecodeError) -> Actor {
        let s = try str()
        guard let a = Actor(string: s) else { throw .badField("actor \(s)") }
        return a
    }
    mutating func customer() throws(StartView.DecodeError) -> Customer {
        Customer(id: try str(), name: try str(), userName: try str(), mobile: try optText())
    }

    mutating func invoice() throws(StartView.DecodeError) -> InvoiceRequest {
        InvoiceRequest(id: try str(), orderId: try str(), amount: try money(), title: try str(), taxId: try optText(),
                       requestedAt: try time(), issuedAt: try optTime(), number: try optText(), issuedAmount: try optMoney())
    }

    mutating func appeal() throws(StartView.DecodeError) -> Appeal {
        let id = try str(), order = try str(), initiator = try raw(ActorKind.self, "appeal initiator"), by = try actor()
        let node = try raw(SupervisionState.self, "appeal node"), reason = try str(), demands = try optText()
        let status = try raw(Appeal.Status.self, "appeal status"), filed = try time()
        let outcome = try optRaw(Appeal.Outcome.self, "appeal outcome"), resolution = try optText(), resolved = try optTime()
        return Appeal(id: id, orderId: order, initiator: initiator, filedBy: by, node: node, reason: reason, demands: demands,
                      evidence: [], status: status, filedAt: filed, outcome: outcome, resolution: resolution, resolvedAt: resolved)
    }

    mutating func ticket() throws(StartView.DecodeError) -> Ticket {
        let id = try str(), product = try str(), order = try optText(), customer = try customer(), title = try str()
        let status = try raw(TicketStatus.self, "ticket status"), owner = try str(), opened = try time(), updated = try time()
        var requests: [Ticket.AccessRequest] = []
        for _ in 0..<(try count(minimum: 16)) {
            requests.append(.init(kind: try raw(AccessKind.self, "access kind"), requestedBy: try str(), at: try time(), note: nil))
        }
        return Ticket(id: id, productId: product, orderId: order, customer: customer, title: title, status: status, owner: owner,
                      openedAt: opened, updatedAt: updated, posts: [], accessRequests: requests)
    }

    mutating func renewals() throws(StartView.DecodeError) -> Snapshot.Renewals { Snapshot.Renewals(parent: try str(), children: try texts()) }
}
