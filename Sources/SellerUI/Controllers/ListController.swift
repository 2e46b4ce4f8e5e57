import SellerCore

/// The lists (every pane but the overview): moving, switching panes and
/// queues, sorting, and the commands that open the other modes. Its keys are
/// the registry's list context on the current tab.
enum ListController: ModeController {
    static let placement = Placement.body

    static func handle(_ key: Key, app: inout App) -> [Effect] {
        // A click is where it lands, not a key: the one input no command names.
        if case .click(let x, let y) = key { app.click(x: x, y: y); return [] }
        guard let id = app.keyMap[key] else {
            app.unbound(key)
            return []
        }
        return app.run(id)
    }

    /// The table, and the detail of the selected row beside or below it.
    static func render(_ app: App, into c: inout Canvas, area: Rect) {
        TableView.drawTable(app, &c)
        if app.showDetail {
            TableView.drawSeparator(app, &c)
            TableView.drawDetail(app, &c, area: app.detailArea, scroll: 0)
        }
    }
}

extension App {
    /// A key no command of this tab has. One that changes data, pressed in
    /// read-only mode, says why nothing happens rather than that it is unbound.
    mutating func unbound(_ key: Key) {
        if readOnly, let absent = bindings.keyMap(for: tab, readOnly: false)[key], CommandRegistry.spec(absent).mutating {
            status = (model.lang.t("app.read_only_mode", key.label), true)
        } else if case .char(let c) = key {
            status = (model.lang.t("app.no_command_on_for_help", c), false)
        }
    }

    /// Runs a command from the registry (a key of the list context, or one a
    /// mode hands on: the full detail's `a`, `A`, `m`, `o`).
    mutating func run(_ id: CommandID) -> [Effect] {
        if loading != nil, !CommandRegistry.whileLoading.contains(id), !worksOnPreview(id) {
            status = (previewing ? model.lang.t("app.still_loading_preview") : model.lang.t("app.still_loading"), true)
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
        case let id where id.pane != nil:
            backStack = []
            switchTab(id.pane!)
        case .nextPane: backStack = []; switchTab(Tab(rawValue: (tab.rawValue + 1) % Tab.allCases.count)!)
        case .prevPane: backStack = []; switchTab(Tab(rawValue: (tab.rawValue + Tab.allCases.count - 1) % Tab.allCases.count)!)
        case .down: move(by: 1)
        case .up: move(by: -1)
        case .scrollDown: move(by: 3)
        case .scrollUp: move(by: -3)
        case .top: move(to: 0)
        case .bottom: move(to: visible.count - 1)
        case .halfDown: move(by: half)
        case .halfUp: move(by: -half)
        case .pageDown: move(by: tableHeight)
        case .pageUp: move(by: -tableHeight)
        case .toggleDetail: showDetail.toggle()
        case .filter:
            // Indexed here, so the first key typed only searches.
            data.indexSearch()
            mode = .filter(TextField(filterText))
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
            let n = pane.queueCount
            guard n > 0 else { return [] }
            panes[tab]!.queue = (panes[tab]!.queue + (id == .nextQueue ? 1 : n - 1)) % n
            panes[tab]!.selected = 0
            panes[tab]!.selectedId = nil
            panes[tab]!.keep = []
            rebuild()
        case .nextMatch, .prevMatch:
            // After `/` every row shown matches: n / N step through them and wrap.
            guard !filterText.isEmpty, !visible.isEmpty else {
                status = (model.lang.t("app.no_filter_for_n"), false)
                return []
            }
            move(to: (panes[tab]!.selected + (id == .nextMatch ? 1 : visible.count - 1)) % visible.count)
        case .commandLine: mode = .commandLine(TextField(""), history: nil)
        case .receivers: mode = .receivers(selected: 0, confirmRemove: false)
        case .export:
            // Offered on the command line so the file name can be changed first.
            mode = .commandLine(TextField("export \(suggestedExportName())"), history: nil)
        case .markAllRead: askToMarkShownRead()
        case .undo: return undoLastMark()
        case .redraw: return [.redraw]
        case .columnLeft, .columnRight: break // the overview's (runOnDashboard)
        case .open, .actions, .appeal, .markRead, .issueInvoice, .openRelated: return runOnRow(id)
        case .yes, .no, .accept, .nextField, .prevField, .review, .addReceiver, .editReceiver, .removeReceiver,
             .filterDown, .filterUp, .historyPrev, .historyNext, .complete, .choiceNext, .choicePrev, .addFile, .removeFile,
             .cursorLeft, .cursorRight, .wordLeft, .wordRight, .lineStart, .lineEnd, .lineUp, .lineDown,
             .deleteBack, .deleteForward, .killToEnd, .killToStart, .killWord, .submitField, .cancelField:
            break // the overlays' and text fields' own (their controllers)
        default: break
        }
        return []
    }

    // MARK: Movement

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
}
