import Testing
@testable import SellerCore
@testable import SellerUI

/// Issue 14 item 9: nothing on the edges of the screen is cut in half.
@Suite struct FooterAndLayoutTests {
    static let sizes = [(80, 24), (120, 40), (200, 60)]

    @Test(arguments: sizes) func theFooterShowsWholeHintsAndSaysMoreWhenSomeDoNotFit(width: Int, height: Int) {
        for lang in Lang.allCases {
            var app = Demo.app(width: width, height: height, lang: lang, start: .dashboard)
            for tab in Tab.allCases {
                app.send(.char(Character(String(tab.rawValue))))
                let footer = app.screen[height - 2]
                let hints = CommandRegistry.available(on: tab, readOnly: false).filter(\.footer).map { spec in
                    app.bindings.keys(for: spec.id).map(\.label).joined(separator: "/") + " " + spec.title(lang)
                }
                let more = "? " + lang.t("render.more")
                let segments = footer.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                for s in segments {
                    #expect(hints.contains(s) || s == more, "\(width)×\(height) \(lang) \(tab): \"\(s)\" is not a whole hint in \(footer)")
                }
                let all = hints.allSatisfy { segments.contains($0) }
                #expect(all || segments.last == more, "\(width)×\(height) \(lang) \(tab): hints left out, but no \(more): \(footer)")
            }
        }
    }

    @Test func queueLabelsAreWholeAndClearOfTheCounter() {
        for lang in Lang.allCases {
            for tab in [Tab.supervision, .tickets, .messages] {
                var app = Demo.app(width: 80, height: 24, lang: lang, start: tab)
                for sort in 0..<3 {
                    let row = app.screen[2]
                    let counter = "\(app.rowCount) / \(app.totalCount)"
                    #expect(row.contains("  " + counter), "\(lang) \(tab): \(row)")
                    for q in app.data.queues {
                        let label = "\(q.label) \(q.count)"
                        // Either the whole label or none of it.
                        if row.contains(q.label) { #expect(row.contains(label), "\(lang) \(tab) sort \(sort): \(label) cut in \(row)") }
                    }
                    app.send(.char("s"))
                }
            }
        }
    }

    @Test func aLongStatusEndsWithAnEllipsis() {
        var app = Demo.app(width: 80, height: 24)
        app.say(String(repeating: "订单已被冻结，申诉处理中，", count: 10), error: true)
        let last = app.screen[23].trimmingCharacters(in: .whitespaces)
        #expect(last.hasSuffix("…"), "\(last)")
    }

    @Test func spareWidthGoesToTextColumnsThatAreCut() {
        for tab in [Tab.orders, .supervision, .tickets, .messages, .appeals] {
            var app = Demo.app(width: 200, height: 60, start: tab)
            app.send(.char("g"))
            let page = app.visible.prefix(app.tableHeight)
            let need = app.data.columns.indices.map { i in
                page.reduce(TextWidth.width(app.data.columns[i].title)) { max($0, TextWidth.width(app.data.rows[$1].cells[i])) }
            }
            let widths = app.columnWidths(total: app.tableArea.w, need: need)
            let weighted = app.data.columns.indices.filter { app.data.columns[$0].weight > 0 && widths[$0] > 0 }
            let cut = weighted.filter { widths[$0] < need[$0] }
            let roomy = weighted.filter { widths[$0] > need[$0] }
            #expect(cut.isEmpty || roomy.isEmpty, "\(tab): columns \(roomy) have room while \(cut) are cut (widths \(widths), need \(need))")
        }
    }
}
