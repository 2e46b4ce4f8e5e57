import Foundation
import SellerCore
import SellerUI

/// `seller` with no command: the interactive console over a store.
enum ConsoleRunner {
    static let command = Command(
        name: "console", summary: "the interactive console (what `seller` with no command runs)",
        usage: """
        seller [--store DIR] [--as ACCOUNT] [--lang zh|en] [--demo] [--readonly]
               [--theme dark|light|high-contrast|monochrome] [--mouse]

        Opens the console on the store. With no store there, a welcome screen offers
        a demo store (d), a new empty store (n) or quitting (q). --demo opens a fresh
        demo store in a temporary directory, labelled DEMO. --readonly (or
        SELLER_READONLY=1) opens the store read-only: commands that change it are
        absent and an RO badge shows. --theme (or "theme" in
        ~/.config/seller-center/config.json) picks the colours; NO_COLOR turns
        them off. --mouse lets clicks select rows and tabs and the wheel scroll
        (off by default, so the terminal's own text selection keeps working).
        Keys: ? in the console lists them all.
        """,
        valued: ["store", "as", "lang", "theme"], switches: ["demo", "mouse"]
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
        var dir = console.storePath(args)
        var badges: [String] = []
        // A demo store lives in a temporary directory and goes when the console does.
        var demoDir: String?
        defer { if let demoDir { try? FileManager.default.removeItem(atPath: demoDir) } }
        if args.has("demo") {
            dir = try makeDemo()
            demoDir = dir
            badges = ["DEMO"]
        }
        var freshStore = false
        let terminal: CursesTerminal
        do { terminal = try CursesTerminal(theme: theme) } catch {
            throw CLIError.usage("\(error)")
        }
        defer { terminal.close() }
        if args.has("mouse") { terminal.enableMouse(true) }
        if !FileManager.default.fileExists(atPath: dir + "/FORMAT") {
            switch welcome(terminal, dir: dir, lang: lang) {
            case .quit: return .ok
            case .demo:
                dir = try makeDemo()
                demoDir = dir
                badges = ["DEMO"]
            case .create(let shopName):
                if readOnly { throw CLIError.refused(Session.readOnlyRefusal) }
                let store = try Store.create(at: dir)
                if store.state.mainAccount == nil {
                    try store.append(.accountAdded(Account(id: "main", name: shopName, role: .main)), by: .account("main"))
                }
                freshStore = true
            }
        }
        // The first frame appears at once; the bar moves as the snapshot loads.
        func loading(_ f: Double) {
            let (w, h) = terminal.size
            terminal.present(LoadingScreen.render(width: w, height: h, store: dir, fraction: f, lang: lang))
        }
        loading(0)
        func resolve(_ accounts: [String: Account], main: Account?) throws -> Account {
            guard let a = args.value("as").flatMap({ who in accounts[who] ?? accounts.values.first { $0.name == who } })
                    ?? (args.value("as") == nil ? main : nil) else {
                throw CLIError.refused(args.value("as").map { "--as \($0): no such account" } ?? "the store at \(dir) has no main account; run `seller init`")
            }
            return a
        }
        let (w, h) = terminal.size
        var app: App
        var store: Store?
        let account: Account
        // A current orders view lists the orders at once while the rest loads
        // on another thread; without one, load first (with a progress bar).
        let view = OrdersView.load(directory: dir)
        var background: BackgroundOpen?
        if let view {
            let accounts = Dictionary(view.accounts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            account = try resolve(accounts, main: view.mainAccountId.flatMap { accounts[$0] })
            app = ConsoleStart.preview(view, account: account, now: now(), lang: lang, size: (w, h),
                                       storeLabel: dir, badges: badges, readOnly: readOnly, bindings: config.bindings)
            background = BackgroundOpen(directory: dir, readOnly: readOnly)
            terminal.tick = 50 // the bar moves and the state arrives without waiting for a key
        } else {
            let opened = try Store.open(at: dir, readOnly: readOnly, progress: loading)
            account = try resolve(opened.state.accounts, main: opened.state.mainAccount)
            app = App(model: Model(state: opened.state, account: account, now: now(), lang: lang), width: w, height: h,
                      storeLabel: dir, badges: badges, readOnly: readOnly, bindings: config.bindings)
            for warning in opened.warnings { _ = app.update(.notice(warning, isError: true)) }
            // So that the next start lists the orders at once.
            try? opened.writeOrdersView()
            store = opened
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
        if let d = savedDraft, store != nil { _ = app.update(.draftFound(d)) }
        // Until the state arrives the draft has not been offered back: leave
        // the file alone rather than "save" the empty form over it.
        defer { if app.loading == nil, app.draft != savedDraft { drafts?.save(app.draft) } }
        while true {
            if let b = background {
                switch b.outcome {
                case nil:
                    _ = app.update(.loadProgress(b.fraction))
                case .failure(let error)?:
                    throw error
                case .success(let opened)?:
                    background = nil
                    terminal.tick = 250
                    store = opened
                    _ = app.update(ConsoleStart.loaded(opened.state, directory: dir, view: view, account: account, now: now(), lang: lang))
                    for warning in opened.warnings { _ = app.update(.notice(warning, isError: true)) }
                    if let d = savedDraft { _ = app.update(.draftFound(d)) }
                }
            }
            // Whatever is being typed is on disk before the next key: a crash or
            // a closed terminal loses nothing.
            if let drafts, app.loading == nil, app.draft != savedDraft {
                drafts.save(app.draft)
                savedDraft = app.draft
            }
            terminal.present(app.render())
            if terminal.stopRequested { return Exit.after(signal: stopSignal) }
            guard let key = terminal.nextKey() else {
                if terminal.stopRequested { return Exit.after(signal: stopSignal) }
                // Idle: pick up other consoles' actions, keep the clock right.
                _ = app.update(.tick(now()))
                if let store, (try? store.poll())?.isEmpty == false {
                    _ = app.update(.storeChanged(Model(state: store.state, account: store.state.accounts[account.id] ?? account, now: now(), lang: lang)))
                }
                continue
            }
            if key == .resize {
                let size = terminal.size
                _ = app.update(.resize(width: size.width, height: size.height))
            }
            for effect in app.update(.key(key)) {
                switch effect {
                case .quit: return key == .ctrl("c") ? .interrupted : .ok
                case .suspend: terminal.suspend()
                case .redraw: terminal.repaintAll()
                case .reload:
                    guard let store else { break }
                    do { try store.refresh() } catch { _ = app.update(.notice("\(error)", isError: true)) }
                    _ = app.update(.storeChanged(Model(state: store.state, account: account, now: now(), lang: lang)))
                    _ = app.update(.notice(lang.t("console.reloaded"), isError: false))
                case .export(let typed, let headers, let rows):
                    // `~/x.csv` means the home directory, as in a shell.
                    let path = expandingTilde(typed, home: env["HOME"])
                    let error = export(path, headers: headers, rows: rows, lang: lang) { done in
                        _ = app.update(.notice(lang.t("console.exporting_rows", done, rows.count), isError: false))
                        terminal.present(app.render())
                    }
                    _ = app.update(.effectFinished(.export(path: path, headers: headers, rows: rows), error: error))
                default:
                    guard let store else { break }
                    let error = perform(effect, store: store, account: account)
                    _ = app.update(.storeChanged(Model(state: store.state, account: account, now: now(), lang: lang)))
                    _ = app.update(.effectFinished(effect, error: error))
                }
            }
        }
    }

    static func expandingTilde(_ path: String, home: String?) -> String {
        guard let home, !home.isEmpty, path == "~" || path.hasPrefix("~/") else { return path }
        return home + path.dropFirst()
    }

    static func now() -> Timestamp { Timestamp(seconds: Int64(Date().timeIntervalSince1970)) }

    /// Runs a store effect; returns the error to show, if any. Files are read
    /// and the action checked before anything is copied into the store.
    static func perform(_ effect: Effect, store: Store, account: Account) -> String? {
        do {
            let actor = Actor.account(account.id)
            switch effect {
            case .step(let orderId, let event, var fields, let documents):
                let files = try documents.map { try Store.prepareAttachment(path: $0) }
                if !files.isEmpty { fields.documents = (fields.documents ?? []) + files.map(\.ref) }
                let step = DomainEvent.supervision(SupervisionStep(orderId: orderId, event: event, fields: fields))
                try check(step, store: store, actor: actor)
                for f in files { try store.store(f) }
                try store.append(step, by: actor)
            case .fileAppeal(let orderId, let reason, let evidence):
                let files = try evidence.map { try Store.prepareAttachment(path: $0) }
                let appeal = DomainEvent.appealFiled(AppealFiling(appealId: "AP-" + UUID().uuidString.prefix(8).lowercased(),
                                                                  orderId: orderId, reason: reason, evidence: files.map(\.ref)))
                try check(appeal, store: store, actor: actor)
                for f in files { try store.store(f) }
                try store.append(appeal, by: actor)
            case .markMessages(let mark):
                try store.append(.messagesMarked(mark), by: actor)
            case .issueInvoice(let id, let number):
                try store.append(.invoiceIssued(InvoiceIssue(requestId: id, number: number)), by: actor)
            case .ticket(let step):
                try store.append(.ticket(step), by: actor)
            case .receiver(let change):
                try store.append(change.event, by: actor)
            case .reload, .redraw, .suspend, .quit, .export:
                break
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Writes the view as CSV (UTF-8 with a BOM, so Excel reads the Chinese)
    /// in chunks, reporting progress; an existing file is never overwritten.
    static func export(_ path: String, headers: [String], rows: [[String]], lang: Lang, progress: (Int) -> Void) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            return errno == EEXIST ? lang.t("console.export_exists", path) : lang.t("console.export_cannot_create", path, String(cString: strerror(errno)))
        }
        var complete = false
        // A half-written export is removed rather than left looking whole.
        defer { close(fd); if !complete { unlink(path) } }
        func write(_ s: String) -> Bool {
            let bytes = Array(s.utf8)
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
                if n < 0 { if errno == EINTR { continue }; return false }
                done += n
            }
            return true
        }
        guard write("\u{FEFF}" + CSV.line(headers)) else { return lang.t("console.export_write_failed", path, String(cString: strerror(errno))) }
        let chunk = 5000
        for start in stride(from: 0, to: rows.count, by: chunk) {
            let part = rows[start..<min(rows.count, start + chunk)].map(CSV.line).joined()
            guard write(part) else { return lang.t("console.export_write_failed", path, String(cString: strerror(errno))) }
            if rows.count > chunk { progress(min(rows.count, start + chunk)) }
        }
        complete = true
        return nil
    }

    static func check(_ event: DomainEvent, store: Store, actor: Actor) throws {
        do throws(DomainError) { _ = try store.state.applying(EventEnvelope(id: "check", at: now(), actor: actor, event: event)) } catch {
            throw StoreError.refused(error)
        }
    }

    static func makeDemo() throws -> String {
        let dir = NSTemporaryDirectory() + "seller-demo-\(getpid())-\(Int(Date().timeIntervalSince1970))"
        let store = try Store.create(at: dir)
        _ = try FeedIngest.run(DemoFeed(.init()), into: store, replay: true)
        return dir
    }

    enum Choice { case demo, create(shopName: String), quit }

    static func welcome(_ t: CursesTerminal, dir: String, lang: Lang) -> Choice {
        while true {
            let (w, h) = t.size
            var c = Canvas(width: w, height: h)
            let lines = [
                lang.t("console.welcome_title"),
                "",
                lang.t("console.there_is_no_store_here_yet"),
                "  " + Sanitizer.line(dir),
                "",
                lang.t("console.d_explore_a_demo_store_temporary_labelle"),
                lang.t("console.n_create_an_empty_store_at_this_path"),
                lang.t("console.q_quit"),
            ]
            for (i, line) in lines.enumerated() {
                c.put(line, x: max(0, (w - 56) / 2), y: max(0, (h - lines.count) / 2) + i, style: Style(i == 0 ? .title : .normal, bold: i == 0))
            }
            t.present(c)
            if t.stopRequested { return .quit }
            switch t.nextKey() {
            case .char("d")?: return .demo
            case .char("n")?:
                if let name = askShopName(t, lang: lang) { return .create(shopName: name) }
            case .char("q")?, .ctrl("c")?, .escape?: return .quit
            default: continue
            }
        }
    }
}

extension ConsoleRunner {
    /// The new store's shop name (its main account), typed on the welcome
    /// screen; nil when Esc goes back.
    static func askShopName(_ t: CursesTerminal, lang: Lang) -> String? {
        var field = TextField(lang.t("console.my_shop"), maxLength: 100)
        var problem: String?
        while true {
            let (w, h) = t.size
            var c = Canvas(width: w, height: h)
            let x = max(0, (w - 56) / 2), y = max(0, h / 2 - 3)
            c.put(lang.t("console.shop_name_prompt"), x: x, y: y, style: Style(.title, bold: true), maxWidth: w - x)
            c.put("> " + Sanitizer.line(field.value), x: x, y: y + 2, maxWidth: w - x)
            c.cursor = (min(w - 1, x + 2 + field.cursorLine.column), y + 2)
            if let problem { c.put(problem, x: x, y: y + 4, style: Style(.error, bold: true), maxWidth: w - x) }
            c.put(lang.t("console.shop_name_keys"), x: x, y: y + 6, style: Style(.muted), maxWidth: w - x)
            t.present(c)
            if t.stopRequested { return nil }
            guard let key = t.nextKey() else { continue }
            switch field.handle(key) {
            case .submit:
                let name = field.value.trimmingCharacters(in: .whitespaces)
                if name.isEmpty { problem = lang.t("console.shop_name_required"); continue }
                return name
            case .cancel: return nil
            default: if key == .ctrl("c") { return nil }
            }
        }
    }
}

/// Opens the store on another thread while the console shows the orders view.
/// The store is handed over once, whole, when the thread is done with it.
final class BackgroundOpen: @unchecked Sendable {
    private let lock = NSLock()
    private var _fraction = 0.0
    private var _outcome: Result<Store, Error>?

    init(directory: String, readOnly: Bool) {
        let thread = Thread { [self] in
            let result: Result<Store, Error>
            do {
                result = .success(try Store.open(at: directory, readOnly: readOnly) { f in
                    self.lock.withLock { self._fraction = f }
                })
            } catch { result = .failure(error) }
            lock.withLock { _outcome = result }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    var fraction: Double { lock.withLock { _fraction } }
    var outcome: Result<Store, Error>? { lock.withLock { _outcome } }
}
