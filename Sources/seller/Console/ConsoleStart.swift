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

    /// The message that hands the loaded store to the console. The order list
    /// from the view is kept when the store still ends where the view was made.
    static func loaded(_ state: SellerState, directory: String, view: OrdersView?, account: Account, now: Timestamp, lang: Lang) -> Msg {
        .loaded(Model(state: state, account: state.accounts[account.id] ?? account, now: now, lang: lang),
                rowsCurrent: OrdersView.currentStamp(directory: directory) == view?.stamp)
    }
}

/// The console's start-up, whole: the orders view read, the preview console
/// made from it, the store opened on another thread with its progress shown,
/// then the loaded state and the open's warnings handed over. The console's
/// run loop and `seller bench --probe-open` both drive this one type, one
/// `step` per turn of their loop, so the bench times the start that ships.
final class ConsoleStartup {
    /// How long (ms) a turn of the loop waits for a key while the store loads:
    /// the bar moves and the state arrives without waiting for a key.
    static let tick: Int32 = 50

    let directory: String
    let view: OrdersView
    let account: Account
    let lang: Lang
    private var background: BackgroundOpen?

    private init(directory: String, view: OrdersView, account: Account, lang: Lang, readOnly: Bool) {
        self.directory = directory
        self.view = view
        self.account = account
        self.lang = lang
        background = BackgroundOpen(directory: directory, readOnly: readOnly)
    }

    /// The preview console and the open behind it; nil when the store has no
    /// current orders view (the console then opens it first, with a progress bar).
    /// `resolve` picks the account from the view's accounts and its main account.
    static func begin(directory: String, readOnly: Bool, lang: Lang, now: Timestamp, size: (width: Int, height: Int), storeLabel: String,
                      badges: [String] = [], bindings: KeyBindings = .defaults, startTab: Tab = .dashboard,
                      resolve: ([String: Account], Account?) throws -> Account) throws -> (app: App, startup: ConsoleStartup)? {
        guard let view = OrdersView.load(directory: directory) else { return nil }
        let accounts = Dictionary(view.accounts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let account = try resolve(accounts, view.mainAccountId.flatMap { accounts[$0] })
        let app = ConsoleStart.preview(view, account: account, now: now, lang: lang, size: size, storeLabel: storeLabel,
                                       badges: badges, readOnly: readOnly, bindings: bindings, startTab: startTab)
        return (app, ConsoleStartup(directory: directory, view: view, account: account, lang: lang, readOnly: readOnly))
    }

    /// One turn: the load's progress to the app, or — once the open is done —
    /// the store, its state and warnings already told to the app (nil while
    /// it still loads, and after the hand-over). Throws the open's error.
    func step(_ app: inout App, now: Timestamp) throws -> Store? {
        guard let b = background else { return nil }
        switch b.outcome {
        case nil:
            _ = app.update(.loadProgress(b.fraction))
            return nil
        case .failure(let error)?:
            background = nil
            throw error
        case .success(let opened)?:
            background = nil
            _ = app.update(ConsoleStart.loaded(opened.state, directory: directory, view: view, account: account, now: now, lang: lang))
            for warning in opened.warnings { _ = app.update(.notice(warning, isError: true)) }
            return opened
        }
    }
}
