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

/// Issue 14 item 6 (the rest): review checks files through the runtime's
/// inspector, contacts through the core's rules, and 转派 names an account
/// by name or id with Tab completion; issue 16 item 2: forms take their
/// limits from the core's field rules.
@Suite struct FormReviewChecksTests {
    /// A console with an appeal form open on the first record that allows one.
    static func appealForm(files: [String: FileFacts]) throws -> App {
        var app = Demo.app(start: .supervision)
        app.inspectFile = { files[$0] ?? FileFacts(kind: .missing) }
        let ids = app.visible.map { app.data.rows[$0].id }
        let target = try #require(ids.firstIndex { Demo.state.appealRefusal(orderId: $0, account: Demo.state.mainAccount!) == nil })
        app.send(.char("g"))
        for _ in 0..<target { app.send(.char("j")) }
        app.send(.char("A"))
        return app
    }

    static func form(_ app: App) -> FormState? { if case .form(let f) = app.mode { f } else { nil } }

    @Test(arguments: [
        (FileFacts(kind: .missing), "找不到文件"),
        (FileFacts(kind: .directory, size: 4096), "是目录"),
        (FileFacts(kind: .fifo), "是管道"),
        (FileFacts(kind: .device), "是设备文件"),
        (FileFacts(kind: .regular, size: 0), "是空文件"),
        (FileFacts(kind: .regular, size: Store.maxAttachmentBytes + 1), "最多 20 MiB"),
    ])
    func aBadEvidenceFileIsNamedBesideItsField(facts: FileFacts, says: String) throws {
        var app = try Self.appealForm(files: ["/ev/good.png": FileFacts(kind: .regular, size: 10), "/ev/bad": facts])
        app.type("买家超过五天未验收")
        app.send(.tab)
        app.type("/ev/bad")
        app.send(.enter)
        app.send(.tab) // back on the reason: review must move the cursor to the evidence
        #expect(Self.form(app)?.focus == 0)
        app.send(.ctrl("s"))
        let f = try #require(Self.form(app))
        #expect(!f.reviewing && f.focus == 1, "the cursor goes to the evidence field")
        let e = try #require(f.fields[1].error)
        #expect(e.contains("申诉凭证") && e.contains("/ev/bad") && e.contains(says), "\(e)")
        #expect(f.fields[0].error == nil)
        // Shown beside its field, under the label, before the list of files.
        let lines = app.screen
        let label = try #require(lines.firstIndex { $0.contains("申诉凭证") && $0.contains("▶") })
        #expect(lines[label + 1].contains(says), "\(lines[label...label + 2])")
        // Fixed: the bad file removed, a good one added; the error goes.
        app.send(.backspace)
        #expect(Self.form(app)?.fields[1].error == nil, "an edit clears the field's stale error")
        app.type("/ev/good.png")
        app.send(.enter)
        app.send(.ctrl("s"))
        let g = try #require(Self.form(app))
        #expect(g.reviewing && g.error == nil && g.fields.allSatisfy { $0.error == nil })
    }

    @Test func theSizeLimitIsTheCores() throws {
        var app = try Self.appealForm(files: ["/ev/at-limit": FileFacts(kind: .regular, size: Store.maxAttachmentBytes)])
        app.type("原因")
        app.send(.tab)
        app.type("/ev/at-limit")
        app.send(.enter)
        app.send(.ctrl("s"))
        #expect(Self.form(app)?.reviewing == true, "exactly the core's limit is accepted")
    }

    @Test func everyFaultIsShownAtOnceAndTheCursorGoesToTheFirst() throws {
        var app = Demo.app()
        app.mode = .form(FormState(receiver: nil, lang: .zh))
        app.type("r-new")
        app.send(.tab)
        app.type("张三")
        app.send(.tab)
        app.type("1234567")
        app.send(.tab)
        app.type("zhang@")
        app.send(.tab, .tab) // to the channels field
        app.send(.ctrl("s"))
        var f = try #require(Self.form(app))
        let mobile = try #require(f.fields.firstIndex { $0.key == "mobile" })
        let email = try #require(f.fields.firstIndex { $0.key == "email" })
        #expect(f.focus == mobile && !f.reviewing)
        #expect(f.fields[mobile].error?.contains("不是 11 位大陆手机号") == true, "\(String(describing: f.fields[mobile].error))")
        #expect(f.fields[email].error?.contains("不是有效的邮箱地址") == true)
        #expect(app.screenText.contains("不是有效的邮箱地址"), "the second fault is on screen too")
        // Mobile fixed; review again: its error is gone, the e-mail's remains and gets the cursor.
        for _ in 0..<7 { app.send(.backspace) }
        app.type("13912345678")
        app.send(.ctrl("s"))
        f = try #require(Self.form(app))
        #expect(f.fields[mobile].error == nil && f.focus == email && f.fields[email].error != nil)
        app.type("example.cn")
        app.send(.ctrl("s"))
        f = try #require(Self.form(app))
        #expect(f.reviewing, "\(String(describing: f.error))")
    }

    @Test func aTicketIsReassignedByNameOrIdWithCompletion() throws {
        let main = Demo.state.mainAccount!
        let other = try #require(Demo.state.accounts.values.filter { !$0.isMain }.min { $0.id < $1.id })
        var app = Demo.app(start: .tickets)
        let row = try #require(app.visible.firstIndex { i in
            Demo.state.ticketActions(for: app.data.rows[i].id, account: main).contains { $0.event == .reassign && $0.isAvailable }
        })
        let ticket = app.data.rows[app.visible[row]].id
        app.send(.char("g"))
        for _ in 0..<row { app.send(.char("j")) }
        app.send(.char("a"))
        guard case .actionMenu(_, let items, _) = app.mode else { Issue.record("no menu"); return }
        let at = try #require(items.firstIndex { $0.title.contains("转派") })
        for _ in items { app.send(.char("k")) }
        for _ in 0..<at { app.send(.char("j")) }
        app.send(.enter)
        var f = try #require(Self.form(app))
        let field = try #require(f.fields.firstIndex { $0.key == "assignee" })
        while Self.form(app)?.focus != field { app.send(.tab) }
        app.type(String(other.name.prefix(1)))
        app.send(.tab)
        f = try #require(Self.form(app))
        #expect(f.focus == field, "Tab completes before it moves on")
        let typed = f.fields[field].editor.value
        #expect(typed.count > 1 || f.fields[field].hint != nil, "completed or the choices shown")
        // Type the whole name: the filed step names the id.
        while !(Self.form(app)?.fields[field].editor.value.isEmpty ?? true) { app.send(.backspace) }
        app.type(other.name)
        app.send(.ctrl("s"))
        f = try #require(Self.form(app))
        #expect(f.reviewing, "\(String(describing: f.error))")
        guard case .ticket(let step)? = f.effect else { Issue.record("no ticket step"); return }
        #expect(step.ticketId == ticket && step.assignee == other.id)
        // An unknown account is named at review.
        app.send(.char("n"))
        app.type("x")
        app.send(.ctrl("s"))
        f = try #require(Self.form(app))
        #expect(!f.reviewing && f.fields[field].error?.contains("没有账号名或 ID 为 \(other.name)x") == true, "\(String(describing: f.fields[field].error))")
    }

    @Test func accountIdsCompleteToTheOnlyMatch() {
        var f = FormState(ticket: "T", option: .init(event: .reassign, requires: [.assignee], allows: []), lang: .zh,
                          accounts: [Account(id: "ops-li", name: "李运维", role: .delivery), Account(id: "sup-wang", name: "王客服", role: .support)])
        f.fields[0].editor = TextField("op")
        var completed = f.completeAccount()
        #expect(completed && f.fields[0].editor.value == "ops-li")
        completed = f.completeAccount()
        #expect(!completed, "a complete id lets Tab move on")
        f.fields[0].editor = TextField("王")
        completed = f.completeAccount()
        #expect(completed && f.fields[0].editor.value == "王客服")
        #expect(f.assigneeId == "sup-wang")
    }

    @Test func formsTakeTheirLimitsFromTheCoresRules() throws {
        let appeal = try #require(Demo.state.actions(for: Demo.state.records.keys.sorted()[0], account: Demo.state.mainAccount!).first { $0.kind == .fileAppeal })
        #expect(appeal.fields.first { $0.field == .reason }?.maxLength == Appeal.reasonMaxLength)
        let f = FormState(purpose: .step(orderId: "O", event: .deliver), rules: [.init(field: .note, required: false, maxLength: 7)], lang: .zh)
        #expect(f.fields[0].editor.maxLength == 7, "the rule's limit, not the field kind's")
        let t = FormState(ticket: "T", option: .init(event: .reply, requires: [.body], allows: []), lang: .zh)
        #expect(t.fields[0].editor.maxLength == TicketFlow.Field.body.maxLength)
        let r = FormState(receiver: nil, lang: .zh)
        #expect(r.fields.first { $0.key == "mobile" }?.editor.maxLength == ContactRules.mobileLength)
        #expect(r.fields.first { $0.key == "name" }?.editor.maxLength == FieldLimits.receiverName)
    }
}
