import Testing
@testable import SellerCore
@testable import SellerUI

/// The console on the start view's partial state while the store loads:
/// every pane lists and the overview counts as on the full state; lists can be
/// filtered, sorted and switched between queues, an overview figure opens its
/// list; details and actions say the store is still loading.
@Suite struct StartPreviewTests {
    /// The demo state through the start view's bytes: what a console decodes.
    static let partial: SellerState = {
        let view = StartView(stamp: .init(journalBytes: 0, lastLineCRC: 0, snapshotBytes: 0, snapshotHeaderCRC: 0, lastSeq: 0),
                             state: StartView.listed(Demo.state))
        return try! StartView.decode(view.encode()).state
    }()

    static func preview(start: Tab = .dashboard, account: String = "yunshan", width: Int = 120, height: Int = 40) -> App {
        App(preview: Model(state: partial, account: partial.accounts[account]!, now: Demo.now, lang: .zh), width: width, height: height,
            storeLabel: "/tmp/demo", badges: ["DEMO"], startTab: start)
    }

    @Test func theOverviewAndEveryPaneShowWhatTheFullConsoleShows() {
        #expect(Self.partial.messages.values.allSatisfy { $0.body.isEmpty }, "it is the partial state")
        for account in ["yunshan", "li.na"] {
            var p = Self.preview(account: account)
            var f = Demo.app(account: account, start: .dashboard)
            #expect(p.isPreview && p.loading != nil)
            #expect(!p.screenText.contains("正在加载店铺的其余数据"), "the overview shows its figures, not the loading screen")
            #expect(p.figures.map(\.count) == f.figures.map(\.count) && !p.figures.isEmpty)
            // Without the detail pane (it needs the bodies), every pane's screen is the full console's
            // below the title bar, and so is each queue `]` steps to, a sort and a filter.
            for tab in Tab.allCases.dropFirst() {
                p.send(.char(Character("\(tab.rawValue)"))); f.send(.char(Character("\(tab.rawValue)")))
                if tab == .orders { p.send(.char("p")); f.send(.char("p")) }
                for keys in [[Key](), [.char("]")], [.char("]"), .char("s")], [.char("["), .char("/"), .char("1"), .enter], [.escape]] {
                    for k in keys { p.send(k); f.send(k) }
                    #expect(Array(p.screen[1..<38]) == Array(f.screen[1..<38]), "\(account) \(tab) after \(keys)")
                }
            }
        }
    }

    @Test func aConsoleOnTheOrdersViewGetsEveryPaneWhenThePartialStateArrives() {
        for current in [true, false] {
            var p = PreviewTests.preview(start: .orders)
            var f = Demo.app(start: .orders)
            p.send(.char("p")); f.send(.char("p"))
            p.send(.char("j"), .char("j"))
            let id = p.selectedId
            p.send(.char("4")); f.send(.char("4"))
            #expect(p.listsNow(.messages) && Array(p.screen[1..<38]) == Array(f.screen[1..<38]), "the messages list from the orders view")
            p.send(.char("1")); f.send(.char("1"))
            _ = p.update(.preview(Model(state: Self.partial, account: Self.partial.accounts["yunshan"]!, now: Demo.now, lang: .zh), rowsCurrent: current))
            #expect(p.isPreview && p.selectedId == id, "rowsCurrent \(current): the selection stays")
            #expect(p.data.rows.map(\.cells) == f.data.rows.map(\.cells))
            for key in [Key.char("0"), .char("2"), .char("]"), .char("3"), .char("4"), .char("5")] {
                p.send(key); f.send(key)
                #expect(Array(p.screen[1..<38]) == Array(f.screen[1..<38]), "after \(key)")
            }
        }
    }

    @Test func enterOnAFigureOpensItsListAndDetailsAndActionsWait() {
        var p = Self.preview()
        var f = Demo.app(start: .dashboard)
        p.send(.char("j"), .enter); f.send(.char("j"), .enter)
        #expect(p.tab == f.tab && p.tab != .dashboard, "the figure opened its list")
        #expect(p.data.rows.map(\.id) == f.data.rows.map(\.id) && !p.data.rows.isEmpty)
        p.send(.char("2"))
        for key in [Key.enter, .char("a"), .char("A"), .char(":")] {
            #expect(p.send(key).isEmpty, "\(key) does nothing yet")
            #expect(p.status?.text.contains("仍在加载") == true && p.status?.text.contains("切换队列") == true, "\(key) says why")
            #expect(p.mode == .normal)
        }
        #expect(p.screenText.contains("详情在加载完成后显示"))
        #expect(!p.screen[0].contains("✉ …"), "the unread count is the partial state's (read flags are in it)")
        // The full state replaces it; everything works.
        p.finishLoading(Demo.app(start: .dashboard).model, rowsCurrent: false)
        #expect(!p.isPreview && p.loading == nil)
        #expect(p.send(.char("a")).isEmpty && p.mode != .normal, "actions work once loaded")
        // A late preview does not replace the full state.
        _ = p.update(.preview(Model(state: Self.partial, account: Self.partial.accounts["yunshan"]!, now: Demo.now, lang: .zh), rowsCurrent: false))
        #expect(!p.isPreview && p.model.state.messages.values.contains { !$0.body.isEmpty })
    }
}
