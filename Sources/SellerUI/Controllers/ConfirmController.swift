/// A question on the status line before something that changes a lot at
/// once (`M`): `y` runs its effects, any other key cancels.
enum ConfirmController: ModeController {
    static let placement = Placement.statusLine

    static func handle(_ key: Key, app: inout App) -> [Effect] {
        guard case .confirm(let question) = app.mode else { return [] }
        app.mode = .normal
        if app.command(key, in: .confirm) == .accept { return question.effects }
        app.status = (app.model.lang.t("app.cancelled"), false)
        return []
    }

    static func render(_ app: App, into c: inout Canvas, area: Rect) {
        guard case .confirm(let question) = app.mode else { return }
        c.put(question.prompt, x: area.x, y: area.y, style: Style(.warning, bold: true), maxWidth: area.w)
    }
}
