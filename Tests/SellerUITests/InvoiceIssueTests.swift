import Testing
@testable import SellerCore
@testable import SellerUI

/// Issue 14 item 10: 开具发票 from the console, from the overview's 已逾期 figure.
@Suite struct InvoiceIssueTests {
    @Test func anOverdueInvoiceIsIssuedFromTheOverview() throws {
        var state = Demo.state
        var app = Demo.app(start: .dashboard)
        let overdue = try #require(app.figures.firstIndex { $0.label.contains("已逾期") && $0.count > 0 }, "the demo has overdue invoice requests")
        for _ in 0..<overdue { app.send(.char("j")) }
        app.send(.enter)
        #expect(app.tab == .orders)
        let order = try #require(app.selectedId)
        let request = try #require(state.invoices.values.filter { $0.orderId == order && $0.issuedAt == nil }.min { ($0.requestedAt, $0.id) < ($1.requestedAt, $1.id) })
        app.send(.char("I"))
        #expect(app.screenText.contains("开具发票（申请 \(request.id)）"), "\(app.screenText)")
        app.send(.ctrl("s"))
        #expect(app.screenText.contains("«发票号码» 必填"))
        app.type("No.10012345")
        app.send(.ctrl("s"))
        let effects = app.send(.char("y"))
        #expect(effects == [.issueInvoice(requestId: request.id, number: "No.10012345")])
        // Written as the console writes it: the write service, then the app is told.
        let target = MemoryTarget(state)
        target.run(effects[0], on: &app)
        state = target.state
        #expect(app.screen.last?.contains("已开具") == true)
        #expect(state.invoices[request.id]?.number == "No.10012345")
    }

    @Test func anOrderWithoutAnOpenRequestSaysSo() throws {
        var app = Demo.app()
        let plain = try #require(app.visible.first { i in !Demo.state.invoices.values.contains { $0.orderId == app.data.rows[i].id && $0.issuedAt == nil } })
        app.send(.char("g"))
        for _ in 0..<(app.visible.firstIndex(of: plain) ?? 0) { app.send(.char("j")) }
        #expect(app.send(.char("I")).isEmpty)
        #expect(app.screen.last?.contains("没有待开具的发票申请") == true)
    }
}

/// Issue 14 item 10: the overview's 已逾期 figure opens the invoice requests
/// with their deadline columns, soonest deadline first.
@Suite struct InvoiceDeadlineListTests {
    @Test func overdueOpensTheRequestsWithTheirDeadlines() throws {
        var app = Demo.app(start: .dashboard)
        let overdue = try #require(app.figures.firstIndex { $0.label.contains("已逾期") && $0.count > 0 })
        let count = app.figures[overdue].count
        for _ in 0..<overdue { app.send(.char("j")) }
        app.send(.enter)
        #expect(app.tab == .orders && app.rowCount == count, "the list shows what the figure counts")
        let titles = app.data.columns.map(\.title)
        for t in ["申请时间", "开具期限", "剩余/逾期"] { #expect(titles.contains(t), "\(titles)") }
        #expect(app.screenText.contains("开具期限") && app.screenText.contains("逾期"), "\(app.screenText)")
        let deadline = try #require(titles.firstIndex(of: "开具期限"))
        let left = try #require(titles.firstIndex(of: "剩余/逾期"))
        let shown = app.visible.map { app.data.rows[$0] }
        #expect(shown.map { $0.cells[deadline] } == shown.map { $0.cells[deadline] }.sorted(), "soonest deadline first")
        for row in shown {
            // Each row is the order's earliest open request, as the core dates it.
            let r = try #require(Demo.state.invoices.values.filter { $0.orderId == row.id && !$0.isIssued }.min { ($0.requestedAt, $0.id) < ($1.requestedAt, $1.id) })
            guard case .overdue(let days) = r.deadlineStatus(now: Demo.now) else { Issue.record("\(r.id) is not overdue"); continue }
            #expect(row.cells[deadline] == r.deadline.shortDisplay && row.cells[left] == "逾期 \(days) 天")
            #expect(row.cells.contains(r.requestedAt.shortDisplay) && row.cells.contains(r.id))
        }
        // The rows are orders: I issues the selected one's request, Esc goes back to the overview.
        app.send(.char("I"))
        guard case .form(let f) = app.mode, case .invoice = f.purpose else { Issue.record("no invoice form"); return }
        app.send(.escape)
        app.send(.escape)
        #expect(app.tab == .dashboard)
    }

    @Test func dueWithinTheDeadlineCountsDaysLeftInEnglish() throws {
        // Two fresh requests, 1 and 3 days old: within the 7-day deadline.
        var state = Demo.state
        let orders = state.orders.values.filter { o in o.amount.fen > 0 && !state.invoices.values.contains { $0.orderId == o.id } }.map(\.id).sorted()
        for (n, (order, age)) in zip(orders, [3, 1]).enumerated() {
            try state.apply(EventEnvelope(id: "t-req-\(n)", at: Demo.now.adding(days: -age), actor: .buyer,
                                          event: .invoiceRequested(InvoiceRequested(requestId: "IR-T\(n)", orderId: order, amount: state.orders[order]!.amount, title: "测试抬头"))))
        }
        var app = Demo.app(lang: .en, state: state, start: .dashboard)
        let due = try #require(app.figures.firstIndex { $0.section == .invoices && $0.count > 0 && !$0.label.lowercased().contains("overdue") }, "the demo has a request within its deadline")
        for _ in 0..<due { app.send(.char("j")) }
        app.send(.enter)
        let left = try #require(app.data.columns.firstIndex { $0.title == "Left/late" })
        #expect(app.rowCount >= 2 && app.visible.allSatisfy { app.data.rows[$0].cells[left].hasSuffix("d left") })
        let shown = app.visible.map { app.data.rows[$0].cells[left] }
        #expect(shown == ["4 d left", "6 d left"], "the older request's deadline is sooner: \(shown)")
    }
}
