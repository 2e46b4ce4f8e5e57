import Foundation
import SellerCore
import SellerUI

/// The issue's side-by-side figure: in the same run, the store's orders
/// exported as CSV (the export `seller orders export` and the console's `x`
/// write), then VisiData on that CSV and the console on the store, each
/// launched the same way — a detached tmux session of 120×40 on a private
/// server, an explicit environment, a home of its own — and timed from the
/// launch until its screen (polled with `tmux capture-pane`) shows:
/// VisiData its first screen of rows and then every row loaded; the console
/// every order listed (started on the orders pane) and, in another launch,
/// the overview's figures (started on it). Each is warmed by one unmeasured
/// launch, so both read from the same page cache.
struct SideBySide {
    let tmux: String
    let vd: String
    /// The console's binary (this one, when run from the bench).
    let seller: String
    /// A directory of its own for the CSV, the homes and tmux's sockets (removed after).
    let scratch: String
    var repeats = 5
    var width = 120, height = 40
    /// Each launch's wait for its markers, then a clear error.
    var perRun: Double = 30
    /// Between two captures.
    var pollMicros: useconds_t = 2000
    let lang = Lang.zh

    struct Figures {
        var rows: Int
        var consoleOrders: [Double] = [], consoleOverview: [Double] = []
        var vdFirst: [Double] = [], vdAll: [Double] = []
    }

    enum Failure: Error, CustomStringConvertible {
        case export(String)
        case timedOut(program: String, waitingFor: String, seconds: Double, screen: String)
        case ended(program: String, waitingFor: String, screen: String)
        var description: String {
            switch self {
            case .export(let why): return "side by side: the CSV export failed: \(why)"
            case let .timedOut(p, w, s, screen):
                return "side by side: \(p) did not show \(w) within \(Int(s)) s; its last screen:\n\(screen)"
            case let .ended(p, w, screen): return "side by side: \(p) ended before showing \(w); its last screen:\n\(screen)"
            }
        }
    }

    /// tmux and VisiData's program from `PATH`, or the line to print instead
    /// of the figure. A pyenv shim is resolved to the program it runs, so
    /// VisiData's time is VisiData's, not the shim's bash start.
    struct Missing: Error { let line: String }

    static func locate(path: String) -> Result<(tmux: String, vd: String), Missing> {
        let dirs = path.split(separator: ":").map(String.init)
        func find(_ name: String) -> String? {
            dirs.lazy.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        let missing = [("tmux", find("tmux")), ("vd (VisiData: pip install visidata)", find("vd"))].filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty, let tmux = find("tmux"), var vd = find("vd") else {
            return .failure(Missing(line: "side by side with VisiData: not measured — \(missing.joined(separator: " and ")) not found on PATH"))
        }
        if let text = try? String(contentsOfFile: vd, encoding: .utf8), text.count < 4096, text.contains("pyenv\" exec"),
           let root = text.firstMatch(of: #/export PYENV_ROOT="([^"]+)"/#).map({ String($0.output.1) }),
           let r = BenchChild.run(root + "/libexec/pyenv", ["which", "vd"], env: ["PATH": "/usr/bin:/bin", "PYENV_ROOT": root, "HOME": NSTemporaryDirectory()]),
           r.status == 0 {
            let real = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
            if FileManager.default.isExecutableFile(atPath: real) { vd = real }
        }
        return .success((tmux, vd))
    }

    /// The environment every child gets, and nothing else: a private home,
    /// config and data directories (no user's VisiData or console settings,
    /// no user's store), a UTF-8 locale, a terminal tmux provides.
    func environment(home: String) -> [String: String] {
        ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "XDG_CONFIG_HOME": home + "/.config", "XDG_DATA_HOME": home + "/.local/share",
         "XDG_CACHE_HOME": home + "/.cache", "TMPDIR": scratch, "TMUX_TMPDIR": scratch + "/tmux", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8",
         "TERM": "tmux-256color"]
    }

    /// The CSV of the orders the console lists, written by `seller orders
    /// export` in a child process; its row count, first column name and first cell.
    func exportCSV(store: String, to csv: String) throws -> (rows: Int, firstHeader: String, firstCell: String) {
        let env = environment(home: scratch + "/home-export")
        guard let r = BenchChild.run(seller, ["orders", "export", "--store", store, "--format", "csv", "--out", csv], env: env,
                                     seconds: max(600, perRun * 20)) else { throw Failure.export("did not finish") }
        guard r.status == 0, let m = r.out.firstMatch(of: #/exported (\d+) orders to /#), let rows = Int(m.output.1) else {
            throw Failure.export("exit \(r.status): \(r.out.prefix(500))")
        }
        guard let f = fopen(csv, "r") else { throw Failure.export("cannot read \(csv)") }
        defer { fclose(f) }
        var head = [UInt8](repeating: 0, count: 65536)
        let n = fread(&head, 1, head.count, f)
        let text = String(decoding: head[0..<n], as: UTF8.self).split(maxSplits: 2, whereSeparator: \.isNewline)
        // The first column is the order id: no commas or quotes in it.
        guard text.count >= 2 else { throw Failure.export("\(csv) has no row") }
        return (rows, String(text[0].prefix { $0 != "," }), String(text[1].prefix { $0 != "," }))
    }

    func run(store: String, note: (String) -> Void = { _ in }) throws -> Figures {
        try FileManager.default.createDirectory(atPath: scratch + "/tmux", withIntermediateDirectories: true)
        let csv = scratch + "/orders.csv"
        note("side by side: exporting the orders as CSV…")
        let (rows, firstHeader, firstCell) = try exportCSV(store: store, to: csv)
        var figures = Figures(rows: rows)
        // VisiData reads about 50k rows a second here: a large store gets longer than 30 s.
        var s = self
        s.perRun = max(perRun, Double(rows) / 10_000)
        let sheet = "orders"
        let vdLine: (String) -> String = { home in
            BenchChild.shellLine(vd, ["--config", home + "/visidatarc", "--visidata-dir", home + "/visidata", "--motd-url=", csv],
                                 env: environment(home: home).merging(["VD_DIR": home + "/visidata"]) { $1 })
        }
        let consoleLine: (String, Tab) -> String = { home, tab in
            BenchChild.shellLine(seller, ["--store", store, "--lang", lang.rawValue, "--readonly", "--pane", tab.description],
                                 env: environment(home: home))
        }
        let vdMarkers: [(String, (String) -> Bool)] = [
            ("its first screen of rows", { BenchScreens.visiDataShowsRows($0, sheet: sheet, firstHeader: firstHeader, firstCell: firstCell) }),
            ("all \(rows) rows loaded", { BenchScreens.visiDataLoadedAll($0, sheet: sheet, rows: rows) }),
        ]
        let listed: [(String, (String) -> Bool)] = [("all \(rows) orders listed", { BenchScreens.consoleListsOrders($0, orders: rows, lang: lang) })]
        let overview: [(String, (String) -> Bool)] = [("the overview's figures", { BenchScreens.consoleOverviewReady($0, lang: lang) })]
        var launch = 0
        func time(_ program: String, _ line: (String) -> String, _ markers: [(String, (String) -> Bool)]) throws -> [Double] {
            launch += 1
            let home = scratch + "/home-\(launch)"
            try FileManager.default.createDirectory(atPath: home + "/.config", withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: home) }
            let socket = "seller-sbs-\(getpid())-\(launch)"
            return try s.watch(program, socket: socket, command: line(home), markers: markers)
        }
        // VisiData names the sheet after the file: `orders`.
        for i in 0...repeats {
            note(i == 0 ? "side by side: warming both…" : "side by side \(i)/\(repeats)…")
            let v = try time("VisiData", vdLine, vdMarkers)
            let o = try time("the console (orders)", { consoleLine($0, .orders) }, listed)
            let d = try time("the console (overview)", { consoleLine($0, .dashboard) }, overview)
            guard i > 0 else { continue }
            figures.vdFirst.append(v[0]); figures.vdAll.append(v[1])
            figures.consoleOrders.append(o[0]); figures.consoleOverview.append(d[0])
        }
        return figures
    }

    /// One launch: the times (ms from the launch) at which each marker first
    /// holds on a screen the next capture confirms (a frame half drawn is
    /// not counted). The session is ended on every path out.
    func watch(_ program: String, socket: String, command: String, markers: [(String, (String) -> Bool)]) throws -> [Double] {
        var session = BenchTmux(tmux: tmux, socket: socket, env: environment(home: scratch + "/home-tmux"))
        defer { session.end() }
        let start = clockMs()
        try session.start(command, width: width, height: height)
        var times = [Double?](repeating: nil, count: markers.count)
        // The screen last seen, when it was first seen, and which markers it shows.
        var shown = "", shownAt = 0.0, holds = [Bool](repeating: false, count: markers.count)
        while let waiting = times.firstIndex(where: { $0 == nil }) {
            guard let screen = session.capture() else {
                throw Failure.ended(program: program, waitingFor: markers[waiting].0, screen: shown)
            }
            let at = clockMs() - start
            if screen == shown {
                // Seen twice: a whole frame, timed from its first capture.
                for i in markers.indices where times[i] == nil && holds[i] { times[i] = shownAt }
            } else {
                (shown, shownAt, holds) = (screen, at, markers.map { $0.1(screen) })
            }
            if at > perRun * 1000, let still = times.firstIndex(where: { $0 == nil }) {
                throw Failure.timedOut(program: program, waitingFor: markers[still].0, seconds: perRun, screen: shown)
            }
            usleep(pollMicros)
        }
        return times.map { $0! }
    }
}

extension Bench {
    /// The side-by-side lines (or the one saying why they are not measured),
    /// and whether each target is met; nothing when skipped. In the whole
    /// bench a failure (a program that never showed its marker) is said and
    /// the other figures go on; `--side-by-side` alone fails with it.
    func sideBySide(_ dir: String, scratch: String) throws -> [(line: String, ok: Bool)] {
        guard !args.has("skip-side-by-side") else { return [] }
        switch SideBySide.locate(path: console.environment["PATH"] ?? "") {
        case .failure(let missing):
            say(missing.line)
            return []
        case .success(let tools):
            let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
            var s = SideBySide(tmux: tools.tmux, vd: tools.vd, seller: me, scratch: scratch + "/side-by-side")
            s.repeats = repeats
            defer { try? FileManager.default.removeItem(atPath: s.scratch) }
            let f: SideBySide.Figures
            do { f = try s.run(store: dir, note: note) } catch let e where !args.has("side-by-side") {
                say("side by side with VisiData: not measured — \(e)")
                return []
            }
            return [BenchScreens.ordersLine(console: f.consoleOrders, vdFirst: f.vdFirst, vdAll: f.vdAll),
                    BenchScreens.overviewLine(console: f.consoleOverview, vdFirst: f.vdFirst, vdAll: f.vdAll)]
        }
    }
}
