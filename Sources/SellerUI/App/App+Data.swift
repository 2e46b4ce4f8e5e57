import SellerCore

/// The rows of the pane shown: rebuilt from the model when it or the pane's
/// queue or conditions change, with the selection kept on the same item.
extension App {
    mutating func rebuild() {
        if loading != nil, !previewing {
            // Only the pane that lists from the orders view has rows yet.
            data = pane.listsWhileLoading && panes[tab]!.conditions.isEmpty ? preview ?? PaneData(columns: [], rows: []) : PaneData(columns: [], rows: [])
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
}
