import Testing
@testable import SellerCore
@testable import SellerUI

/// A terminal as tmux or xterm keeps one: a wide glyph takes two cells, and
/// writing into either half of it blanks the other half. `present` sends what
/// CursesTerminal.present sends: every cell of each row that changed.
struct VirtualTerminal {
    let width: Int, height: Int
    private var grid: [[String]]
    private var previous: Canvas?

    init(width: Int, height: Int) {
        self.width = width; self.height = height
        grid = Array(repeating: Array(repeating: " ", count: width), count: height)
    }

    private mutating func write(_ text: String, x: Int, y: Int) {
        let w = TextWidth.width(text)
        func split(_ x: Int) {
            guard x < width else { return }
            if grid[y][x].isEmpty, x > 0 { grid[y][x - 1] = " " }
            if !grid[y][x].isEmpty, x + 1 < width, grid[y][x + 1].isEmpty { grid[y][x + 1] = " " }
        }
        split(x)
        if w == 2 { guard x + 1 < width else { return }; split(x + 1) }
        grid[y][x] = text
        if w == 2 { grid[y][x + 1] = "" }
    }

    mutating func present(_ c: Canvas) {
        let full = previous.map { $0.width != c.width || $0.height != c.height } ?? true
        if full { grid = Array(repeating: Array(repeating: " ", count: width), count: height) }
        for y in 0..<c.height {
            if !full, let p = previous, p.row(y) == c.row(y) { continue }
            for x in 0..<c.width where !c[x, y].isContinuation {
                if y == c.height - 1, x == c.width - 1, TextWidth.width(c[x, y].text) > 1 { continue }
                write(c[x, y].text, x: x, y: y)
            }
        }
        previous = c
    }

    var lines: [String] { grid.map { $0.joined() } }
}

/// Issue 14 item 4: an overlay drawn over half of a wide glyph once left the
/// glyph's other half on the canvas, so the terminal showed rows with missing
/// characters and stray `│`, a box one cell off, and rubbish after it closed.
@Suite struct OverlayRepaintTests {
    /// Every continuation cell follows a wide glyph and every wide glyph has one.
    static func consistent(_ c: Canvas) -> String? {
        for y in 0..<c.height {
            for x in 0..<c.width {
                let cell = c[x, y]
                if cell.isContinuation, x == 0 || TextWidth.width(c[x - 1, y].text) != 2 { return "row \(y) col \(x): a continuation without its glyph" }
                if TextWidth.width(cell.text) == 2, x + 1 < c.width, !c[x + 1, y].isContinuation { return "row \(y) col \(x): half a wide glyph" }
            }
        }
        return nil
    }

    /// The rows that differ, numbered, for a readable failure.
    static func diff(_ a: [String], _ b: [String]) -> String {
        zip(a, b).enumerated().filter { $0.element.0 != $0.element.1 }.map { "row \($0.offset):\n  \($0.element.0)\n  \($0.element.1)" }.joined(separator: "\n")
    }

    /// Opens with `open`, closes with `close`; at every frame the terminal shows
    /// exactly the canvas, and afterwards the screen is the one before (the
    /// status line aside: a refusal may have been said there).
    func check(_ start: [Key], open: [Key], close: [Key], width: Int, height: Int) {
        var app = Demo.app(width: width, height: height, start: .dashboard)
        var term = VirtualTerminal(width: width, height: height)
        for k in start { app.handle(k); term.present(app.render()) }
        let before = Array(app.screen.dropLast())
        for k in open + close {
            app.handle(k)
            let c = app.render()
            term.present(c)
            if let why = Self.consistent(c) { Issue.record("\(width)×\(height) \(open) after \(k): \(why)"); return }
            if term.lines != c.lines() {
                Issue.record("\(width)×\(height) \(open) after \(k): the terminal differs from the canvas\n\(Self.diff(term.lines, c.lines()))")
                return
            }
        }
        let after = Array(app.screen.dropLast())
        #expect(after == before, "\(width)×\(height) \(open): closing leaves the screen it opened on\n\(Self.diff(after, before))")
    }

    static let sizes = [(80, 24), (120, 40), (200, 60)]

    @Test(arguments: sizes) func everyOverlayOpensAndClosesCleanly(width: Int, height: Int) {
        // The defect as reported: 4 ] R n Esc Esc.
        check([.char("4"), .char("]")], open: [.char("R"), .char("n")], close: [.escape, .escape], width: width, height: height)
        check([.char("4")], open: [.char("?")], close: [.escape], width: width, height: height)
        check([.char("4")], open: [.enter], close: [.escape], width: width, height: height)
        check([.char("1")], open: [.char("?")], close: [.char("q")], width: width, height: height)
        check([.char("1")], open: [.char("A")], close: [.escape], width: width, height: height)
        check([.char("2"), .char("]"), .char("]"), .char("]"), .char("]")], open: [.char("a")], close: [.escape], width: width, height: height)
        check([.char("2")], open: [.char("A")], close: [.escape], width: width, height: height)
        check([.char("3"), .char("]")], open: [.char("a")], close: [.escape], width: width, height: height)
        check([.char("5")], open: [.char("?")], close: [.escape], width: width, height: height)
        check([.char("0")], open: [.char("?")], close: [.escape], width: width, height: height)
    }

    @Test func aFillCuttingAWideGlyphBlanksItWhole() {
        var c = Canvas(width: 10, height: 1)
        c.put("标题类别", x: 0, y: 0)
        c.fill(x: 1, y: 0, width: 4, height: 1)
        #expect(Self.consistent(c) == nil)
        #expect(c.lines() == ["      别  "])
        var d = Canvas(width: 4, height: 1)
        d.put("ab", x: 0, y: 0)
        d.put("标", x: 1, y: 0, maxWidth: 1)
        d.put("标题", x: 0, y: 0)
        d.put("x", x: 0, y: 0, maxWidth: 3)
        #expect(Self.consistent(d) == nil && d.lines() == ["x 题"])
    }
}
