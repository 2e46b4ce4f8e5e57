/// Enter: the whole detail of one row, scrolled with the list's movement
/// keys; the row's own commands (`a`, `A`, `m`, `o`) work from here too.
enum FullDetailController: ModeController {
    static let placement = Placement.body

    static func handle(_ key: Key, app: inout App) -> [Effect] {
        guard case .fullDetail(let shown, let scroll) = app.mode else { return [] }
        // Scrolling stops where the last line reaches the bottom.
        let limit = max(0, Details.wrap(Details.lines(app.tab, id: shown, app.model), width: app.width - 2).count - app.bodyHeight)
        let half = app.bodyHeight / 2
        func to(_ s: Int) { app.mode = .fullDetail(id: shown, scroll: max(0, min(limit, s))) }
        switch app.command(key, in: .fullDetail) {
        case .scrollDown: to(scroll + 3)
        case .scrollUp: to(scroll - 3)
        case .down: to(scroll + 1)
        case .up: to(scroll - 1)
        case .halfDown, .pageDown: to(scroll + half)
        case .halfUp, .pageUp: to(scroll - half)
        case .top: to(0)
        case .bottom: to(limit)
        case .back, .quit, .open: app.mode = .normal
        case .forceQuit: return app.run(.forceQuit)
        case let id? where [.markRead, .appeal, .actions, .openRelated].contains(id):
            app.mode = .normal
            return app.run(id)
        default: break
        }
        return []
    }

    static func render(_ app: App, into c: inout Canvas, area: Rect) {
        guard case .fullDetail(let id, let scroll) = app.mode else { return }
        if app.tab == .dashboard { DashboardController.render(app, into: &c, area: area); return }
        TableView.drawDetail(app, &c, area: area, scroll: scroll, id: id)
    }
}
