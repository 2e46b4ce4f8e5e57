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

    /// Every scalar the byte fast path takes without a closer look lower-cases
    /// to itself (or, for ASCII, by the ASCII rule), one by one and in a row.
    @Test func theByteFastPathAcceptsOnlyScalarsWhoseLowerCaseIsByByte() {
        var accepted = 0
        for v in UInt32(0x80)...0x1FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            var s = String(Character(u))
            let quick = s.withUTF8 { SearchIndex.quickByByte($0) }
            guard quick == true else { continue }
            accepted += 1
            #expect(Array(s.lowercased().utf8) == Array(s.utf8), "U+\(String(v, radix: 16, uppercase: true)) was taken as caseless")
        }
        // The blocks the rule names: CJK, the middle dot, the dash, the bullet, emoji.
        #expect(accepted > 30_000)
        for s in ["中文·已申诉", "—", "●", "，：（）", "😀", "AbC—Ⅻ"] {
            var t = s
            let quick = t.withUTF8 { SearchIndex.quickByByte($0) }
            #expect((quick == true) == !s.contains("Ⅻ"), "\(s)")
        }
        // Full-width capitals have a lower case: never taken byte by byte.
        var wide = "ＡＢＣ"
        #expect(wide.withUTF8 { SearchIndex.quickByByte($0) } == nil)
    }

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

    /// The index the console builds from cells equals the one built from the
    /// lower-cased joined strings, on every pane of the demo (hostile text
    /// included) and on rows of case-changing scripts.
    @Test func theIndexFromCellsIsTheIndexFromLowercasedStrings() {
        let m = Model(state: Demo.state, account: Demo.state.accounts["yunshan"]!, now: Demo.now, lang: .zh)
        var rows = [Tab.orders, .supervision, .tickets, .messages, .appeals].flatMap { tab in
            (0..<Panes.queueCount(tab) + 1).flatMap { Panes.data(tab, m, queue: $0).rows }
        }
        rows += [["ÀÉÎ Straße", "ΟΔΟΣ", "İstanbul"], ["Ａｂｃ ＡＢＣ", "Ⅻ Ⓐ Ω", "ǅ"], ["张三 ABC", "\u{1}", ""], ["ﬀ", "K", "Å"]]
            .enumerated().map { Row(id: "x\($0.offset)", cells: $0.element) }
        let fromCells = SearchIndex(rows: rows), fromStrings = SearchIndex(haystacks: rows.map(\.haystack))
        #expect(fromCells.count == fromStrings.count)
        for needle in ["cs", "张", "公司", "straße", "οδος", "ος", "abc", "ａｂｃ", "ⓐ", "ω", "ǆ", "i̇", "ff", "k", "å", "\u{1}", "a\u{1}", "处理中", "2026-11"] {
            #expect(fromCells.matches(needle) == fromStrings.matches(needle), "needle \(needle.debugDescription)")
        }
    }

    /// A table big enough to be indexed across the cores joins its parts
    /// with the right row offsets.
    @Test func aLargeTableIndexedInPartsEqualsTheWholeIndex() {
        let names = ["张伟", "Acme ROBOTICS", "ΟΔΟΣ", "西安天工", "Straße"]
        let rows = (0..<20_000).map { i in Row(id: "r\(i)", cells: ["CS\(100_000 + i)", names[i % names.count], "\(i % 97)"]) }
        let parts = SearchIndex(rows: rows), whole = SearchIndex(haystacks: rows.map(\.haystack))
        #expect(parts.count == 20_000)
        for needle in ["cs1000", "张", "robotics", "οδος", "西安", "\u{1}9", "19999", "cs119999\u{1}"] {
            #expect(parts.matches(needle) == whole.matches(needle), "\(needle.debugDescription)")
        }
    }

    /// Every scalar the byte-wise path passes through has no lower case.
    @Test func scalarsTakenByteWiseDoNotChangeWhenLowercased() {
        var checked = 0
        for v in UInt32(0x80)...0xFFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            let s = String(Character(u))
            guard SearchIndex.lowercasesByByte(s) else { continue }
            #expect(Array(s.lowercased().utf8) == Array(s.utf8), "U+\(String(v, radix: 16)) changes when lower-cased")
            checked += 1
        }
        #expect(checked > 20_000)
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

/// Sorting by precomputed ranks against a plain sort of the cells.
@Suite struct SortRankTests {
    @Test func everyColumnOfEveryPaneSortsAsAPlainSortDoes() {
        for tab in [Tab.orders, .supervision, .tickets, .messages, .appeals] {
            var app = Demo.app(start: tab)
            if tab != .orders { app.send(.char(Character(String(tab.rawValue)))) }
            app.send(.char("]"), .char("]"), .char("]"), .char("]"), .char("]"))
            let rows = app.data.rows
            for col in 0..<app.columnCount {
                let rank = app.ranks(col)
                let byRank = rows.indices.sorted { rank[$0] < rank[$1] }
                let plain: [Int]
                if app.data.columns[col].alignRight {
                    func number(_ s: String) -> Double {
                        let t = s.filter { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }
                        return t.contains(where: \.isNumber) ? (Double(t) ?? -.infinity) : -.infinity
                    }
                    plain = rows.indices.sorted { a, b in
                        let x = number(rows[a].cells[col]), y = number(rows[b].cells[col])
                        return x != y ? x < y : a < b
                    }
                } else {
                    plain = rows.indices.sorted { a, b in
                        let x = Array(rows[a].cells[col].utf8), y = Array(rows[b].cells[col].utf8)
                        return x != y ? x.lexicographicallyPrecedes(y) : a < b
                    }
                }
                #expect(byRank == plain, "\(tab) column \(col) (\(app.data.columns[col].title))")
            }
        }
    }
}
