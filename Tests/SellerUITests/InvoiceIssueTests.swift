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
