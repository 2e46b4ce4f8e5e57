import Testing
@testable import SellerCore
@testable import SellerUI

/// A write may wait for another process's lock while the merchant goes on
/// typing: its outcome belongs to the form that sent it. (Review findings:
/// a late outcome closed another form — and the runtime then deleted that
/// form's draft — and a second `y` filed the same reply twice.)
@Suite struct LateOutcomeTests {
    /// An appeal form on the first record of 待我处理, filled and confirmed: the effect it sends.
    static func confirmedAppeal(_ app: inout App) throws -> Effect {
        app.send(.char("2"))
        _ = try #require(app.selectedId)
        app.send(.char("A"))
        app.type("买家超过五天未验收")
        app.send(.tab)
        app.type("/tmp/证据.png")
        app.send(.enter, .ctrl("s"))
        #expect(app.screenText.contains("将提交以下内容"), "\(app.screenText)")
        let sent = app.send(.char("y"))
        return try #require(sent.first { if case .fileAppeal = $0 { true } else { false } })
    }

    @Test func aSecondConfirmWhileTheWriteWaitsSendsNothing() throws {
        var app = Demo.app()
        let effect = try Self.confirmedAppeal(&app)
        #expect(app.send(.char("y")).isEmpty, "the same appeal is not sent twice")
        #expect(app.send(.enter).isEmpty)
        #expect(app.screenText.contains(Lang.zh.t("app.write_already_sent")))
        // The outcome closes the form that sent it.
        _ = app.update(.writeFinished(effect, refusal: nil))
        #expect(!app.screenText.contains("将提交以下内容") && !app.screenText.contains("发起申诉 — 订单"))
    }

    @Test func aLateOutcomeLeavesAnotherFormOpenWithItsText() throws {
        var app = Demo.app()
        let effect = try Self.confirmedAppeal(&app)
        // Back to editing, then out of the form (discarding), and into another form.
        app.send(.char("n"), .escape)
        if app.screenText.contains("y/n") || app.screenText.contains("放弃") { app.send(.char("y")) }
        app.send(.char("j"), .char("A"))
        #expect(app.screenText.contains("发起申诉 — 订单"), "\(app.screenText)")
        app.type("另一条申诉理由")
        let draft = app.draft
        #expect(draft != nil)
        _ = app.update(.writeFinished(effect, refusal: nil))
        #expect(app.screenText.contains("另一条申诉理由"), "the form opened meanwhile stays open: \(app.screenText)")
        #expect(app.draft == draft, "and its draft is kept (the runtime deletes a draft whose form is gone)")
        // A late refusal is told on the status line, not written into this form.
        _ = app.update(.writeFinished(effect, refusal: .domain(.unknown(.order, id: "X"))))
        #expect(app.screenText.contains("另一条申诉理由"))
    }

    @Test func aLateOutcomeLeavesTheCommandLineAsTyped() throws {
        var app = Demo.app()
        let effect = try Self.confirmedAppeal(&app)
        app.send(.char("n"), .escape)
        if app.screenText.contains("y/n") || app.screenText.contains("放弃") { app.send(.char("y")) }
        app.send(.char(":"))
        app.type("sort amo")
        _ = app.update(.writeFinished(effect, refusal: nil))
        #expect(app.screenText.contains(":sort amo"), "the half-typed command line stays: \(app.screenText)")
    }
}
