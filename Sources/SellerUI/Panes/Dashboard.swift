import SellerCore

/// 概览: the whole shop at a glance. Every figure is a count the core's own
/// queries give (the same the CLI prints), and names the filtered list that
/// Enter opens.
public struct DashboardFigure: Sendable, Equatable {
    public enum Section: String, CaseIterable, Sendable {
        // First: it appears only when a product nears the delisting rule.
        case interface
        case supervision, productTypes, stalled, appeals, tickets, messages, invoices, trends, settlement
    }
    public var section: Section
    public var label: String
    public var count: Int
    /// For trend figures: one value per day, oldest first.
    public var series: [Int] = []
    public var target: DashboardTarget
}

/// Where a figure leads: a tab, its queue, and the conditions of the list.
public struct DashboardTarget: Sendable, Equatable {
    public var tab: Tab
    public var queue: Int
    public var conditions = Conditions()
}

extension OverviewPane {
    /// Its figures read every record, order and message (hundreds of ms at 100k, see README Performance).
    static let rebuildsInBackground = true

    static func build(_ m: Model, _ k: PaneKey, derived: [OrderSettlement]?) -> (PaneData, [DashboardFigure]) {
        (PaneData(columns: [], rows: []), Dashboard.figures(m, derived: derived))
    }
}

enum Dashboard {
    static let trendDays = 30

    static func sectionTitle(_ s: DashboardFigure.Section, _ l: Lang) -> String {
        switch s {
        case .interface: l.t("dashboard.interface_failures", InterfaceReport.delistingLimit)
        case .supervision: l.t("dashboard.supervision")
        case .productTypes: l.t("dashboard.by_product_type_supervision")
        case .stalled: l.t("dashboard.stalled")
        case .appeals: l.t("dashboard.open_appeals_by_age")
        case .tickets: l.t("dashboard.tickets")
        case .messages: l.t("dashboard.unread_messages_by_category")
        case .invoices: l.t("dashboard.invoices_issue_within_7_days")
        case .trends: l.t("dashboard.last_30_days")
        case .settlement: l.t("dashboard.settlement_bills")
        }
    }

    /// `derived`: the settlement lines at `m.now`, when already derived (see SettlementPane.data).
    static func figures(_ m: Model, derived: [OrderSettlement]? = nil) -> [DashboardFigure] {
        figures(OverviewInputs(m.state), m, derived: derived)
    }

    /// The figures from their inputs (OverviewInputs: worked out from the
    /// state, or read from orders.view before the state is in); `m` gives the
    /// account, the time and the language (its state is not read).
    static func figures(_ inputs: OverviewInputs, _ m: Model, derived: [OrderSettlement]? = nil) -> [DashboardFigure] {
        let s = inputs.state, l = m.lang, now = m.now
        // Every visible record's queue and stall reasons once, shared by all the figures below.
        let records = RecordFacts.facts(inputs.records, products: s.products, account: m.account, now: now)
        let queues = SupervisionQueue.allCases
        let all = queues.count - 1
        var out: [DashboardFigure] = []

        var perQueue: [SupervisionQueue: Int] = [:]
        for r in records { perQueue[r.queue, default: 0] += 1 }
        for (i, q) in queues.enumerated() where q != .all {
            out.append(.init(section: .supervision, label: l.term(q), count: perQueue[q] ?? 0,
                             target: .init(tab: .supervision, queue: i)))
        }
        // One pass per figure group: at 100k records a filter per type cost more than the rest.
        var perType: [ProductType: Int] = [:]
        for r in records { if let t = r.type { perType[t, default: 0] += 1 } }
        for t in ProductType.allCases {
            let n = perType[t] ?? 0
            guard n > 0 else { continue }
            var c = Conditions(); c.type = t
            out.append(.init(section: .productTypes, label: l.term(t), count: n, target: .init(tab: .supervision, queue: all, conditions: c)))
        }

        let reasons = records.map(\.stallReasons)
        let stallFigures: [(Conditions.StallFilter, String)] = [
            (.buyerIdle, Conditions.StallFilter.buyerIdle.label(l)), (.rejections, Conditions.StallFilter.rejections.label(l)),
            (.any, Conditions.StallFilter.any.label(l)),
        ]
        for (filter, label) in stallFigures {
            var c = Conditions(); c.stalled = filter
            out.append(.init(section: .stalled, label: label, count: reasons.filter(filter.matches).count,
                             target: .init(tab: .supervision, queue: all, conditions: c)))
        }

        var openAges: [Int] = []
        for a in inputs.appeals where a.status == .pending && AppealQuery.isVisible(recordProduct: a.recordProductId, to: m.account, products: s.products) {
            openAges.append(a.filedAt.days(until: now))
        }
        for bucket in AppealAge.allCases {
            var c = Conditions(); c.appealAge = bucket
            out.append(.init(section: .appeals, label: bucket.label(l), count: openAges.count(where: bucket.contains),
                             target: .init(tab: .appeals, queue: 0, conditions: c)))
        }

        let ticketNames = Panes.ticketQueueNames(l)
        // One pass over the tickets for every queue's count.
        var perTicketQueue = [Int](repeating: 0, count: TicketQueue.allCases.count)
        for t in inputs.tickets {
            for (i, q) in TicketQueue.allCases.enumerated() where q.matches(status: t.status, owner: t.owner, account: m.account) { perTicketQueue[i] += 1 }
        }
        for (i, q) in TicketQueue.allCases.enumerated() where q != .all {
            out.append(.init(section: .tickets, label: ticketNames[i], count: perTicketQueue[i], target: .init(tab: .tickets, queue: i)))
        }

        var unread: [Int: Int] = [:]
        for msg in inputs.messages where !msg.read
            && Permissions.canSee(messageOfProduct: msg.productId, aboutAnOrder: msg.aboutAnOrder, m.account, products: s.products) {
            unread[msg.category, default: 0] += 1
        }
        for (code, n) in unread.sorted(by: { $0.key < $1.key }) {
            var c = Conditions(); c.category = code
            out.append(.init(section: .messages, label: "\(code) \(l.term(CategoryTerm(code)))",
                             count: n, target: .init(tab: .messages, queue: 0, conditions: c)))
        }

        if Permissions.refusal(mainOnly: .seeInvoiceRequests, account: m.account, in: s) == nil {
            let pending = s.invoices.values.filter { !$0.isIssued }
            let due = pending.filter { if case .due = $0.deadlineStatus(now: now) { true } else { false } }
            let overdue = pending.filter { if case .overdue = $0.deadlineStatus(now: now) { true } else { false } }
            // Counted in orders, as the list Enter opens shows them (two requests on one order are one row).
            var dc = Conditions(); dc.orderIds = Set(due.map(\.orderId)); dc.label = l.t("dashboard.invoice_due")
            var oc = Conditions(); oc.orderIds = Set(overdue.map(\.orderId)); oc.label = l.t("dashboard.invoice_overdue")
            // Opened as invoice requests with their deadlines, not as plain orders.
            dc.invoiceDeadlines = true; oc.invoiceDeadlines = true
            out.append(.init(section: .invoices, label: l.t("dashboard.due_within_deadline"), count: dc.orderIds!.count, target: .init(tab: .orders, queue: 0, conditions: dc)))
            out.append(.init(section: .invoices, label: l.t("dashboard.overdue"), count: oc.orderIds!.count, target: .init(tab: .orders, queue: 0, conditions: oc)))
        }

        // Trends: per China-time day, the last 30 days up to today.
        let today = Timestamp(china: .init(year: now.china.year, month: now.china.month, day: now.china.day))
        let start = today.adding(days: -(trendDays - 1))
        func series(_ times: [Timestamp]) -> [Int] {
            var days = [Int](repeating: 0, count: trendDays)
            for t in times where t >= start && t <= now { days[min(trendDays - 1, start.days(until: t))] += 1 }
            return days
        }
        let newOrders = series(inputs.listedOrders.filter { Permissions.canSee(orderOfProduct: $0.productId, m.account, in: s) }.map(\.createdAt))
        var closed = Conditions(); closed.closedFrom = start
        // The figure counts what its list shows: the same query (over the facts above), not a copy of it.
        let completed = series(closed.recordQuery(now: now).select(records, in: s, account: m.account).compactMap(\.closedAt))
        var from = Conditions(); from.from = start
        out.append(.init(section: .trends, label: l.t("dashboard.new_orders"), count: newOrders.reduce(0, +), series: newOrders,
                         target: .init(tab: .orders, queue: 0, conditions: from)))
        out.append(.init(section: .trends, label: l.t("dashboard.supervision_completed"), count: completed.reduce(0, +), series: completed,
                         target: .init(tab: .supervision, queue: queues.firstIndex(of: .done)!, conditions: closed)))
        out += settlementFigures(inputs, m, derived: derived)
        // Production-interface failures: a warning only for products near the
        // limit, first in the list as on screen, so the selection starts on it.
        let warnings = InterfaceReport.failuresThisMonth(s, now: now).filter(\.nearLimit).map { f in
            DashboardFigure(section: .interface, label: s.products[f.productId]?.name ?? f.productId, count: f.failedOrders,
                            target: .init(tab: .interface, queue: 0))
        }
        return warnings + out
    }

    /// Orders on which a bill and the console's settlement differ, and orders of
    /// bills whose invoice to Huawei Cloud is due or overdue (R7: one month after
    /// the bill entered 待开票). Counted in orders, because Enter lists the orders.
    /// Shown only to the main account, and only once bills exist.
    static func settlementFigures(_ m: Model, derived: [OrderSettlement]? = nil) -> [DashboardFigure] {
        settlementFigures(OverviewInputs(state: m.state, records: [], appeals: [], tickets: [], messages: [], listedOrders: []), m, derived: derived)
    }

    /// From the whole state (`inputs.settlement` nil), or from the settlement
    /// facts and Huawei-invoice bills orders.view carries.
    static func settlementFigures(_ inputs: OverviewInputs, _ m: Model, derived: [OrderSettlement]? = nil) -> [DashboardFigure] {
        let s = inputs.state, l = m.lang
        guard !s.bills.isEmpty, Permissions.refusal(mainOnly: .seeBills, account: m.account, in: s) == nil else { return [] }
        let derived = derived ?? inputs.derivedSettlement(asOf: m.now) ?? Settlement.derive(s, asOf: m.now)
        var differing = Set<String>()
        for r in Settlement.reconcile(Array(s.bills.values), with: derived) { differing.formUnion(r.differences.map(\.orderId)) }
        let required = { (b: Bill) in inputs.huaweiInvoiceRequired?.contains(b.id) ?? HuaweiInvoicing.required(for: b, in: s) }
        let open = s.bills.values.filter { $0.status == .toInvoice && $0.huaweiInvoice == nil && required($0) }
        let overdue = open.filter { ($0.invoiceDeadline ?? m.now) < m.now }
        let due = open.filter { ($0.invoiceDeadline ?? m.now) >= m.now }
        func orders(_ label: String, _ ids: Set<String>) -> DashboardTarget {
            var c = Conditions(); c.orderIds = ids; c.label = label
            return .init(tab: .orders, queue: 0, conditions: c)
        }
        let lineIds = { (list: [Bill]) in Set(list.flatMap { $0.lines.map(\.orderId) }) }
        return [
            .init(section: .settlement, label: l.t("dashboard.bills_with_differences"), count: differing.count,
                  target: orders(l.t("dashboard.bills_with_differences"), differing)),
            .init(section: .settlement, label: l.t("dashboard.huawei_invoice_due"), count: lineIds(due).count,
                  target: orders(l.t("dashboard.huawei_invoice_due"), lineIds(due))),
            .init(section: .settlement, label: l.t("dashboard.huawei_invoice_overdue"), count: lineIds(overdue).count,
                  target: orders(l.t("dashboard.huawei_invoice_overdue"), lineIds(overdue))),
        ]
    }
}

/// Age buckets of open appeals, in days since filing.
public enum AppealAge: String, CaseIterable, Sendable {
    case upTo3, upTo7, over7

    func contains(_ days: Int) -> Bool {
        switch self {
        case .upTo3: days <= 3
        case .upTo7: days > 3 && days <= 7
        case .over7: days > 7
        }
    }

    func label(_ l: Lang) -> String {
        switch self {
        case .upTo3: l.t("dashboard.3_days")
        case .upTo7: l.t("dashboard.4_7_days")
        case .over7: l.t("dashboard.7_days")
        }
    }
}

/// Unicode blocks for bars and sparklines, or ASCII when the terminal cannot
/// show them.
enum Blocks {
    static func bar(_ value: Int, max: Int, width: Int, ascii: Bool) -> String {
        guard max > 0, width > 0 else { return "" }
        let cells = Double(value) / Double(max) * Double(width)
        if ascii { return String(repeating: "#", count: Int(cells.rounded())) }
        let eighths = Int((cells * 8).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
        return String(repeating: "█", count: eighths / 8) + partial
    }

    static func sparkline(_ values: [Int], ascii: Bool) -> String {
        let glyphs: [Character] = ascii ? Array(" .:-=+*#") : Array("▁▂▃▄▅▆▇█")
        let top = values.max() ?? 0
        return String(values.map { v in
            guard top > 0 else { return glyphs[0] }
            return glyphs[min(glyphs.count - 1, v * (glyphs.count - 1) / top)]
        })
    }
}
