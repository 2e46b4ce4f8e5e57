import Foundation
import SellerCore
import SellerUI

/// `seller bench`: every performance target of the project, measured on this
/// machine and printed as `name: median unit (min … max)  target  ok|MISS`.
/// A benchmark, never a test: nothing in `swift test` fails on time.
enum BenchCommands {
    static let bench = Command(
        name: "bench", summary: "measure open, filter, sort, append, memory, ingest and redraw against the targets",
        usage: """
        seller bench [--orders N] [--store DIR] [--repeat K] [--ingest-events E] [--ingest-feed FILE] [--skip-ingest]
                     [--skip-side-by-side | --side-by-side | --only FIGURE]

        Builds a demo store of N orders (default 100000) in a temporary directory,
        or measures the store at --store (never written: appends run on a copy).
        Each figure is measured K times (default 5, at least 5 counts for the
        targets). Build with `swift build -c release` first; a debug build is
        many times slower. The ingest figure feeds E events (default 1000000)
        into a fresh store each time and takes minutes; --skip-ingest leaves it out.
        The side-by-side figure runs VisiData (pip install visidata) and the console
        in tmux on the same orders exported as CSV; --skip-side-by-side leaves it
        out, --side-by-side measures only it. --only FIGURE measures that figure
        alone: append-shown (another console's append shown, on a copy of the
        store removed afterwards; the full bench takes 14 minutes at 1M orders),
        ingest (the ingest figure alone, no demo store built), check (`seller
        check` of the store, as the command reads it). --ingest-feed FILE
        keeps the ingest's feed there and reuses it when it exists.

        seller bench --serve [--sequential N] [--clients C] [--calls K]
        measures `seller serve` over loopback instead: N signed newInstance calls one
        at a time (median, p99; default 2000), then C clients × K calls at once
        (default 200 × 50), every acknowledged instance checked in the store after.
        """,
        valued: ["orders", "store", "repeat", "ingest-events", "ingest-feed", "probe-open", "probe-phases", "probe-memory", "sequential", "clients", "calls", "only"], switches: ["skip-ingest", "serve", "skip-side-by-side", "side-by-side"],
        run: { args, console in args.has("serve") ? try ServeBench.run(args, console) : try Bench(args: args, console: console).run() })
}

struct Figure {
    var name: String
    var samples: [Double]
    var unit: String
    var target: String
    var ok: Bool
    /// A figure shown for context, with no target of its own.
    var info = false

    var line: String {
        let s = samples.sorted(), median = Self.median(s)
        func f(_ v: Double) -> String { v >= 100 ? String(format: "%.0f", v) : v >= 10 ? String(format: "%.1f", v) : String(format: "%.2f", v) }
        let range = "\(name): \(f(median)) \(unit) (\(f(s.first ?? .nan)) … \(f(s.last ?? .nan)))"
        return info ? "\(range)  (\(target))" : "\(range)  target \(target)  \(ok ? "ok" : "MISS")"
    }

    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.isEmpty ? .nan : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

func clockMs() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1_000_000
}

func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = clockMs()
    try body()
    return clockMs() - start
}

struct Bench {
    let args: Arguments
    let console: Console
    let repeats: Int

    init(args: Arguments, console: Console) throws {
        self.args = args
        self.console = console
        repeats = try Parse.int(args.value("repeat") ?? "5", "--repeat", range: 1...1000)
    }

    func say(_ s: String) { console.out(s) }
    func note(_ s: String) { FileHandle.standardError.write(Data(("bench: " + s + "\n").utf8)) }

    /// The figures `--only` measures alone, by name.
    static let alone: [String: @Sendable (Bench) -> (_ dir: String, _ scratch: String) throws -> Figure] = [
        "append-shown": { b in b.appendShownFigure },
        "ingest": { b in { _, scratch in try b.ingestFigure(scratch: scratch) } },
        "check": { b in { dir, _ in try b.checkFigure(dir) } },
    ]

    func run() throws -> Exit {
        if let dir = args.value("probe-open") { return try probeOpen(dir) }
        if let dir = args.value("probe-phases") { return try probePhases(dir) }
        if let dir = args.value("probe-memory") { return try probeMemory(dir) }
        let only = try args.value("only").map { name in
            guard let f = Self.alone[name] else {
                throw CLIError.usage("--only \(name): expected one of \(Self.alone.keys.sorted().joined(separator: ", "))")
            }
            return f(self)
        }
        #if DEBUG
        note("this is a debug build; figures are meaningless — run `swift build -c release` and .build/release/seller bench")
        #endif
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("seller-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        if let only, args.value("only") == "ingest" {
            // Ingest writes its own fresh stores: no demo store to build first.
            let f = try only("", scratch)
            say(f.line)
            return .ok
        }

        let dir: String
        if let given = args.value("store") {
            dir = StoreLocation.resolve(flag: given, environment: console.environment)
        } else {
            let n = try Parse.int(args.value("orders") ?? "100000", "--orders", range: 1...10_000_000)
            dir = scratch + "/store"
            note("building a demo store of \(n) orders in \(dir)…")
            let t = try timed { try makeDemo(dir, orders: n) }
            note(String(format: "built in %.1f s", t / 1000))
        }
        if let only {
            // No whole open of the store just to count its orders (a minute at 1M): the figure says its own.
            say("seller bench: store \(String(format: "%.0f", Double(Self.diskSize(dir)) / 1_048_576)) MiB on disk (derived views not counted), \(ProcessInfo.processInfo.activeProcessorCount) cores")
            let f = try only(dir, scratch)
            say(f.line)
            say(f.ok ? "all 1 figures meet their targets" : "1 of 1 figures miss their targets")
            return .ok
        }
        let orders = try Store.open(at: dir, readOnly: true).state.orders.count
        let size = Self.diskSize(dir)
        say("seller bench: \(orders) orders, store \(String(format: "%.0f", Double(size) / 1_048_576)) MiB on disk (derived views not counted), \(repeats) runs per figure, \(ProcessInfo.processInfo.activeProcessorCount) cores")

        var figures: [Figure] = []
        func report(_ f: Figure) { figures.append(f); say(f.line) }
        let big = orders >= 500_000

        // Open, in fresh processes: first frame, everything loaded, peak memory.
        // The console lists orders from the store's orders view; make sure
        // there is a current one, as any writer leaves behind.
        if OrdersView.load(directory: dir) == nil { try Store.open(at: dir).writeOrdersView() }
        // And the start view the console opens every pane from (as the next writer or `seller repair` leaves it).
        if case .failure = StartView.load(directory: dir) {
            let store = try Store.open(at: dir)
            let t = try timed { try store.writeStartView() }
            note(String(format: "wrote %@ in %.0f ms", StartView.fileName, t))
        }
        if args.has("side-by-side") {
            for l in try sideBySide(dir, scratch: scratch) { say(l.line) }
            return .ok
        }
        var probes: [Probe] = []
        for i in 0..<repeats {
            note("open \(i + 1)/\(repeats)…")
            probes.append(try probe(dir))
        }
        func samples(_ key: String) -> [Double] { probes.map { $0[key] } }
        let first = samples("first"), full = samples("orders"), rss = probes.map { $0["hwm"] * 1024 / Double(size) }
        report(Figure(name: "open to first frame (progress bar)", samples: first, unit: "ms", target: "≤ 100 ms", ok: Figure.median(first) <= 100))
        if probes.allSatisfy({ $0.values["page"] != nil }) {
            report(Figure(name: "  started on the order list: its first screen drawn (first page)", samples: samples("page"), unit: "ms",
                          target: "no target: the list takes keys once filterable", ok: true, info: true))
        }
        if big {
            report(Figure(name: "open \(orders) orders until every order is filterable", samples: full, unit: "ms", target: "≤ 4000 ms",
                          ok: Figure.median(full) <= 4000))
        } else {
            report(Figure(name: "open until every order is filterable", samples: full, unit: "ms", target: "≤ 400 ms median",
                          ok: Figure.median(full) <= 400))
        }
        // Issue 19: the overview and every other pane, from the start.
        let startTarget = big ? 4000.0 : 400.0
        let overview = samples("overview")
        report(Figure(name: "open until the overview shows its figures", samples: overview, unit: "ms", target: "≤ \(Int(startTarget)) ms",
                      ok: Figure.median(overview) <= startTarget))
        for (_, tab) in Self.laterPanes {
            let t = samples("pane\(tab.rawValue)")
            report(Figure(name: "open until pane \(tab.rawValue) (\(tab.title(.en))) is listed and filterable", samples: t, unit: "ms",
                          target: "≤ \(Int(startTarget)) ms", ok: Figure.median(t) <= startTarget))
        }
        report(Figure(name: "  the rest of the store loaded behind it", samples: samples("loaded"), unit: "ms", target: "no target: other panes wait for it",
                      ok: true, info: true))
        if !big {
            report(Figure(name: "peak memory / store size", samples: rss, unit: "×", target: "≤ 2.5×", ok: (rss.max() ?? 99) <= 2.5))
            let idle = probes.map { $0["rss"] * 1024 / Double(size) }
            report(Figure(name: "resident memory, console open and idle / store size", samples: idle, unit: "×", target: "≤ 1.0×",
                          ok: Figure.median(idle) <= 1.0))
        } else {
            let idle = probes.map { $0["rss"] * 1024 / 1e9 }
            report(Figure(name: "resident memory, console open and idle", samples: idle, unit: "GB", target: "≤ 2 GB",
                          ok: Figure.median(idle) <= 2))
        }

        // Issue 19: side by side with VisiData, on the same orders as CSV (BenchSideBySide.swift).
        let side = try sideBySide(dir, scratch: scratch)
        for l in side { say(l.line) }

        // Filter and sort in the console's own reducer, rendering each frame.
        let store = try Store.open(at: dir, readOnly: true)
        guard let main = store.state.mainAccount else { throw CLIError.refused("the store has no main account") }
        let model = Model(state: store.state, account: main, now: Timestamp.now, lang: .zh)
        var app = App(model: model, width: 120, height: 40, storeLabel: dir, startTab: .orders)
        let queries = Self.queries(app)
        var keys: [Double] = []
        for _ in 0..<repeats {
            for q in queries {
                _ = app.update(.key(.char("/")))
                for ch in q { keys.append(timed { _ = app.update(.key(.char(ch))); _ = app.render() }) }
                _ = app.update(.key(.escape))
                _ = app.update(.key(.escape))
            }
        }
        if console.environment["SELLER_BENCH_SAMPLES"] != nil { note("filter samples: " + keys.map { String(format: "%.1f", $0) }.joined(separator: " ")) }
        let keyTarget = big ? "worst ≤ 100 ms" : "median ≤ 5 ms, worst ≤ 16 ms"
        let keyOk = big ? (keys.max() ?? 1e9) <= 100 : Figure.median(keys) <= 5 && (keys.max() ?? 1e9) <= 16
        report(Figure(name: "filter keystroke (\(queries.map { "\"\($0)\"" }.joined(separator: ", ")))", samples: keys, unit: "ms",
                      target: keyTarget, ok: keyOk))

        var sorts: [Double] = []
        for _ in 0..<repeats {
            _ = app.update(.storeChanged(model)) // drops the cached column orders: every sort below starts cold
            for _ in 0..<app.columnCount { sorts.append(timed { _ = app.update(.key(.char("s"))); _ = app.render() }) }
        }
        if !big {
            report(Figure(name: "sort by a column (each of \(app.columnCount), cold)", samples: sorts, unit: "ms", target: "≤ 100 ms",
                          ok: (sorts.max() ?? 1e9) <= 100))
        }

        if console.environment["SELLER_BENCH_SAMPLES"] != nil {
            // Not a target: how long each pane takes to build on a switch.
            var switchApp = app
            let times = ["2", "3", "4", "5", "0", "1"].map { k in
                (k, timed { _ = switchApp.update(.key(.char(Character(k)))); _ = switchApp.render() })
            }
            note("pane switches: " + times.map { "\($0.0): \(String(format: "%.0f", $0.1)) ms" }.joined(separator: ", "))
        }

        let (switches, prebuild) = switchTimes(app)
        report(Figure(name: "switch to any pane after start (worst of \(Self.laterPanes.count + 1))", samples: switches, unit: "ms",
                      target: big ? "≤ 1000 ms" : "≤ 100 ms", ok: Figure.median(switches) <= (big ? 1000 : 100)))
        report(Figure(name: "  every pane built behind the screen after the load", samples: prebuild, unit: "ms",
                      target: "no target: a switch before it ends builds its pane", ok: true, info: true))

        // Bytes to the terminal for one `j`.
        if let f = try? redrawBytes(app) { report(f) }

        // One merchant action persisted, here and at 1k orders.
        if !big {
            let copy = scratch + "/append-copy"
            try Self.copyStore(dir, to: copy)
            let here = try appendTimes(copy)
            let small = scratch + "/small"
            try makeDemo(small, orders: 1000)
            let base = try appendTimes(small)
            let ratio = Figure.median(here) / Figure.median(base)
            report(Figure(name: "append + fsync at \(orders) orders", samples: here, unit: "ms",
                          target: String(format: "median ≤ 2 ms and ≤ 1.5× the %.2f ms at 1k orders (ratio %.2f)", Figure.median(base), ratio),
                          ok: Figure.median(here) <= 2 && ratio <= 1.5))
        }

        report(try appendShownFigure(dir, scratch: scratch))
        report(try checkFigure(dir))

        if !args.has("skip-ingest"), !big { report(try ingestFigure(scratch: scratch)) }

        let missed = figures.filter { !$0.ok }.count + side.filter { !$0.ok }.count, count = figures.count + side.count
        say(missed == 0 ? "all \(count) figures meet their targets" : "\(missed) of \(count) figures miss their targets")
        return .ok
    }

    // MARK: pieces

    /// Filter queries: six characters each, one Chinese and one ASCII, taken
    /// from the data so they match something.
    static func queries(_ app: App) -> [String] {
        var out: [String] = []
        let texts = app.sampleCells(limit: 200)
        if let zh = texts.lazy.compactMap({ t -> String? in
            let c = Array(t.filter { $0.unicodeScalars.first!.value >= 0x4E00 && $0.unicodeScalars.first!.value <= 0x9FFF })
            return c.count >= 6 ? String(c.prefix(6)) : nil
        }).first { out.append(zh) } else { out.append("有限公司服务") }
        if let ascii = texts.first(where: { $0.hasPrefix("CS") && $0.count >= 6 }) { out.append(String(ascii.prefix(6)).lowercased()) } else { out.append("cs2611") }
        return out
    }

    func appendTimes(_ dir: String) throws -> [Double] {
        let store = try Store.open(at: dir)
        guard let main = store.state.mainAccount,
              let id = store.state.messages.keys.min() else { throw CLIError.refused("\(dir): no main account or no message to mark") }
        var times: [Double] = []
        for i in 0..<max(20, repeats) {
            let e = DomainEvent.messagesMarked(MessageMark(ids: [id], all: false, read: i % 2 == 0))
            times.append(try timed { _ = try store.append(e, by: .account(main.id)) })
        }
        return times
    }

    func redrawBytes(_ app0: App) throws -> Figure {
        var app = app0
        _ = app.update(.resize(width: 120, height: 40))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("seller-bench-tty-\(getpid())").path
        guard let out = fopen(path, "w+"), let input = fopen("/dev/null", "r") else { throw CLIError.refused("cannot open \(path)") }
        defer { fclose(input); unlink(path) }
        let term = try CursesTerminal(benchmarkOutput: out, input: input, width: 120, height: 40)
        var canvas = app.render()
        term.present(canvas)
        fflush(out)
        let fullFrame = Double(ftell(out))
        var samples: [Double] = [], changed: [Int] = []
        for _ in 0..<max(5, repeats) {
            let before = ftell(out)
            _ = app.update(.key(.char("j")))
            let next = app.render()
            changed.append((0..<next.height).filter { next.row($0) != canvas.row($0) }.count)
            term.present(next)
            fflush(out)
            samples.append(Double(ftell(out) - before))
            canvas = next
        }
        term.close()
        fclose(out)
        let rows = changed.max() ?? 40
        return Figure(name: "bytes to the terminal for one j (120×40; full frame \(Int(fullFrame)) B; \(rows) of 40 rows differ)",
                      samples: samples, unit: "B", target: "only changed rows, no full redraw",
                      ok: rows < 40 && (samples.max() ?? fullFrame) < fullFrame * Double(rows + 1) / 40)
    }

    /// The store's size on disk, its derived views (orders.view, start.view)
    /// left out: the memory ratios are to what the merchant's data takes, and
    /// a derived file written for speed must not make them look smaller.
    static func diskSize(_ dir: String) -> Int {
        var total = 0
        if let e = FileManager.default.enumerator(atPath: dir) {
            for case let f as String in e where !f.hasSuffix(".view") && !f.contains(".view.tmp") {
                if let a = try? FileManager.default.attributesOfItem(atPath: dir + "/" + f), a[.type] as? FileAttributeType == .typeRegular {
                    total += (a[.size] as? Int) ?? 0
                }
            }
        }
        return total
    }

    static func copyStore(_ from: String, to: String) throws {
        try FileManager.default.createDirectory(atPath: to, withIntermediateDirectories: true)
        for f in try FileManager.default.contentsOfDirectory(atPath: from) {
            try FileManager.default.copyItem(atPath: from + "/" + f, toPath: to + "/" + f)
        }
    }
}
