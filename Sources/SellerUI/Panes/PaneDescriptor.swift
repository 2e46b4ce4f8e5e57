import SellerCore

/// One pane of the console, in the manner of tig's `view_ops`: its title, its
/// queues, its rows and columns, the detail of a row, the order a row is
/// about, the name `x` suggests and the `:` verbs it takes. The app asks the
/// descriptor and never which pane it is on, so a new pane is one descriptor
/// file (with its `Tab` constant), its line in `Panes.all` and its locale
/// strings; its digit key and help line follow from its place (`CommandID.pane`).
protocol PaneDescriptor: Sendable {
    /// Its name in code (`orders`): the `Tab` constant's, and the default export name.
    static var id: String { get }
    /// Its tab (from its place in `Panes.all`).
    static var tab: Tab { get }
    /// Its name in the tab bar.
    static func title(_ l: Lang) -> String
    /// Sub-queues that `[` and `]` step through (0: none).
    static var queueCount: Int { get }
    /// Rows, columns and queue counts. `keep`: rows to list although they
    /// left the queue (messages read while in 未读, see App.PaneState.keep).
    static func data(_ m: Model, queue: Int, conditions: Conditions, keep: Set<String>) -> PaneData
    /// The detail of a row, as label/value lines.
    static func detail(_ id: String, _ m: Model) -> Details.Lines
    /// `o`: the order a row is about and the pane that opens it; nil when none.
    static func related(_ id: String, _ m: Model) -> (orderId: String, tab: Tab)?
    /// `a`: the actions of a row (nil: the pane has none), and the menu's title.
    static func actions(_ id: String, _ m: Model) -> ActionOffer?
    static func actionsTitle(_ id: String, _ l: Lang) -> String
    /// Enter on a row does more than open its detail (a message is read when opened).
    static func opened(_ id: String, _ m: Model) -> Effect?
    /// The stem of the CSV name `x` suggests.
    static var exportName: String { get }
    /// The `:` verbs that apply here (besides those of every pane: clear,
    /// export, sort, and :id / :customer where a column declares the role).
    static var verbs: Set<CommandLineVerb> { get }
    /// What Tab completes after `:status` here.
    static func statusNames(_ l: Lang) -> [String]
    /// Its own query applies `:id` and `:customer` (else the columns with those roles are filtered).
    static var queriesIdAndCustomer: Bool { get }
    /// Lists rows while the store loads behind the orders view (only the orders can).
    static var listsWhileLoading: Bool { get }
    /// Lists from the small tables the orders view carries for the overview
    /// (OverviewInputs.state: tickets, appeals with their records, interface
    /// calls; 结算 from the settlement facts it carries, 服务监管 from the
    /// records' fields), before the start view's partial state is in.
    static var listsFromOverviewTables: Bool { get }
    /// How its rows follow another process's append without a whole rebuild (nil: they cannot).
    static var patching: PanePatching? { get }
    /// Too slow to rebuild on every change while shown: the previous data stays
    /// until the runtime's background build (App.prebuild) brings the new.
    static var rebuildsInBackground: Bool { get }
    /// Its whole data for a state (`derived`: settlement lines already derived at `m.now`).
    static func build(_ m: Model, _ k: PaneKey, derived: [OrderSettlement]?) -> (PaneData, [DashboardFigure])
}

extension PaneDescriptor {
    static var tab: Tab { Tab(Self.self) }
    static var queueCount: Int { 0 }
    static func related(_ id: String, _ m: Model) -> (orderId: String, tab: Tab)? { nil }
    static func actions(_ id: String, _ m: Model) -> ActionOffer? { nil }
    static func actionsTitle(_ id: String, _ l: Lang) -> String { l.t("render.actions_order", id) }
    static func opened(_ id: String, _ m: Model) -> Effect? { nil }
    static var exportName: String { "\(tab)" }
    static var verbs: Set<CommandLineVerb> { [] }
    static func statusNames(_ l: Lang) -> [String] { [] }
    static var queriesIdAndCustomer: Bool { false }
    static var listsWhileLoading: Bool { false }
    static var listsFromOverviewTables: Bool { false }
}

/// What `a` offers on a row: a menu, or why there is none.
enum ActionOffer {
    case menu([MenuItem])
    case none(String, isError: Bool)
}

extension Panes {
    /// Every pane, in the order of the tab bar (and of `Tab`'s raw values):
    /// one line per pane — the one list Swift needs, since it cannot find the
    /// descriptors itself (PaneRegistryTests fails naming a file left out).
    static let all: [any PaneDescriptor.Type] = [
        OverviewPane.self,
        OrdersPane.self,
        SupervisionPane.self,
        TicketsPane.self,
        MessagesPane.self,
        AppealsPane.self,
        SettlementPane.self,
        InterfacePane.self,
    ]

    static func descriptor(_ tab: Tab) -> any PaneDescriptor.Type { all[tab.rawValue] }

    static func data(_ tab: Tab, _ m: Model, queue: Int, conditions: Conditions = Conditions(), keep: Set<String> = []) -> PaneData {
        let pane = descriptor(tab)
        return pane.data(m, queue: queue, conditions: conditions, keep: keep).filtered(by: conditions, queried: pane.queriesIdAndCustomer)
    }

    static func queueCount(_ tab: Tab) -> Int { descriptor(tab).queueCount }

    /// Where an order opens: in 服务监管 when it has a record (its actions are there), else in 订单.
    static func home(ofOrder id: String, _ m: Model) -> Tab { m.state.records[id] != nil ? .supervision : .orders }
}

extension Tab { public static let dashboard = Tab(OverviewPane.self) }

/// 概览: its figures are the DashboardController's; it lists no rows.
enum OverviewPane: PaneDescriptor {
    static let id = "dashboard"
    static func title(_ l: Lang) -> String { l.t("pane.overview") }
    static func data(_ m: Model, queue: Int, conditions: Conditions, keep: Set<String>) -> PaneData { PaneData(columns: [], rows: []) }
    static func detail(_ id: String, _ m: Model) -> Details.Lines { [] }
}
