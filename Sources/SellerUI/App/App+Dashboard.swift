import SellerCore

/// The overview's own keys, and mouse clicks.
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

    public mutating func say(_ text: String, error: Bool = false) { status = (text, error) }
}
