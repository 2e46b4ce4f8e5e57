import Testing
@testable import SellerUI

@Suite struct LoadingScreenTests {
    @Test func theBarGrowsWithTheShareLoadedAndReadsWithoutColour() {
        func bar(_ f: Double) -> (text: String, filled: Int) {
            let lines = LoadingScreen.render(width: 80, height: 24, store: "/tmp/店铺\u{1B}[2J", fraction: f, lang: .zh).lines()
            let text = lines.joined(separator: "\n")
            return (text, text.filter { $0 == "█" }.count)
        }
        #expect(bar(0).text.contains("正在打开店铺数据") && bar(0).text.contains("  0%") && bar(0).filled == 0)
        #expect(bar(0.5).text.contains(" 50%"))
        #expect(bar(1).text.contains("100%") && bar(1).filled == 60)
        #expect(bar(0.25).filled < bar(0.75).filled, "the bar grows")
        #expect(!bar(0.5).text.contains("\u{1B}"), "the store path is sanitised")
        for (w, h) in [(1, 1), (5, 2), (19, 3), (20, 3), (200, 60)] {
            let c = LoadingScreen.render(width: w, height: h, store: "/x", fraction: 0.3, lang: .en)
            #expect(c.width == w && c.height == h)
        }
    }
}
