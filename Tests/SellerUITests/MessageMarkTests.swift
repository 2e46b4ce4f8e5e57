import Testing
@testable import SellerCore
@testable import SellerUI

/// Reading and marking messages (issue 14 items 1, 2 and 11).
@Suite struct MessageMarkTests {
    /// What the runtime does with a mark: the write service applies it, the app is told.
    func perform(_ app: inout App, _ state: inout SellerState, _ effects: [Effect]) {
        let target = MemoryTarget(state)
        for effect in effects {
            guard case .markMessages = effect else { Issue.record("expected a mark, got \(effect)"); continue }
            target.run(effect, on: &app)
        }
        state = target.state
    }

    @Test func openingAMessageIn未读ShowsThatMessageAndKeepsItListed() throws {
        var state = Demo.state
        var app = Demo.app(start: .dashboard)
        app.send(.char("4"), .char("j"))
        let chosen = try #require(app.selectedId)
        let message = try #require(state.messages[chosen])
        #expect(!message.read)
        let effects = app.send(.enter)
        #expect(effects == [.markMessages(MessageMark(ids: [chosen], read: true))])
        perform(&app, &state, effects)
        #expect(state.messages[chosen]?.read == true)
        // The detail is the message that was chosen, not the one that slid into its row.
        guard case .fullDetail(let id, _) = app.mode else { Issue.record("not in the full detail: \(app.mode)"); return }
        #expect(id == chosen)
        #expect(app.screenText.contains(Sanitizer.line(message.title)))
        // Back in the list it is still there, selected, now read.
        app.send(.escape)
        #expect(app.selectedId == chosen)
        #expect(app.selectedRow == 1)
        // Leaving the view lets it go.
        app.send(.char("3"), .char("4"))
        #expect(app.selectedId != chosen)
        #expect(!app.visible.contains { app.data.rows[$0].id == chosen })
    }

    @Test func markAllAsksWithTheCountActsOnTheShownRowsOnlyAndUndoes() throws {
        var state = Demo.state
        var app = Demo.app(start: .dashboard)
        app.send(.char("4"), .char("/"))
        app.type("501")
        app.send(.enter)
        let shown = app.visible.map { app.data.rows[$0].id }.filter { state.messages[$0]?.read == false }
        let others = state.messages.values.filter { !$0.read && !shown.contains($0.id) }.map(\.id)
        try #require(!shown.isEmpty && !others.isEmpty)
        // M asks first; anything but y leaves everything as it was.
        #expect(app.send(.char("M")).isEmpty)
        #expect(app.screen.last?.contains("将 \(shown.count) 条消息标为已读？ y/n") == true, "\(app.screen.last ?? "")")
        #expect(app.send(.char("n")).isEmpty)
        #expect(app.screen.last?.contains("已取消") == true)
        app.send(.char("M"))
        let effects = app.send(.char("y"))
        #expect(effects == [.markMessages(MessageMark(ids: shown, read: true))], "the shown rows, by id — never `all`")
        perform(&app, &state, effects)
        #expect(shown.allSatisfy { state.messages[$0]?.read == true })
        #expect(others.allSatisfy { state.messages[$0]?.read == false }, "messages the view does not show stay unread")
        #expect(app.screen.last?.contains("已将 \(shown.count) 条消息标为已读") == true)
        // u restores exactly those.
        let undo = app.send(.char("u"))
        #expect(undo == [.markMessages(MessageMark(ids: shown, read: false))])
        perform(&app, &state, undo)
        #expect(shown.allSatisfy { state.messages[$0]?.read == false })
        #expect(app.screen.last?.contains("已撤销") == true)
        #expect(app.send(.char("u")).isEmpty, "one undo per mark")
    }

    @Test func aMutatingKeyInReadOnlyModeSaysSo() {
        let s = Demo.state
        var app = App(model: Model(state: s, account: s.accounts["yunshan"]!, now: Demo.now, lang: .zh), width: 120, height: 40,
                      storeLabel: "/tmp/demo", readOnly: true, startTab: .messages)
        #expect(app.send(.char("m")).isEmpty)
        #expect(app.screen.last?.contains("只读模式") == true, "\(app.screen.last ?? "")")
        app.send(.char("2"), .char("A"))
        #expect(app.screen.last?.contains("只读模式") == true)
        app.send(.char("Z"))
        #expect(app.screen.last?.contains("只读模式") == false, "an unbound key is still called unbound")
    }

    @Test func ctrlLAsksTheTerminalToRepaintEverything() {
        var app = Demo.app()
        #expect(app.send(.ctrl("l")) == [.redraw])
        app.send(.char("4"))
        #expect(app.send(.ctrl("l")) == [.redraw])
    }
}
