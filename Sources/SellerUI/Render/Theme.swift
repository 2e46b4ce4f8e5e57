/// How roles look: a colour pair and extra attributes per role. Themes only
/// colour what the UI already marks with text, symbols, bold or reverse video,
/// so the monochrome theme (and NO_COLOR) loses no information.
public struct Theme: Sendable, Equatable {
    public enum Color: Int16, Sendable { case terminalDefault = -1, black = 0, red, green, yellow, blue, magenta, cyan, white }

    public struct Look: Sendable, Equatable {
        public var foreground: Color
        public var background: Color
        public var bold = false
        public init(_ fg: Color, _ bg: Color = .terminalDefault, bold: Bool = false) { foreground = fg; background = bg; self.bold = bold }
    }

    public var name: String
    /// nil: no colour at all (attributes only).
    public var looks: [Style.Role: Look]?

    public static let dark = Theme(name: "dark", looks: [
        .title: Look(.cyan), .activeTab: Look(.cyan), .accent: Look(.cyan), .warning: Look(.yellow), .error: Look(.red),
        .badge: Look(.yellow), .footerKey: Look(.cyan), .header: Look(.blue), .selected: Look(.cyan),
    ])
    public static let light = Theme(name: "light", looks: [
        .title: Look(.blue), .activeTab: Look(.blue), .accent: Look(.blue), .warning: Look(.magenta), .error: Look(.red),
        .badge: Look(.magenta), .footerKey: Look(.blue), .header: Look(.black, bold: true), .selected: Look(.blue),
        .muted: Look(.black),
    ])
    public static let highContrast = Theme(name: "high-contrast", looks: [
        .normal: Look(.white, .black), .title: Look(.black, .white, bold: true), .tab: Look(.white, .black),
        .activeTab: Look(.black, .yellow, bold: true), .accent: Look(.yellow, .black, bold: true), .warning: Look(.yellow, .black, bold: true),
        .error: Look(.white, .red, bold: true), .badge: Look(.black, .yellow, bold: true), .footerKey: Look(.yellow, .black, bold: true),
        .header: Look(.white, .black, bold: true), .selected: Look(.black, .white, bold: true), .muted: Look(.white, .black),
    ])
    public static let monochrome = Theme(name: "monochrome", looks: nil)

    public static let all: [Theme] = [.dark, .light, .highContrast, .monochrome]

    public static func named(_ name: String) -> Theme? { all.first { $0.name == name.lowercased() } }
}
