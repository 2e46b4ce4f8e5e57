import Foundation
import SellerCore

/// The console's state and reducer: keys in, effects out. Drawing is in
/// App+Render; I/O belongs to the runtime that presents the canvas.
public struct App: Sendable {
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

    public private(set) var model: Model
    public var tab: Tab = .dashboard
    /// Characters the terminal can show: ASCII bars and sparklines when false.
    public var unicode = true
    /// The dashboard's figures (recomputed with the data) and the one selected.
    private(set) var figures: [DashboardFigure] = []
    var figureSelected = 0
    public internal(set) var mode: Mode = .normal
    public var width: Int
    public var height: Int
    public var showDetail = true
    public var status: (text: String, isError: Bool)?
    public var storeLabel: String
    public var badges: [String]
    public let readOnly: Bool
    /// The live key map (defaults plus the user's keys.json).
    public let bindings: KeyBindings
    public private(set) var quitting = false
    /// Whether a file exists (the runtime's answer; the UI does no I/O), so a
    /// suggested export name never names one that does.
    public var fileExists: @Sendable (String) -> Bool = { _ in false }
    /// What is at a path a form names (the runtime's lstat/stat), so review
    /// names a missing, empty, oversize or non-regular file beside its field.
    public var inspectFile: FileInspector?

    var panes: [Tab: PaneState] = Dictionary(uniqueKeysWithValues: Tab.allCases.map { ($0, PaneState()) })
    private(set) var data: PaneData
    /// Unread messages the account sees, for the title bar: counted when the
    /// data changes, not on every redraw.
    private(set) var unread = 0
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

    /// While the full state loads behind the store's orders view: how far it
    /// has got (0…1). Until then only the order list (from the view) has data.
    public private(set) var loading: Double?
    /// The order table built from the orders view, kept until loading ends.
    private var preview: PaneData?

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
        data = Panes.data(startTab, model, queue: 0, conditions: Conditions())
        if startTab == .dashboard { figures = Dashboard.figures(model) }
        unread = App.countUnread(model)
        data.search = SearchIndex(rows: data.rows)
        refilter()
    }

    /// A console on the store's orders view (see OrdersView) while the full
    /// state loads: the order list works at once; `finishLoading` brings the rest.
    public init(preview view: OrdersView, account: Account, now: Timestamp, lang: Lang, width: Int, height: Int, storeLabel: String,
                badges: [String] = [], readOnly: Bool = false, bindings: KeyBindings = .defaults, startTab: Tab = .dashboard) {
        var s = SellerState()
        for a in view.accounts { s.accounts[a.id] = a }
        for p in view.products { s.products[p.id] = p }
        s.mainAccountId = view.mainAccountId
        self.init(model: Model(state: s, account: account, now: now, lang: lang), width: width, height: height, storeLabel: storeLabel,
                  badges: badges, readOnly: readOnly, bindings: bindings, startTab: startTab)
        var orders = Panes.orders(view.rows(for: account), products: s.products, lang: lang)
        orders.search = SearchIndex(rows: orders.rows)
        preview = orders
        loading = 0
        rebuild()
    }

    public mutating func loadingProgress(_ fraction: Double) { if loading != nil { loading = min(1, max(0, fraction)) } }

    /// The full state has arrived. `rowsCurrent`: the store still ends where
    /// the orders view was made, so the order list it shows is the state's and
    /// need not be rebuilt (at a million orders that takes seconds).
    public mutating func finishLoading(_ model: Model, rowsCurrent: Bool) {
        let keep = rowsCurrent && tab == .orders && preview != nil && panes[.orders]!.conditions.isEmpty
        self.model = model
        loading = nil
        preview = nil
        unread = App.countUnread(model)
        if !keep { rebuild() }
    }

    static func countUnread(_ m: Model) -> Int {
        MessageQuery.unreadCount(m.state, account: m.account)
    }

    // MARK: Data

    /// New state from the store (this console's action or another's): rows are
    /// rebuilt and the selection stays on the same item.
    public mutating func update(_ model: Model) {
        self.model = model
        unread = App.countUnread(model)
        rebuild()
    }

    mutating func rebuild() {
        if loading != nil {
            data = tab == .orders && panes[.orders]!.conditions.isEmpty ? preview ?? PaneData(columns: [], rows: []) : PaneData(columns: [], rows: [])
            figures = []
            sortRanks = [:]
            narrowing = nil
            refilter()
            return
        }
        data = Panes.data(tab, model, queue: panes[tab]!.queue, conditions: panes[tab]!.conditions, keep: panes[tab]!.keep)
        if tab == .dashboard {
            figures = Dashboard.figures(model)
            figureSelected = min(figureSelected, max(0, figures.count - 1))
        }
        data.search = SearchIndex(rows: data.rows)
        sortRanks = [:]
        narrowing = nil
        refilter()
    }

    /// Per column, each row's position in sorted order: computed once per
    /// column and data, so re-sorting and filtering a sorted view is cheap.
    var sortRanks: [Int: [Int32]] = [:]
    /// The last filter's needle and rows: a longer needle containing it only
    /// looks among those rows.
    var narrowing: (needle: String, rows: [Int])?
    public var columnCount: Int { data.columns.count }
    /// Some cell texts of the current table (for `seller bench` to pick queries that match).
    public func sampleCells(limit: Int) -> [String] { data.rows.prefix(limit).flatMap(\.cells) }

    public var selectedId: String? { panes[tab]!.selectedId }
    public var selectedRow: Int { panes[tab]!.selected }
    public var rowCount: Int { visible.count }
    public var totalCount: Int { data.rows.count }
    public var filterText: String { panes[tab]!.filter }
    var keyMap: [Key: CommandID] { bindings.keyMap(for: tab, readOnly: readOnly) }

    // MARK: Keys
    /// Runs a command from the registry.
    public mutating func run(_ id: CommandID) -> [Effect] {
        if loading != nil, !CommandRegistry.whileLoading.contains(id) {
            status = (model.lang.t("app.still_loading"), true)
            return []
        }
        let half = max(1, tableHeight / 2)
        if tab == .dashboard, let effects = runOnDashboard(id) { return effects }
        switch id {
        case .quit, .back:
            // One step back (filter, drill-down, jump); q quits only from the top.
            if stepBack() { return [] }
            if id == .quit { quitting = true; return [.quit] }
        case .forceQuit: quitting = true; return [.quit]
        case .suspend: return [.suspend]
        case .help: mode = .help(scroll: 0)
        case .reload: return [.reload]
        case .pane0, .pane1, .pane2, .pane3, .pane4, .pane5, .pane6, .pane7:
            backStack = []
            switchTab(Tab(rawValue: [CommandID.pane0, .pane1, .pane2, .pane3, .pane4, .pane5, .pane6, .pane7].firstIndex(of: id)!)!)
        case .nextPane: backStack = []; switchTab(Tab(rawValue: (tab.rawValue + 1) % Tab.allCases.count)!)
        case .prevPane: backStack = []; switchTab(Tab(rawValue: (tab.rawValue + Tab.allCases.count - 1) % Tab.allCases.count)!)
        case .down: move(by: 1)
        case .up: move(by: -1)
        case .top: move(to: 0)
        case .bottom: move(to: visible.count - 1)
        case .halfDown: move(by: half)
        case .halfUp: move(by: -half)
        case .pageDown: move(by: tableHeight)
        case .pageUp: move(by: -tableHeight)
        case .open:
            guard let sel = selectedId else { return [] }
            mode = .fullDetail(id: sel, scroll: 0)
            if tab == .messages, model.state.messages[sel]?.read == false, !readOnly {
                panes[tab]!.keep.insert(sel)
                return [.markMessages(MessageMark(ids: [sel], read: true))]
            }
        case .toggleDetail: showDetail.toggle()
        case .filter: mode = .filter(TextField(filterText))
        case .sortNext:
            var p = panes[tab]!
            p.sortColumn = ((p.sortColumn ?? -1) + 1) % max(1, data.columns.count)
            panes[tab] = p
            refilter()
            status = (model.lang.t("app.sorted_by", data.columns[p.sortColumn!].title), false)
        case .sortReverse:
            panes[tab]!.descending.toggle()
            if panes[tab]!.sortColumn == nil { panes[tab]!.sortColumn = 0 }
            refilter()
        case .nextQueue, .prevQueue:
            let n = Panes.queueCount(tab)
            guard n > 0 else { return [] }
            panes[tab]!.queue = (panes[tab]!.queue + (id == .nextQueue ? 1 : n - 1)) % n
            panes[tab]!.selected = 0
            panes[tab]!.selectedId = nil
            panes[tab]!.keep = []
            rebuild()
        case .actions:
            guard let sel = selectedId else { return [] }
            let items: [MenuItem]
            if tab == .tickets {
                items = model.state.ticketActions(for: sel, account: model.account).map {
                    MenuItem(title: "\(model.lang.term($0.event))  \($0.event.rawValue)", action: .ticket($0), unavailableReason: $0.refusal.map { RefusalText.text($0, model.lang, state: model.state) })
                }
                if items.isEmpty { status = (model.lang.t("app.nothing_to_do_on_this_ticket_now"), false); return [] }
            } else {
                guard model.state.records[sel] != nil else {
                    status = (model.lang.t("app.select_a_supervision_record_first"), true)
                    return []
                }
                items = model.state.actions(for: sel, account: model.account).map { o in
                    switch o.kind {
                    case .step(let e): MenuItem(title: "\(model.lang.term(e))  \(e.rawValue)", action: .step(e, o.fields), unavailableReason: o.refusal.map { RefusalText.text($0, model.lang, state: model.state) })
                    case .fileAppeal: MenuItem(title: "\(model.lang.t("menu.appeal"))  appeal", action: .appeal, unavailableReason: o.refusal.map { RefusalText.text($0, model.lang, state: model.state) })
                    }
                }
            }
            mode = .actionMenu(target: sel, items: items, selected: items.firstIndex(where: \.isAvailable) ?? 0)
        case .appeal:
            guard let sel = selectedId else { return [] }
            // Why not, before any typing.
            if let why = model.state.appealRefusal(orderId: sel, account: model.account) {
                status = (RefusalText.text(why, model.lang, state: model.state), true)
                return []
            }
            let rules = model.state.actions(for: sel, account: model.account).first { $0.kind == .fileAppeal }?.fields ?? []
            mode = .form(FormState(purpose: .appeal(orderId: sel), rules: rules, lang: model.lang))
        case .markRead:
            guard let sel = selectedId, let m = model.state.messages[sel] else { return [] }
            panes[tab]!.keep.insert(sel)
            return [.markMessages(MessageMark(ids: [sel], read: !m.read))]
        case .markAllRead: askToMarkShownRead()
        case .undo: return undoLastMark()
        case .redraw: return [.redraw]
        case .columnLeft, .columnRight: break // the overview's (runOnDashboard)
        case .nextMatch, .prevMatch:
            // After `/` every row shown matches: n / N step through them and wrap.
            guard !filterText.isEmpty, !visible.isEmpty else {
                status = (model.lang.t("app.no_filter_for_n"), false)
                return []
            }
            move(to: (panes[tab]!.selected + (id == .nextMatch ? 1 : visible.count - 1)) % visible.count)
        case .issueInvoice:
            // The order's open invoice request, oldest first (the one due soonest).
            guard let sel = selectedId,
                  let request = model.state.invoices.values.filter({ $0.orderId == sel && $0.issuedAt == nil }).min(by: { ($0.requestedAt, $0.id) < ($1.requestedAt, $1.id) }) else {
                status = (model.lang.t("app.no_open_invoice_request"), true)
                return []
            }
            mode = .form(FormState(invoice: request, lang: model.lang))
        case .commandLine: mode = .commandLine(TextField(""), history: nil)
        case .receivers: mode = .receivers(selected: 0, confirmRemove: false)
        case .export:
            // Offered on the command line so the file name can be changed first.
            mode = .commandLine(TextField("export \(suggestedExportName())"), history: nil)
        case .openRelated:
            guard let sel = selectedId else { return [] }
            let orderId: String?
            switch tab {
            case .messages: orderId = model.state.messages[sel]?.orderId
            case .appeals: orderId = model.state.appeals[sel]?.orderId
            case .tickets: orderId = model.state.tickets[sel]?.orderId
            case .settlement: orderId = sel   // an order's settlement row; bills and periods name no order
            default: orderId = nil
            }
            guard let orderId, model.state.orders[orderId] != nil else {
                status = (model.lang.t("app.nothing_related_to_go_to"), true)
                return []
            }
            // A supervised order opens in 服务监管 (where its actions are), others in 订单.
            let target: Tab = model.state.records[orderId] != nil && tab != .messages ? .supervision : .orders
            pushBack(to: target)
            if target == .supervision { panes[.supervision]!.queue = SupervisionQueue.allCases.count - 1 } // 全部
            panes[target]!.filter = ""
            panes[target]!.conditions = Conditions()
            panes[target]!.selectedId = orderId
            if tab == target { rebuild() } else { switchTab(target) }
            if selectedId != orderId { status = (model.lang.t("app.order_is_not_visible_to_this_account", orderId), true) }
        }
        return []
    }

    // MARK: Movement

    mutating func switchTab(_ t: Tab) {
        guard t != tab else { return }
        panes[tab]!.keep = []
        tab = t
        if case .filter = mode { mode = .normal }
        rebuild()
    }

    mutating func setFilter(_ s: String) {
        panes[tab]!.filter = s
        refilter()
    }

    mutating func move(to index: Int) {
        guard !visible.isEmpty else { return }
        var p = panes[tab]!
        p.selected = max(0, min(visible.count - 1, index))
        p.selectedId = data.rows[visible[p.selected]].id
        p.selectedRowIndex = visible[p.selected]
        panes[tab] = p
        clampScroll()
    }

    mutating func move(by delta: Int) { move(to: panes[tab]!.selected + delta) }

    mutating func clampScroll() {
        var p = panes[tab]!
        let h = max(1, tableHeight)
        if p.selected < p.scroll { p.scroll = p.selected }
        if p.selected >= p.scroll + h { p.scroll = p.selected - h + 1 }
        p.scroll = max(0, min(p.scroll, max(0, visible.count - h)))
        panes[tab] = p
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
