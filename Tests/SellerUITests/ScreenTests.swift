import Testing
@testable import SellerCore
@testable import SellerUI

@Suite struct ScreenTests {
    @Test(arguments: [(80, 24), (120, 40)])
    func everyPaneDrawsAtStandardSizes(width: Int, height: Int) {
        var app = Demo.app(width: width, height: height)
        for tab in Tab.allCases where tab != .dashboard {
            app.send(.char(Character(String(tab.rawValue))))
            #expect(app.tab == tab)
            let s = app.screen
            #expect(s.count == height)
            #expect(s.allSatisfy { TextWidth.width($0) == width }, "every row is exactly \(width) cells on \(tab)")
            #expect(s[0].contains("Seller Center") && s[0].contains("[DEMO]") && s[0].contains("云杉科技有限公司"))
            #expect(s[1].contains("[ \(tab.rawValue) \(tab.title(.zh)) ]"))
            #expect(s[2].contains("\(app.rowCount) / \(app.totalCount)"))
            #expect(s[height - 2].contains("? 帮助"), "footer from the registry")
            if app.rowCount > 0 { #expect(s.contains { $0.hasPrefix("▶") }, "the selected row is marked on \(tab)") }
        }
    }

    @Test func navigationMovesTheSelection() {
        var app = Demo.app()
        #expect(app.selectedRow == 0)
        app.send(.char("j"), .char("j"), .down)
        #expect(app.selectedRow == 3)
        app.send(.char("k"))
        #expect(app.selectedRow == 2)
        app.send(.char("G"))
        #expect(app.selectedRow == app.rowCount - 1)
        app.send(.char("g"))
        #expect(app.selectedRow == 0)
        app.send(.ctrl("d"))
        #expect(app.selectedRow == app.tableHeight / 2)
        app.send(.ctrl("u"))
        #expect(app.selectedRow == 0)
        app.send(.pageDown)
        #expect(app.selectedRow == app.tableHeight)
        // The selected row is on screen after a long move.
        app.send(.end)
        let id = app.selectedId!
        #expect(app.screen.contains { $0.hasPrefix("▶") && $0.contains(id) })
        app.send(.tab)
        #expect(app.tab == .supervision)
        app.send(.backTab, .backTab)
        #expect(app.tab == .dashboard)
        app.send(.backTab)
        #expect(app.tab == Tab.allCases.last, "Shift-Tab wraps around to the last pane")
    }

    @Test func filterAsYouTypeAndSort() {
        var app = Demo.app()
        let total = app.rowCount
        app.send(.char("/"))
        app.type("欧阳")
        #expect(app.rowCount < total && app.rowCount > 0)
        let shown = app.screen
        #expect(shown[39].hasPrefix("/欧阳"))
        // The table's side of each row (the detail pane right of │ may name other orders).
        let tableRows = shown[4..<(4 + app.tableHeight)].map { $0.split(separator: "│").first.map(String.init) ?? $0 }.filter { $0.contains("CS") }
        #expect(!tableRows.isEmpty && tableRows.allSatisfy { $0.contains("欧阳") })
        app.send(.enter)             // keeps the filter
        #expect(app.filterText == "欧阳")
        app.send(.escape)            // clears it
        #expect(app.rowCount == total)
        app.send(.char("/"))
        app.type("zzzz-no-such")
        #expect(app.rowCount == 0)
        #expect(app.screenText.contains("没有匹配"))
        app.send(.escape)
        app.send(.char("s"), .char("s"), .char("s"), .char("s"), .char("s"), .char("s"))   // 订单号 … 金额
        #expect(app.screen[2].contains("排序 金额↑"))
        let amounts = app.screen.dropFirst(4).prefix(5).compactMap { line in line.split(separator: " ").first { $0.contains(".") && Double($0) != nil }.flatMap { Double($0) } }
        #expect(amounts == amounts.sorted() && amounts.count >= 3, "\(amounts)")
    }

    @Test func tooSmallAndTinySizesNeverBreak() {
        for (w, h) in [(1, 1), (2, 1), (10, 3), (79, 24), (80, 23), (40, 50), (0, 0)] {
            let app = Demo.app(width: w, height: h)
            let s = app.screen
            #expect(s.count == max(0, h))
            if w >= 30, h >= 3 { #expect(s.joined().contains("终端太小")) }
        }
        var app = Demo.app(width: 100, height: 30)
        app.width = 60
        app.height = 20
        _ = app.handle(.resize)
        #expect(app.screenText.contains("需要 80×24，当前 60×20"))
        app.width = 120; app.height = 40
        _ = app.handle(.resize)
        #expect(app.screen[0].contains("Seller Center"))
    }

    @Test func helpIsGeneratedFromTheRegistry() {
        var app = Demo.app()
        app.send(.char("4"), .char("?"))
        let text = app.screenText
        for spec in CommandRegistry.available(on: .messages, readOnly: false) {
            #expect(text.contains(spec.title(.zh)), "help lists \(spec.id)")
        }
        #expect(!text.contains("发起申诉"), "pane commands of other tabs are not listed")
        app.send(.char("x"))
        #expect(!app.screenText.contains("按键帮助"))
    }

    @Test func readOnlyOffersNoMutatingCommand() {
        var app = App(model: Model(state: Demo.state, account: Demo.state.mainAccount!, now: Demo.now, lang: .zh),
                      width: 160, height: 50, storeLabel: "x", readOnly: true)
        #expect(app.screen[0].contains("[RO]"))
        let mutating = CommandRegistry.all.filter(\.mutating)
        #expect(!mutating.isEmpty)
        for tab in Tab.allCases {
            #expect(CommandRegistry.available(on: tab, readOnly: true).allSatisfy { !$0.mutating })
            #expect(!app.bindings.keyMap(for: tab, readOnly: true).values.contains { id in mutating.contains { $0.id == id } })
            app.send(.char(Character(String(tab.rawValue))))
            let footer = app.screen[app.height - 2]
            app.send(.char("?"))
            let help = app.screenText
            app.send(.escape)
            for spec in mutating {
                #expect(!footer.contains(spec.title(.zh)) && !help.contains(spec.title(.zh)), "\(spec.id) is offered on \(tab)")
            }
            // Every key of every mutating command does nothing that writes.
            for spec in mutating {
                for k in KeyBindings.defaults.keys(for: spec.id) {
                    let effects = app.send(k)
                    #expect(effects.isEmpty, "\(k.label) on \(tab) in read-only mode: \(effects)")
                    if case .form = app.mode { Issue.record("a form opened on \(tab)") }
                    app.send(.escape)
                }
            }
        }
        // Enter on a message does not mark it read, and no draft is offered.
        app.send(.char("4"), .char("g"))
        #expect(app.send(.enter).isEmpty)
        #expect(app.draft == nil)
        app.offerDraft(FormDraft(FormState(purpose: .appeal(orderId: "x"), rules: [], lang: .zh)))
        if case .draftOffer = app.mode { Issue.record("a draft was offered in read-only mode") }
    }

    @Test func chineseColumnsLineUpInEveryRow() {
        let app = Demo.app(width: 120, height: 40)
        let rows = app.screen.dropFirst(4).prefix(30).filter { $0.contains("CS") }
        // The creation time starts at the same display column on every row.
        let starts = Set(rows.compactMap { line -> Int? in
            guard let r = line.range(of: #"20\d\d-\d\d-\d\d \d\d:\d\d"#, options: .regularExpression) else { return nil }
            return TextWidth.width(String(line[..<r.lowerBound]))
        })
        #expect(starts.count == 1, "\(starts)")
    }
}

@Suite struct FullDetailScrollTests {
    @Test func scrollingStopsAtTheLastLineAndComesBackAtOnce() {
        var app = Demo.app(width: 80, height: 24)
        app.send(.char("2"), .char("]"), .char("]"), .char("]"), .char("]"), .char("]")) // 全部
        // The record with the longest history.
        let longest = Demo.state.records.values.max { $0.history.count < $1.history.count }!
        while app.selectedId != longest.orderId, app.selectedRow < app.rowCount - 1 { app.send(.char("j")) }
        #expect(app.selectedId == longest.orderId)
        app.send(.enter)
        let top = app.screenText
        for _ in 0..<500 { app.send(.char("j")) }
        let bottom = app.screenText
        #expect(bottom != top, "a long detail scrolls")
        app.send(.char("j"))
        #expect(app.screenText == bottom, "and stops at its last line")
        app.send(.char("k"))
        #expect(app.screenText != bottom, "one k moves back at once")
        app.send(.char("g"))
        #expect(app.screenText == top)
        app.send(.char("G"))
        #expect(app.screenText == bottom)
    }
}
