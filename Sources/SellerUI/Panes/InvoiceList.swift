import SellerCore

/// The orders pane as a list of open invoice requests with their deadlines
/// (开具期限: 7 days from the request, the core's `InvoiceRequest.deadline`),
/// soonest first — what the overview's 发票 figures open. One row per order,
/// as the figures count them; the row shows the request `I` issues (the
/// order's earliest open one), so `I`, Enter and `o` work as on any order.
extension Panes {
    static func invoiceRequests(_ m: Model, _ q: OrderQuery, only: Set<String>?) -> PaneData {
        let l = m.lang
        // The order query still applies (`:customer`, `:id`, `:status` narrow this list too).
        let facts = q.rows(m.state, account: m.account).filter { only?.contains($0.id) ?? true }
        var open: [String: InvoiceRequest] = [:]
        for r in m.state.invoices.values where !r.isIssued {
            if let o = open[r.orderId], (o.requestedAt, o.id) <= (r.requestedAt, r.id) { continue }
            open[r.orderId] = r
        }
        let listed = facts.compactMap { f in open[f.id].map { (f, $0) } }
        let order = KeySort.order(listed.map(\.1.deadline), ties: listed.map(\.0.id))
        let rows = order.map { i -> Row in
            let (f, r) = listed[i]
            let left: String
            var late = false
            switch r.deadlineStatus(now: m.now) {
            case .due(let n): left = l.t("invoices.days_left", n)
            case .overdue(let n): left = l.t("invoices.days_overdue", n); late = true
            case .issued: left = ""
            }
            return Row(id: f.id, cells: [f.id, f.customerName, r.id, r.title, r.amount.decimalString,
                                         r.requestedAt.shortDisplay, r.deadline.shortDisplay, left], emphasis: late)
        }
        return PaneData(columns: [
            Column(title: l.t("pane.order"), minWidth: 15, weight: 0, priority: 9, role: .orderId),
            Column(title: l.t("pane.customer"), minWidth: 8, weight: 2, priority: 7, role: .customer),
            Column(title: l.t("invoices.request"), minWidth: 8, weight: 1, priority: 3),
            Column(title: l.t("invoices.title"), minWidth: 8, weight: 3, priority: 4),
            Column(title: l.t("pane.amount"), minWidth: 9, weight: 0, alignRight: true, priority: 5),
            Column(title: l.t("invoices.requested_at"), minWidth: 16, weight: 0, priority: 6),
            Column(title: l.t("invoices.deadline"), minWidth: 16, weight: 0, priority: 8),
            Column(title: l.t("invoices.left"), minWidth: 8, weight: 0, priority: 9),
        ], rows: rows)
    }
}
