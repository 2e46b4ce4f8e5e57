/// `a`: the actions of a record or ticket, each available or not with the
/// core's reason; Enter opens the chosen action's form.
enum ActionMenuController: ModeController {
    static let placement = Placement.overlay

    static func handle(_ key: Key, app: inout App) -> [Effect] {
        guard case .actionMenu(let target, let items, let selected) = app.mode else { return [] }
        func select(_ i: Int) { app.mode = .actionMenu(target: target, items: items, selected: i) }
        switch app.command(key, in: .actionMenu) {
        case .down: select(min(items.count - 1, selected + 1))
        case .up: select(max(0, selected - 1))
        case .back, .quit: app.mode = .normal
        case .open:
            let item = items[selected]
            if let why = item.unavailableReason { app.status = (why, true); return [] }
            let lang = app.model.lang
            switch item.action {
            case .step(let e, let rules): app.mode = .form(FormState(purpose: .step(orderId: target, event: e), rules: rules, lang: lang))
            case .appeal: return app.run(.appeal)
            case .ticket(let option): app.mode = .form(FormState(ticket: target, option: option, lang: lang, accounts: Array(app.model.state.accounts.values)))
            }
        case .forceQuit: return app.run(.forceQuit)
        default: break
        }
        return []
    }

    static func render(_ app: App, into c: inout Canvas, area: Rect) {
        guard case .actionMenu(let target, let items, let selected) = app.mode else { return }
        let l = app.model.lang
        let inner = app.box(&c, title: app.pane.actionsTitle(target, l), width: 70, height: items.count + 6)
        for (i, item) in items.enumerated() {
            let mark = i == selected ? "▶ " : "  "
            let style = !item.isAvailable ? Style(.muted) : i == selected ? Style(.selected, bold: true, reverse: true) : Style.normal
            c.put(mark + item.title + (item.isAvailable ? "" : l.t("render.unavailable")), x: inner.x, y: inner.y + i, style: style, maxWidth: inner.w)
        }
        if items.indices.contains(selected), let why = items[selected].unavailableReason {
            for (i, line) in Details.breakLine(why, width: inner.w).prefix(2).enumerated() {
                c.put(line, x: inner.x, y: inner.y + items.count + 1 + i, style: Style(.warning))
            }
        }
        c.put(l.t("render.hint_action_menu", app.bindings.label(.open), app.bindings.label(.back)), x: inner.x, y: inner.y + inner.h - 1, style: Style(.muted))
    }
}
