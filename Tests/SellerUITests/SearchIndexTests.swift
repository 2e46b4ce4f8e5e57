import Testing
@testable import SellerCore
@testable import SellerUI

/// The byte-blob filter against the straightforward `String.contains`.
@Suite struct SearchIndexTests {
    static let haystacks: [String] = {
        let m = Model(state: Demo.state, account: Demo.state.accounts["yunshan"]!, now: Demo.now, lang: .zh)
        return [Tab.orders, .supervision, .tickets, .messages, .appeals].flatMap { tab in
            (0..<Panes.queueCount(tab) + 1).flatMap { Panes.data(tab, m, queue: $0).rows.map(\.haystack) }
        } + ["", "\u{1}", "a\u{1}b", "ab"]
    }()

    @Test func everyNeedleFindsExactlyTheRowsStringContainsFinds() {
        let index = SearchIndex(haystacks: Self.haystacks)
        #expect(index.count == Self.haystacks.count)
        var needles = ["cs2", "张", "公司", "有限公司", "服务", "😀", "\u{1}", "a", "z", "完成", "处理中", "q", "0", "b\na", "\n", "ab"]
        // Slices of real rows: every length from 1 to 6 characters, Chinese and ASCII.
        var rng = SplitMix64(seed: 9)
        for _ in 0..<300 {
            let h = Array(Self.haystacks[Int(rng.next() % UInt64(Self.haystacks.count))])
            guard !h.isEmpty else { continue }
            let start = Int(rng.next() % UInt64(h.count))
            let len = 1 + Int(rng.next() % 6)
            needles.append(String(h[start..<min(h.count, start + len)]))
        }
        for n in needles where !n.isEmpty {
            let expected = Self.haystacks.indices.filter { !n.contains("\n") && Self.haystacks[$0].contains(n) }
            let got = index.matches(n)
            #expect(got == expected, "needle \(n.debugDescription): \(got.count) rows, String.contains finds \(expected.count)")
        }
    }

    @Test func aLongerNeedleNarrowsThePreviousResultToTheSameRows() {
        let index = SearchIndex(haystacks: Self.haystacks)
        for (short, long) in [("c", "cs"), ("cs", "cs26"), ("公", "公司"), ("a", "ap"), ("处", "处理中")] {
            let first = index.matches(short)
            #expect(index.matches(long, within: first) == index.matches(long), "\(short) → \(long)")
        }
        #expect(index.matches("", within: [3, 5]) == [3, 5])
    }
}
