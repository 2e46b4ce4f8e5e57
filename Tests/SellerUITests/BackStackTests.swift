import Testing
@testable import SellerCore
@testable import SellerUI

/// Issue 14 item 7: Esc goes back one step; q quits only from the top level;
/// quitting with an unsaved form asks.
@Suite struct BackStackTests {
    @Test func escLeavesADrillDownFromTheOverview() throws {
        var app = Demo.app(start: .dashboard)
        app.send(.char("j"), .char("j"))
        let figure = app.figureSelected
        app.send(.enter)
        #expect(app.tab != .dashboard)
        let drilled = app.tab
        app.send(.escape)
        #expect(app.tab == .dashboard && app.figureSelected == figure)
        // The list it opened is as it was before the drill-down.
        app.send(.char(Character(String(drilled.rawValue))))
        #expect(app.panes[drilled]!.conditions.isEmpty)
    }

    @Test func qStepsBackThroughFilterAndConditionsThenQuits() {
        var app = Demo.app()
        app.send(.char(":"))
        app.type("status 处理中")
        app.send(.enter)
        app.send(.char("/"))
        app.type("欧阳")
        app.send(.enter)
        #expect(!app.filterText.isEmpty && !app.panes[.orders]!.conditions.isEmpty)
        #expect(app.send(.char("q")).isEmpty)
        #expect(app.filterText.isEmpty && !app.panes[.orders]!.conditions.isEmpty, "the / filter goes first")
        #expect(app.send(.char("q")).isEmpty)
        #expect(app.panes[.orders]!.conditions.isEmpty, "then the : conditions")
        #expect(app.send(.escape).isEmpty && !app.quitting, "Esc at the top does not quit")
        #expect(app.send(.char("q")) == [.quit])
    }

    @Test func escReturnsFromAJumpWithO() throws {
        var app = Demo.app(start: .messages)
        app.send(.char("]")) // all messages
        let withOrder = try #require(app.visible.firstIndex { Demo.state.messages[app.data.rows[$0].id]?.orderId != nil })
        app.send(.char("g"))
        for _ in 0..<withOrder { app.send(.char("j")) }
        let message = try #require(app.selectedId)
        app.send(.char("o"))
        #expect(app.tab == .orders && app.selectedId == Demo.state.messages[message]?.orderId)
        app.send(.escape)
        #expect(app.tab == .messages && app.selectedId == message)
        #expect(app.send(.char("q")) == [.quit], "and from there q quits")
    }

    @Test func ctrlCOnAChangedFormAsksFirst() {
        var app = Demo.app(start: .supervision)
        app.send(.char("A"))
        guard case .form = app.mode else { Issue.record("no appeal form: \(app.screen.last ?? "")"); return }
        #expect(app.send(.ctrl("c")) == [.quit], "an untouched form quits at once")
        var typed = Demo.app(start: .supervision)
        typed.send(.char("A"))
        typed.type("买家未验收")
        #expect(typed.send(.ctrl("c")).isEmpty)
        #expect(typed.screenText.contains("表单尚未提交，退出？"))
        #expect(typed.send(.char("n")).isEmpty)
        guard case .form(let f) = typed.mode else { Issue.record("the form is gone"); return }
        #expect(f.fields.first?.editor.value == "买家未验收")
        #expect(typed.send(.ctrl("c"), .char("y")) == [.quit])
    }
}
