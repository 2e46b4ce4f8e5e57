import SellerCore

/// What frames every screen: the title bar, the tab bar, the queue bar, the
/// footer's key hints and the status line; and the screens shown instead
/// (too small) or inside the body (still loading).
enum Chrome {
    static func drawTooSmall(_ app: App, _ c: inout Canvas) {
        let l = app.model.lang
        let lines = [l.t("render.terminal_too_small"),
                     l.t("render.need_have", App.minWidth, App.minHeight, app.width, app.height),
                     l.t("render.q_quits")]
        for (i, s) in lines.enumerated() {
            let y = max(0, app.height / 2 - 1) + i
            let x = max(0, (app.width - TextWidth.width(s)) / 2)
            c.put(s, x: x, y: y, style: Style(i == 0 ? .warning : .normal, bold: i == 0))
        }
    }

    /// The rest of the store still loading: a bar, and where to go meanwhile.
    static func drawLoading(_ app: App, _ c: inout Canvas, fraction: Double, area: Rect) {
        let l = app.model.lang
        let barWidth = max(10, min(50, area.w - 10))
        let bar = ProgressBar.text(fraction, width: barWidth, unicode: app.unicode)
        let y = area.y + max(1, area.h / 3)
        c.put(l.t("render.loading_the_rest"), x: area.x + 2, y: y, style: Style(.header, bold: true), maxWidth: area.w - 3)
        c.put("\(bar) \(Int(fraction * 100))%", x: area.x + 2, y: y + 2, style: Style(.accent), maxWidth: area.w - 3)
        c.put(l.t("render.orders_ready_meanwhile"), x: area.x + 2, y: y + 4, style: Style(.muted), maxWidth: area.w - 3)
    }

    static func drawTitle(_ app: App, _ c: inout Canvas) {
        let l = app.model.lang, width = app.width
        c.fill(x: 0, y: 0, width: width, height: 1, style: Style(.title, reverse: true))
        var x = c.put(" \(l.t("render.app_title")) ", x: 0, y: 0, style: Style(.title, bold: true, reverse: true))
        for b in app.badges + (app.readOnly ? ["RO"] : []) { x += c.put("[\(b)] ", x: x, y: 0, style: Style(.badge, bold: true, reverse: true)) }
        let account = l.t("text.parenthetical", app.model.account.name, l.term(app.model.account.role))
        let right = " ✉ \(app.loading == nil || app.previewing || app.overviewInputs != nil ? "\(app.unread)" : "…") \(l.t("render.unread"))  \((app.clock ?? app.model.now).shortDisplay) "
        let middle = "│ \(account) │ \(app.storeLabel) "
        c.put(middle, x: x, y: 0, style: Style(.title, reverse: true), maxWidth: max(0, width - x - TextWidth.width(right)))
        c.put(right, x: max(x, width - TextWidth.width(right)), y: 0, style: Style(.title, reverse: true))
    }

    /// The tab bar: the active pane always in full; the others roomy, tight,
    /// with their names cut shorter and shorter, or as bare numbers — the first
    /// that fits the width (eight panes do not fit 80 columns roomy, nor in
    /// English tight).
    static func drawTabs(_ app: App, _ c: inout Canvas) {
        let l = app.model.lang
        let active = { (t: Tab) in "[ \(t.rawValue) \(t.title(l)) ]" }
        let cut = { (t: Tab, cells: Int) in " \(t.rawValue) " + TextWidth.truncate(t.title(l), to: cells, ellipsis: "") }
        let styles: [(Tab) -> String] = [{ "  \($0.rawValue) \($0.title(l))  " }, { " \($0.rawValue) \($0.title(l))" }]
            + [6, 5, 4, 3].map { cells in { cut($0, cells) } } + [{ " \($0.rawValue)" }]
        let labels = styles.map { inactive in Tab.allCases.map { $0 == app.tab ? active($0) : inactive($0) } }
        let chosen = labels.first { $0.reduce(0) { $0 + TextWidth.width($1) } <= app.width } ?? labels.last!
        var x = 0
        for (t, label) in zip(Tab.allCases, chosen) {
            let on = t == app.tab
            x += c.put(label, x: x, y: 1, style: Style(on ? .activeTab : .tab, bold: on, reverse: on))
        }
    }

    static func drawQueues(_ app: App, _ c: inout Canvas) {
        let width = app.width
        if app.tab == .dashboard {
            // The keys as bound now (keys.json may move them).
            let b = app.bindings
            c.put(app.model.lang.t("render.pick_a_figure_opens_its_list", b.label(.down), b.label(.up), b.label(.open)), x: 1, y: 2, style: Style(.muted), maxWidth: width - 2)
            return
        }
        let l = app.model.lang, data = app.data, pane = app.panes[app.tab]!
        var right = app.pageListed.map { "\($0) / \($0)" } ?? "\(app.visible.count) / \(data.rows.count)"
        if !app.filterText.isEmpty { right = "/\(app.filterText)  " + right }
        if !pane.conditions.isEmpty { right = pane.conditions.summary(l) + "  " + right }
        if let col = pane.sortColumn, col < data.columns.count {
            right = "\(l.t("render.sort")) \(data.columns[col].title)\(pane.descending ? "↓" : "↑")  " + right
        }
        // The counter always shows; queue labels get the room that is left.
        let rightWidth = min(width - 2, TextWidth.cells(right))
        let rightX = width - rightWidth - 1
        c.put(right, x: rightX, y: 2, style: Style(.muted), maxWidth: rightWidth)
        var x = 1
        for (i, q) in data.queues.enumerated() {
            let text = i == pane.queue ? "[\(q.label) \(q.count)]" : " \(q.label) \(q.count) "
            // A queue shows whole or not at all, two cells clear of the counter:
            // a label cut to "全部 13" beside "53 / 53" read as one number.
            guard x + TextWidth.width(text) + 2 <= rightX else {
                if x + 1 + 2 <= rightX { c.put("…", x: x, y: 2, style: Style(.muted)) }
                break
            }
            x += c.put(text + " ", x: x, y: 2, style: Style(i == pane.queue ? .accent : .muted, bold: i == pane.queue))
        }
    }

    /// The footer's hints, whole; when some do not fit, the last place says
    /// `? 更多` (the help lists every key) instead of a hint cut in half.
    /// `? 帮助` stays first either way: it is the one hint everyone needs.
    static func drawFooter(_ app: App, _ c: inout Canvas) {
        let width = app.width, y = app.height - 2, bindings = app.bindings, l = app.model.lang
        let hints = CommandRegistry.available(on: app.tab, readOnly: app.readOnly).filter(\.footer).compactMap { spec -> (id: CommandID, key: String, title: String)? in
            let keys = bindings.keys(for: spec.id)
            return keys.isEmpty ? nil : (spec.id, keys.map(\.label).joined(separator: "/"), spec.title(l))
        }
        func cells(_ h: (id: CommandID, key: String, title: String)) -> Int { TextWidth.width(h.key) + TextWidth.width(h.title) + 3 }
        let all = hints.reduce(1) { $0 + cells($1) }
        var shown = hints
        var more: (id: CommandID, key: String, title: String)?
        if all > width, let help = bindings.keys(for: .help).first {
            more = (.help, help.label, l.t("render.more"))
            var used = 1 + cells(more!)
            shown = Array(shown.prefix { h in used += cells(h); return used <= width })
        }
        var x = 1
        for h in shown + (more.map { [$0] } ?? []) {
            guard x + cells(h) <= width + 2 else { break }
            x += c.put(h.key, x: x, y: y, style: Style(.footerKey, bold: true))
            x += c.put(" \(h.title)  ", x: x, y: y, style: Style(.muted), maxWidth: max(0, width - x))
        }
    }

    /// The last thing said, cut with … so a shortened message does not read as
    /// the whole of it, at a word (or CJK character) boundary, never inside a word.
    static func drawStatus(_ app: App, _ c: inout Canvas, area: Rect) {
        guard let s = app.status else { return }
        c.put(WordWrap.truncate(s.text, to: area.w), x: area.x, y: area.y, style: Style(s.isError ? .error : .normal, bold: s.isError), maxWidth: area.w)
    }
}
