/// A key press, as the UI sees it; the terminal backend translates.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)       // Ctrl-a … Ctrl-z, lower-case letter
    case alt(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace, delete
    case function(Int)
    case resize
    /// Mouse, only when the user turned it on (`--mouse`).
    case click(x: Int, y: Int)
    case wheelUp, wheelDown

    /// How help and the footer write it: `j`, `Ctrl-d`, `Enter`, `Shift-Tab`.
    public var label: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .ctrl(let c): "Ctrl-\(c)"
        case .alt(let c): "Alt-\(c)"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .function(let n): "F\(n)"
        case .resize: "Resize"
        case .click: "Click"
        case .wheelUp: "WheelUp"
        case .wheelDown: "WheelDown"
        }
    }

    /// Parses a label back (for key maps): `Ctrl-d`, `Enter`, `g`, `F1`.
    public init?(label s: String) {
        let named: [String: Key] = ["Space": .char(" "), "Up": .up, "↑": .up, "Down": .down, "↓": .down, "Left": .left, "←": .left,
                                    "Right": .right, "→": .right, "Home": .home, "End": .end, "PgUp": .pageUp, "PgDn": .pageDown,
                                    "Enter": .enter, "Esc": .escape, "Tab": .tab, "Shift-Tab": .backTab, "Backspace": .backspace,
                                    "Delete": .delete, "WheelUp": .wheelUp, "WheelDown": .wheelDown]
        if let k = named[s] { self = k; return }
        if s.hasPrefix("Ctrl-"), s.count == 6 { self = .ctrl(Character(s.suffix(1).lowercased())); return }
        if s.hasPrefix("Alt-"), s.count == 5 { self = .alt(s.last!); return }
        if s.hasPrefix("F"), let n = Int(s.dropFirst()), (1...12).contains(n) { self = .function(n); return }
        if s.count == 1 { self = .char(s.first!); return }
        return nil
    }
}
