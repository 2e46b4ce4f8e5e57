import Testing
@testable import SellerCore
@testable import SellerUI

/// The `:` command line, `x` export and `o` jump, driven by keys.
@Suite struct CommandLineTests {
    static let main = Demo.state.accounts["yunshan"]!

    func command(_ app: inout App, _ line: String) -> [Effect] {
        app.send(.char(":"))
        app.type(line)
        return app.send(.enter)
    }

    func orders(_ q: OrderQuery) -> Int { q.run(Demo.state, account: Self.main).count }

    @Test func structuredOrderFiltersAgreeWithTheCoreQuery() {
        var app = Demo.app()
        _ = command(&app, "status 已完成")
        var q = OrderQuery()
        q.status = .completed
        #expect(app.rowCount == orders(q) && app.rowCount > 0)
        #expect(app.screenText.contains(":status 已完成"))
        #expect(app.screenText.contains("\(app.rowCount) / \(app.totalCount)"))

        _ = command(&app, "from 2026-06-01")
        _ = command(&app, "to 2026-10-31")
        q.from = Timestamp(iso8601: "2026-06-01")
        q.to = Timestamp(seconds: Timestamp(iso8601: "2026-10-31")!.seconds + 86_399)
        #expect(app.rowCount == orders(q), "conditions accumulate")
        _ = command(&app, "type saas")
        q.type = .saas
        #expect(app.rowCount == orders(q))

        _ = command(&app, "clear")
        #expect(app.rowCount == orders(OrderQuery()))
        let customer = Demo.state.orders.values.sorted { $0.id < $1.id }.first { OrderQuery.isListed($0) && Permissions.canSee(order: $0, Self.main, in: Demo.state) }!.customer.name
        let probe = String(customer.prefix(2))
        _ = command(&app, "customer \(probe)")
        q = OrderQuery()
        q.customer = probe
        #expect(app.rowCount == orders(q) && app.rowCount > 0)
    }

    @Test func mistakesAreExplainedAndHistoryRecallsEarlierLines() {
        var app = Demo.app()
        _ = command(&app, "status 不存在")
        #expect(app.status?.isError == true && app.status!.text.contains("处理中"), "the choices are listed")
        _ = command(&app, "frobnicate")
        #expect(app.status?.isError == true && app.status!.text.contains("export"))
        _ = command(&app, "from 2026-13-01")
        #expect(app.status?.isError == true)
        #expect(app.rowCount == app.totalCount, "a mistake changes no condition")
        app.send(.char(":"), .up)
        #expect(app.screen.last!.hasPrefix(":from 2026-13-01"))
        app.send(.up, .up)
        #expect(app.screen.last!.hasPrefix(":status 不存在"))
        app.send(.down)
        #expect(app.screen.last!.hasPrefix(":frobnicate"))
        app.send(.escape)
        #expect(!app.screen.last!.hasPrefix(":"))
        // Supervision takes node names; orders-only verbs are refused there.
        app.send(.char("2"))
        _ = command(&app, "from 2026-01-01")
        #expect(app.status?.isError == true)
        app.send(.char("]"), .char("]"), .char("]"), .char("]"), .char("]"), .char("]")) // 全部, after 待他人处理
        _ = command(&app, "status 待实施服务")
        var rq = RecordQuery(now: Demo.now)
        rq.state = .awaitingDelivery
        #expect(app.rowCount == rq.run(Demo.state, account: Self.main).count && app.rowCount > 0)
    }

    @Test func exportHandsTheVisibleRowsToTheRuntime() {
        var app = Demo.app()
        _ = command(&app, "status 处理中")
        app.send(.char("x"))
        #expect(app.screen.last!.hasPrefix(":export orders-"), "x offers a file name to edit")
        app.send(.ctrl("u"))
        app.type("export 导出.csv")
        let effects = app.send(.enter)
        guard case .export(let path, let headers, let rows)? = effects.first else { Issue.record("no export effect: \(effects)"); return }
        #expect(path == "导出.csv")
        #expect(headers.first == "订单号" && headers.count == 10 && headers.last == "实例")
        #expect(rows.count == app.rowCount && rows.allSatisfy { $0[7] == "处理中" })
        app.finished(effects[0], error: nil)
        #expect(app.screen.last!.contains("已导出 \(rows.count) 行"))
    }

    @Test func oJumpsFromAMessageToItsOrder() throws {
        var app = Demo.app()
        app.send(.char("4"), .char("]")) // all messages
        let related = Demo.state.messages.values.filter { $0.orderId != nil && Permissions.canSee($0, Self.main, in: Demo.state) }
        let msg = try #require(related.sorted { $0.at != $1.at ? $0.at > $1.at : $0.id < $1.id }.first)
        while app.selectedId != msg.id, app.selectedRow < app.rowCount - 1 { app.send(.char("j")) }
        #expect(app.selectedId == msg.id)
        app.send(.char("o"))
        #expect(app.tab == .orders)
        #expect(app.selectedId == msg.orderId)
        // A message with nothing related says so.
        app.send(.char("4"))
        let lone = try #require(Demo.state.messages.values.first { $0.orderId == nil && Permissions.canSee($0, Self.main, in: Demo.state) })
        do {
            app.send(.char("g"))
            while app.selectedId != lone.id, app.selectedRow < app.rowCount - 1 { app.send(.char("j")) }
            #expect(app.selectedId == lone.id)
            app.send(.char("o"))
            #expect(app.tab == .messages && app.status?.isError == true)
        }
    }
}
