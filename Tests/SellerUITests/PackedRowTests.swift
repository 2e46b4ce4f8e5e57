import Testing
@testable import SellerCore
@testable import SellerUI

/// A row's cells held packed in one string (Row) read back as they were
/// made, and the search index built on a pane's first `/` instead of with
/// its rows (PaneData.indexSearch).
@Suite struct PackedRowTests {
    static let awkward: [[String]] = [
        [], [""], ["", ""], ["", "a", ""], ["x"],
        ["张伟", "西安天工网络科技有限公司", "处理中", "¥8,164.00"],
        ["😀👨‍👩‍👧", "🇨🇳", "e\u{301}", "a\u{308}\u{301}", "\u{301}"],
        ["ΟΔΟΣ", "Straße", "İstanbul", "Ａｂｃ", "ǅ"],
        [HostileAndMonochromeTests.hostile, "\u{1}", "a\u{1}b", "\n\r\t", "\u{1B}[2J", "\u{202E}gnp.exe", "\u{0}"],
        [String(repeating: "长", count: 5000), "123456789012345", "1234567890123456"],
    ]

    /// What a row showed before packing: each cell sanitised on its own.
    static func expected(_ cells: [String]) -> [String] { cells.map(Sanitizer.line) }

    @Test func packedCellsReadBackAsTheSanitisedCellsTheyWereMadeFrom() {
        for cells in Self.awkward {
            let row = Row(id: "r", cells: cells)
            #expect(row.cells == Self.expected(cells), "\(cells.debugDescription)")
            #expect(row.cellCount == cells.count)
            for i in cells.indices {
                #expect(row.cell(i) == Self.expected(cells)[i], "cell \(i) of \(cells.debugDescription)")
                #expect(row.withCellUTF8(i) { Array($0) } == Array(Self.expected(cells)[i].utf8))
            }
            #expect(row.haystack == Self.expected(cells).joined(separator: "\u{1}").lowercased())
        }
    }

    /// Rows built together share one buffer per run (RowArena): read back
    /// exactly as rows packed alone, across the runs' boundaries, each
    /// arena trimmed to its rows' bytes (the allocator rounds up to a page at
    /// most), not left at its last doubling; a row edited later holds its own.
    @Test func rowsBuiltTogetherShareAnArenaAndReadBackAsRowsBuiltAlone() {
        let items = Array(0..<20_000) // several runs on two cores (4096 items at least each)
        let n = Self.awkward.count
        let rows = RowPacker.rows(items) { i, packer in
            for c in Self.awkward[i % n] { packer.cell(c) }
            return Row(id: "r\(i)", packer: &packer, emphasis: i % 3 == 0)
        }
        #expect(rows.count == items.count)
        var arenas: [ObjectIdentifier: (arena: RowArena, bytes: Int)] = [:]
        for (i, row) in rows.enumerated() {
            let alone = Row(id: "r\(i)", cells: Self.awkward[i % n])
            #expect(row.id == alone.id && row.emphasis == (i % 3 == 0))
            guard row.cells == alone.cells, row.cellCount == alone.cellCount,
                  row.withPackedUTF8({ Array($0) }) == alone.withPackedUTF8({ Array($0) }) else {
                Issue.record("row \(i) differs from the row packed alone"); continue
            }
            guard case .shared(let arena, _, let count) = row.packed else { Issue.record("row \(i) holds its own bytes"); continue }
            arenas[ObjectIdentifier(arena), default: (arena, 0)].bytes += Int(count)
        }
        #expect(arenas.count > 1, "more than one run")
        for (_, a) in arenas { #expect(a.arena.bytes.count == a.bytes && a.arena.bytes.capacity <= a.bytes + 8192, "trimmed: \(a.arena.bytes.capacity) for \(a.bytes)") }
        var edited = rows[7]
        edited.cells = ["改", "过"]
        #expect(edited.cells == ["改", "过"] && rows[7].cells == Self.expected(Self.awkward[7 % n]))
        if case .own = edited.packed {} else { Issue.record("an edited row still points into the arena") }
    }

    @Test func cellsSetAfterwardsArePackedAndSanitisedToo() {
        var row = Row(id: "r", cells: ["a", "b"], emphasis: true)
        row.cells = ["张三", "x\u{1}y", ""]
        #expect(row.cells == ["张三", Sanitizer.line("x\u{1}y"), ""])
        #expect(row.cell(1) == Sanitizer.line("x\u{1}y") && row.cellCount == 3 && row.emphasis)
    }

    /// Every pane of the demo (hostile names and bodies included): the packed
    /// rows equal the cells the builders made, one by one.
    @Test func everyDemoPaneRowReadsBackCellByCell() {
        let m = Model(state: Demo.state, account: Demo.state.accounts["yunshan"]!, now: Demo.now, lang: .zh)
        var checked = 0
        for tab in [Tab.orders, .supervision, .tickets, .messages, .appeals, .settlement] {
            for q in 0..<Panes.queueCount(tab) + 1 {
                for row in Panes.data(tab, m, queue: q).rows {
                    let cells = row.cells
                    #expect(cells.count == row.cellCount)
                    for i in cells.indices where row.cell(i) != cells[i] { Issue.record("\(tab) row \(row.id) cell \(i)") }
                    #expect(cells.allSatisfy { !$0.utf8.contains(Row.separator) })
                    checked += 1
                }
            }
        }
        #expect(checked > 500)
    }

    /// The index built from packed rows equals the one built from the
    /// lower-cased joined strings, byte for byte in what it finds.
    @Test func theIndexOfPackedRowsFindsWhatStringContainsFinds() {
        let rows = Self.awkward.enumerated().map { Row(id: "x\($0.offset)", cells: $0.element) }
        let index = SearchIndex(rows: rows)
        #expect(index.count == rows.count)
        for needle in ["张", "公司", "😀", "e\u{301}", "οδος", "straße", "i̇", "ａｂｃ", "ǆ", "\u{1}", "␁", "5\u{1}1", "長", "长长", "gnp", "␛"] {
            let plain = rows.indices.filter { rows[$0].haystack.contains(needle) }
            #expect(index.matches(needle) == plain, "needle \(needle.debugDescription)")
        }
    }

    /// Panes built behind the screen hold no search index; the first `/`
    /// builds the shown pane's, filtering finds what a whole index finds,
    /// and leaving the pane unfiltered gives it up again.
    @Test func aPaneIsIndexedOnItsFirstFilterKeyAndNotBefore() {
        var app = Demo.app(start: .dashboard)
        if let job = app.prebuild { _ = app.update(.prebuilt(job.run())) }
        #expect(!app.cache.panes.isEmpty)
        for (t, b) in app.cache.panes { #expect(!b.data.isIndexed, "\(t) was indexed behind the screen") }
        app.send(.char("1"))
        #expect(app.tab == .orders && !app.data.isIndexed)
        app.send(.char("/"))
        #expect(app.data.isIndexed)
        let needle = app.data.rows[0].cell(0).lowercased()
        app.type(needle)
        let whole = SearchIndex(rows: app.data.rows)
        #expect(app.data.search == whole)
        #expect(app.visible == whole.matches(needle))
        #expect(!app.visible.isEmpty && app.visible.count < app.data.rows.count)
        app.send(.escape, .escape)
        #expect(app.filterText.isEmpty)
        app.send(.char("4"))
        #expect(app.cache.panes[.orders].map { !$0.data.isIndexed } == true)
        // A filtered pane keeps its index behind the screen.
        app.send(.char("/")); app.type("msg"); app.send(.enter)
        #expect(app.data.isIndexed)
        app.send(.char("1"))
        #expect(app.cache.panes[.messages].map(\.data.isIndexed) == true)
    }
}
