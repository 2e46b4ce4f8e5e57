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
    /// loading frame at once, the order list from the orders view, then the
    /// whole store — and when each pane could first be listed and filtered.
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
        guard let view = OrdersView.load(directory: dir) else { throw CLIError.refused("no current orders view in \(dir)") }
        guard let main = view.mainAccountId.flatMap({ id in view.accounts.first { $0.id == id } }) else { throw CLIError.refused("no main account") }
        let viewLoaded = clockMs() - start
        var app = ConsoleStart.preview(view, account: main, now: now, lang: .zh, size: (120, 40), storeLabel: dir, startTab: .orders)
        let built = clockMs() - start
        Self.filterOnce(&app)
        let filterable = clockMs() - start
        if console.environment["SELLER_BENCH_SAMPLES"] != nil {
            note(String(format: "probe: orders view read %.0f ms, order list built %.0f ms, first filter key %.0f ms",
                        viewLoaded, built - viewLoaded, filterable - built))
        }
        let store = try BackgroundOpen.open(at: dir, readOnly: true, progress: { _ = app.update(.loadProgress($0)) })
        _ = app.update(ConsoleStart.loaded(store.state, directory: dir, view: view, account: main, now: now, lang: .zh))
        _ = app.render()
        let loaded = clockMs() - start
        // Every other pane (and the overview) lists from the state: ready
        // when it is, plus switching there and a first filter key, each
        // measured from the same moment as if the merchant went there first.
        var out = ["first": frame, "orders": filterable, "loaded": loaded]
        var overview = app
        out["overview"] = loaded + timed { _ = overview.update(.key(.char("0"))); _ = overview.render() }
        for (key, tab) in Self.laterPanes {
            var a = app
            out["pane\(tab.rawValue)"] = loaded + timed { _ = a.update(.key(.char(key))); _ = a.render(); Self.filterOnce(&a) }
        }
        out["hwm"] = Self.procStatusKB("VmHWM:")
        // Idle: the console open on the overview, nothing happening.
        _ = app.update(.key(.char("0"))); _ = app.render()
        var idle = IdleTrim() // what the console's first quiet tick does
        idle.quiet()
        out["rss"] = Self.procStatusKB("VmRSS:")
        withExtendedLifetime(store) {}
        console.out(out.keys.sorted().map { "\($0)=\(out[$0]!)" }.joined(separator: " "))
        return .ok
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
    /// overview), drawn: the pane's rows are built from the loaded state.
    func switchTimes(_ app: App) -> [Double] {
        (0..<repeats).map { _ in
            (["0"] + Self.laterPanes.map(\.key)).map { key -> Double in
                var a = app
                return timed { _ = a.update(.key(.char(key))); _ = a.render() }
            }.max() ?? .nan
        }
    }

    /// Another console (a second store handle on the same files) marks a
    /// message; this console, on the messages pane, notices on its idle poll
    /// and redraws: the time from the other's append to the drawn frame.
    func appendToScreen(_ dir: String) throws -> [Double] {
        let mine = try Store.open(at: dir, readOnly: true), other = try Store.open(at: dir)
        guard let main = mine.state.mainAccount, let id = mine.state.messages.keys.min() else {
            throw CLIError.refused("\(dir): no main account or no message to mark")
        }
        let now = Timestamp.now
        var app = App(model: Model(state: mine.state, account: main, now: now, lang: .zh), width: 120, height: 40,
                      storeLabel: dir, startTab: .messages)
        _ = app.render()
        var times: [Double] = []
        for i in 0..<max(5, repeats) {
            try other.append(.messagesMarked(MessageMark(ids: [id], all: false, read: i % 2 == 0)), by: .account(main.id))
            times.append(try timed {
                // What the console's idle loop does (ConsoleRunner).
                if try !mine.poll().isEmpty {
                    _ = app.update(.storeChanged(Model(state: mine.state, account: main, now: now, lang: .zh)))
                }
                _ = app.render()
            })
        }
        return times
    }

    /// `seller check` of the whole store, in this process.
    func checkTimes(_ dir: String) throws -> [Double] {
        try (0..<max(1, min(3, repeats))).map { _ in try timed { _ = try StoreMaintenance.check(dir) } }
    }
}
