import SellerCore

/// One key in, by mode: each overlay takes its own keys before the registry does.
extension App {
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
            case .tab:
                complete(&field)
                mode = .commandLine(field, history: history)
                return []
            default: completions = []
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
        case .fullDetail(let shown, let scroll):
            // Scrolling stops where the last line reaches the bottom.
            let limit = max(0, Details.wrap(Details.lines(tab, id: shown, model), width: width - 2).count - bodyHeight)
            func to(_ s: Int) { mode = .fullDetail(id: shown, scroll: max(0, min(limit, s))) }
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
                if let id = keyMap[key], [.markRead, .appeal, .actions, .openRelated].contains(id) { mode = .normal; return run(id) }
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
                    let form = FormState(ticket: target, option: option, lang: model.lang, accounts: Array(model.state.accounts.values))
                    mode = .form(form)
                }
            case .ctrl("c"): return run(.forceQuit)
            default: break
            }
            return []
        case .receivers(let selected, let confirm):
            return handleReceivers(key, selected: selected, confirmRemove: confirm)
        case .confirm(let question):
            mode = .normal
            if key == .char("y") { return question.effects }
            status = (model.lang.t("app.cancelled"), false)
            return []
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
                // A key that changes data, pressed in read-only mode: say why
                // nothing happens rather than that the key is unbound.
                if readOnly, let absent = bindings.keyMap(for: tab, readOnly: false)[key], CommandRegistry.spec(absent).mutating {
                    status = (model.lang.t("app.read_only_mode", key.label), true)
                } else if case .char(let c) = key {
                    status = (model.lang.t("app.no_command_on_for_help", c), false)
                }
                return []
            }
            return run(id)
        }
    }
}
