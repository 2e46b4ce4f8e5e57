import Testing
@testable import SellerCore
@testable import SellerUI

/// Issue 14 item 8: `:sort`, `:category`, Tab completion, `o` from a full detail.
@Suite struct CommandLineExtrasTests {
    @Test func sortByAColumnNameOrNumberEitherWay() {
        var app = Demo.app()
        app.send(.char(":"))
        app.type("sort 金额 desc")
        app.send(.enter)
        let amount = app.data.columns.firstIndex { $0.title == "金额" }!
        let shown = app.visible.map { App.numericKey(app.data.rows[$0].cells[amount]) }
        #expect(shown == shown.sorted(by: >) && shown.first != shown.last)
        app.send(.char(":"))
        app.type("sort 1")
        app.send(.enter)
        let ids = app.visible.map { app.data.rows[$0].cells[0] }
        #expect(ids == ids.sorted())
        app.send(.char(":"))
        app.type("sort 颜色")
        app.send(.enter)
        #expect(app.screen.last?.contains("没有列「颜色」") == true)
    }

    @Test func categoryNarrowsTheMessages() {
        var app = Demo.app(start: .messages)
        app.send(.char("]"), .char(":"))
        app.type("category 501")
        app.send(.enter)
        #expect(app.rowCount > 0 && app.visible.allSatisfy { Demo.state.messages[app.data.rows[$0].id]?.category == 501 })
        #expect(app.rowCount == Demo.state.messages.values.filter { $0.category == 501 }.count)
    }

    @Test func tabCompletesVerbsAndValues() {
        var app = Demo.app()
        app.send(.char(":"))
        app.type("cus")
        app.send(.tab)
        guard case .commandLine(let f, _) = app.mode else { Issue.record("left the command line"); return }
        #expect(f.value == "customer ")
        var sup = Demo.app(start: .supervision)
        sup.send(.char(":"))
        sup.type("so")
        sup.send(.tab)
        sup.type("当前")
        sup.send(.tab)
        guard case .commandLine(let g, _) = sup.mode else { Issue.record("left the command line"); return }
        #expect(g.value == "sort 当前节点 ")
        sup.send(.ctrl("u"))
        sup.type("s")
        sup.send(.tab)
        #expect(sup.screen.last?.contains("status") == true && sup.screen.last?.contains("sort") == true, "several verbs match: they are listed")
    }

    @Test func oWorksFromAFullDetail() throws {
        var app = Demo.app(start: .messages)
        app.send(.char("]"))
        let i = try #require(app.visible.firstIndex { Demo.state.messages[app.data.rows[$0].id]?.orderId != nil })
        app.send(.char("g"))
        for _ in 0..<i { app.send(.char("j")) }
        let order = Demo.state.messages[app.selectedId!]!.orderId
        app.send(.enter, .char("o"))
        #expect(app.tab == .orders && app.selectedId == order)
    }
}

/// Issue 14 item 8: h / l across the overview's columns, n / N after `/`.
@Suite struct NavigationKeyTests {
    @Test func hAndLMoveBetweenTheOverviewsColumns() {
        var app = Demo.app(width: 120, height: 40, start: .dashboard)
        let lines = app.dashboardPlacement().lines
        let colOf = { (f: Int) in lines.first { $0.figure == f }!.col }
        #expect(colOf(app.figureSelected) == 0)
        app.send(.char("l"))
        #expect(colOf(app.figureSelected) == 1, "l goes to the right column")
        app.send(.char("l"))
        #expect(colOf(app.figureSelected) == 1, "and stays at the edge")
        app.send(.char("h"))
        #expect(colOf(app.figureSelected) == 0 && app.figureSelected == 0, "h comes back to the figure beside it")
    }

    @Test func nAndNStepThroughTheMatchesAndWrap() {
        var app = Demo.app()
        #expect(app.send(.char("n")).isEmpty)
        #expect(app.screen.last?.contains("先用 / 筛选") == true)
        app.send(.char("/"))
        app.type("处理中")
        app.send(.enter)
        let count = app.rowCount
        #expect(count > 2)
        app.send(.char("n"))
        #expect(app.selectedRow == 1)
        app.send(.char("N"), .char("N"))
        #expect(app.selectedRow == count - 1, "N from the first match wraps to the last")
    }
}
