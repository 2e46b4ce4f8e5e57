import Testing
@testable import SellerCore
@testable import SellerUI

/// Keys in, effects out, written through the console's write service.
struct Harness {
    var app: App
    let target: MemoryTarget
    var state: SellerState { target.state }

    init(account: String = "yunshan", width: Int = 120, height: Int = 40) {
        target = MemoryTarget(Demo.state)
        app = Demo.app(width: width, height: height, account: account, state: target.state)
    }

    mutating func press(_ keys: Key...) { for k in keys { run(app.handle(k)) } }
    mutating func type(_ s: String) { for c in s { run(app.handle(.char(c))) } }

    mutating func run(_ effects: [Effect]) {
        for effect in effects { target.run(effect, on: &app) }
    }
    var screen: String { app.screenText }
}

@Suite struct ActionFlowTests {
    @Test func acceptAndReplyToATicketFromTheKeyboard() throws {
        var h = Harness()
        h.press(.char("3"))                               // 工单, 待我处理
        let id = try #require(h.app.selectedId)
        #expect(h.state.tickets[id]?.status == .todo)
        h.press(.char("a"))
        #expect(h.screen.contains("操作 — 工单 \(id)") && h.screen.contains("受理  accept"))
        h.press(.enter)                                    // accept has no fields: straight to review
        #expect(h.screen.contains("将提交以下内容"))
        h.press(.char("y"))
        #expect(h.state.tickets[id]?.status == .doing)
        #expect(h.screen.contains("工单 \(id)：受理 已完成"))

        h.press(.char("]"))                               // 处理中
        #expect(h.app.selectedId != nil)
        // Find our ticket in 处理中 and reply to it.
        while h.app.selectedId != id { h.press(.char("j")) }
        h.press(.char("a"))
        #expect(h.screen.contains("回复  reply"))
        h.press(.enter)                                    // reply is first
        #expect(h.screen.contains("回复 — 工单 \(id)"))
        h.type("您好，已经处理。")
        h.press(.enter)
        h.type("Please retry now.")
        h.press(.ctrl("s"))
        #expect(h.screen.contains("将提交以下内容") && h.screen.contains("Please retry now."))
        h.press(.char("y"))
        #expect(h.state.tickets[id]?.status == .waiting)
        #expect(h.state.tickets[id]?.posts.last?.body == "您好，已经处理。\nPlease retry now.")
    }

    @Test func requestAccessChoosesTheKindWithArrows() throws {
        var h = Harness()
        h.press(.char("3"), .char("]"))                   // 处理中
        let id = try #require(h.app.selectedId)
        h.press(.char("a"))
        while !h.screen.contains("▶ 申请授权") { h.press(.char("j")) }
        h.press(.enter)
        // The kinds by their Chinese names; the stored value stays the raw kind.
        #expect(h.screen.contains("华为云账号授权") && !h.screen.contains("huawei_account"))
        h.press(.right)
        #expect(h.screen.contains("机密信息授权") && !h.screen.contains("confidential_info"))
        h.press(.tab)
        h.type("需要登录虚拟机")
        h.press(.ctrl("s"), .char("y"))
        #expect(h.state.tickets[id]?.accessRequests.last?.kind == .confidentialInfo)
        #expect(h.state.tickets[id]?.status == .waiting)
    }

    @Test func appealFormHappyPathAndRefusals() throws {
        var h = Harness()
        h.press(.char("2"))                               // 服务监管, 待我处理
        let id = try #require(h.app.selectedId)
        h.press(.char("A"))
        #expect(h.screen.contains("发起申诉 — 订单 \(id)") && h.screen.contains("（0/1000）"))
        h.press(.ctrl("s"))
        #expect(h.screen.contains("必填"), "the reason is required")
        h.type("买家超过五天未验收")
        h.press(.tab)
        h.type("/tmp/证据.png")
        h.press(.enter)                                    // adds the file
        #expect(h.screen.contains("📎 /tmp/证据.png"))
        h.press(.ctrl("s"))
        #expect(h.screen.contains("将提交以下内容"))
        h.press(.char("n"))                                // back to editing
        #expect(!h.screen.contains("将提交以下内容"))
        h.press(.ctrl("s"), .char("y"))
        #expect(h.state.records[id]?.isFrozen == true)
        #expect(h.state.appeals.values.contains { $0.orderId == id && $0.evidence.map(\.name) == ["/tmp/证据.png"] })
        // The record left 待我处理 for 申诉中; refused there before any typing.
        h.press(.char("]"), .char("]"), .char("]"))               // 申诉中
        #expect(h.screen.contains("[申诉中"))
        while h.app.selectedId != id { h.press(.char("j")) }
        h.press(.char("A"))
        #expect(h.screen.contains("已有进行中的商家申诉") && !h.screen.contains("already has an open merchant appeal"))
        #expect(!h.screen.contains("发起申诉 — 订单"))
        // Refused before any typing: a closed record.
        h.press(.char("]"), .char("]"))                           // 待他人处理, 已完成
        h.press(.char("A"))
        #expect(h.screen.contains("服务监管记录已关闭") && !h.screen.contains("the service record is closed"))
        // Refused: no permission (a support sub-account on a record).
        var s = Harness(account: "wang.fang")
        s.press(.char("1"))
        let support = s.state.accounts["wang.fang"]!
        // A record still running (a closed one is refused for being closed).
        let open = try #require(s.app.visible.map { s.app.data.rows[$0].id }.first { s.state.records[$0].map { !$0.state.isTerminal } ?? false })
        while s.app.selectedId != open { s.press(.char("j")) }
        s.press(.char("A"))
        #expect(!s.screen.contains("发起申诉 — 订单"))
        // The permission refusal itself, in the console's language (RefusalText), naming who may act.
        let refusal = try #require(s.state.appealRefusal(orderId: open, account: support))
        #expect(s.app.status?.isError == true && s.app.status!.text.contains("无权") && s.app.status!.text.contains("发起申诉") && s.app.status!.text.contains("wang.fang")
                && s.app.status!.text.contains("yunshan"), "the permission refusal itself is said: \(String(describing: s.app.status))")
        #expect(s.app.status?.text == RefusalText.text(refusal, .zh, state: s.state))
        // Esc on a changed form asks before discarding.
        var d = Harness()
        d.press(.char("2"), .char("A"))
        d.type("草稿")
        d.press(.escape)
        #expect(d.screen.contains("放弃已填写的内容"))
        d.press(.char("n"))
        #expect(d.screen.contains("草稿"), "any other key keeps the draft")
        d.press(.escape, .char("y"))
        #expect(!d.screen.contains("发起申诉 — 订单"))
    }

    @Test func supportSeesTicketActionsOnlyOnItsOwnTickets() {
        var h = Harness(account: "wang.fang")
        h.press(.char("3"), .char("]"), .char("]"), .char("]"), .char("]"))   // 全部
        for _ in 0..<h.app.rowCount {
            guard let id = h.app.selectedId else { break }
            #expect(h.state.tickets[id]?.owner == "wang.fang", "a support account lists only its own tickets")
            h.press(.char("j"))
        }
    }
}
