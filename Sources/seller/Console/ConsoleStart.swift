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
    static func previewing(_ start: StartView, view: OrdersView?, account: Account, now: Timestamp, lang: Lang) -> Msg {
        let s = start.stamp
        let same = view.map { $0.stamp.journalBytes == s.journalBytes && $0.stamp.lastLineCRC == (s.journalBytes == 0 ? s.snapshotHeaderCRC : s.lastLineCRC) } ?? false
        return .preview(Model(state: start.state, account: start.state.accounts[account.id] ?? account, now: now, lang: lang), rowsCurrent: same)
    }

    /// The message that hands the loaded store to the console. The order list
    /// from the view is kept when the store still ends where the view was made.
    static func loaded(_ state: SellerState, directory: String, view: OrdersView?, account: Account, now: Timestamp, lang: Lang) -> Msg {
        .loaded(Model(state: state, account: state.accounts[account.id] ?? account, now: now, lang: lang),
                rowsCurrent: OrdersView.currentStamp(directory: directory) == view?.stamp)
    }
}
