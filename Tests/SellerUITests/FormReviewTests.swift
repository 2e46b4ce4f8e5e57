import Testing
@testable import SellerCore
@testable import SellerUI

/// Issue 14 item 6 (in part): what a form checks at review time.
@Suite struct FormReviewTests {
    @Test func timesAcceptAnHourWithoutItsLeadingZero() {
        #expect(FormState.time("2026-11-19 9:00") == Timestamp(iso8601: "2026-11-19 09:00"))
        #expect(FormState.time("2026-11-19 09:00") == Timestamp(iso8601: "2026-11-19 09:00"))
        #expect(FormState.time(" 2026-11-19 9:05 ") != nil)
        #expect(FormState.time("2026-11-19 9") == nil)
        #expect(FormState.time("tomorrow 9:00") == nil)
    }

    @Test func theAppealsFilesAreItsEvidenceAndTheCursorGoesToTheFirstFault() throws {
        var app = Demo.app(start: .supervision)
        // A record an appeal may be filed on.
        let ids = app.visible.map { app.data.rows[$0].id }
        let target = try #require(ids.firstIndex { Demo.state.appealRefusal(orderId: $0, account: Demo.state.mainAccount!) == nil })
        app.send(.char("g"))
        for _ in 0..<target { app.send(.char("j")) }
        app.send(.char("A"))
        guard case .form(let f) = app.mode else { Issue.record("no form: \(app.screen.last ?? "")"); return }
        #expect(f.fields.contains { $0.kind == .files && $0.label == "申诉凭证" }, "\(f.fields.map(\.label))")
        app.send(.tab)
        app.send(.ctrl("s"))
        guard case .form(let g) = app.mode else { Issue.record("the form closed"); return }
        #expect(g.focus == 0 && g.error?.contains(g.fields[0].label) == true, "the empty reason is named and focused")
        app.type("买家超过五天未验收")
        app.send(.ctrl("s"))
        // The merchant's appeal needs 凭证 too (「填写申诉原因并上传相关凭证后」).
        guard case .form(let e) = app.mode else { Issue.record("the form closed"); return }
        #expect(e.focus == 1 && e.error?.contains("申诉凭证") == true, "the missing evidence is named and focused: \(String(describing: e.error))")
        app.type("/tmp/证据.png")
        app.send(.enter)
        app.send(.ctrl("s"))
        guard case .form(let h) = app.mode else { Issue.record("the form closed"); return }
        #expect(h.error == nil && h.reviewing, "the stale error is gone once fixed")
    }
}
