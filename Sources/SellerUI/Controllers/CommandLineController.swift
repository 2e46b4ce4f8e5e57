import SellerCore

/// `:`: the command line. The field takes the text; `historyPrev`/`historyNext`
/// (↑/↓) recall earlier lines, `complete` (Tab) completes, Enter runs the line
/// (CommandLineParser reads it).
enum CommandLineController: ModeController {
    static let placement = Placement.statusLine

    static func handle(_ key: Key, app: inout App) -> [Effect] {
        guard case .commandLine(var field, let history) = app.mode else { return [] }
        switch app.bindings.command(key, in: .commandLine) {
        case let id? where id == .historyPrev || id == .historyNext:
            let past = app.commandHistory
            guard !past.isEmpty else { return [] }
            var i = history ?? past.count
            i = id == .historyPrev ? max(0, i - 1) : min(past.count, i + 1)
            app.mode = .commandLine(TextField(i < past.count ? past[i] : ""), history: i)
            return []
        case .complete:
            app.complete(&field)
            app.mode = .commandLine(field, history: history)
            return []
        default: app.completions = []
        }
        switch field.handle(key, keys: app.bindings) {
        case .submit:
            app.mode = .normal
            return app.runCommandLine(field.value)
        case .cancel: app.mode = .normal
        default: app.mode = .commandLine(field, history: history)
        }
        return []
    }

    /// The line as typed, and the choices Tab found after it.
    static func render(_ app: App, into c: inout Canvas, area: Rect) {
        guard case .commandLine(let field, _) = app.mode else { return }
        let (y, width) = (area.y, area.w)
        let x = c.put(":", x: area.x, y: y, style: Style(.accent, bold: true))
        let used = c.put(field.value, x: x, y: y, maxWidth: width - x)
        if !app.completions.isEmpty, x + used + 3 < width {
            c.put(TextWidth.truncate(app.completions.joined(separator: "  "), to: width - x - used - 3), x: x + used + 3, y: y, style: Style(.muted))
        }
        c.cursor = (min(width - 1, x + field.cursorLine.column), y)
    }
}

/// Tab on the `:` line completes the verb, then its value (a column for
/// `:sort`, a status for `:status`, a product type for `:type`): the longest
/// common prefix of what matches, the choices on the status line when several do.
extension App {
    mutating func complete(_ field: inout TextField) {
        let text = field.value
        let verbs = CommandLineVerb.allCases.filter { $0.works(on: tab, roles: data.roles) }.map(\.rawValue)
        let candidates: [String]
        let head: String
        if let space = text.firstIndex(of: " ") {
            let verb = String(text[..<space]).lowercased()
            let value = String(text[text.index(after: space)...]).trimmingSpaces
            head = verb + " "
            let values: [String]
            switch verb {
            case "sort": values = data.columns.map(\.title).filter { !$0.isEmpty }
            case "status": values = pane.statusNames(model.lang)
            case "type": values = ProductType.allCases.map(\.rawValue)
            case "category": values = MessageCategory.names.keys.sorted().map(String.init)
            default: values = []
            }
            candidates = values.filter { $0.lowercased().hasPrefix(value.lowercased()) }
        } else {
            head = ""
            candidates = verbs.filter { $0.hasPrefix(text.lowercased()) }
        }
        completions = []
        guard let first = candidates.first else { return }
        if candidates.count == 1 {
            field = TextField(head + first + " ")
            return
        }
        var common = first
        for c in candidates.dropFirst() { while !c.lowercased().hasPrefix(common.lowercased()) { common.removeLast() } }
        if common.count > field.value.count - head.count { field = TextField(head + common) }
        completions = candidates
    }

    /// Runs a `:` line: remembers it, then applies filters or asks for an export.
    mutating func runCommandLine(_ text: String) -> [Effect] {
        let line = text.trimmingSpaces
        guard !line.isEmpty else { return [] }
        if commandHistory.last != line { commandHistory.append(line) }
        if commandHistory.count > 200 { commandHistory.removeFirst(commandHistory.count - 200) }
        switch CommandLineParser.parse(line, tab: tab, current: panes[tab]!.conditions, lang: model.lang, columns: data.columns.map(\.title), roles: data.roles) {
        case .sort(let col, let descending):
            panes[tab]!.sortColumn = col
            panes[tab]!.descending = descending
            refilter()
            status = (model.lang.t("app.sorted_by", data.columns[col].title) + (descending ? "↓" : "↑"), false)
        case .error(let why):
            status = (why, true)
        case .conditions(let c):
            panes[tab]!.conditions = c
            panes[tab]!.keep = []
            panes[tab]!.selected = 0
            rebuild()
            status = (c.isEmpty ? model.lang.t("app.conditions_cleared") : c.summary(model.lang), false)
        case .export(let path):
            let rows = visible.map { data.rows[$0].cells }
            return [.export(path: path, headers: data.columns.map(\.title), rows: rows)]
        }
        return []
    }

}
