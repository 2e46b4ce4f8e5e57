import Testing
@testable import SellerCore
@testable import SellerUI

@Suite struct DashboardTests {
    @Test(arguments: [(80, 24), (120, 40), (200, 60)])
    func theOverviewIsTheFirstScreenAndEveryFigureOpensItsList(size: (Int, Int)) {
        var app = Demo.app(width: size.0, height: size.1, start: .dashboard)
        #expect(app.tab == .dashboard)
        #expect(app.screen[1].contains("[ 0 概览 ]"))
        #expect(app.screenText.contains("服务监管") && app.screenText.contains("工单"))
        #expect(app.screen.allSatisfy { TextWidth.width($0) == size.0 })
        let figures = app.figures
        #expect(figures.count > 20)
        for (i, f) in figures.enumerated() {
            app.send(.char("0"), .char("g"))
            for _ in 0..<i { app.send(.char("j")) }
            #expect(app.screen.contains { $0.contains("▶") && $0.contains(f.label.prefix(4)) }, "figure \(f.label) is on screen when selected")
            app.send(.enter)
            #expect(app.tab == f.target.tab, "\(f.label)")
            // Every figure opens exactly what it counts, the 30-day trends included.
            #expect(app.rowCount == f.count, "\(f.section) \(f.label): the list shows \(app.rowCount), the figure says \(f.count)")
        }
    }

    @Test func barsAndSparklinesFallBackToASCII() {
        #expect(Blocks.bar(5, max: 10, width: 10, ascii: false) == "█████")
        #expect(Blocks.bar(1, max: 16, width: 2, ascii: false) == "▏")
        #expect(Blocks.bar(5, max: 10, width: 10, ascii: true) == "#####")
        #expect(Blocks.sparkline([0, 1, 2, 7], ascii: false) == "▁▂▃█")
        #expect(Blocks.sparkline([0, 0], ascii: false) == "▁▁")
        #expect(Blocks.sparkline([0, 7], ascii: true) == " #")
        var app = Demo.app(start: .dashboard)
        app.unicode = false
        let text = app.screenText
        #expect(!text.contains("█") && !text.contains("▁") && text.contains("#"))
    }

    @Test func aSupportSubAccountsOverviewListsNoSupervisionWorkForIt() {
        // 待我处理 follows what the acting account can do (a support account takes no supervision step).
        let app = Demo.app(account: "wang.fang", start: .dashboard)
        let mine = app.figures.first { $0.section == .supervision && $0.target.queue == 0 }
        #expect(mine?.count == 0, "\(String(describing: mine))")
    }

    @Test func aSubAccountSeesOnlyItsOwnFiguresAndNoInvoices() {
        let app = Demo.app(account: "li.na", start: .dashboard)
        #expect(!app.figures.contains { $0.section == .invoices }, "invoices are the main account's")
        let main = Demo.app(start: .dashboard)
        let mine = app.figures.first { $0.section == .supervision }!.count
        let all = main.figures.first { $0.section == .supervision }!.count
        #expect(mine <= all)
    }
}
