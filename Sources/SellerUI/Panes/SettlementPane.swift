import SellerCore

extension Tab { public static let settlement = Tab(SettlementPane.self) }

/// 结算: the console's own settlement and the platform's bills. Queues:
/// periods with totals, orders billed / pending / not billable with their
/// reasons, and bills with status and reconciliation. Every figure is the
/// core's (`Settlement.derive`, `Settlement.reconcile`), as `seller settlement`
/// and `seller bills` print them; `x` exports the rows shown (a period's 对账单
/// is the billed queue filtered to it).
enum SettlementPane: PaneDescriptor {
    enum Queue: Int, CaseIterable { case periods, billed, pending, notBillable, bills }

    static let id = "settlement"
    static func title(_ l: Lang) -> String { l.t("pane.settlement") }
    /// From the settlement facts orders.view carries (App passes them derived).
    static let listsFromOverviewTables = true
    static var queueCount: Int { Queue.allCases.count }

    static func data(_ m: Model, queue: Int, conditions: Conditions, keep: Set<String>) -> PaneData { data(m, queue: queue) }
    /// Settlement.derive reads every order (nearly 600 ms at 100k).
    static let rebuildsInBackground = true

    static func build(_ m: Model, _ k: PaneKey, derived: [OrderSettlement]?) -> (PaneData, [DashboardFigure]) {
        (data(m, queue: k.queue, derived: derived).filtered(by: k.conditions, queried: queriesIdAndCustomer), [])
    }

    /// An order's settlement row names its order; bills and periods name none.
    static func related(_ id: String, _ m: Model) -> (orderId: String, tab: Tab)? {
        m.state.orders[id] != nil ? (id, Panes.home(ofOrder: id, m)) : nil
    }

    static func queueNames(_ l: Lang) -> [String] {
        [l.t("settlement.periods"), l.t("settlement.billed"), l.t("settlement.pending"), l.t("settlement.not_billable"), l.t("settlement.bills")]
    }

    static func status(_ b: BillStatus, _ l: Lang) -> String {
        switch b {
        case .toInvoice: l.t("settlement.status.to_invoice")
        case .toPay: l.t("settlement.status.to_pay")
        case .paid: l.t("settlement.status.paid")
        }
    }

    static func state(_ s: SettlementState, _ l: Lang) -> String {
        switch s {
        case .billed: l.t("settlement.billed")
        case .pending: l.t("settlement.pending")
        case .notBillable: l.t("settlement.not_billable")
        }
    }

    static func visible(_ m: Model) -> Bool { Permissions.refusal(mainOnly: .seeSettlement, account: m.account, in: m.state) == nil }

    /// `derived`: the state's settlement lines when already derived at `m.now`
    /// (a background build shares them with the overview's figures).
    static func data(_ m: Model, queue: Int, derived: [OrderSettlement]? = nil) -> PaneData {
        let l = m.lang
        guard visible(m) else { return PaneData(columns: [Column(title: l.t("settlement.main_account_only"), minWidth: 10, weight: 1)], rows: []) }
        let lines = derived ?? Settlement.derive(m.state, asOf: m.now)
        // Counted in one pass; only the queue shown gets rows (the lines are
        // 100k large structs: grouping them copied every one).
        var byState: [SettlementState: Int] = [:]
        for i in lines.indices { byState[lines[i].state, default: 0] += 1 }
        let totals = Settlement.totals(lines)
        let counts = [totals.count, byState[.billed] ?? 0, byState[.pending] ?? 0, byState[.notBillable] ?? 0, m.state.bills.count]
        let queues = Array(zip(queueNames(l), counts))
        switch Queue(rawValue: min(queue, Queue.allCases.count - 1))! {
        case .periods:
            let rows = totals.reversed().map { t in
                Row(id: "period:" + t.period.text, cells: [t.period.text, String(t.billed), String(t.pending), t.sale.decimalString,
                                                           t.fee.decimalString, t.settlement.decimalString, String(t.unknownRate)])
            }
            return PaneData(columns: [
                Column(title: l.t("settlement.period"), minWidth: 6, weight: 0, priority: 9),
                Column(title: l.t("settlement.billed"), minWidth: 6, weight: 0, alignRight: true, priority: 8),
                Column(title: l.t("settlement.pending"), minWidth: 6, weight: 0, alignRight: true, priority: 7),
                Column(title: l.t("settlement.sale"), minWidth: 10, weight: 1, alignRight: true, priority: 6),
                Column(title: l.t("settlement.fee"), minWidth: 9, weight: 1, alignRight: true, priority: 5),
                Column(title: l.t("settlement.settlement"), minWidth: 10, weight: 1, alignRight: true, priority: 6),
                Column(title: l.t("settlement.unknown_rate"), minWidth: 6, weight: 0, alignRight: true, priority: 2),
            ], rows: rows, queues: queues)
        case .bills:
            let bills = m.state.bills.values.sorted { ($0.period, $0.id) > ($1.period, $1.id) }
            let rows = zip(bills, Settlement.reconcile(bills, with: lines)).map { b, r in
                Row(id: "bill:" + b.id, cells: [b.id, b.period.text, l.term(b.productType), status(b.status, l),
                                                       b.totalSettlement.decimalString,
                                                       r.agrees ? l.t("settlement.agrees") : l.t("settlement.n_differences", r.differences.count),
                                                       b.huaweiInvoice?.number ?? b.invoiceDeadline.map { $0.dateDisplay } ?? ""],
                           emphasis: !r.agrees)
            }
            return PaneData(columns: [
                Column(title: l.t("settlement.bill"), minWidth: 8, weight: 2, priority: 9),
                Column(title: l.t("settlement.period"), minWidth: 6, weight: 0, priority: 8),
                Column(title: l.t("pane.type"), minWidth: 6, weight: 1, priority: 3),
                Column(title: l.t("settlement.status"), minWidth: 6, weight: 0, priority: 7),
                Column(title: l.t("settlement.settlement"), minWidth: 10, weight: 0, alignRight: true, priority: 6),
                Column(title: l.t("settlement.reconciliation"), minWidth: 8, weight: 1, priority: 8),
                Column(title: l.t("settlement.invoice"), minWidth: 10, weight: 0, priority: 2),
            ], rows: rows, queues: queues)
        case .billed, .pending, .notBillable:
            let state: SettlementState = [.billed: .billed, .pending: .pending, .notBillable: .notBillable][Queue(rawValue: queue)!]!
            let separator = l.t("text.clause_separator")
            // Newest first.
            let shown = lines.indices.reversed().filter { lines[$0].state == state }
            let rows = RowPacker.rows(shown) { i, packer in
                let s = lines[i]
                packer.cell(s.orderId); packer.cell(s.period?.text ?? "—"); packer.cell(l.term(s.productType))
                packer.cell(s.saleAmount.decimalString); packer.cell(s.feeRate ?? "—"); packer.cell(s.settlementAmount?.decimalString ?? "—")
                packer.cell(s.reasons.map(\.text).joined(separator: separator))
                return Row(id: s.orderId, packer: &packer)
            }
            return PaneData(columns: [
                Column(title: l.t("pane.order"), minWidth: 15, weight: 0, priority: 9, role: .orderId),
                Column(title: l.t("settlement.period"), minWidth: 6, weight: 0, priority: 8),
                Column(title: l.t("pane.type"), minWidth: 6, weight: 1, priority: 3),
                Column(title: l.t("settlement.sale"), minWidth: 9, weight: 0, alignRight: true, priority: 7),
                Column(title: l.t("settlement.rate"), minWidth: 4, weight: 0, alignRight: true, priority: 2),
                Column(title: l.t("settlement.settlement"), minWidth: 9, weight: 0, alignRight: true, priority: 6),
                Column(title: l.t("settlement.reasons"), minWidth: 8, weight: 4, priority: 5),
            ], rows: rows, queues: queues)
        }
    }

    /// The detail of a row: an order's settlement, a bill with its differences, or a period's totals.
    static func detail(_ id: String, _ m: Model) -> Details.Lines {
        let l = m.lang
        guard visible(m) else { return [] }
        // Drawn on every frame: derive only the product type asked about (exact, see Settlement).
        if id.hasPrefix("bill:"), let b = m.state.bills[String(id.dropFirst(5))] {
            let r = Settlement.reconcile(b, with: Settlement.derive(m.state, productType: b.productType, asOf: m.now))
            var out: Details.Lines = [(l.t("settlement.bill"), b.id), (l.t("settlement.period"), b.period.text), (l.t("pane.type"), l.term(b.productType)),
                                      (l.t("settlement.status"), status(b.status, l)),
                                      (l.t("settlement.sale"), b.totalAmount.decimalString), (l.t("settlement.settlement"), b.totalSettlement.decimalString),
                                      (l.t("settlement.reconciliation"), r.agrees ? l.t("settlement.agrees") : l.t("settlement.n_differences", r.differences.count))]
            for d in r.differences {
                out.append((d.orderId, [d.kind.rawValue, d.billAmount.map { "\(l.t("settlement.bill")) \($0.decimalString)" },
                                        d.consoleAmount.map { "\(l.t("settlement.console")) \($0.decimalString)" },
                                        d.billSettlement.map { "\(l.t("settlement.bill")) \($0.decimalString)" },
                                        d.consoleSettlement.map { "\(l.t("settlement.console")) \($0.decimalString)" }, d.reason]
                    .compactMap { $0 }.joined(separator: l.t("list.separator"))))
            }
            if let i = b.huaweiInvoice { out.append((l.t("settlement.invoice"), "\(i.number) \(i.amount.decimalString)")) }
            else if let due = b.invoiceDeadline, HuaweiInvoicing.required(for: b, in: m.state) { out.append((l.t("settlement.invoice"), due.dateDisplay)) }
            return out
        }
        if id.hasPrefix("period:"), let p = Period(String(id.dropFirst(7))) {
            // The totals are the row itself; the detail says when the period is billed.
            return [(l.t("settlement.period"), p.text), (l.t("settlement.billing_day"), SettlementPolicy().billingDate(of: p).dateDisplay)]
        }
        guard let type = m.state.orders[id].flatMap({ m.state.products[$0.productId]?.type }),
              let s = Settlement.derive(m.state, productType: type, asOf: m.now).first(where: { $0.orderId == id }) else { return [] }
        var out: Details.Lines = [(l.t("pane.order"), s.orderId), (l.t("settlement.period"), s.period?.text ?? "—"),
                                  (l.t("settlement.status"), state(s.state, l)), (l.t("settlement.basis"), s.basis),
                                  (l.t("settlement.sale"), s.saleAmount.decimalString), (l.t("settlement.rate"), s.feeRate ?? "—"),
                                  (l.t("settlement.settlement"), s.settlementAmount?.decimalString ?? "—")]
        for r in s.reasons { out.append((l.t("settlement.reasons"), r.text)) }
        return out
    }
}
