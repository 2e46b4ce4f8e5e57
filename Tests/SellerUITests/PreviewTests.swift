import Testing
import SellerCore
@testable import SellerUI

/// The console on the store's orders view while the rest loads: the order
/// list is the one the full state gives, everything else waits and says so.
@Suite struct PreviewTests {
    static let view = OrdersView(state: Demo.state, stamp: .init(journalBytes: 0, lastLineCRC: 0))

    static func preview(width: Int = 120, height: Int = 40, account: String = "yunshan", start: Tab = .orders) -> App {
        let a = Demo.state.accounts[account]!
        return App(preview: view, account: a, now: Demo.now, lang: .zh, width: width, height: height, storeLabel: "/tmp/demo",
                   badges: ["DEMO"], startTab: start)
    }

    static func fullModel(_ account: String = "yunshan") -> Model {
        Model(state: Demo.state, account: Demo.state.accounts[account]!, now: Demo.now, lang: .zh)
    }

    @Test(arguments: [(80, 24), (120, 40)], ["yunshan", "li.na"])
    func theOrderListIsTheFullConsolesList(size: (Int, Int), account: String) {
        var p = Self.preview(width: size.0, height: size.1, account: account)
        var f = Demo.app(width: size.0, height: size.1, account: account, start: .orders)
        #expect(p.data.rows.map(\.cells) == f.data.rows.map(\.cells))
        #expect(!p.data.rows.isEmpty)
        // Without the detail pane (it waits for the state) the screens agree
        // from the queue line to the footer.
        p.send(.char("p")); f.send(.char("p"))
        for keys in [[Key](), [.char("j"), .char("j"), .char("G")], [.char("s"), .char("s")], [.char("/"), .char("张"), .enter]] {
            for k in keys { p.send(k); f.send(k) }
            #expect(Array(p.screen[1..<(size.1 - 2)]) == Array(f.screen[1..<(size.1 - 2)]), "after \(keys)")
            #expect(p.selectedId == f.selectedId)
        }
    }

    @Test func onlyListCommandsWorkUntilTheStateArrives() {
        var app = Self.preview()
        for key in [Key.char("A"), .char(":"), .enter, .char("r")] {
            #expect(app.send(key).isEmpty, "\(key) does nothing yet")
            #expect(app.status?.text.contains("仍在加载") == true, "\(key) says why")
            #expect(app.mode == .normal)
        }
        app.loadingProgress(0.42)
        // 消息 lists from what the view carries (OverviewInputsTests), its detail waits; the footer shows the load's progress.
        app.send(.char("4"))
        #expect(app.listsNow(.messages) && !app.data.rows.isEmpty && app.screenText.contains("详情在加载完成后显示"))
        #expect(app.send(.enter).isEmpty && app.status?.text.contains("仍在加载") == true, "a message opens on the state")
        // The overview counts from the inputs the orders view carries (OverviewPreviewTests), and so does ✉.
        app.send(.char("0"))
        #expect(app.overviewCounts && !app.screenText.contains("42%") && app.screenText.contains("待我处理"))
        app.send(.char("1"))
        #expect(!app.screen[0].contains("✉ …") && app.screen[0].contains("✉ \(MessageQuery.unreadCount(Demo.state, account: Demo.state.mainAccount!))"))
        #expect(app.screenText.contains("详情在加载完成后显示"))
    }

    @Test func finishingKeepsTheSelectionAndBringsEveryPane() {
        for current in [true, false] {
            var app = Self.preview()
            app.send(.char("j"), .char("j"), .char("j"))
            let id = app.selectedId
            app.finishLoading(Self.fullModel(), rowsCurrent: current)
            #expect(app.loading == nil)
            #expect(app.selectedId == id && app.selectedRow == 3, "rowsCurrent \(current)")
            #expect(app.screenText.contains("订单类型"), "the detail pane fills in")
            #expect(!app.screen[0].contains("✉ …"))
            app.send(.char("2"))
            #expect(!app.data.rows.isEmpty && !app.screenText.contains("正在加载"))
            #expect(app.send(.char(":")).isEmpty && app.mode != .normal, "commands work again")
        }
        var onDashboard = Self.preview(start: .dashboard)
        onDashboard.finishLoading(Self.fullModel(), rowsCurrent: true)
        #expect(onDashboard.screenText.contains("服务监管") && !onDashboard.screenText.contains("正在加载"))
    }
}
