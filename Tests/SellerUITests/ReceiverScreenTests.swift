import Testing
@testable import SellerCore
@testable import SellerUI

/// The receivers screen (消息接收人): list, add, edit, remove, with the core
/// deciding what is valid and the DOMAIN §5 fallback shown when none is set.
@Suite struct ReceiverScreenTests {
    /// What the runtime does with a receiver effect: the write service applies it or refuses.
    func perform(_ app: inout App, _ state: inout SellerState, _ effect: Effect) {
        guard case .receiver = effect else { Issue.record("expected a receiver effect, got \(effect)"); return }
        let target = MemoryTarget(state)
        target.run(effect, on: &app)
        state = target.state
    }

    @Test func withNoReceiverTheFallbackIsShownAndOneCanBeAddedEditedAndRemoved() throws {
        var state = Demo.state
        state.receivers = [:]
        var app = Demo.app(state: state)
        app.send(.char("4"), .char("R"))
        #expect(app.screenText.contains("尚未设置接收人"), "DOMAIN §5 fallback")
        let main = state.accounts["yunshan"]!
        #expect(app.screenText.contains(main.mobile ?? "未绑定"), "names where notices go instead")

        // Add: a bad channel name is caught before review, and so is a bad
        // mobile (by the core's rule, ContactRules), with the cursor on it.
        app.send(.char("n"))
        app.type("duty1"); app.send(.tab)
        app.type("值班 张三"); app.send(.tab)
        app.type("13800001111"); app.send(.tab, .tab, .tab)
        app.send(.ctrl("u")); app.type("短信,飞鸽")
        app.send(.ctrl("s"))
        #expect(app.screenText.contains("飞鸽"), "unknown channel named")
        app.send(.ctrl("u")); app.type("短信")
        app.send(.backTab, .backTab, .backTab)
        app.send(.ctrl("u")); app.type("1380000")
        app.send(.ctrl("s"))
        #expect(!app.screenText.contains("将提交以下内容"), "the 7-digit mobile is caught at review")
        #expect(app.screenText.contains("1380000 不是 11 位大陆手机号"), "and named beside its field")
        #expect(state.receivers.isEmpty)

        // Fix the mobile (the cursor is on it) and file.
        app.send(.ctrl("u")); app.type("13800001111")
        app.send(.ctrl("s"))
        var effects = app.send(.char("y"))
        perform(&app, &state, effects[0])
        let added = try #require(state.receivers["duty1"])
        #expect(added.name == "值班 张三" && added.mobile == "13800001111" && added.channels == [.sms] && added.categories.isEmpty)
        #expect(app.screenText.contains("duty1") && app.screenText.contains("已添加接收人"))
        #expect(!app.screenText.contains("尚未设置接收人"))

        // Edit: the form comes filled in.
        app.send(.char("e"))
        #expect(app.screenText.contains("13800001111"))
        app.send(.tab, .tab, .tab)
        app.type("101,501")
        app.send(.ctrl("s"))
        effects = app.send(.char("y"))
        perform(&app, &state, effects[0])
        #expect(state.receivers["duty1"]?.categories == [101, 501])

        // Remove asks first.
        app.send(.char("d"))
        #expect(app.screenText.contains("y 删除"))
        #expect(app.send(.char("n")).isEmpty, "any other key keeps it")
        app.send(.char("d"))
        effects = app.send(.char("y"))
        perform(&app, &state, effects[0])
        #expect(state.receivers.isEmpty && app.screenText.contains("尚未设置接收人"))
        app.send(.escape)
        #expect(!app.screenText.contains("消息接收人 ─"))
    }

    @Test func readOnlyListsButOffersNoChange() {
        var app = App(model: Model(state: Demo.state, account: Demo.state.accounts["yunshan"]!, now: Demo.now, lang: .zh),
                      width: 120, height: 40, storeLabel: "/tmp/demo", readOnly: true)
        app.send(.char("4"), .char("R"))
        #expect(app.screenText.contains("只读"))
        for k in ["n", "e", "d"] { #expect(app.send(.char(Character(k))).isEmpty) }
        if case .form = app.mode { Issue.record("a form opened in read-only mode") }
    }
}

/// Drafts: the form being typed is handed to the runtime as a draft and can
/// be restored into a new console.
@Suite struct DraftTests {
    @Test func anAppealDraftIsRestoredWithItsTextAndFiles() throws {
        var app = Demo.app()
        app.send(.char("2"))
        let order = try #require(app.selectedId)
        app.send(.char("A"))
        #expect(app.draft == nil, "an untouched form is not a draft")
        app.type("买家不配合验收")
        app.send(.tab)
        app.type("/tmp/证据.png")
        app.send(.enter)
        let draft = try #require(app.draft)
        #expect(draft.purpose == .appeal(orderId: order))
        #expect(draft.values["reason"] == "买家不配合验收" && draft.files.values.first == ["/tmp/证据.png"])

        var next = Demo.app()
        next.offerDraft(draft)
        #expect(next.screenText.contains("未提交的草稿") && next.screenText.contains(order))
        #expect(next.draft == draft, "kept on disk while the question is open")
        next.send(.char("y"))
        #expect(next.screenText.contains("买家不配合验收") && next.screenText.contains("证据.png"))
        next.send(.ctrl("s"))
        let effects = next.send(.char("y"))
        #expect(effects == [.fileAppeal(orderId: order, reason: "买家不配合验收", evidence: ["/tmp/证据.png"])])

        var declined = Demo.app()
        declined.offerDraft(draft)
        declined.send(.char("n"))
        #expect(declined.draft == nil && declined.screenText.contains("已丢弃草稿"))
    }

    @Test func aDraftWhoseActionIsGoneSaysWhyInsteadOfOpening() {
        var app = Demo.app()
        // A completed record cannot be appealed.
        let done = Demo.state.records.values.first { $0.state == .completed }!
        app.offerDraft(FormDraft(FormState(purpose: .appeal(orderId: done.orderId), rules: [], lang: .zh)))
        app.send(.char("y"))
        #expect(app.status?.isError == true && app.status!.text.contains("草稿无法恢复"))
        if case .form = app.mode { Issue.record("a form opened for an action the core refuses") }
    }

    // 「若商家未设置消息接收人,系统消息将自动发送至商家的华为云账号绑定的手机号及邮箱」 [S2], per category.
    @Test func theScreenShowsWhoReceivesEachCategory() throws {
        var state = Demo.state
        state.receivers = ["ops": MessageReceiver(id: "ops", name: "运维值班", mobile: "13900139000", categories: [501], channels: [.sms])]
        let app = Demo.app(state: state)
        var opened = app
        opened.send(.char("4"), .char("R"))
        let rows = opened.screen
        #expect(opened.screenText.contains("按类别接收"))
        #expect(rows.contains { $0.contains("501 运维提醒") && $0.contains("运维值班") }, "\(opened.screenText)")
        #expect(rows.contains { $0.contains("101 产品创建开通通知") && $0.contains("账号绑定的手机号及邮箱") }, "101 is taken by no receiver")
    }
}
