import SellerCore

/// 概览: the figures, walked with the list's movement keys (and h/l between
/// the columns); Enter opens the list behind the selected one.
enum DashboardController: ModeController {
    static let placement = Placement.body

    /// The list's keys and mouse, on the overview's figures (App.run hands movement to runOnDashboard).
    static func handle(_ key: Key, app: inout App) -> [Effect] { ListController.handle(key, app: &app) }

    static func render(_ app: App, into c: inout Canvas, area: Rect) { app.drawDashboard(&c) }
}

extension App {
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
        case .columnLeft, .columnRight:
            // The figure beside this one in the other column, nearest by row.
            let lines = dashboardPlacement().lines.filter { $0.figure != nil }
            guard let here = lines.first(where: { $0.figure == figureSelected }) else { return [] }
            let col = here.col + (id == .columnRight ? 1 : -1)
            if let there = lines.filter({ $0.col == col }).min(by: { abs($0.row - here.row) < abs($1.row - here.row) }) { figureSelected = there.figure! }
        case .open:
            guard figures.indices.contains(figureSelected) else { return [] }
            let t = figures[figureSelected].target
            pushBack(to: t.tab)
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

    /// 概览: sections of figures with bars, in two columns when wide.
    func drawDashboard(_ c: inout Canvas) {
        if let loading, !previewing, overviewInputs == nil {
            Chrome.drawLoading(self, &c, fraction: loading, area: body)
            return
        }
        let (placed, colWidth) = dashboardPlacement()
        var offset = [0, 0]
        if let sel = placed.first(where: { $0.figure == figureSelected }), sel.row >= bodyHeight {
            offset[sel.col] = sel.row - bodyHeight + 1
        }
        for p in placed {
            let y = bodyTop + p.row - offset[p.col]
            guard y >= bodyTop, y < bodyTop + bodyHeight else { continue }
            let x = 1 + p.col * colWidth
            if let i = p.figure {
                let selected = i == figureSelected
                c.put(p.text, x: x, y: y, style: selected ? Style(.selected, bold: true, reverse: true) : .normal, maxWidth: colWidth - 1)
                if selected { c.put("▶", x: x, y: y, style: Style(.selected, bold: true, reverse: true)) }
            } else {
                c.put(p.text, x: x, y: y, style: Style(.header, bold: true), maxWidth: colWidth - 1)
            }
        }
    }

    /// Every overview line with its column and row (sections fill the first
    /// column, then the second), and the column width; `h`/`l` move by it too.
    func dashboardPlacement() -> (lines: [(col: Int, row: Int, text: String, figure: Int?)], colWidth: Int) {
        let l = model.lang
        let columns = width >= 120 ? 2 : 1
        let colWidth = (width - 2) / columns
        let sections = DashboardFigure.Section.allCases.filter { s in figures.contains { $0.section == s } }
        // Sections fill the first column, then the second.
        var blocks: [[(text: String, figure: Int?)]] = []
        for s in sections {
            var lines: [(String, Int?)] = [(Dashboard.sectionTitle(s, l), nil)]
            let members = figures.indices.filter { figures[$0].section == s }
            let top = members.map { figures[$0].count }.max() ?? 0
            let labelWidth = min(24, members.map { TextWidth.width(figures[$0].label) }.max() ?? 0)
            for i in members {
                let f = figures[i]
                let label = TextWidth.fit(f.label, to: labelWidth)
                let number = TextWidth.fit(String(f.count), to: 7, alignRight: true)
                let room = max(0, colWidth - labelWidth - 7 - 8)
                let graph = f.series.isEmpty ? Blocks.bar(f.count, max: top, width: min(room, 30), ascii: !unicode)
                                             : Blocks.sparkline(f.series, ascii: !unicode)
                lines.append(("  \(label) \(number)  \(graph)", i))
            }
            lines.append(("", nil))
            blocks.append(lines)
        }
        let total = blocks.reduce(0) { $0 + $1.count }
        let perColumn = columns == 2 ? (total + 1) / 2 : total
        // Place every line (column, row), then scroll the column holding the
        // selection so it is on screen.
        var placed: [(col: Int, row: Int, text: String, figure: Int?)] = []
        var col = 0, row = 0
        for block in blocks {
            if columns == 2, col == 0, row > 0, row + block.count > perColumn { col = 1; row = 0 }
            for line in block { placed.append((col, row, line.text, line.figure)); row += 1 }
        }
        return (placed, colWidth)
    }
}
