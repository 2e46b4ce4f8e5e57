import Foundation
import SellerCore

/// The console's state. Everything that happens to it arrives as one `Msg`
/// through `update(_:)` (App+Update), which routes it to the controller of
/// the current mode (Controllers/) and returns what the runtime should do;
/// `render()` (Layout) draws it. The panes are described in Panes/. No I/O.
public struct App: Sendable {
    /// What the console is doing; each case is one controller's (ModeController).
    public enum Mode: Sendable, Equatable {
        case normal
        case filter(TextField)
        /// `:` with the line being typed and, while browsing, the history entry shown.
        case commandLine(TextField, history: Int?)
        case help(scroll: Int)
        /// The full detail of `id`: kept by id, so the row under the selection
        /// changing (a message read drops out of 未读) cannot swap what is shown.
        case fullDetail(id: String, scroll: Int)
        /// The actions of the selected record or ticket (`target`).
        case actionMenu(target: String, items: [MenuItem], selected: Int)
        case form(FormState)
        /// The receivers screen: the selected row, and whether removing it awaits `y`.
        case receivers(selected: Int, confirmRemove: Bool)
        /// A draft left from last time: `y` restores it, `n` discards it.
        case draftOffer(FormDraft)
        /// A question on the status line: `y` runs its effects, any other key cancels.
        case confirm(Confirmation)
    }

    struct PaneState: Sendable {
        var selectedId: String?
        /// The selected row's index in the pane's rows, while they are unchanged.
        var selectedRowIndex: Int?
        var selected = 0
        var scroll = 0
        var filter = ""
        var sortColumn: Int?
        var descending = false
        var queue = 0
        var conditions = Conditions()
        /// Messages read or marked here while in 未读: they stay listed (marked
        /// read) until the view is left, so the list does not shift under the cursor.
        var keep: Set<String> = []
    }

    public internal(set) var model: Model
    public internal(set) var tab: Tab = .dashboard
    /// Characters the terminal can show: ASCII bars and sparklines when false.
    public var unicode = true
    /// The dashboard's figures (recomputed with the data) and the one selected.
    var figures: [DashboardFigure] = []
    var figureSelected = 0
    public internal(set) var mode: Mode = .normal
    public internal(set) var width: Int
    public internal(set) var height: Int
    public internal(set) var showDetail = true
    public internal(set) var status: (text: String, isError: Bool)?
    public let storeLabel: String
    public let badges: [String]
    public let readOnly: Bool
    /// The live key map (defaults plus the user's keys.json).
    public let bindings: KeyBindings
    public internal(set) var quitting = false
    /// Whether a file exists (the runtime's answer; the UI does no I/O), so a
    /// suggested export name never names one that does.
    public var fileExists: @Sendable (String) -> Bool = { _ in false }
    /// The time the title bar shows: the runtime's last tick, else the model's.
    var clock: Timestamp?
    /// What is at a path a form names (the runtime's lstat/stat), so review
    /// names a missing, empty, oversize or non-regular file beside its field.
    public var inspectFile: FileInspector?

    var panes: [Tab: PaneState] = Dictionary(uniqueKeysWithValues: Tab.allCases.map { ($0, PaneState()) })
    var data: PaneData
    /// Every pane's built data and what the runtime should build (PaneCache).
    var cache = PaneCache()
    /// Unread messages the account sees, for the title bar: counted when the
    /// data changes, not on every redraw.
    var unread = 0
    /// Command lines entered this session, oldest first (Up/Down recall them).
    public internal(set) var commandHistory: [String] = []
    /// The last message mark made in this session, for `u`; `undoing` while its inverse is on its way.
    var lastMark: MessageMark?
    /// Where Esc returns to after a drill-down from the overview or an `o` jump.
    var backStack: [BackStep] = []
    /// What Tab on the `:` line found when several choices match (shown after the line).
    var completions: [String] = []
    var undoing = false
    /// Indices into `data.rows` after filter and sort.
    var visible: [Int] = []
    /// Per column, each row's position in sorted order: computed once per
    /// column and data, so re-sorting and filtering a sorted view is cheap.
    var sortRanks: [Int: [Int32]] = [:]
    /// The last filter's needle and rows: a longer needle containing it only
    /// looks among those rows.
    var narrowing: (needle: String, rows: [Int])?

    /// While the full state loads behind the store's orders view: how far it
    /// has got (0…1). Until then only the order list (from the view) has data.
    public internal(set) var loading: Double?
    /// The order table built from the orders view, kept until loading ends.
    var preview: PaneData?
    /// The orders view's rows for the account, until the order table is first
    /// shown: built then (with its search index), so that a console starting
    /// on the overview draws its figures without waiting for them.
    var previewRows: [OrderRowFacts]?
    /// While loading: the model is the start view's partial state, so every pane lists and the overview counts (App+Preview).
    var previewing = false
    /// Before that, on the orders view: the overview's inputs it carries, so
    /// the overview shows its figures from the first frame (App+Preview).
    var overviewInputs: OverviewInputs? { didSet { (figuresFromInputs, settlementFromInputs) = (nil, nil) } }
    /// A first frame drawn from the orders view's first page (App+FirstPage):
    /// how many orders the list holds, of which only the first rows are in.
    var pageListed: Int?
    /// Worked out once from them (every record and order: a second at 1M), until the state arrives.
    var figuresFromInputs: [DashboardFigure]?
    var settlementFromInputs: [OrderSettlement]?

    public static let minWidth = 80
    public static let minHeight = 24

    public init(model: Model, width: Int, height: Int, storeLabel: String, badges: [String] = [], readOnly: Bool = false,
                bindings: KeyBindings = .defaults, startTab: Tab = .dashboard) {
        self.bindings = bindings
        self.tab = startTab
        self.model = model
        self.width = width
        self.height = height
        self.storeLabel = storeLabel
        self.badges = badges
        self.readOnly = readOnly
        data = PaneData(columns: [], rows: [])
        unread = App.countUnread(model)
        rebuild()
    }

    /// A console on the store's orders view (see OrdersView) while the full
    /// state loads: the order list works at once; `.loaded` brings the rest.
    public init(preview view: OrdersView, account: Account, now: Timestamp, lang: Lang, width: Int, height: Int, storeLabel: String,
                badges: [String] = [], readOnly: Bool = false, bindings: KeyBindings = .defaults, startTab: Tab = .dashboard) {
        var s = SellerState()
        for a in view.accounts { s.accounts[a.id] = a }
        for p in view.products { s.products[p.id] = p }
        s.mainAccountId = view.mainAccountId
        self.init(model: Model(state: s, account: account, now: now, lang: lang), width: width, height: height, storeLabel: storeLabel,
                  badges: badges, readOnly: readOnly, bindings: bindings, startTab: startTab)
        previewRows = view.rows(for: account)
        loading = 0
        overviewInputs = view.overview
        unread = view.overview?.unreadCount(account) ?? 0
        rebuild()
    }

    /// The pane shown, as its descriptor.
    var pane: any PaneDescriptor.Type { Panes.descriptor(tab) }

    public var columnCount: Int { data.columns.count }
    /// Some cell texts of the current table (for `seller bench` to pick queries that match).
    public func sampleCells(limit: Int) -> [String] { data.rows.prefix(limit).flatMap(\.cells) }

    public var selectedId: String? { panes[tab]!.selectedId }
    public var selectedRow: Int { panes[tab]!.selected }
    public var rowCount: Int { visible.count }
    public var totalCount: Int { data.rows.count }
    public var filterText: String { panes[tab]!.filter }
    /// The keys of the lists on this tab.
    var keyMap: [Key: CommandID] { bindings.keyMap(for: tab, readOnly: readOnly) }
    /// The command a key means in a context on this tab, if any.
    func command(_ key: Key, in context: KeyContext) -> CommandID? { bindings.keyMap(for: tab, readOnly: readOnly, in: context)[key] }

    /// The form being typed, as a draft to keep on disk (nil when there is
    /// nothing unsaved). The runtime writes it whenever it changes.
    public var draft: FormDraft? {
        switch mode {
        case .form(let f) where f.changed: FormDraft(f)
        case .draftOffer(let d): d
        default: nil
        }
    }

    static func countUnread(_ m: Model) -> Int {
        MessageQuery.unreadCount(m.state, account: m.account)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
