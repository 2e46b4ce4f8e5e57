import Foundation
import Testing
@testable import seller
@testable import SellerCore
import SellerUI

/// The side-by-side figure of `seller bench` (issue 19): the screen markers
/// on real captures, the printed lines, finding the programs, and one run
/// end to end on a small store where tmux and VisiData are installed. Never
/// a time: only that it measures and cleans up.
@Suite struct BenchSideBySideTests {
    typealias F = BenchScreenFixtures

    @Test func visiDataStatusReadsTheRowCountAndWhetherAJobRuns() {
        #expect(BenchScreens.visiDataStatus(F.visiDataReading, sheet: "orders") == .init(rows: 0, busy: true))
        #expect(BenchScreens.visiDataStatus(F.visiDataLoading, sheet: "orders") == .init(rows: 11795, busy: true))
        #expect(BenchScreens.visiDataStatus(F.visiDataLoaded, sheet: "orders") == .init(rows: 111564, busy: false))
        // Another sheet's name, or a screen that is not VisiData's.
        #expect(BenchScreens.visiDataStatus(F.visiDataLoaded, sheet: "order") == nil)
        #expect(BenchScreens.visiDataStatus(F.consoleOrders, sheet: "orders") == nil)
    }

    @Test func visiDataShowsRowsOnceTheFirstRowIsUnderTheHeader() {
        let shows = { (s: String, cell: String) in
            BenchScreens.visiDataShowsRows(s, sheet: "orders", firstHeader: "订单号", firstCell: cell)
        }
        #expect(!shows(F.visiDataReading, "CS240717000011"), "the header alone is not a screen of rows")
        #expect(shows(F.visiDataLoading, "CS240717000011"))
        #expect(shows(F.visiDataLoaded, "CS240717000011"))
        #expect(!shows(F.visiDataLoading, "CS240719000004"), "the second row is not the first")
        #expect(!shows(F.consoleOrders, "CS261119091032"))
    }

    @Test func visiDataLoadedAllOnlyWithTheFinalCountAndNoJob() {
        #expect(!BenchScreens.visiDataLoadedAll(F.visiDataLoading, sheet: "orders", rows: 11795), "still loading")
        #expect(BenchScreens.visiDataLoadedAll(F.visiDataLoaded, sheet: "orders", rows: 111564))
        #expect(!BenchScreens.visiDataLoadedAll(F.visiDataLoaded, sheet: "orders", rows: 111565))
    }

    @Test func consoleListsOrdersWhenTheOrdersTabCountsEveryOrder() {
        #expect(BenchScreens.consoleListsOrders(F.consoleOrders, orders: 111564, lang: .zh))
        #expect(!BenchScreens.consoleListsOrders(F.consoleOrders, orders: 111563, lang: .zh))
        #expect(!BenchScreens.consoleListsOrders(F.consoleOrders, orders: 111564, lang: .en), "the tab is named in the console's language")
        for other in [F.consoleLoading, F.consoleOverviewEmpty, F.consoleOverview, F.visiDataLoaded] {
            #expect(!BenchScreens.consoleListsOrders(other, orders: 111564, lang: .zh))
        }
    }

    @Test func consoleOverviewReadyOnlyWithItsFiguresWhole() {
        #expect(BenchScreens.consoleOverviewReady(F.consoleOverview, lang: .zh))
        #expect(!BenchScreens.consoleOverviewReady(F.consoleOverviewEmpty, lang: .zh), "the tab without figures")
        #expect(!BenchScreens.consoleOverviewReady(F.consoleOverviewHalfDrawn, lang: .zh), "a frame caught mid-draw")
        for other in [F.consoleLoading, F.consoleOrders, F.visiDataLoaded] {
            #expect(!BenchScreens.consoleOverviewReady(other, lang: .zh))
        }
    }

    @Test func linesPrintMediansRangesRatioAndVerdict() {
        let orders = BenchScreens.ordersLine(console: [120, 100, 110], vdFirst: [900, 880, 1000], vdAll: [2600, 2500, 2700])
        #expect(orders.line == "orders listed: console 110 ms (100 … 120) vs VisiData 900 ms (880 … 1000) (first screen), "
                + "2600 ms (2500 … 2700) (all rows): ratio 8.18× (all rows 23.64×) — target ≥ 4× ok")
        #expect(orders.ok)
        #expect(!BenchScreens.ordersLine(console: [300], vdFirst: [900], vdAll: [2600]).ok, "3× is not 4×")
        let overview = BenchScreens.overviewLine(console: [950], vdFirst: [900], vdAll: [2600])
        #expect(overview.line == "overview ready: console 950 ms (950 … 950) vs VisiData first screen 900 ms (900 … 900) "
                + "(all rows 2600 ms (2600 … 2600)) — target ≤ VisiData's first screen MISS")
        #expect(!overview.ok)
        #expect(BenchScreens.overviewLine(console: [899], vdFirst: [900], vdAll: [2600]).ok)
    }

    @Test func missingProgramsAreSaidNotMeasuredAndAPyenvShimIsResolved() throws {
        let tmp = TempDir()
        let bin = tmp.path + "/bin", root = tmp.path + "/pyenv"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        guard case .failure(let missing) = SideBySide.locate(path: bin) else { Issue.record("found programs in an empty directory"); return }
        #expect(missing.line.contains("not measured") && missing.line.contains("tmux") && missing.line.contains("pip install visidata"))

        // A pyenv shim (as pyenv writes it) and the pyenv it runs: the real program is measured.
        func script(_ path: String, _ body: String) throws {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            // Written through a close-on-exec descriptor: a child another test spawns meanwhile must not hold it.
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
            #expect(fd >= 0)
            let bytes = Array(("#!/bin/sh\n" + body).utf8)
            #expect(write(fd, bytes, bytes.count) == bytes.count)
            close(fd)
        }
        try script(bin + "/tmux", "exit 0\n")
        try script(bin + "/vd", "set -e\nprogram=\"${0##*/}\"\nexport PYENV_ROOT=\"\(root)\"\nexec \"\(root)/libexec/pyenv\" exec \"$program\" \"$@\"\n")
        try script(root + "/versions/3.11.7/bin/vd", "exit 0\n")
        try script(root + "/libexec/pyenv", "[ \"$1\" = which ] && echo \"$PYENV_ROOT/versions/3.11.7/bin/$2\"\n")
        guard case .success(let tools) = SideBySide.locate(path: bin) else { Issue.record("tmux and vd not found"); return }
        #expect(tools.tmux == bin + "/tmux")
        #expect(tools.vd == root + "/versions/3.11.7/bin/vd")
    }

    /// The console opens on the pane `--pane` names (the side-by-side starts it on the orders); an unknown one is refused.
    @Test func paneOptionNamesAPaneByDigitOrName() throws {
        #expect(try ConsoleRunner.pane("orders") == .orders)
        #expect(try ConsoleRunner.pane("1") == .orders)
        #expect(try ConsoleRunner.pane("dashboard") == .dashboard)
        let r = try runBinary("seller", ["--pane", "refunds", "--store", TempDir().store])
        #expect(r.status == 2 && r.err.contains("--pane refunds: no such pane") && r.err.contains("1 orders"), "\(r.status) \(r.err)")
    }

    /// tmux and VisiData from the PATH `swift test` runs with (VisiData is
    /// often a pip or pyenv install of the user's): only to enable the test.
    static let tools: (tmux: String, vd: String)? = try? SideBySide.locate(path: ProcessInfo.processInfo.environment["PATH"] ?? "").get()
    static let skipReason: Comment = "tmux or VisiData (pip install visidata) is not on PATH"
}

/// In the serialized suite of the console in tmux (see below).
extension ConsoleE2ETests {
    /// One run end to end, as a user runs it: `seller bench --side-by-side`
    /// on a small store. It is one of the serialized console tests: its six
    /// launches in tmux, run beside them, starved their timed key sequences.
    @Test(.enabled(if: BenchSideBySideTests.tools != nil, BenchSideBySideTests.skipReason))
    func benchSideBySideMeasuresBothProgramsAndLeavesNothingRunning() throws {
        let tools = try #require(BenchSideBySideTests.tools)
        let tmp = TempDir()
        #expect(try runBinary("seller", ["demo", "--store", tmp.store, "--orders", "200", "--seed", "4"]).status == 0)
        let path = [tools.tmux, tools.vd].map { ($0 as NSString).deletingLastPathComponent }.joined(separator: ":") + ":/usr/bin:/bin"
        let bench = Spawn.start(builtProduct("seller"), ["bench", "--store", tmp.store, "--side-by-side", "--repeat", "1"], env: ["PATH": path])
        let r = bench.wait()
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("side by side 1/1"), "\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        let n = #"([0-9.]+) ms \(([0-9.]+) … ([0-9.]+)\)"#
        let orders = try Regex("^orders listed: console \(n) vs VisiData \(n) \\(first screen\\), \(n) \\(all rows\\): "
                               + #"ratio [0-9.]+× \(all rows [0-9.]+×\) — target ≥ 4× (ok|MISS)$"#)
        let overview = try Regex("^overview ready: console \(n) vs VisiData first screen \(n) \\(all rows \(n)\\)"
                                 + " — target ≤ VisiData's first screen (ok|MISS)$")
        let o = try #require(lines.lazy.compactMap { $0.wholeMatch(of: orders) }.first, "\(lines)")
        #expect(lines.contains { $0.wholeMatch(of: overview) != nil }, "\(lines)")
        // Numbers, not placeholders: each a positive time; VisiData's last row no sooner than its first screen.
        let values = (1...9).compactMap { o.output[$0].substring.flatMap { Double($0) } }
        #expect(values.count == 9 && values.allSatisfy { $0 > 0 && $0.isFinite }, "\(values)")
        if values.count == 9 { #expect(values[3] <= values[6], "\(values)") }
        // Nothing left running: no process (tmux server, console, VisiData) whose command line or
        // environment names the bench's scratch directory or the store.
        let marks = ["seller-bench-\(bench.pid)/", tmp.store]
        var left: [String] = []
        for pid in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int32(pid) != nil {
            guard let p = Int32(pid), !BenchChild.ended(p) else { continue }
            let text = ["cmdline", "environ"].compactMap { FileManager.default.contents(atPath: "/proc/\(pid)/\($0)") }
                .map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
            if marks.contains(where: text.contains) { left.append(pid + ": " + text.prefix(200)) }
        }
        #expect(left.isEmpty, "\(left)")
    }
}

extension ConsoleE2ETests.Session {
    /// Sends a key that needs the whole state (an action) and waits for `s`;
    /// while the store still loads behind the start view the console refuses
    /// it with a notice, so the key is sent again once that notice shows (up
    /// to 10 s) — a test that pressed it once lost the race on a busy machine.
    func keysOnceLoaded(_ key: String, showing s: String, timeout: Double = 10) -> Bool {
        let notices = [Lang.zh.t("app.still_loading_preview"), Lang.zh.t("app.still_loading"),
                       Lang.en.t("app.still_loading_preview"), Lang.en.t("app.still_loading")].map { String($0.prefix(12)) }
        let end = Date().addingTimeInterval(timeout)
        keys(key)
        while Date() < end {
            let screen = self.screen
            if screen.contains(s) { return true }
            if notices.contains(where: screen.contains) {
                usleep(300_000)
                // Only while the form has not opened: a key sent into it would type.
                if !self.screen.contains(s) { keys(key) }
            }
            usleep(100_000)
        }
        return false
    }
}
