import Testing
@testable import SellerCore
@testable import SellerUI

@Suite struct MouseAndThemeTests {
    @Test func clicksSelectTabsAndRowsAndTheWheelScrolls() {
        var app = Demo.app()
        // The tab bar is on row 1; find where 工单 is drawn and click it.
        let tabs = app.screen[1]
        let prefix = tabs.components(separatedBy: "3 工单").first!
        app.send(.click(x: TextWidth.width(prefix) + 1, y: 1))
        #expect(app.tab == .tickets)
        app.send(.char("1"))
        #expect(app.selectedRow == 0)
        app.send(.click(x: 5, y: 3 + 1 + 4)) // table header on row 3, fifth data row
        #expect(app.selectedRow == 4)
        app.send(.wheelDown, .wheelDown)
        #expect(app.selectedRow == 10)
        app.send(.wheelUp)
        #expect(app.selectedRow == 7)
        let row = app.selectedRow
        app.send(.click(x: 5, y: 3 + 1 + row - 0))
        if case .fullDetail = app.mode {} else { Issue.record("a click on the selected row opens it (mode \(app.mode))") }
        app.send(.escape)
        app.send(.click(x: 500, y: 500), .click(x: 0, y: 0), .click(x: 3, y: 39))
        #expect(app.tab == .orders, "clicks outside tabs and rows change nothing")
    }

    @Test func themesAreNamedAndMonochromeHasNoColour() {
        #expect(Theme.all.map(\.name) == ["dark", "light", "high-contrast", "monochrome"])
        #expect(Theme.named("Light") == .light && Theme.named("sepia") == nil)
        #expect(Theme.monochrome.looks == nil)
        for t in Theme.all where t.looks != nil {
            #expect(t.looks![.selected] != nil && t.looks![.error] != nil, "\(t.name) colours selection and errors")
        }
    }
}
