/// What a cell shows and how: roles, not colours, so themes and monochrome
/// terminals decide the look, and state is never shown by colour alone.
public struct Style: Hashable, Sendable {
    public enum Role: UInt8, Sendable, CaseIterable {
        case normal, title, tab, activeTab, header, selected, muted, accent, warning, error, badge, footerKey
    }
    public var role: Role
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ role: Role = .normal, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role; self.bold = bold; self.reverse = reverse; self.underline = underline
    }

    public static let normal = Style()
}

/// A grid of terminal cells drawn by the UI and presented by a terminal
/// backend. Text is placed by display width: a wide character takes its cell
/// and a continuation cell, and is never cut in half at an edge.
public struct Canvas: Sendable {
    public struct Cell: Hashable, Sendable {
        /// The grapheme shown; empty in the right half of a wide character.
        public var text: String
        public var style: Style
        public var isContinuation: Bool { text.isEmpty }
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should rest (an input field's insertion point), if shown.
    public var cursor: (x: Int, y: Int)?

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(text: " ", style: .normal), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell { cells[y * width + x] }

    /// Writes `text` at (x, y), clipped to `maxWidth` cells and the canvas;
    /// returns the number of cells used. The text is sanitised here, as it
    /// enters the cells: control characters become visible symbols and bidi
    /// controls are dropped (Sanitizer), so nothing a customer typed can
    /// steer the terminal, whichever widget drew it.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let text = Sanitizer.line(text)
        let limit = min(width, x + (maxWidth ?? width))
        var col = x
        /// Places one drawn piece; false once the row is full.
        func place(_ piece: String, _ w: Int) -> Bool {
            if w == 0 {
                // Combining marks join the previous cell's grapheme.
                if col > x, col - 1 < width, col - 1 >= 0 {
                    var base = col - 1
                    if cells[y * width + base].isContinuation, base > 0 { base -= 1 }
                    cells[y * width + base].text += piece
                }
                return true
            }
            if col + w > limit {
                // A wide character that does not fit is replaced by a space, not halved.
                if w == 2, col < limit, col >= 0 { clearWide(at: col, y: y); cells[y * width + col] = Cell(text: " ", style: style); col += 1 }
                return false
            }
            if col >= 0 {
                clearWide(at: col, y: y)
                cells[y * width + col] = Cell(text: piece, style: style)
                if w == 2 {
                    clearWide(at: col + 1, y: y)
                    cells[y * width + col + 1] = Cell(text: "", style: style)
                }
            }
            col += w
            return true
        }
        // An emoji sequence is drawn as its pieces (TextWidth), one cell run each,
        // so ncurses and the terminal count the same cells.
        outer: for ch in text {
            // One scalar drawn as it is (ASCII, CJK, a plain emoji): no pieces to build.
            if ch.isASCII || TextWidth.drawnAsIs(ch) {
                if !place(String(ch), TextWidth.width(of: ch)) { break }
                continue
            }
            for (piece, w) in TextWidth.pieces(of: ch) where !place(piece, w) { break outer }
        }
        return col - x
    }

    /// Overwriting half of a wide character blanks its other half.
    private mutating func clearWide(at x: Int, y: Int) {
        guard x >= 0, x < width else { return }
        let i = y * width + x
        if cells[i].isContinuation, x > 0 { cells[i - 1] = Cell(text: " ", style: cells[i - 1].style) }
        if x + 1 < width, cells[i + 1].isContinuation, !cells[i].isContinuation { cells[i + 1] = Cell(text: " ", style: cells[i + 1].style) }
    }

    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: Style = .normal) {
        guard w > 0, h > 0 else { return }
        for row in max(0, y)..<min(height, y + h) {
            // A wide character cut by either edge is blanked whole: a terminal
            // cannot show half of one, and a half left behind shifted the row.
            clearWide(at: max(0, x), y: row)
            clearWide(at: min(width, x + w) - 1, y: row)
            for col in max(0, x)..<min(width, x + w) { cells[row * width + col] = Cell(text: " ", style: style) }
        }
    }

    /// The text of each row, continuation cells skipped: what a screen shows.
    public func lines() -> [String] {
        (0..<height).map { row in
            var s = ""
            for col in 0..<width { s += cells[row * width + col].text }
            return s
        }
    }

    public func row(_ y: Int) -> ArraySlice<Cell> { cells[(y * width)..<((y + 1) * width)] }
}
