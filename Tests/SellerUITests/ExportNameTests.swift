import Testing
@testable import SellerCore
@testable import SellerUI

/// Issue 14 item 13: what `:export` accepts and what `x` suggests.
@Suite struct ExportNameTests {
    @Test func onlyCSVNamesAreExported() {
        var app = Demo.app()
        app.send(.char(":"))
        app.type("export 订单.xlsx")
        #expect(app.send(.enter).isEmpty)
        #expect(app.screen.last?.contains("只写 CSV") == true, "\(app.screen.last ?? "")")
        app.send(.char(":"))
        app.type("export 订单.CSV")
        guard case .export(let path, _, _)? = app.send(.enter).first else { Issue.record("no export"); return }
        #expect(path == "订单.CSV")
    }

    @Test func theSuggestedNameNeverNamesAnExistingFile() {
        var app = Demo.app()
        let taken: Set<String> = ["orders-\(Demo.now.dateDisplay).csv", "orders-\(Demo.now.dateDisplay)-2.csv"]
        app.fileExists = { taken.contains($0) }
        app.send(.char("x"))
        app.send(.enter)
        #expect(app.suggestedExportName() == "orders-\(Demo.now.dateDisplay)-3.csv")
        var fresh = Demo.app()
        #expect(fresh.suggestedExportName() == "orders-\(Demo.now.dateDisplay).csv")
        guard case .export(let path, _, _)? = fresh.send(.char("x"), .enter).first else { Issue.record("no export"); return }
        #expect(path == "orders-\(Demo.now.dateDisplay).csv")
    }
}
