import SellerCore

public enum Tab: Int, CaseIterable, Sendable {
    case dashboard = 0, orders, supervision, tickets, messages, appeals, settlement, interface

    public func title(_ lang: Lang) -> String {
        switch self {
        case .dashboard: lang.t("pane.overview")
        case .orders: lang.t("pane.orders")
        case .supervision: lang.t("pane.supervision")
        case .tickets: lang.t("pane.tickets")
        case .messages: lang.t("pane.messages")
        case .appeals: lang.t("pane.appeals")
        case .settlement: lang.t("pane.settlement")
        case .interface: lang.t("pane.interface")
        }
    }
}

public struct Column: Sendable {
    public var title: String
    public var minWidth: Int
    /// Share of the space left after every column has its minimum.
    public var weight: Int
    public var alignRight = false
    /// When space is short, lower priorities are dropped first.
    public var priority = 5
    /// What the column holds, when a `:` filter reads it (`:id`, `:customer`):
    /// a pane declares it on its columns, and the filters follow.
    public var role: Role? = nil

    public enum Role: Sendable, CaseIterable { case orderId, customer }
}

/// One table row: display text already sanitised.
public struct Row: Sendable {
    public var id: String
    public var cells: [String]
    public var emphasis = false

    init(id: String, cells: [String], emphasis: Bool = false) {
        self.id = id
        self.cells = cells.map(Sanitizer.line)
        self.emphasis = emphasis
    }

    /// What filter-as-you-type searches: the cells, lower-cased, joined by U+0001.
    var haystack: String { cells.joined(separator: "\u{1}").lowercased() }
}

public struct PaneData: Sendable {
    public var columns: [Column]
    public var rows: [Row]
    /// Sub-queues with their counts (supervision, tickets, messages).
    public var queues: [(label: String, count: Int)] = []
    /// Built by the app when the rows change.
    var search = SearchIndex(rows: [])
}

/// Builds what each tab shows from the core's state; every rule (visibility,
/// queues, stalls, validity) is the core's.
enum Panes {
    /// `keep`: messages to list in 未读 although read (see App.PaneState.keep).
    static func data(_ tab: Tab, _ m: Model, queue: Int, conditions: Conditions = Conditions(), keep: Set<String> = []) -> PaneData {
        let data: PaneData = switch tab {
        case .dashboard: PaneData(columns: [], rows: [])
        case .orders where conditions.invoiceDeadlines: invoiceRequests(m, conditions.orderQuery, only: conditions.orderIds)
        case .orders: orders(m, conditions.orderQuery, only: conditions.orderIds)
        case .supervision: supervision(m, queue: queue, conditions.recordQuery(now: m.now), stalled: conditions.stalled)
        case .tickets: tickets(m, queue: queue)
        case .messages: messages(m, queue: queue, category: conditions.category, keep: keep)
        case .appeals: appeals(m, age: conditions.appealAge)
        case .settlement: SettlementPane.data(m, queue: queue)
        case .interface: interface(m)
        }
        return data.filtered(by: conditions, queried: tab == .orders)
    }

    static func queueCount(_ tab: Tab) -> Int {
        switch tab {
        case .supervision: SupervisionQueue.allCases.count
        case .tickets: TicketQueue.allCases.count
        case .messages: 2
        case .settlement: SettlementPane.Queue.allCases.count
        default: 0
        }
    }

    static func orders(_ m: Model, _ q: OrderQuery, only: Set<String>? = nil) -> PaneData {
        let facts = q.rows(m.state, account: m.account)
        return orders(only.map { ids in facts.filter { ids.contains($0.id) } } ?? facts, products: m.state.products, lang: m.lang)
    }

    /// The order table from row facts: the state's (above) or the store's
    /// orders view while the rest of the state loads.
    static func orders(_ facts: [OrderRowFacts], products: [String: Product], lang l: Lang) -> PaneData {
        // Names looked up once per product and per state, not per row.
        let appealed = l.t("pane.appealed")
        let named = products.mapValues { ($0.name, l.term($0.type)) }
        let statuses = Dictionary(uniqueKeysWithValues: OrderStatus.allCases.map { ($0, l.term($0)) })
        let nodes = Dictionary(uniqueKeysWithValues: SupervisionState.allCases.map { ($0, (l.term($0), "\(l.term($0))·\(appealed)")) })
        let instances = Dictionary(uniqueKeysWithValues: InstanceStatus.allCases.map { ($0, l.t("details.instance_\($0.rawValue)")) })
        let rows = Parallel.map(facts) { f -> Row in
            let p = named[f.productId]
            let sup = f.recordState.map { f.frozen ? nodes[$0]!.1 : nodes[$0]!.0 } ?? "—"
            return Row(id: f.id, cells: [f.id, f.customerName, f.userName, p?.0 ?? f.productId, p?.1 ?? "",
                                         f.amount, f.created, statuses[f.status]!, sup, f.instanceStatus.map { instances[$0]! } ?? ""])
        }
        return PaneData(columns: [
            Column(title: l.t("pane.order"), minWidth: 15, weight: 0, priority: 9, role: .orderId),
            Column(title: l.t("pane.customer"), minWidth: 8, weight: 3, priority: 8, role: .customer),
            Column(title: l.t("pane.user"), minWidth: 8, weight: 1, priority: 1),
            Column(title: l.t("pane.product"), minWidth: 8, weight: 3, priority: 7),
            Column(title: l.t("pane.type"), minWidth: 6, weight: 1, priority: 2),
            Column(title: l.t("pane.amount"), minWidth: 9, weight: 0, alignRight: true, priority: 6),
            Column(title: l.t("pane.created"), minWidth: 16, weight: 0, priority: 3),
            Column(title: l.t("pane.status"), minWidth: 6, weight: 0, priority: 4),
            Column(title: l.t("pane.supervision_2"), minWidth: 10, weight: 2, priority: 6),
            // The SaaS instance (正常 / 已冻结 / 已释放) the production interface made.
            Column(title: l.t("pane.instance"), minWidth: 6, weight: 0, priority: 0),
        ], rows: rows)
    }

    static func supervision(_ m: Model, queue: Int, _ q: RecordQuery, stalled: Conditions.StallFilter? = nil) -> PaneData {
        let s = m.state, l = m.lang
        let visible = q.run(s, account: m.account).filter { r in stalled?.matches(r.stallReasons(now: m.now)) ?? true }
        let queues = SupervisionQueue.allCases
        let current = queues[min(queue, queues.count - 1)]
        // Each record's queue once, and records referred to by index: they
        // are large structs, and copying 100k of them showed in every switch.
        let queueOf = visible.map { $0.queue(for: m.account, in: s) }
        var counts: [SupervisionQueue: Int] = [:]
        for q in queueOf { counts[q, default: 0] += 1 }
        // In the query's order (oldest node entry first).
        let shown = visible.indices.filter { current == .all || queueOf[$0] == current }
        let (day, frozen, separator) = (l.t("pane.d"), l.t("pane.frozen"), l.t("text.clause_separator"))
        let productNames = s.products.mapValues(\.name)
        let rows = Parallel.map(shown) { i -> Row in
            visible.withUnsafeBufferPointer { b in
                let stall = b[i].stallReasons(now: m.now)
                return Row(id: b[i].orderId, cells: [b[i].orderId, productNames[b[i].productId] ?? b[i].productId, l.term(b[i].flow), l.term(b[i].state),
                                                     "\(b[i].enteredStateAt.days(until: m.now))\(day)", "\(b[i].deliveryRejectionCount)",
                                                     b[i].isFrozen ? frozen : "", stall.map { l.term($0) }.joined(separator: separator)],
                           emphasis: !stall.isEmpty)
            }
        }
        return PaneData(columns: [
            Column(title: l.t("pane.order"), minWidth: 15, weight: 0, priority: 9, role: .orderId),
            Column(title: l.t("pane.product"), minWidth: 8, weight: 3, priority: 7),
            Column(title: l.t("pane.flow"), minWidth: 8, weight: 2, priority: 2),
            Column(title: l.t("pane.node"), minWidth: 12, weight: 3, priority: 8),
            Column(title: l.t("pane.idle"), minWidth: 5, weight: 0, alignRight: true),
            Column(title: l.t("pane.rej"), minWidth: 4, weight: 0, alignRight: true),
            Column(title: l.t("pane.appeal"), minWidth: 4, weight: 0),
            Column(title: l.t("pane.alerts"), minWidth: 6, weight: 2),
        ], rows: rows, queues: queues.map { q in (l.term(q), q == .all ? visible.count : counts[q] ?? 0) })
    }

    static func tickets(_ m: Model, queue: Int) -> PaneData {
        let s = m.state, l = m.lang
        let queues = TicketQueue.allCases
        let names = ticketQueueNames(l)
        let rows = queues[min(queue, queues.count - 1)].run(s, account: m.account).map { t in
            Row(id: t.id, cells: [t.id, t.title, t.customer.name, s.products[t.productId]?.name ?? t.productId, l.term(t.status),
                                  s.accounts[t.owner]?.name ?? t.owner, t.updatedAt.shortDisplay])
        }
        return PaneData(columns: [
            Column(title: l.t("pane.ticket"), minWidth: 8, weight: 0),
            Column(title: l.t("pane.title"), minWidth: 10, weight: 4),
            Column(title: l.t("pane.customer_2"), minWidth: 8, weight: 2, role: .customer),
            Column(title: l.t("pane.product_2"), minWidth: 8, weight: 2),
            Column(title: l.t("pane.status_2"), minWidth: 8, weight: 0),
            Column(title: l.t("pane.owner"), minWidth: 6, weight: 1),
            Column(title: l.t("pane.updated"), minWidth: 16, weight: 0),
        ], rows: rows, queues: zip(queues, names).map { q, n in (n, q.run(s, account: m.account).count) })
    }

    static func ticketQueueNames(_ l: Lang) -> [String] {
        TicketQueue.allCases.map { l.term($0) }
    }

    static func messages(_ m: Model, queue: Int, category: Int? = nil, keep: Set<String> = []) -> PaneData {
        let s = m.state, l = m.lang
        let visible = s.messages.values.filter { MessageQuery(category: category).matches($0, account: m.account, in: s) }
        let unreadOnly = queue == 0
        let shown = unreadOnly ? visible.filter { !$0.read || keep.contains($0.id) } : visible
        // A category's label once per code, not once per message.
        let labels = Dictionary(uniqueKeysWithValues: Set(shown.map(\.category)).map { ($0, "\($0) \(l.term(CategoryTerm($0)))") })
        let order = KeySort.order(shown.map(\.at), descending: true, ties: shown.map(\.id))
        let rows = Parallel.map(order) { i -> Row in
            let msg = shown[i]
            return Row(id: msg.id, cells: [msg.read ? " " : "●", labels[msg.category]!, msg.title, msg.orderId ?? msg.productId ?? "", msg.at.shortDisplay],
                       emphasis: !msg.read)
        }
        return PaneData(columns: [
            Column(title: "", minWidth: 1, weight: 0),
            Column(title: l.t("pane.category"), minWidth: 12, weight: 1),
            Column(title: l.t("pane.title"), minWidth: 12, weight: 5),
            Column(title: l.t("pane.related"), minWidth: 8, weight: 1),
            Column(title: l.t("pane.time"), minWidth: 16, weight: 0),
        ], rows: rows, queues: [(l.t("pane.unread"), visible.count { !$0.read }), (l.t("pane.all"), visible.count)])
    }

    /// Appeals on records the account may see.
    static func visibleAppeals(_ m: Model) -> [Appeal] {
        let s = m.state
        return s.appeals.values.filter { AppealQuery.isVisible($0, to: m.account, in: s) }
    }

    static func appeals(_ m: Model, age: AppealAge? = nil) -> PaneData {
        let l = m.lang
        let shown = visibleAppeals(m).filter { a in
            guard let age else { return true }
            return a.status == .pending && age.contains(a.filedAt.days(until: m.now))
        }
        let rows = KeySort.order(shown.map(\.filedAt), descending: true, ties: shown.map(\.id)).map { shown[$0] }.map { a in
            Row(id: a.id, cells: [a.id, a.orderId, l.term(a.initiator), l.term(a.node), l.term(a.status), a.filedAt.shortDisplay, a.reason,
                                  a.outcome.map { l.t("text.label_value", l.term($0), a.resolution ?? "") } ?? ""], emphasis: a.status == .pending)
        }
        return PaneData(columns: [
            Column(title: l.t("pane.appeal_2"), minWidth: 10, weight: 1),
            Column(title: l.t("pane.order"), minWidth: 14, weight: 0, role: .orderId),
            Column(title: l.t("pane.by"), minWidth: 4, weight: 0),
            Column(title: l.t("pane.node_2"), minWidth: 8, weight: 1),
            Column(title: l.t("pane.status_2"), minWidth: 6, weight: 0),
            Column(title: l.t("pane.filed"), minWidth: 16, weight: 0),
            Column(title: l.t("pane.reason"), minWidth: 8, weight: 3),
            Column(title: l.t("pane.resolution"), minWidth: 6, weight: 2),
        ], rows: rows)
    }
}

extension PaneData {
    /// The columns a `:` filter can read, by what they hold.
    var roles: Set<Column.Role> { Set(columns.compactMap(\.role)) }

    /// Rows whose declared columns match `:id` / `:customer` (the queries'
    /// case-insensitive containment). `queried`: the pane's core query already
    /// applied them (the orders pane's OrderQuery, which the CLI shares).
    func filtered(by c: Conditions, queried: Bool) -> PaneData {
        let wanted: [(Column.Role, String)] = [(.orderId, c.id), (.customer, c.customer)].compactMap { r, v in v.map { (r, $0) } }
        guard !queried, !wanted.isEmpty else { return self }
        let at = wanted.compactMap { r, v in columns.firstIndex { $0.role == r }.map { ($0, v) } }
        guard at.count == wanted.count else { return PaneData(columns: columns, rows: [], queues: queues) }
        var out = self
        out.rows = rows.filter { row in at.allSatisfy { i, v in row.cells[i].localizedContains(v) } }
        return out
    }
}
