import Testing
@testable import SellerCore
@testable import SellerUI

/// Issue 14 item 8: `:id` / `:customer` wherever the pane's columns hold an
/// order id or a customer; issue 16 item 2: `:status` / `:type` by key or by
/// the name shown, in either language.
@Suite struct PaneFilterTests {
    static func run(_ app: inout App, _ line: String) {
        app.send(.char(":"))
        app.type(line)
        app.send(.enter)
    }

    static func column(_ app: App, _ role: Column.Role) -> Int? { app.data.columns.firstIndex { $0.role == role } }

    @Test(arguments: [Tab.supervision, .appeals, .interface])
    func idNarrowsEveryPaneWithAnOrderColumn(tab: Tab) throws {
        var app = Demo.app(start: tab)
        let col = try #require(Self.column(app, .orderId), "\(tab) declares its order column")
        let orders = app.visible.map { app.data.rows[$0].cells[col] }.filter { !$0.isEmpty }
        guard let target = orders.last else { return } // a demo pane with no rows has nothing to narrow
        let total = app.rowCount
        Self.run(&app, "id \(target.lowercased())")
        #expect(app.rowCount > 0 && app.visible.allSatisfy { app.data.rows[$0].cells[col].localizedContains(target) },
                "\(tab): \(app.screen.last ?? "")")
        #expect(app.rowCount == orders.count { $0.localizedContains(target) } && ((app.rowCount < total || total == 1)))
        Self.run(&app, "clear")
        #expect(app.rowCount == total)
    }

    @Test func customerNarrowsTheTickets() throws {
        var app = Demo.app(start: .tickets)
        for _ in 0..<Panes.queueCount(.tickets) { if app.rowCount > 1 { break }; app.send(.char("]")) }
        let col = try #require(Self.column(app, .customer))
        let name = try #require(app.visible.map { app.data.rows[$0].cells[col] }.first)
        Self.run(&app, "customer \(name)")
        #expect(app.rowCount > 0 && app.visible.allSatisfy { app.data.rows[$0].cells[col].contains(name) }, "\(app.screen.last ?? "")")
        let ticket = try #require(app.selectedId)
        #expect(Demo.state.tickets[ticket]?.customer.name.contains(name) == true)
    }

    @Test func settlementOrderLinesTakeId() throws {
        var app = Demo.app(start: .settlement)
        app.panes[.settlement]!.queue = 1 // 已出账: order lines
        app.rebuild()
        let col = try #require(Self.column(app, .orderId), "the settlement pane's order lines declare their order column")
        let target = try #require(app.visible.map { app.data.rows[$0].cells[col] }.first)
        let total = app.rowCount
        Self.run(&app, "id \(target)")
        #expect(app.rowCount > 0 && app.visible.allSatisfy { app.data.rows[$0].cells[col].contains(target) } && (app.rowCount < total || total == 1))
    }

    @Test func aPaneWithoutTheColumnSaysSoAndCompletionLeavesTheVerbOut() {
        var app = Demo.app(start: .messages)
        Self.run(&app, "customer 王")
        #expect(app.screen.last?.contains("需要客户名称列") == true, "\(app.screen.last ?? "")")
        app.send(.char(":"))
        app.type("cu")
        app.send(.tab)
        guard case .commandLine(let f, _) = app.mode else { Issue.record("left the command line"); return }
        #expect(f.value == "cu", "no :customer on the messages pane")
        var sup = Demo.app(start: .supervision)
        sup.send(.char(":"))
        sup.type("i")
        sup.send(.tab)
        guard case .commandLine(let g, _) = sup.mode else { Issue.record("left the command line"); return }
        #expect(g.value == "id ", "the supervision pane has an order column")
    }

    @Test(arguments: ["processing", "处理中", "PROCESSING"])
    func orderStatusByKeyOrEitherLanguagesName(_ arg: String) throws {
        let en = Lang.en.term(OrderStatus.processing)
        for (lang, word) in [(Lang.zh, arg), (.en, arg), (.zh, en), (.en, en)] {
            var app = Demo.app(lang: lang)
            Self.run(&app, "status \(word)")
            #expect(app.panes[app.tab]!.conditions.status == OrderStatus.processing.zh, "\(lang) :status \(word): \(app.screen.last ?? "")")
            #expect(app.rowCount > 0)
        }
    }

    @Test func supervisionStatusAndTypeByKeyOrName() {
        let state = SupervisionState.allCases.first { $0 != .completed }!
        for word in [state.rawValue, Lang.zh.term(state), Lang.en.term(state)] {
            var app = Demo.app(lang: .en, start: .supervision)
            Self.run(&app, "status \(word)")
            #expect(app.panes[app.tab]!.conditions.status == state.zh, ":status \(word): \(app.screen.last ?? "")")
        }
        let type = ProductType.allCases[0]
        for word in [type.rawValue, Lang.zh.term(type), Lang.en.term(type)] {
            var app = Demo.app(start: .supervision)
            Self.run(&app, "type \(word)")
            #expect(app.panes[app.tab]!.conditions.type == type, ":type \(word): \(app.screen.last ?? "")")
        }
    }
}
