import Testing
@testable import SellerCore
@testable import SellerUI

/// The console on the orders view, on the overview: the figures from the
/// inputs the view carries, with and without bills (OverviewInputsTests has
/// the equivalence on stores).
@Suite struct OverviewPreviewTests {
    @Test func aViewMadeWithoutInputsShowsTheLoadingScreenUntilTheState() {
        var view = OrdersView(state: Demo.state, stamp: .init(journalBytes: 0, lastLineCRC: 0))
        view.overview = nil
        var app = App(preview: view, account: Demo.state.mainAccount!, now: Demo.now, lang: .zh, width: 120, height: 40, storeLabel: "/tmp/demo")
        #expect(!app.overviewCounts && app.screenText.contains("订单列表已可用"))
        #expect(app.screen[0].contains("✉ …"))
        app.send(.char("1"))
        #expect(!app.data.rows.isEmpty, "the order list is there")
    }

    @Test(arguments: [Lang.zh, .en], [true, false])
    func theOverviewIsTheFullConsolesFromTheFirstFrame(lang: Lang, bills: Bool) {
        var s = Demo.state
        #expect(!s.bills.isEmpty)
        if !bills { s.bills = [:] }
        let view = OrdersView(state: s, stamp: .init(journalBytes: 0, lastLineCRC: 0))
        var p = App(preview: view, account: s.mainAccount!, now: Demo.now, lang: lang, width: 120, height: 40, storeLabel: "/tmp/demo",
                    badges: ["DEMO"])
        var f = Demo.app(lang: lang, state: s, start: .dashboard)
        #expect(p.overviewCounts && p.loading != nil && !p.figures.isEmpty)
        #expect(p.figures == f.figures)
        #expect(p.figures.contains { $0.section == .settlement } == bills, "the settlement figures, from the facts the view carries")
        #expect(Array(p.screen[0..<38]) == Array(f.screen[0..<38]), "the title bar (✉ count), the figures and their bars")
        // A figure opens its list, which waits for the state; what needs the state says so.
        p.send(.char("j"), .enter); f.send(.char("j"), .enter)
        #expect(p.tab == f.tab && p.tab != .dashboard)
        #expect(p.send(.char(":")).isEmpty && p.status?.isError == true && p.mode == .normal)
        // A figure whose list is the order list under conditions: the view's rows are the whole list, so it waits (never an empty "result").
        var q = App(preview: view, account: s.mainAccount!, now: Demo.now, lang: lang, width: 120, height: 40, storeLabel: "/tmp/demo")
        let i = try! #require(q.figures.firstIndex { $0.target.tab == .orders && !$0.target.conditions.isEmpty && $0.count > 0 })
        for _ in 0..<i { q.send(.char("j")) }
        q.send(.enter)
        #expect(q.tab == .orders && !q.listsNow(.orders))
        #expect(q.screenText.contains(lang == .zh ? "正在加载" : "oading"), "the loading bar, not an empty list")
    }
}
