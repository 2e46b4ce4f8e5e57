import SellerCore

/// The very first frame of a console started on the order list: drawn from
/// the orders view's first page (OrdersView.FirstPage) — its first rows and
/// every order's count — before the whole view is read. The runtime only
/// draws it; the console built from the whole view follows at once and takes
/// the keys (typed meanwhile, they wait in the terminal), and its screen is
/// this one row for row (OrdersViewFirstPageTests).
extension App {
    /// Nil when the page holds too few of the rows `account` sees for a
    /// screen of `height` lines (the console then waits for the whole view).
    public init?(firstPage page: OrdersView.FirstPage, account: Account, now: Timestamp, lang: Lang, width: Int, height: Int,
                 storeLabel: String, badges: [String] = [], readOnly: Bool = false, bindings: KeyBindings = .defaults) {
        guard let listed = page.page(for: account, screen: height)?.listed else { return nil }
        self.init(preview: page.view, account: account, now: now, lang: lang, width: width, height: height, storeLabel: storeLabel,
                  badges: badges, readOnly: readOnly, bindings: bindings, startTab: .orders)
        pageListed = listed
    }

    /// Whether this is such a first frame (it never takes keys).
    public var isFirstPage: Bool { pageListed != nil }
}
