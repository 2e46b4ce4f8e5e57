import Testing
@testable import SellerCore
@testable import SellerUI

/// 结算 pane: every queue is the core's derivation; a bill row shows its
/// reconciliation; an order row drills down to the order.
@Suite struct SettlementPaneTests {
    @Test(arguments: [(80, 24), (120, 40)])
    func thePaneShowsTheCoresSettlementAndBills(size: (Int, Int)) throws {
        var app = Demo.app(width: size.0, height: size.1)
        app.send(.char("6"))
        #expect(app.tab == .settlement)
        #expect(app.screen.allSatisfy { TextWidth.width($0) == size.0 })
        let m = app.model
        let lines = Settlement.derive(m.state, asOf: m.now)
        #expect(app.rowCount == Settlement.totals(lines).count, "periods queue")
        let queues: [(Int, Int)] = [(1, lines.count { $0.state == .billed }), (2, lines.count { $0.state == .pending }),
                                    (3, lines.count { $0.state == .notBillable }), (4, m.state.bills.count)]
        for (q, n) in queues {
            app.panes[.settlement]!.queue = q
            app.rebuild()
            #expect(app.rowCount == n, "queue \(q)")
        }
        // Bills: the one the demo's platform got wrong is marked.
        let wrong = m.state.bills.values.filter { !Settlement.reconcile($0, with: lines).agrees }
        #expect(wrong.count == 1)
        #expect(Details.lines(.settlement, id: "bill:" + wrong[0].id, m).contains { $0.value.contains("missing_from_bill") })
        // A pending order: its reasons in the detail; o opens the order.
        app.panes[.settlement]!.queue = 2
        app.rebuild()
        let id = try #require(app.selectedId)
        #expect(Details.lines(.settlement, id: id, m).contains { $0.label == m.lang.t("settlement.reasons") })
        app.send(.char("o"))
        #expect([.orders, .supervision].contains(app.tab) && app.selectedId == id, "drill-down to the order")
    }
}
