// Customer tickets (DOMAIN §4), driven by TicketFlow's table.
extension SellerState {
    /// Where a new ticket of `productId` lands: the sub-account the product is
    /// authorised to, whatever its role — 「如主账号已将商品授权给子账号管理,则所授权商品对应的工单
    /// 也将转移给该子账号处理」 [S3] — else the main account.
    public func ticketOwner(for productId: String) -> String? {
        if let id = products[productId]?.authorizedTo, let a = accounts[id], rules == .seedReading || a.role == .support { return id }
        return mainAccountId
    }

    /// Who may own a ticket of `productId`: the main account, a support
    /// sub-account, or the sub-account the product is authorised to [S3].
    func mayOwnTicket(_ account: Account, productId: String) -> Bool {
        account.isMain || account.role == .support || products[productId]?.authorizedTo == account.id
    }

    mutating func openTicket(_ t: TicketOpening, _ e: EventEnvelope) throws(DomainError) {
        try requireActor(e, [.buyer, .platform])
        let ev = e.event.typeName
        try TextRule.checkId(t.id, field: "id", event: ev)
        if let stored = tickets[t.id] { throw .resent(.ticket, id: t.id, differences: stored.differences(from: t)) }
        guard products[t.productId] != nil else { throw .unknown(.product, id: t.productId) }
        if let o = t.orderId, orders[o] == nil { throw .unknown(.order, id: o) }
        try TextRule.check(t.title, field: "title", event: ev, required: true, max: 500)
        try TextRule.check(t.body, field: "body", event: ev, required: true, max: 20_000)
        guard let owner = ticketOwner(for: t.productId) else {
            throw .rule(.ticketWithoutMainAccount(ticketId: t.id))
        }
        tickets[t.id] = Ticket(id: t.id, productId: t.productId, orderId: t.orderId, customer: t.customer, title: t.title,
                               status: .todo, owner: owner, openedAt: e.at, updatedAt: e.at,
                               posts: [.init(at: e.at, author: e.actor, kind: .opened, body: t.body, access: nil)],
                               accessRequests: [])
    }

    /// The table row a ticket step would take, checked against actor, permission and fields.
    public func resolveTicketRow(_ s: TicketStep, actor: Actor) throws(DomainError) -> (Ticket, TicketFlow.Row) {
        guard let ticket = tickets[s.ticketId] else { throw .unknown(.ticket, id: s.ticketId) }
        let here = TicketFlow.rows(from: ticket.status)
        guard let row = here.first(where: { $0.event == s.event }) else {
            let offered = here.map { "\($0.event.rawValue) (\($0.event.zh))" }
            let why = offered.isEmpty ? "the ticket is closed" : "only \(offered.joined(separator: ", ")) are possible now"
            throw .ticketTransition(ticketId: ticket.id, status: ticket.status, event: s.event, reason: why)
        }
        guard row.actor == actor.kind else {
            throw .wrongActor(event: "ticket \(s.event.rawValue)", expected: "the \(row.actor.rawValue)", actual: actor)
        }
        if row.actor == .merchant {
            let acct = try account(for: actor)
            let action = GuardedAction.ticket(s.event, ticketId: ticket.id)
            if s.event == .reassign {
                if let r = Permissions.refusal(mainOnly: action, account: acct, in: self) { throw r }
            } else if let r = Permissions.refusal(toActOn: ticket, account: acct, action: action, in: self) {
                throw r
            }
        }
        let ev = "ticket \(s.event.rawValue)"
        let given: [TicketFlow.Field: Bool] = [.body: s.body != nil, .access: s.access != nil, .assignee: s.assignee != nil]
        for (f, present) in given where present && !row.requires.contains(f) && !row.allows.contains(f) {
            throw .unexpectedField(event: ev, field: f.rawValue)
        }
        for f in row.requires where given[f] != true { throw .missingField(event: ev, field: f.rawValue) }
        try TextRule.check(s.body, field: "body", event: ev, required: row.requires.contains(.body), max: FieldLimits.ticketBody)
        if let to = s.assignee {
            guard let target = accounts[to] else { throw .unknown(.account, id: to) }
            guard mayOwnTicket(target, productId: ticket.productId) else {
                throw .invalidField(event: ev, field: "assignee", reason: .assigneeNotAuthorised(accountId: to, role: target.role, productId: ticket.productId))
            }
            guard to != ticket.owner else { throw .invalidField(event: ev, field: "assignee", reason: .alreadyOwner(accountId: to, ticketId: ticket.id)) }
        }
        return (ticket, row)
    }

    /// A merchant action a ticket offers now, available or not with the reason.
    public struct TicketActionOption: Hashable, Sendable {
        public var event: TicketEvent
        public var requires: [TicketFlow.Field]
        public var allows: [TicketFlow.Field]
        /// Why not, typed (the console words it in its language).
        public var refusal: DomainError?
        public var unavailableReason: String? { refusal?.description }
        public var isAvailable: Bool { refusal == nil }
    }

    /// The merchant steps of the ticket's current status, each checked for
    /// `account` (reassigning is the main account's).
    public func ticketActions(for ticketId: String, account: Account) -> [TicketActionOption] {
        guard let t = tickets[ticketId] else { return [] }
        return TicketFlow.rows(from: t.status).filter { $0.actor == .merchant }.map { row in
            let action = GuardedAction.ticket(row.event, ticketId: t.id)
            let refusal = row.event == .reassign
                ? Permissions.refusal(mainOnly: action, account: account, in: self)
                : Permissions.refusal(toActOn: t, account: account, action: action, in: self)
            return TicketActionOption(event: row.event, requires: row.requires, allows: row.allows, refusal: refusal)
        }
    }

    mutating func applyTicketStep(_ s: TicketStep, _ e: EventEnvelope) throws(DomainError) {
        let (ticket, row) = try resolveTicketRow(s, actor: e.actor)
        var t = ticket
        switch s.event {
        case .accept:
            t.posts.append(.init(at: e.at, author: e.actor, kind: .system, body: "已受理", access: nil))
        case .reply, .customerReply:
            t.posts.append(.init(at: e.at, author: e.actor, kind: .reply, body: s.body ?? "", access: nil))
        case .requestAccess:
            let kind = s.access!
            t.accessRequests.append(.init(kind: kind, requestedBy: e.actor.accountId ?? "", at: e.at, note: s.body))
            t.posts.append(.init(at: e.at, author: e.actor, kind: .accessRequest, body: s.body ?? "申请\(kind.zh)", access: kind))
        case .resolve:
            t.posts.append(.init(at: e.at, author: e.actor, kind: .note, body: s.body ?? "已解决", access: nil))
        case .reassign:
            t.owner = s.assignee!
            t.posts.append(.init(at: e.at, author: e.actor, kind: .system, body: "转派给 \(s.assignee!)" + (s.body.map { "：\($0)" } ?? ""), access: nil))
        case .closeByCustomer:
            t.posts.append(.init(at: e.at, author: e.actor, kind: .system, body: "客户已关闭工单", access: nil))
        }
        t.status = row.to
        t.updatedAt = e.at
        tickets[t.id] = t
    }
}
