import Foundation
import SellerCore
import SellerUI

/// The figures of `seller bench` that need a fresh process (start-up, memory)
/// or a second console (another console's append reaching the screen).
extension Bench {
    /// The panes after the orders (which the orders view lists first), by the key that opens each.
    static let laterPanes: [(key: Character, tab: Tab)] = Tab.allCases.filter { $0 != .dashboard && $0 != .orders }
        .map { (Character("\($0.rawValue)"), $0) }

    /// One cold start, as the child process measured it (milliseconds from
    /// start, resident sizes in KiB).
    struct Probe {
        var values: [String: Double]
        subscript(_ key: String) -> Double { values[key] ?? .nan }
    }

    /// Opens the store in a fresh process (so each run starts cold in memory)
    /// and reads back its timings and resident sizes.
    func probe(_ dir: String) throws -> Probe {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0]
                              : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0])
        p.arguments = ["bench", "--probe-open", dir]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        var values: [String: Double] = [:]
        for field in String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let kv = field.split(separator: "=", maxSplits: 1)
            if kv.count == 2, let v = Double(kv[1]) { values[String(kv[0])] = v }
        }
        let needed = ["first", "orders", "overview", "loaded", "hwm", "rss"] + Self.laterPanes.map { "pane\($0.tab.rawValue)" }
        guard p.terminationStatus == 0, needed.allSatisfy({ values[$0] != nil }) else {
            throw CLIError.refused("the open probe failed (exit \(p.terminationStatus)): \(String(decoding: data, as: UTF8.self))")
        }
        return Probe(values: values)
    }

    /// The child side of `probe`: what the console does from its start — a
    /// loading frame at once, the order list from the orders view (without
    /// one, a usable start view's partial state), the start view behind it,
    /// then the whole store — and when each pane could first be listed and filtered.
    /// The start is the console's own (ConsoleStartup), turned as its run
    /// loop turns it: a frame drawn and one tick's wait per turn.
    func probeOpen(_ dir: String) throws -> Exit {
        let start = clockMs()
        var frame = 0.0
        var frames = 0
        func loading(_ f: Double) {
            _ = LoadingScreen.render(width: 120, height: 40, store: dir, fraction: f, lang: .zh)
            if frames == 0 { frame = clockMs() - start }
            frames += 1
        }
        loading(0)
        let now = Timestamp.now
        // Started on the order list, the console draws its first screen from
        // the orders view's first page before anything else (ConsoleRunner).
        var firstPage: Double?
        if let page = OrdersView.firstPage(directory: dir), let who = page.accounts.first(where: { $0.id == page.mainAccountId }),
           let first = App(firstPage: page, account: who, now: now, lang: .zh, width: 120, height: 40, storeLabel: dir) {
            _ = first.render()
            firstPage = clockMs() - start
        }
        let main = { (_: [String: Account], main: Account?) throws -> Account in
            guard let main else { throw CLIError.refused("no main account") }
            return main
        }
        // Held as the console holds it: dropped once the store is in (with
        // the orders view it keeps), so the idle figure does not count it.
        var app: App, startup: ConsoleStartup?
        do {
            // On the overview, as the console starts.
            guard let begun = try ConsoleStartup.begin(directory: dir, readOnly: true, lang: .zh, now: now, size: (120, 40),
                                                       storeLabel: dir, resolve: main) else {
                throw CLIError.refused("no current orders view or start view in \(dir)")
            }
            (app, startup) = (begun.app, begun.startup)
        }
        let built = clockMs() - start
        // From the orders view (no usable start view): the order list is what is in.
        var fromOrdersView: Double?, overviewFromOrdersView: Double?
        var panesFromOrdersView: [String: Double] = [:]
        if !app.isPreview {
            fromOrdersView = built + Self.listedAndFiltered(app, key: "1")
            // The panes that list from the small tables the orders view carries.
            for (key, tab) in Self.laterPanes where app.listsNow(tab) {
                panesFromOrdersView["pane\(tab.rawValue)"] = built + Self.listedAndFiltered(app, key: key)
            }
            // The overview's figures from the inputs the orders view carries (none once the store holds bills).
            if app.overviewCounts {
                var overview = app
                overviewFromOrdersView = built + timed { _ = overview.update(.key(.char("0"))); _ = overview.render() }
            }
        }
        if console.environment["SELLER_BENCH_SAMPLES"] != nil {
            note(String(format: "probe: %@ read and the first screen built %.0f ms", app.isPreview ? "start view" : "orders view", built))
        }
        // The overview and every pane from the moment the start view's
        // partial state is in (read before the first screen, or — behind an
        // orders view — handed over as `.preview` by the loading thread), each
        // measured on a copy as if the merchant went there first, while the
        // store goes on loading behind as in the console.
        var fromPreview: [String: Double] = [:]
        func measurePreview() {
            let startIn = clockMs() - start
            fromPreview = Self.readyTimes(app, from: startIn)
            if console.environment["SELLER_BENCH_SAMPLES"] != nil { note(String(format: "probe: start view in at %.0f ms", startIn)) }
        }
        if app.isPreview { measurePreview() }
        var store: Store?
        while store == nil {
            _ = app.render()
            let before = app.isPreview
            store = try startup?.step(&app, now: now)
            if !before, app.isPreview { measurePreview() }
            if store == nil { Thread.sleep(forTimeInterval: Double(ConsoleStartup.tick) / 1000) }
        }
        startup = nil
        _ = app.render()
        let loaded = clockMs() - start
        // Every other pane (and the overview) lists from the state: ready
        // when it is, plus switching there and a first filter key, each
        // measured from the same moment as if the merchant went there first.
        var out = ["first": frame, "loaded": loaded]
        if let firstPage { out["page"] = firstPage }
        out.merge(Self.readyTimes(app, from: loaded)) { _, ready in ready }
        out.merge(fromPreview) { _, preview in preview }
        if let fromOrdersView { out["orders"] = min(out["orders"] ?? fromOrdersView, fromOrdersView) }
        if let overviewFromOrdersView { out["overview"] = min(out["overview"] ?? overviewFromOrdersView, overviewFromOrdersView) }
        out.merge(panesFromOrdersView) { later, early in min(later, early) }
        out["hwm"] = Self.procStatusKB("VmHWM:")
        // Idle: the console open on the overview, nothing happening — after
        // what its runtime does once loaded: every pane built behind the
        // screen (App.prebuild) and kept, so the figure counts that cache.
        _ = app.update(.key(.char("0"))); _ = app.render()
        if let job = app.prebuild { _ = app.update(.prebuilt(job.run())) }
        _ = app.render()
        var idle = IdleTrim() // what the console's first quiet tick does
        idle.quiet()
        out["rss"] = Self.procStatusKB("VmRSS:")
        withExtendedLifetime(store) {}
        console.out(out.keys.sorted().map { "\($0)=\(out[$0]!)" }.joined(separator: " "))
        return .ok
    }

    /// When the overview, the orders and each later pane are ready, from `t`
    /// (ms since start): switching there on a copy of `app`, drawn, plus a
    /// first filter key (none on the overview).
    static func readyTimes(_ app: App, from t: Double) -> [String: Double] {
        var out: [String: Double] = [:]
        var overview = app
        out["overview"] = t + timed { _ = overview.update(.key(.char("0"))); _ = overview.render() }
        out["orders"] = t + listedAndFiltered(app, key: "1")
        for (key, tab) in laterPanes { out["pane\(tab.rawValue)"] = t + listedAndFiltered(app, key: key) }
        return out
    }

    /// How long, on a copy of `app`, the pane `key` opens takes to be drawn and take a first filter key.
    static func listedAndFiltered(_ app: App, key: Character) -> Double {
        var a = app
        return timed { _ = a.update(.key(.char(key))); _ = a.render(); filterOnce(&a) }
    }

    /// A first key through the filter, drawn, and the filter left again.
    static func filterOnce(_ app: inout App) {
        _ = app.update(.key(.char("/"))); _ = app.update(.key(.char("1"))); _ = app.render()
        _ = app.update(.key(.escape)); _ = app.update(.key(.escape)); _ = app.render()
    }

    static func procStatusKB(_ field: String) -> Double {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix(field) }
            .flatMap { Double($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
    }

    /// Per run, the slowest switch from the orders to any other pane (or the
    /// overview), drawn — on the console's shipped path: once loaded, the
    /// runtime builds every pane behind the screen (`App.prebuild`, on the
    /// store worker's builder thread) and a switch takes what it built.
    /// `prebuild`: how long that background build took after the load, so
    /// the figure says how soon after the start a switch is this fast.
    func switchTimes(_ start: App) -> (switches: [Double], prebuild: [Double]) {
        var prebuild: [Double] = []
        let switches = (0..<repeats).map { _ -> Double in
            var app = start
            prebuild.append(timed {
                if let job = app.prebuild { _ = app.update(.prebuilt(job.run())) }
            })
            return (["0"] + Self.laterPanes.map(\.key)).map { key -> Double in
                var a = app
                return timed { _ = a.update(.key(.char(key))); _ = a.render() }
            }.max() ?? .nan
        }
        return (switches, prebuild)
    }

    /// Another console (a second store handle on the same files) marks a
    /// message; this console, on the messages pane (未读), notices on its
    /// idle poll and redraws: the time from the other's append to the drawn
    /// frame, on the console's own path — the poll on its store worker, the
    /// touched ids, the pane patched, the frame drawn (ConsoleRunner.take).
    /// `appendToScreen` on a copy of `dir` in `scratch` (the bench never
    /// writes the store it measures), the copy removed after.
    func appendShownFigure(_ dir: String, scratch: String) throws -> Figure {
        let copy = scratch + "/live-copy"
        try Self.copyStore(dir, to: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let (live, orders) = try appendToScreen(copy)
        let big = orders >= 500_000
        return Figure(name: "another console's append shown (poll, update, draw)", samples: live, unit: "ms",
                      target: big ? "≤ 50 ms" : "≤ 16 ms", ok: Figure.median(live) <= (big ? 50 : 16))
    }

    /// The samples, and how many orders the store holds (which target applies).
    func appendToScreen(_ dir: String) throws -> (samples: [Double], orders: Int) {
        let mine = try Store.open(at: dir, readOnly: true), other = try Store.open(at: dir)
        guard let main = mine.state.mainAccount, let id = mine.state.messages.keys.min() else {
            throw CLIError.refused("\(dir): no main account or no message to mark")
        }
        var app = App(model: Model(state: mine.state, account: main, now: .now, lang: .zh), width: 120, height: 40,
                      storeLabel: dir, startTab: .messages)
        _ = app.render()
        let worker = StoreWorker(store: mine, actor: .account(main.id))
        // As after the start: every pane built behind the screen first.
        if let job = app.prebuild { _ = app.update(.prebuilt(job.run())) }
        var times: [Double] = []
        var parts: [String] = []
        for i in 0..<max(5, repeats) {
            try other.append(.messagesMarked(MessageMark(ids: [id], all: false, read: i % 2 == 0)), by: .account(main.id))
            var polled = 0.0, taken = 0.0
            times.append(timed {
                polled = timed {
                    worker.submit(.poll)
                    _ = worker.waitForOutcome(seconds: 5)
                }
                taken = timed { ConsoleRunner.take(worker, into: &app, account: main, lang: .zh) }
                _ = app.render()
            })
            parts.append(String(format: "poll %.1f + patch %.1f + draw %.1f", polled, taken, times.last! - polled - taken))
            // What the change left to the background (the previous state to
            // free, the panes it dropped to build) finishes before the next (not timed).
            _ = worker.waitUntilIdle(seconds: 30)
            _ = worker.waitForBuilds(seconds: 30)
            ConsoleRunner.take(worker, into: &app, account: main, lang: .zh)
        }
        if console.environment["SELLER_BENCH_SAMPLES"] != nil { note("append shown: " + parts.joined(separator: "; ")) }
        guard app.selectedId == nil || app.totalCount > 0 else { throw CLIError.refused("the messages pane emptied") }
        return (times, mine.state.orders.count)
    }
}
