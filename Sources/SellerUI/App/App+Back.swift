/// A place to return to: the tab left and how it looked, and how the tab
/// jumped to looked before the jump (so going back undoes the jump's filters).
struct BackStep: Sendable {
    var from: Tab
    var fromPane: App.PaneState
    var to: Tab
    var toPane: App.PaneState
    var figure: Int
}

/// `Esc` (and `q` below the top level) goes back one step, as in k9s or
/// lazygit: first the `/` filter, then a jump or drill-down, then the `:`
/// conditions. Only with none of them left does `q` quit.
extension App {
    mutating func pushBack(to target: Tab) {
        backStack.append(BackStep(from: tab, fromPane: panes[tab]!, to: target, toPane: panes[target]!, figure: figureSelected))
        if backStack.count > 50 { backStack.removeFirst() }
    }

    /// Takes one step back; false when already at the top level.
    mutating func stepBack() -> Bool {
        if !filterText.isEmpty { setFilter(""); return true }
        if let step = backStack.last, step.to == tab {
            backStack.removeLast()
            panes[step.to] = step.toPane
            panes[step.from] = step.fromPane
            figureSelected = step.figure
            if step.from == tab { rebuild() } else { switchTab(step.from) }
            return true
        }
        if !panes[tab]!.conditions.isEmpty {
            panes[tab]!.conditions = Conditions()
            panes[tab]!.keep = []
            rebuild()
            status = (model.lang.t("app.conditions_cleared"), false)
            return true
        }
        return false
    }
}
