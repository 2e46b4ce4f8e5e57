import SellerCore

extension Tab { public static let tickets = Tab(TicketsPane.self) }

/// 工单: the account's tickets in their queues; `a` offers the ticket's steps.
enum TicketsPane: PaneDescriptor {
    static let id = "tickets"
    static func title(_ l: Lang) -> String { l.t("pane.tickets") }
    static let listsFromOverviewTables = true
    static var queueCount: Int { TicketQueue.allCases.count }

    static func data(_ m: Model, queue: Int, conditions: Conditions, keep: Set<String>) -> PaneData { Panes.tickets(m, queue: queue) }

    /// Last updated first, ties by id: the order `TicketQueue.run` sorts in.
    static let patching: PanePatching? = PanePatching(
        ids: { $0.tickets },
        subset: { m, k, ids in Panes.tickets(m, queue: k.queue, only: ids) },
        precedes: { s in { a, b in
            guard let x = s.tickets[a]?.updatedAt, let y = s.tickets[b]?.updatedAt else { return a < b }
            return x != y ? x > y : a < b
        } })

    static func detail(_ id: String, _ m: Model) -> Details.Lines { Details.ticket(id, m) }

    static func related(_ id: String, _ m: Model) -> (orderId: String, tab: Tab)? {
        m.state.tickets[id]?.orderId.map { ($0, Panes.home(ofOrder: $0, m)) }
    }

    static func actions(_ id: String, _ m: Model) -> ActionOffer? {
        let l = m.lang
        let items = m.state.ticketActions(for: id, account: m.account).map {
            MenuItem(title: "\(l.term($0.event))  \($0.event.rawValue)", action: .ticket($0), unavailableReason: $0.refusal.map { RefusalText.text($0, l, state: m.state) })
        }
        if items.isEmpty { return .none(l.t("app.nothing_to_do_on_this_ticket_now"), isError: false) }
        return .menu(items)
    }

    static func actionsTitle(_ id: String, _ l: Lang) -> String { l.t("render.actions_ticket", id) }
}

extension Panes {
    /// `only`: just these tickets' rows and counts (a patch, see PanePatching).
    static func tickets(_ m: Model, queue: Int, only: Set<String>? = nil) -> PaneData {
        let s = m.state, l = m.lang
        let queues = TicketQueue.allCases
        let names = ticketQueueNames(l)
        // Only this queue's tickets are copied out of the table, once (the counts read two fields in place).
        let q = queues[min(queue, queues.count - 1)]
        let listed = only.map { ids in q.run(ids.compactMap { s.tickets[$0] }, account: m.account) } ?? q.run(s.tickets.values, account: m.account)
        let rows = listed.map { t in
            Row(id: t.id, cells: [t.id, t.title, t.customer.name, s.products[t.productId]?.name ?? t.productId, l.term(t.status),
                                  s.accounts[t.owner]?.name ?? t.owner, t.updatedAt.shortDisplay])
        }
        let counts = TicketQueue.counts(s, account: m.account, only: only)
        return PaneData(columns: [
            Column(title: l.t("pane.ticket"), minWidth: 8, weight: 0),
            Column(title: l.t("pane.title"), minWidth: 10, weight: 4),
            Column(title: l.t("pane.customer_2"), minWidth: 8, weight: 2, role: .customer),
            Column(title: l.t("pane.product_2"), minWidth: 8, weight: 2),
            Column(title: l.t("pane.status_2"), minWidth: 8, weight: 0),
            Column(title: l.t("pane.owner"), minWidth: 6, weight: 1),
            Column(title: l.t("pane.updated"), minWidth: 16, weight: 0),
        ], rows: rows, queues: zip(names, counts).map { ($0, $1) })
    }

    static func ticketQueueNames(_ l: Lang) -> [String] {
        TicketQueue.allCases.map { l.term($0) }
    }

}
