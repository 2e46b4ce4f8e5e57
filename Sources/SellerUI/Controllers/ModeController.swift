/// A rectangle of the screen, in cells.
public struct Rect: Sendable, Equatable {
    public var x, y, w, h: Int
    public init(_ x: Int, _ y: Int, _ w: Int, _ h: Int) { self.x = x; self.y = y; self.w = w; self.h = h }
}

/// One mode of the console, in the manner of lazygit's controllers: it owns
/// its keys — read through the command registry in its `KeyContext`, so
/// remapping and `?` cover it — and draws itself into the area it is given.
/// Controllers hold no state of their own: the mode's state is its `App.Mode`
/// case, which the root routes on (App.controller).
protocol ModeController {
    /// Where it draws: in the body (instead of the list), on the status line, or over everything.
    static var placement: Placement { get }
    static func handle(_ key: Key, app: inout App) -> [Effect]
    static func render(_ app: App, into c: inout Canvas, area: Rect)
}

enum Placement { case body, statusLine, overlay }
