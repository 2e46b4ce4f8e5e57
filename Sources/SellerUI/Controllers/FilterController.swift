/// `/`: filter as you type. The field takes the text (TextField's editing
/// keys); `filterDown`/`filterUp` (↑/↓) still move the selection among the rows that match.
enum FilterController: ModeController {
    static let placement = Placement.statusLine

    static func handle(_ key: Key, app: inout App) -> [Effect] {
        guard case .filter(var field) = app.mode else { return [] }
        switch app.bindings.command(key, in: .filter) {
        case .filterDown: return app.run(.down)
        case .filterUp: return app.run(.up)
        default: break
        }
        switch field.handle(key, keys: app.bindings) {
        case .submit: app.mode = .normal
        case .cancel:
            app.mode = .normal
            app.setFilter("")
        case .edited:
            app.mode = .filter(field)
            app.setFilter(field.value)
        default: app.mode = .filter(field)
        }
        return []
    }

    static func render(_ app: App, into c: inout Canvas, area: Rect) {
        guard case .filter(let field) = app.mode else { return }
        let x = c.put("/", x: area.x, y: area.y, style: Style(.accent, bold: true))
        c.put(field.value, x: x, y: area.y, maxWidth: area.w - x)
        c.cursor = (min(area.w - 1, x + field.cursorLine.column), area.y)
    }
}
