import Foundation
import SellerCore
import SellerUI

/// How the console opens on a store with a current orders view: the order
/// list at once from the view, then the full state handed over when it has
/// loaded. `seller bench` measures this same path (its probe), so its
/// figures are the console's, not a copy's.
enum ConsoleStart {
    /// The console on the orders view, before the rest of the store has loaded.
    static func preview(_ view: OrdersView, account: Account, now: Timestamp, lang: Lang, size: (width: Int, height: Int), storeLabel: String,
                        badges: [String] = [], readOnly: Bool = false, bindings: KeyBindings = .defaults, startTab: Tab = .dashboard) -> App {
        App(preview: view, account: account, now: now, lang: lang, width: size.width, height: size.height, storeLabel: storeLabel,
            badges: badges, readOnly: readOnly, bindings: bindings, startTab: startTab)
    }

    /// The console on the start view's partial state: every pane and the
    /// overview at once, actions and details once the full state is in.
    static func preview(_ start: StartView, account: Account, now: Timestamp, lang: Lang, size: (width: Int, height: Int), storeLabel: String,
                        badges: [String] = [], readOnly: Bool = false, bindings: KeyBindings = .defaults, startTab: Tab = .dashboard) -> App {
        App(preview: Model(state: start.state, account: start.state.accounts[account.id] ?? account, now: now, lang: lang),
            width: size.width, height: size.height, storeLabel: storeLabel, badges: badges, readOnly: readOnly, bindings: bindings, startTab: startTab)
    }

    /// The message that hands the start view's partial state to a console on
    /// the orders view. Its order list is kept when both views were made at
    /// the same end of the store (the same stamp: journal length and last
    /// line, or the snapshot's header when the journal is empty).
    static func previewing(_ start: StartView, view: OrdersView.Stamp?, account: Account, now: Timestamp, lang: Lang) -> Msg {
        let s = start.stamp
        let same = view.map { $0.journalBytes == s.journalBytes && $0.lastLineCRC == (s.journalBytes == 0 ? s.snapshotHeaderCRC : s.lastLineCRC) } ?? false
        return .preview(Model(state: start.state, account: start.state.accounts[account.id] ?? account, now: now, lang: lang), rowsCurrent: same)
    }

    /// The message that hands the loaded store to the console. The order list
    /// from the view is kept when the store still ends where the view was made.
    static func loaded(_ state: SellerState, directory: String, view: OrdersView.Stamp?, account: Account, now: Timestamp, lang: Lang) -> Msg {
        .loaded(Model(state: state, account: state.accounts[account.id] ?? account, now: now, lang: lang),
                rowsCurrent: view != nil && OrdersView.currentStamp(directory: directory) == view)
    }
}

/// The console's start-up, whole: the orders view read, the preview console
/// made from it, then on another thread the start view (every pane and the
/// overview from a partial state) and the whole store, each handed over as it
/// arrives with the open's progress and warnings. Without an orders view a
/// start view with a short tail is the preview itself. (Reading the start
/// view first brought the overview ~200 ms sooner at 100k but the order list
/// ~700 ms later — its rows built from the partial state cost ~325 ms where
/// the orders view has them ready —, so the orders view stays first; reading
/// both at once, one per core, made both later: ~250 ms and ~800 ms.) The console's run loop and
/// `seller bench --probe-open` both drive this one type, one `step` per turn
/// of their loop, so the bench times the start that ships.
final class ConsoleStartup {
    /// How long (ms) a turn of the loop waits for a key while the store loads:
    /// the bar moves and the state arrives without waiting for a key. The
    /// start view's state waits for the next turn — half a tick on average —
    /// so the tick is short (a turn draws one frame: about a millisecond).
    static let tick: Int32 = 25

    let directory: String
    /// The orders view's stamp only (its rows are the preview's by now): is
    /// the state handed over later the one its order list was made from?
    let view: OrdersView.Stamp?
    let account: Account
    let lang: Lang
    private var background: BackgroundOpen?
    /// Set with the hand-over: the start view was missing or unusable, and the next console wants one.
    private(set) var wantsStartView = false
    /// The orders view was not usable at the start (missing, stale, damaged,
    /// an older version): the next console wants one, and no writer may close
    /// before it (a console that only reads never would).
    var wantsOrdersView: Bool { view == nil }

    private init(directory: String, view: OrdersView.Stamp?, account: Account, lang: Lang, readOnly: Bool, startView: Bool) {
        self.directory = directory
        self.view = view
        self.account = account
        self.lang = lang
        background = BackgroundOpen(directory: directory, readOnly: readOnly, startView: startView)
    }

    /// The preview console and the open behind it; nil when the store has
    /// neither a current orders view nor a start view with a short tail (the
    /// console then opens it first, with a progress bar). `resolve` picks the account
    /// from the view's accounts and its main account.
    static func begin(directory: String, readOnly: Bool, lang: Lang, now: Timestamp, size: (width: Int, height: Int), storeLabel: String,
                      badges: [String] = [], bindings: KeyBindings = .defaults, startTab: Tab = .dashboard,
                      resolve: ([String: Account], Account?) throws -> Account) throws -> (app: App, startup: ConsoleStartup)? {
        MemoryTrim.configure() // before any loading: also for BackgroundOpen when this finds no view
        if let view = OrdersView.load(directory: directory) {
            // The orders first (smaller, faster); the start view is read next, behind.
            let accounts = Dictionary(view.accounts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let account = try resolve(accounts, view.mainAccountId.flatMap { accounts[$0] })
            let app = ConsoleStart.preview(view, account: account, now: now, lang: lang, size: size, storeLabel: storeLabel,
                                           badges: badges, readOnly: readOnly, bindings: bindings, startTab: startTab)
            return (app, ConsoleStartup(directory: directory, view: view.stamp, account: account, lang: lang, readOnly: readOnly, startView: true))
        }
        // Without an orders view, a start view with a short tail to fold is
        // read here on the keys' thread, after the loading frame: it is the
        // preview itself (every pane and the overview).
        if StartView.usableAtOnce(directory: directory, foldLimit: keysFoldLimit),
           let start = try? StartView.load(directory: directory, foldLimit: keysFoldLimit).get() {
            let account = try resolve(start.state.accounts, start.state.mainAccount)
            let app = ConsoleStart.preview(start, account: account, now: now, lang: lang, size: size, storeLabel: storeLabel,
                                           badges: badges, readOnly: readOnly, bindings: bindings, startTab: startTab)
            return (app, ConsoleStartup(directory: directory, view: nil, account: account, lang: lang, readOnly: readOnly, startView: false))
        }
        return nil
    }

    /// The most journal the keys' thread folds onto a start view before the first frame.
    static let keysFoldLimit: Int64 = 2 << 20

    /// One turn: the start view's partial state when it has been read, the
    /// load's progress, or — once the open is done — the store, its state and
    /// warnings already told to the app (nil while it still loads, and after
    /// the hand-over). Throws the open's error.
    func step(_ app: inout App, now: Timestamp) throws -> Store? {
        guard let b = background else { return nil }
        if let start = b.takeStartView() {
            _ = app.update(ConsoleStart.previewing(start, view: view, account: account, now: now, lang: lang))
        }
        switch b.outcome {
        case nil:
            _ = app.update(.loadProgress(b.fraction))
            return nil
        case .failure(let error)?:
            background = nil
            throw error
        case .success(let opened)?:
            wantsStartView = b.wantsStartView
            background = nil
            _ = app.update(ConsoleStart.loaded(opened.state, directory: directory, view: view, account: account, now: now, lang: lang))
            for warning in opened.warnings { _ = app.update(.notice(warning, isError: true)) }
            return opened
        }
    }
}
