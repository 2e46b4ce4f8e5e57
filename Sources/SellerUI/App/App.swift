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
        case fullDetail(scroll: Int)
        /// The actions of the selected record or ticket (`target`).
        case actionMenu(target: String, items: [MenuItem], selected: Int)
        case form(FormState)
        /// The receivers screen: the selected row, and whether removing it awaits `y`.
        case receivers(selected: Int, confirmRemove: Bool)
        /// A draft left from last time: `y` restores it, `n` discards it.
        case draftOffer(FormDraft)
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
    }

    public private(set) var model: Model
    public var tab: Tab = .dashboard
    /// Characters the terminal can show: ASCII bars and sparklines when false.
    public var unicode = true
    /// The dashboard's figures (recomputed with the data) and the one selected.
    private(set) var figures: [DashboardFigure] = []
    private(set) var figureSelected = 0
    public private(set) var mode: Mode = .normal
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

    var panes: [Tab: PaneState] = Dictionary(uniqueKeysWithValues: Tab.allCases.map { ($0, PaneState()) })
    private(set) var data: PaneData
    /// Unread messages the account sees, for the title bar: counted when the
    /// data changes, not on every redraw.
    private(set) var unread = 0
    /// Command lines entered this session, oldest first (Up/Down recall them).
    public private(set) var commandHistory: [String] = []
    /// Indices into `data.rows` after filter and sort.
    private(set) var visible: [Int] = []

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
        m.state.messages.values.filter { !$0.read && Permissions.canSee($0, m.account, in: m.state) }.count
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
        data = Panes.data(tab, model, queue: panes[tab]!.queue, conditions: panes[tab]!.conditions)
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
    private var sortRanks: [Int: [Int32]] = [:]
    /// The last filter's needle and rows: a longer needle containing it only
    /// looks among those rows.
    private var narrowing: (needle: String, rows: [Int])?

    mutating func ranks(_ col: Int) -> [Int32] {
        if let r = sortRanks[col] { return r }
        let rows = data.rows
        let order: [Int]
        if data.columns[col].alignRight {
            let keys = rows.map { App.numericKey($0.cells[col]) }
            let less = { @Sendable (a: Int, b: Int) -> Bool in keys[a] != keys[b] ? keys[a] < keys[b] : a < b }
            order = Parallel.sortedIndices(count: rows.count, sortRun: { Array($0).sorted(by: less) }, less: less)
        } else {
            // Byte order of UTF-8 is code-point order: stable and fast. The
            // first eight bytes, big-endian in an integer, settle most
            // comparisons without touching the strings.
            var blob: [UInt8] = []
            var starts: [Int] = [0]
            var prefix = [UInt64](repeating: 0, count: rows.count)
            for (i, r) in rows.enumerated() {
                var p: UInt64 = 0, n = 0
                for b in r.cells[col].utf8 {
                    blob.append(b)
                    if n < 8 { p |= UInt64(b) << (56 - 8 * n); n += 1 }
                }
                starts.append(blob.count)
                prefix[i] = p
            }
            // Each core sorts a run of rows, then the runs are merged.
            let (text, from, first) = (blob, starts, prefix)
            order = Parallel.sortedIndices(count: rows.count, sortRun: { range in
                text.withUnsafeBufferPointer { bytes in Array(range).sorted { App.textLess($0, $1, bytes, from, first) } }
            }, less: { a, b in text.withUnsafeBufferPointer { App.textLess(a, b, $0, from, first) } })
        }
        var rank = [Int32](repeating: 0, count: rows.count)
        for (pos, i) in order.enumerated() { rank[i] = Int32(pos) }
        sortRanks[col] = rank
        return rank
    }

    /// Byte order of two cells' UTF-8 (`bytes[starts[i]..<starts[i + 1]]`),
    /// their first eight bytes in `prefix`; ties go to the lower row.
    @inline(__always)
    static func textLess(_ a: Int, _ b: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ starts: [Int], _ prefix: [UInt64]) -> Bool {
        if prefix[a] != prefix[b] { return prefix[a] < prefix[b] }
        let la = starts[a + 1] - starts[a], lb = starts[b + 1] - starts[b]
        let n = min(la, lb)
        let m = n == 0 || bytes.baseAddress == nil ? 0 : Int(memcmp(bytes.baseAddress! + starts[a], bytes.baseAddress! + starts[b], n))
        if m != 0 { return m < 0 }
        return la != lb ? la < lb : a < b
    }

    /// The number in a cell such as `1,200.50`, `¥99`, `12天` or `-3`; cells
    /// without digits sort first.
    static func numericKey(_ s: String) -> Double {
        var whole = 0.0, frac = 0.0, scale = 1.0
        var seen = false, negative = false, inFraction = false
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                seen = true
                if inFraction { scale /= 10; frac += Double(b - 48) * scale } else { whole = whole * 10 + Double(b - 48) }
            case UInt8(ascii: "."): inFraction = true
            case UInt8(ascii: "-"): if !seen { negative = true }
            default: break
            }
        }
        guard seen else { return -.infinity }
        return (negative ? -1 : 1) * (whole + frac)
    }

    mutating func refilter() {
        let p = panes[tab]!
        let needle = p.filter.lowercased()
        var idx: [Int]
        if needle.isEmpty {
            idx = Array(data.rows.indices)
            narrowing = nil
        } else {
            let within = narrowing.flatMap { needle.contains($0.needle) ? $0.rows : nil }
            idx = data.search.matches(needle, within: within)
            narrowing = (needle, idx)
        }
        if let col = p.sortColumn, col < data.columns.count {
            let rank = ranks(col)
            if p.descending { idx.sort { rank[$0] > rank[$1] } } else { idx.sort { rank[$0] < rank[$1] } }
        }
        visible = idx
        // Keep the selection on the same item if it is still shown.
        var pane = panes[tab]!
        // Integers first (fast at 100k rows); ids only when the rows were rebuilt.
        let rowValid = pane.selectedRowIndex.map { $0 < data.rows.count && data.rows[$0].id == pane.selectedId } ?? false
        if rowValid, let pos = visible.firstIndex(of: pane.selectedRowIndex!) {
            pane.selected = pos
        } else if !rowValid, let id = pane.selectedId, let pos = visible.firstIndex(where: { data.rows[$0].id == id }) {
            pane.selected = pos
        } else {
            pane.selected = min(pane.selected, max(0, visible.count - 1))
        }
        pane.selectedId = visible.isEmpty ? nil : data.rows[visible[pane.selected]].id
        pane.selectedRowIndex = visible.isEmpty ? nil : visible[pane.selected]
        panes[tab] = pane
        clampScroll()
    }

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

    /// Handles one key; returns what the runtime should do.
    public mutating func handle(_ key: Key) -> [Effect] {
        if key == .resize { clampScroll(); return [] }
        switch mode {
        case .filter(var field):
            switch field.handle(key) {
            case .submit: mode = .normal
            case .cancel:
                mode = .normal
                setFilter("")
            case .edited:
                mode = .filter(field)
                setFilter(field.value)
            default:
                mode = .filter(field)
                if key == .down || key == .up { return run(key == .down ? .down : .up) }
            }
            return []
        case .commandLine(var field, let history):
            switch key {
            case .up, .down:
                guard !commandHistory.isEmpty else { return [] }
                var i = history ?? commandHistory.count
                i = key == .up ? max(0, i - 1) : min(commandHistory.count, i + 1)
                mode = .commandLine(TextField(i < commandHistory.count ? commandHistory[i] : ""), history: i)
                return []
            default: break
            }
            switch field.handle(key) {
            case .submit:
                mode = .normal
                return runCommandLine(field.value)
            case .cancel: mode = .normal
            default: mode = .commandLine(field, history: history)
            }
            return []
        case .help(let scroll):
            switch key {
            case .char("j"), .down: mode = .help(scroll: scroll + 1)
            case .char("k"), .up: mode = .help(scroll: max(0, scroll - 1))
            case .ctrl("c"): return run(.forceQuit)
            default: mode = .normal
            }
            return []
        case .fullDetail(let scroll):
            // Scrolling stops where the last line reaches the bottom.
            let limit = max(0, Details.wrap(Details.lines(tab, id: selectedId ?? "", model), width: width - 2).count - bodyHeight)
            func to(_ s: Int) { mode = .fullDetail(scroll: max(0, min(limit, s))) }
            switch key {
            case .wheelDown: to(scroll + 3)
            case .wheelUp: to(scroll - 3)
            case .char("j"), .down: to(scroll + 1)
            case .char("k"), .up: to(scroll - 1)
            case .ctrl("d"), .pageDown: to(scroll + bodyHeight / 2)
            case .ctrl("u"), .pageUp: to(scroll - bodyHeight / 2)
            case .char("g"), .home: to(0)
            case .char("G"), .end: to(limit)
            case .escape, .char("q"), .enter: mode = .normal
            case .ctrl("c"): return run(.forceQuit)
            default:
                if let id = keyMap[key], [.markRead, .appeal, .actions].contains(id) { mode = .normal; return run(id) }
            }
            return []
        case .actionMenu(let target, let items, let selected):
            switch key {
            case .char("j"), .down: mode = .actionMenu(target: target, items: items, selected: min(items.count - 1, selected + 1))
            case .char("k"), .up: mode = .actionMenu(target: target, items: items, selected: max(0, selected - 1))
            case .escape, .char("q"): mode = .normal
            case .enter:
                let item = items[selected]
                if let why = item.unavailableReason { status = (why, true); return [] }
                switch item.action {
                case .step(let e, let rules): mode = .form(FormState(purpose: .step(orderId: target, event: e), rules: rules, lang: model.lang))
                case .appeal: return run(.appeal)
                case .ticket(let option):
                    let form = FormState(ticket: target, option: option, lang: model.lang)
                    mode = .form(form)
                }
            case .ctrl("c"): return run(.forceQuit)
            default: break
            }
            return []
        case .receivers(let selected, let confirm):
            return handleReceivers(key, selected: selected, confirmRemove: confirm)
        case .draftOffer(let d):
            switch key {
            case .char("y"), .enter: restore(d)
            case .char("n"), .escape, .char("q"):
                mode = .normal
                status = (model.lang.t("app.draft_discarded"), false)
            case .ctrl("c"): return run(.forceQuit)
            default: break
            }
            return []
        case .form(var form):
            let effects = handleForm(&form, key)
            if case .form = mode { mode = .form(form) }
            return effects
        case .normal:
            switch key {
            case .wheelUp: move(by: -3); return []
            case .wheelDown: move(by: 3); return []
            case .click(let x, let y): click(x: x, y: y); return []
            default: break
            }
            guard let id = keyMap[key] else {
                if case .char(let c) = key { status = (model.lang.t("app.no_command_on_for_help", c), false) }
                return []
            }
            return run(id)
        }
    }

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
            if id == .back, !filterText.isEmpty { setFilter(""); return [] }
            if id == .quit { quitting = true; return [.quit] }
        case .forceQuit: quitting = true; return [.quit]
        case .suspend: return [.suspend]
        case .help: mode = .help(scroll: 0)
        case .reload: return [.reload]
        case .pane0, .pane1, .pane2, .pane3, .pane4, .pane5, .pane6:
            switchTab(Tab(rawValue: [CommandID.pane0, .pane1, .pane2, .pane3, .pane4, .pane5, .pane6].firstIndex(of: id)!)!)
        case .nextPane: switchTab(Tab(rawValue: (tab.rawValue + 1) % Tab.allCases.count)!)
        case .prevPane: switchTab(Tab(rawValue: (tab.rawValue + Tab.allCases.count - 1) % Tab.allCases.count)!)
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
            mode = .fullDetail(scroll: 0)
            if tab == .messages, model.state.messages[sel]?.read == false, !readOnly {
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
            rebuild()
        case .actions:
            guard let sel = selectedId else { return [] }
            let items: [MenuItem]
            if tab == .tickets {
                items = model.state.ticketActions(for: sel, account: model.account).map {
                    MenuItem(title: "\(model.lang.term($0.event))  \($0.event.rawValue)", action: .ticket($0), unavailableReason: $0.unavailableReason)
                }
                if items.isEmpty { status = (model.lang.t("app.nothing_to_do_on_this_ticket_now"), false); return [] }
            } else {
                guard model.state.records[sel] != nil else {
                    status = (model.lang.t("app.select_a_supervision_record_first"), true)
                    return []
                }
                items = model.state.actions(for: sel, account: model.account).map { o in
                    switch o.kind {
                    case .step(let e): MenuItem(title: "\(model.lang.term(e))  \(e.rawValue)", action: .step(e, o.fields), unavailableReason: o.unavailableReason)
                    case .fileAppeal: MenuItem(title: "\(model.lang.t("menu.appeal"))  appeal", action: .appeal, unavailableReason: o.unavailableReason)
                    }
                }
            }
            mode = .actionMenu(target: sel, items: items, selected: items.firstIndex(where: \.isAvailable) ?? 0)
        case .appeal:
            guard let sel = selectedId else { return [] }
            // Why not, before any typing.
            if let why = model.state.appealRefusal(orderId: sel, account: model.account) {
                status = (why.description, true)
                return []
            }
            let rules = model.state.actions(for: sel, account: model.account).first { $0.kind == .fileAppeal }?.fields ?? []
            mode = .form(FormState(purpose: .appeal(orderId: sel), rules: rules, lang: model.lang))
        case .markRead:
            guard let sel = selectedId, let m = model.state.messages[sel] else { return [] }
            return [.markMessages(MessageMark(ids: [sel], read: !m.read))]
        case .markAllRead:
            return [.markMessages(MessageMark(all: true, read: true))]
        case .commandLine: mode = .commandLine(TextField(""), history: nil)
        case .receivers: mode = .receivers(selected: 0, confirmRemove: false)
        case .export:
            // Offered on the command line so the file name can be changed first.
            mode = .commandLine(TextField("export \(tab == .orders ? "orders" : "\(tab)")-\(model.now.dateDisplay).csv"), history: nil)
        case .openRelated:
            guard let sel = selectedId else { return [] }
            let orderId: String?
            switch tab {
            case .messages: orderId = model.state.messages[sel]?.orderId
            case .appeals: orderId = model.state.appeals[sel]?.orderId
            case .tickets: orderId = model.state.tickets[sel]?.orderId
            default: orderId = nil
            }
            guard let orderId, model.state.orders[orderId] != nil else {
                status = (model.lang.t("app.nothing_related_to_go_to"), true)
                return []
            }
            // A supervised order opens in 服务监管 (where its actions are), others in 订单.
            let target: Tab = model.state.records[orderId] != nil && tab != .messages ? .supervision : .orders
            if target == .supervision { panes[.supervision]!.queue = SupervisionQueue.allCases.count - 1 } // 全部
            panes[target]!.filter = ""
            panes[target]!.conditions = Conditions()
            panes[target]!.selectedId = orderId
            if tab == target { rebuild() } else { switchTab(target) }
            if selectedId != orderId { status = (model.lang.t("app.order_is_not_visible_to_this_account", orderId), true) }
        }
        return []
    }

    /// Commands on the dashboard: movement walks the figures, Enter opens the
    /// list behind the selected one; list-only commands say where they work.
    /// Returns nil for commands that behave as everywhere else.
    mutating func runOnDashboard(_ id: CommandID) -> [Effect]? {
        let n = figures.count
        switch id {
        case .down: figureSelected = min(max(0, n - 1), figureSelected + 1)
        case .up: figureSelected = max(0, figureSelected - 1)
        case .top: figureSelected = 0
        case .bottom: figureSelected = max(0, n - 1)
        case .halfDown, .pageDown: figureSelected = min(max(0, n - 1), figureSelected + 5)
        case .halfUp, .pageUp: figureSelected = max(0, figureSelected - 5)
        case .open:
            guard figures.indices.contains(figureSelected) else { return [] }
            let t = figures[figureSelected].target
            panes[t.tab]!.queue = t.queue
            panes[t.tab]!.conditions = t.conditions
            panes[t.tab]!.filter = ""
            panes[t.tab]!.selected = 0
            panes[t.tab]!.selectedId = nil
            switchTab(t.tab)
            let summary = t.conditions.summary(model.lang)
            if !summary.isEmpty { status = (summary + model.lang.t("app.clear_clears"), false) }
        default: return nil
        }
        return []
    }

    /// A click: on a tab switches to it; on a table row selects it (a second
    /// click on the selected row opens it).
    mutating func click(x: Int, y: Int) {
        if y == 1 {
            var left = 0
            for t in Tab.allCases {
                let w = TextWidth.width(" \(t.rawValue) \(t.title(model.lang)) ") + 2
                if x >= left && x < left + w { switchTab(t); return }
                left += w
            }
            return
        }
        let area = tableArea
        guard x >= area.x, x < area.x + area.w, y > area.y, y <= area.y + tableHeight else { return }
        let index = panes[tab]!.scroll + (y - area.y - 1)
        guard index < visible.count else { return }
        if index == panes[tab]!.selected { _ = run(.open) } else { move(to: index) }
    }

    /// The form being typed, as a draft to keep on disk (nil when there is
    /// nothing unsaved). The runtime writes it whenever it changes.
    public var draft: FormDraft? {
        switch mode {
        case .form(let f) where f.changed: FormDraft(f)
        case .draftOffer(let d): d
        default: nil
        }
    }

    /// Offers a draft found on disk when the console opens.
    public mutating func offerDraft(_ d: FormDraft) {
        guard !readOnly else { return }
        mode = .draftOffer(d)
    }

    /// Rebuilds the form the draft belongs to, if the core still allows it.
    mutating func restore(_ d: FormDraft) {
        var form: FormState?
        var why: String?
        switch d.purpose {
        case .step(let o, let e):
            let option = model.state.actions(for: o, account: model.account).first { $0.kind == .step(e) }
            why = option == nil ? model.lang.t("app.step_gone", o, model.lang.term(e)) : option?.unavailableReason
            if let option, why == nil { form = FormState(purpose: d.purpose, rules: option.fields, lang: model.lang) }
        case .appeal(let o):
            why = model.state.appealRefusal(orderId: o, account: model.account)?.description
            if why == nil { form = FormState(purpose: d.purpose, rules: model.state.actions(for: o, account: model.account).first { $0.kind == .fileAppeal }?.fields ?? [], lang: model.lang) }
        case .ticket(let t, let e):
            let option = model.state.ticketActions(for: t, account: model.account).first { $0.event == e }
            why = option == nil ? model.lang.t("app.ticket_step_gone", t, model.lang.term(e)) : option?.unavailableReason
            if let option, why == nil { form = FormState(ticket: t, option: option, lang: model.lang) }
        case .receiver(let id):
            form = FormState(receiver: id.flatMap { model.state.receivers[$0] }, lang: model.lang)
            if let id, model.state.receivers[id] == nil { form = nil; why = model.lang.t("app.receiver_was_removed", id) }
        }
        guard var f = form else {
            mode = .normal
            status = (model.lang.t("app.the_draft_cannot_be_restored") + (why ?? ""), true)
            return
        }
        f.fill(from: d)
        mode = .form(f)
    }

    /// The receivers, in the order the screen lists them.
    var receiverList: [MessageReceiver] { model.state.receivers.values.sorted { $0.id < $1.id } }

    mutating func handleReceivers(_ key: Key, selected: Int, confirmRemove: Bool) -> [Effect] {
        let list = receiverList
        if confirmRemove {
            mode = .receivers(selected: selected, confirmRemove: false)
            if key == .char("y"), list.indices.contains(selected) { return [.receiver(.remove(id: list[selected].id))] }
            return []
        }
        switch key {
        case .char("j"), .down: mode = .receivers(selected: min(max(0, list.count - 1), selected + 1), confirmRemove: false)
        case .char("k"), .up: mode = .receivers(selected: max(0, selected - 1), confirmRemove: false)
        case .escape, .char("q"), .char("R"): mode = .normal
        case .ctrl("c"): return run(.forceQuit)
        case .char("n") where !readOnly: mode = .form(FormState(receiver: nil, lang: model.lang))
        case .char("e") where !readOnly, .enter where !readOnly:
            if list.indices.contains(selected) { mode = .form(FormState(receiver: list[selected], lang: model.lang)) }
        case .char("d") where !readOnly:
            if list.indices.contains(selected) { mode = .receivers(selected: selected, confirmRemove: true) }
        default: break
        }
        return []
    }

    /// Runs a `:` line: remembers it, then applies filters or asks for an export.
    mutating func runCommandLine(_ text: String) -> [Effect] {
        let line = text.trimmingSpaces
        guard !line.isEmpty else { return [] }
        if commandHistory.last != line { commandHistory.append(line) }
        if commandHistory.count > 200 { commandHistory.removeFirst(commandHistory.count - 200) }
        switch CommandLineParser.parse(line, tab: tab, current: panes[tab]!.conditions, lang: model.lang) {
        case .error(let why):
            status = (why, true)
        case .conditions(let c):
            panes[tab]!.conditions = c
            panes[tab]!.selected = 0
            rebuild()
            status = (c.isEmpty ? model.lang.t("app.conditions_cleared") : c.summary(model.lang), false)
        case .export(let path):
            let rows = visible.map { data.rows[$0].cells }
            return [.export(path: path, headers: data.columns.map(\.title), rows: rows)]
        }
        return []
    }

    mutating func handleForm(_ form: inout FormState, _ key: Key) -> [Effect] {
        if key == .ctrl("c") { return run(.forceQuit) }
        if form.confirmingDiscard {
            if key == .char("y") { mode = .normal; status = (model.lang.t("app.discarded"), false) } else { form.confirmingDiscard = false }
            return []
        }
        if form.reviewing {
            switch key {
            case .char("y"), .enter:
                guard let effect = form.effect else { return [] }
                return [effect]
            case .char("n"), .escape:
                if form.fields.isEmpty { mode = .normal } else { form.reviewing = false }
            default: break
            }
            return []
        }
        switch key {
        case .tab: form.focus = (form.focus + 1) % form.fields.count; return []
        case .backTab: form.focus = (form.focus + form.fields.count - 1) % form.fields.count; return []
        case .ctrl("s"): form.review(); return []
        case .escape:
            if form.changed { form.confirmingDiscard = true } else { mode = .normal }
            return []
        default: break
        }
        var field = form.fields[form.focus]
        if !field.choices.isEmpty, [Key.left, .right, .char(" ")].contains(key) {
            let i = field.choices.firstIndex(of: field.editor.value) ?? 0
            let next = (i + (key == .left ? field.choices.count - 1 : 1)) % field.choices.count
            field.editor = TextField(field.choices[next])
            form.changed = true
        } else if !field.choices.isEmpty, key == .enter {
            if form.focus == form.fields.count - 1 { form.review() } else { form.focus += 1 }
        } else if !field.choices.isEmpty {
            // Choices are picked, not typed.
        } else if field.kind == .files {
            if key == .enter {
                let path = field.editor.value.trimmingSpaces
                if !path.isEmpty { field.files.append(path); field.editor = TextField(""); form.changed = true }
                else if form.focus == form.fields.count - 1 { form.review() } else { form.focus += 1 }
            } else if key == .backspace, field.editor.text.isEmpty, !field.files.isEmpty {
                field.files.removeLast()
                form.changed = true
            } else if field.editor.handle(key) == .edited {
                form.changed = true
            }
        } else {
            switch field.editor.handle(key) {
            case .submit:
                if form.focus == form.fields.count - 1 { form.fields[form.focus] = field; form.review(); return [] }
                form.focus += 1
            case .edited: form.changed = true
            default: break
            }
        }
        if let i = form.fields.firstIndex(where: { $0.key == field.key }) { form.fields[i] = field }
        return []
    }

    /// The runtime's report on an effect: success closes the form.
    public mutating func finished(_ effect: Effect, error: String?) {
        if let error {
            if case .form(var f) = mode { f.reviewing = false; f.error = error; mode = .form(f) }
            status = (error, true)
            return
        }
        switch effect {
        case .step(let o, let e, _, _):
            mode = .normal
            status = (model.lang.t("app.step_done", o, model.lang.term(e)), false)
        case .fileAppeal(let o, _, _):
            mode = .normal
            status = (model.lang.t("app.appeal_filed_on_the_record_is_frozen", o), false)
        case .ticket(let t):
            mode = .normal
            status = (model.lang.t("app.ticket_step_done", t.ticketId, model.lang.term(t.event)), false)
        case .markMessages:
            break
        case .receiver(let change):
            let n = receiverList.count
            mode = .receivers(selected: min(max(0, n - 1), { if case .receivers(let s, _) = mode { s } else { 0 } }()), confirmRemove: false)
            switch change {
            case .add(let r): status = (model.lang.t("app.receiver_added", r.name), false)
            case .update(let r): status = (model.lang.t("app.receiver_updated", r.name), false)
            case .remove(let id): status = (model.lang.t("app.receiver_removed", id), false)
            }
        case .export(let path, _, let rows):
            status = (model.lang.t("app.exported_rows_to", rows.count, path), false)
        default: break
        }
    }

    public mutating func say(_ text: String, error: Bool = false) { status = (text, error) }

    // MARK: Movement

    mutating func switchTab(_ t: Tab) {
        guard t != tab else { return }
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
