import Foundation
import SellerCore
import SellerUI

/// `seller` with no command: the interactive console over a store.
enum ConsoleRunner {
    static let command = Command(
        name: "console", summary: "the interactive console (what `seller` with no command runs)",
        usage: """
        seller [--store DIR] [--as ACCOUNT] [--lang zh|en] [--demo] [--readonly]
               [--theme dark|light|high-contrast|monochrome] [--mouse] [--pane P]

        Opens the console on the store. With no store there, a welcome screen offers
        a demo store (d), a new empty store (n) or quitting (q). --demo opens a fresh
        demo store in a temporary directory, labelled DEMO. --readonly (or
        SELLER_READONLY=1) opens the store read-only: commands that change it are
        absent and an RO badge shows. --theme (or "theme" in
        ~/.config/seller-center/config.json) picks the colours; NO_COLOR turns
        them off. --mouse lets clicks select rows and tabs and the wheel scroll
        (off by default, so the terminal's own text selection keeps working).
        --pane opens on another pane than the overview: its digit or its name
        (\(Tab.allCases.map(\.description).joined(separator: ", "))).
        Keys: ? in the console lists them all.
        """,
        valued: ["store", "as", "lang", "theme", "pane"], switches: ["demo", "mouse"]
    ) { args, console in
        try run(args, console)
    }

    static func run(_ args: Arguments, _ console: Console) throws -> Exit {
        let env = console.environment
        let lang = try Parse.enumValue("lang", args.value("lang"), Lang.self) ?? Lang.from(environment: env)
        let readOnly = args.readOnly(env)
        let config = UserConfig(environment: env)
        let themeName = args.value("theme") ?? config.theme ?? "dark"
        guard var theme = Theme.named(themeName) else {
            throw CLIError.usage("--theme \(themeName): no such theme (\(Theme.all.map(\.name).joined(separator: ", ")))"
                                 + (args.value("theme") == nil ? " — set in \(config.directory)/config.json" : ""))
        }
        // NO_COLOR (https://no-color.org): any non-empty value turns colour off.
        if !(env["NO_COLOR"] ?? "").isEmpty { theme = .monochrome }
        let startTab = try args.value("pane").map(pane) ?? .dashboard
        var dir = console.storePath(args)
        var badges: [String] = []
        // A demo store lives in a temporary directory and goes when the console does.
        var demoDir: String?
        defer { if let demoDir { try? FileManager.default.removeItem(atPath: demoDir) } }
        if args.has("demo") {
            dir = try DemoStore.make()
            demoDir = dir
            badges = ["DEMO"]
        }
        var freshStore = false
        // Nothing may print over the curses screen: the worker says it on the status line.
        Store.lockWaitNotice = { _ in }
        // Writes still waiting for another process's lock when the console
        // quits were not made: said once the screen is restored, not lost silently.
        var unmadeWrites = 0
        defer { if unmadeWrites > 0 { console.err(lang.t("console.writes_not_made", unmadeWrites)) } }
        let terminal: CursesTerminal
        do { terminal = try CursesTerminal(theme: theme) } catch {
            throw CLIError.usage("\(error)")
        }
        defer { terminal.close() }
        if args.has("mouse") { terminal.enableMouse(true) }
        if !FileManager.default.fileExists(atPath: dir + "/FORMAT") {
            switch Welcome.run(terminal, dir: dir, lang: lang, bindings: config.bindings) {
            case .quit: return .ok
            case .demo:
                dir = try DemoStore.make()
                demoDir = dir
                badges = ["DEMO"]
            case .create(let shopName):
                if readOnly { throw CLIError.refused(Session.readOnlyRefusal) }
                let store = try Store.create(at: dir)
                if store.state.mainAccount == nil {
                    let add = WriteRequest.event(.accountAdded(Account(id: "main", name: shopName, role: .main)))
                    if case .failure(let refusal) = WriteService(store, actor: .account("main")).perform(add) { throw refusal.storeError }
                }
                freshStore = true
            }
        }
        // The first frame appears at once; the bar moves as the snapshot loads.
        func loading(_ f: Double) {
            let (w, h) = terminal.size
            terminal.present(LoadingScreen.render(width: w, height: h, store: dir, fraction: f, lang: lang, unicode: terminal.localeIsUTF8))
        }
        loading(0)
        func resolve(_ accounts: [String: Account], main: Account?) throws -> Account {
            try Session.resolveAccount(args.value("as"), accounts: accounts, main: main, dir: dir)
        }
        let (w, h) = terminal.size
        // Started on the order list: its first screen from the orders view's
        // first page, drawn before the whole view is read (App+FirstPage).
        if startTab == .orders, let page = OrdersView.firstPage(directory: dir),
           let who = try? resolve(Dictionary(page.accounts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
                                  main: page.accounts.first { $0.id == page.mainAccountId }),
           var first = App(firstPage: page, account: who, now: now(), lang: lang, width: w, height: h, storeLabel: dir,
                           badges: badges, readOnly: readOnly, bindings: config.bindings) {
            first.unicode = terminal.localeIsUTF8
            terminal.present(first.render())
        }
        var app: App
        var worker: StoreWorker?
        let account: Account
        // A current orders view lists the orders at once while the rest loads
        // on another thread (ConsoleStartup, which the bench's probe drives
        // too); without one, load first (with a progress bar).
        var startup: ConsoleStartup?
        if let (preview, opening) = try ConsoleStartup.begin(directory: dir, readOnly: readOnly, lang: lang, now: now(), size: (w, h),
                                                             storeLabel: dir, badges: badges, bindings: config.bindings, startTab: startTab,
                                                             resolve: resolve) {
            app = preview
            account = opening.account
            startup = opening
            terminal.tick = ConsoleStartup.tick
        } else {
            let opened = try BackgroundOpen.open(at: dir, readOnly: readOnly, progress: loading)
            account = try resolve(opened.state.accounts, main: opened.state.mainAccount)
            app = App(model: Model(state: opened.state, account: account, now: now(), lang: lang), width: w, height: h,
                      storeLabel: dir, badges: badges, readOnly: readOnly, bindings: config.bindings, startTab: startTab)
            for warning in opened.warnings { _ = app.update(.notice(warning, isError: true)) }
            // So that the next start lists the orders at once.
            try? opened.writeOrdersView()
            worker = StoreWorker(store: opened, actor: .account(account.id))
        }
        app.unicode = terminal.localeIsUTF8
        app.fileExists = { FileManager.default.fileExists(atPath: $0) }
        app.inspectFile = FileInspection.inspect
        if freshStore { _ = app.update(.notice(lang.t("console.empty_store_hint", dir), isError: false)) }
        if let first = config.problems.first {
            _ = app.update(.notice(config.problems.count == 1 ? first : lang.t("console.more_config_problems", first, config.problems.count - 1), isError: true))
        }
        // Read-only consoles neither offer nor touch drafts (they cannot file them).
        let drafts: DraftFile? = readOnly ? nil : DraftFile(store: dir, account: account.id)
        var savedDraft = drafts?.adoptOrphan()
        if let d = savedDraft, worker != nil { _ = app.update(.draftFound(d)) }
        // Until the state arrives the draft has not been offered back: leave
        // the file alone rather than "save" the empty form over it.
        defer { if app.loading == nil, app.draft != savedDraft { drafts?.save(app.draft) } }
        var trim = IdleTrim()
        while true {
            if let s = startup, let opened = try s.step(&app, now: now()) {
                startup = nil
                terminal.tick = 250
                worker = StoreWorker(store: opened, actor: .account(account.id))
                if s.wantsStartView { worker?.submit(.writeStartView) }
                if s.wantsOrdersView { worker?.submit(.writeOrdersView) }
                if let d = savedDraft { _ = app.update(.draftFound(d)) }
            }
            if let worker, take(worker, into: &app, account: account, lang: lang) { trim.activity() }
            // Whatever is being typed is on disk before the next key: a crash or
            // a closed terminal loses nothing.
            if let drafts, app.loading == nil, app.draft != savedDraft {
                drafts.save(app.draft)
                savedDraft = app.draft
            }
            terminal.present(app.render())
            if terminal.stopRequested { unmadeWrites = worker?.abandonWrites() ?? 0; return Exit.after(signal: stopSignal) }
            guard let key = terminal.nextKey() else {
                if terminal.stopRequested { unmadeWrites = worker?.abandonWrites() ?? 0; return Exit.after(signal: stopSignal) }
                // Idle: pick up other consoles' actions (on the worker, never
                // blocking the keys), keep the clock right, say what waits.
                _ = app.update(.tick(now()))
                if startup == nil, worker?.isIdle != false { trim.quiet() }
                if let worker {
                    if worker.isIdle { worker.submit(.poll) }
                    if let holders = worker.waitingForLock, worker.pendingWrites > 0 { _ = app.update(.waitingForLock(holders: holders)) }
                }
                continue
            }
            trim.activity()
            if key == .resize {
                let size = terminal.size
                _ = app.update(.resize(width: size.width, height: size.height))
            }
            for effect in app.update(.key(key)) {
                switch effect {
                case .quit:
                    unmadeWrites = worker?.abandonWrites() ?? 0
                    return key == .ctrl("c") ? .interrupted : .ok
                case .suspend: terminal.suspend()
                case .redraw: terminal.repaintAll()
                case .reload:
                    guard let worker else { break }
                    worker.submit(.reload)
                    settle(worker, into: &app, account: account, lang: lang)
                case .export(let typed, let headers, let rows):
                    // `~/x.csv` means the home directory, as in a shell.
                    let path = expandingTilde(typed, home: env["HOME"])
                    let error = export(path, headers: headers, rows: rows, lang: lang) { done in
                        _ = app.update(.notice(ProgressBar.text(Double(done) / Double(max(1, rows.count)), width: 20, unicode: app.unicode)
                                               + " " + lang.t("console.exporting_rows", done, rows.count), isError: false))
                        terminal.present(app.render())
                    }
                    _ = app.update(.effectFinished(.export(path: path, headers: headers, rows: rows), error: error))
                default:
                    guard let worker, let request = effect.writeRequest else { break }
                    if worker.pendingWrites > 0 { _ = app.update(.notice(lang.t("console.write_queued"), isError: false)) }
                    worker.submit(.write(effect, request))
                    settle(worker, into: &app, account: account, lang: lang)
                }
            }
        }
    }

    /// `--pane`: a pane by its digit or its name (`orders`).
    static func pane(_ given: String) throws -> Tab {
        guard let tab = Tab.allCases.first(where: { $0.description == given || String($0.rawValue) == given }) else {
            throw CLIError.usage("--pane \(given): no such pane (\(Tab.allCases.map { "\($0.rawValue) \($0.description)" }.joined(separator: ", ")))")
        }
        return tab
    }

    /// Most writes take milliseconds: wait that long, so the next key sees
    /// the outcome as it always has. One still waiting (another process
    /// holds the lock) goes on in the background and the keys are read.
    static func settle(_ worker: StoreWorker, into app: inout App, account: Account, lang: Lang) {
        _ = worker.waitUntilIdle(seconds: 0.8)
        take(worker, into: &app, account: account, lang: lang)
    }

    /// The worker's outcomes, told to the app in order; then the panes not
    /// yet built for the state shown go to the worker's builder thread.
    /// True when something arrived that changed the app (the idle trim then owes a trim).
    @discardableResult
    static func take(_ worker: StoreWorker, into app: inout App, account: Account, lang: Lang) -> Bool {
        var outcomes = worker.take()
        defer { if let job = app.prebuild { worker.prebuild(job) } }
        guard !outcomes.isEmpty else { return false }
        let changed = outcomes.contains { if case .polled(nil, _) = $0 { false } else { true } }
        // The state replaced goes back to the store, which folds the next change into it
        // in place (Store.takeBack), so nothing but it may keep it: the outcomes go first.
        // It and the panes dropped are freed on the worker (at 1M orders 结算's rows alone
        // take ~10 ms), not on the keys' thread.
        var previous: SellerState? = app.model.state
        take(outcomes, into: &app, account: account, lang: lang)
        outcomes = []
        // Still shown (only a background build arrived): the store must not take it.
        if previous?.appliedEvents == app.model.state.appliedEvents { previous = nil }
        worker.submit(.release(Handback(&previous, panes: app.takeDiscarded())))
        return changed
    }

    static func take(_ outcomes: [StoreWorker.Outcome], into app: inout App, account: Account, lang: Lang) {
        for outcome in outcomes {
            switch outcome {
            case .wrote(let effect, let refusal, let state, let warnings, let waitedFor):
                // "Waiting for the lock" is over: the outcome (or nothing) replaces it.
                _ = app.update(.lockWaitEnded(holders: waitedFor ?? []))
                _ = app.update(.storeChanged(Model(state: state, account: account, now: now(), lang: lang)))
                _ = app.update(.writeFinished(effect, refusal: refusal))
                for w in warnings { _ = app.update(.notice(w, isError: true)) }
            case .polled(let state?, let touched):
                _ = app.update(.storeChanged(Model(state: state, account: state.accounts[account.id] ?? account, now: now(), lang: lang),
                                             touched: touched))
            case .polled(nil, _):
                break
            case .pollFailed(let state, let error, let tell):
                if let state { _ = app.update(.storeChanged(Model(state: state, account: state.accounts[account.id] ?? account, now: now(), lang: lang))) }
                if tell { _ = app.update(.notice(RefusalText.text(error, lang, state: state ?? app.model.state), isError: true)) }
            case .prebuilt(let result):
                _ = app.update(.prebuilt(result))
            case .reloaded(let state, let error):
                _ = app.update(.storeChanged(Model(state: state, account: account, now: now(), lang: lang)))
                _ = app.update(.notice(error.map { RefusalText.text($0, lang, state: state) } ?? lang.t("console.reloaded"), isError: error != nil))
            }
        }
    }

    static func expandingTilde(_ path: String, home: String?) -> String {
        guard let home, !home.isEmpty, path == "~" || path.hasPrefix("~/") else { return path }
        return home + path.dropFirst()
    }

    static func now() -> Timestamp { .now }

    /// Writes the view as CSV through the core's one export writer (an
    /// existing file is never overwritten), reporting progress; returns the
    /// error to show, if any, in the console's language.
    static func export(_ path: String, headers: [String], rows: [[String]], lang: Lang, progress: (Int) -> Void) -> String? {
        do throws(ExportFileError) {
            try ExportFile.writeCSV(to: path, headers: headers, rows: rows, progress: progress)
            return nil
        } catch {
            switch error {
            case .exists(let p): return lang.t("console.export_exists", p)
            case .cannotCreate(let p, let e): return lang.t("console.export_cannot_create", p, RefusalText.errnoName(e, lang))
            case .writeFailed(let p, let e): return lang.t("console.export_write_failed", p, RefusalText.errnoName(e, lang))
            }
        }
    }
}
