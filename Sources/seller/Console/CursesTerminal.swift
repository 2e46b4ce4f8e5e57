import CNcursesw
import Foundation
import SellerUI

/// Presents a Canvas through ncursesw and reads keys. The only place with
/// curses calls; everything it shows was drawn by SellerUI.
final class CursesTerminal {
    private let screen: OpaquePointer
    private var previous: Canvas?
    private var colors = false
    private var pairs: [Style.Role: Int16] = [:]

    enum Failure: Error, CustomStringConvertible {
        case notATerminal, cannotDrive(String)
        var description: String {
            switch self {
            case .notATerminal:
                "the console needs a terminal on standard input and output; use the scripted commands instead (seller --help)"
            case .cannotDrive(let term):
                "cannot drive this terminal (TERM=\(term.isEmpty ? "unset" : term)); use the scripted commands instead (seller --help)"
            }
        }
    }

    init(theme: Theme) throws {
        guard isatty(0) == 1, isatty(1) == 1 else { throw Failure.notATerminal }
        setlocale(LC_ALL, "")
        // Without a UTF-8 ctype ncursesw drops CJK and get_wch cannot decode it.
        // The user's own locale still says whether block characters will show.
        // (A UTF-8 name in LC_ALL / LC_CTYPE / LANG counts even when that locale
        // is not installed here: the terminal is what it names.)
        let env = ProcessInfo.processInfo.environment
        let named = (env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"] ?? "")
            .lowercased().replacingOccurrences(of: "-", with: "")
        let codesetUTF8 = String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
        localeIsUTF8 = codesetUTF8 || named.contains("utf8")
        if !codesetUTF8 { setlocale(LC_CTYPE, "C.UTF-8") }
        if ProcessInfo.processInfo.environment["ESCDELAY"] == nil { set_escdelay(25) }
        // Exported LINES/COLUMNS would pin the size and hide resizes.
        unsetenv("LINES")
        unsetenv("COLUMNS")
        TerminalRestore.saveTermios()
        TerminalRestore.unblockSignals()
        guard let s = newterm(nil, shim_stdout(), shim_stdin()) else {
            throw Failure.cannotDrive(ProcessInfo.processInfo.environment["TERM"] ?? "")
        }
        screen = s
        TerminalRestore.install()
        raw()
        noecho()
        nonl()
        keypad(shim_stdscr(), true)
        wtimeout(shim_stdscr(), tick)
        apply(theme)
    }

    /// How long `nextKey` waits before reporting idle, in ms: the run loop's
    /// heartbeat (other consoles' changes, the clock, a background load).
    var tick: Int32 = 250 {
        didSet { wtimeout(shim_stdscr(), tick) }
    }

    /// A screen writing to `output` (a file), for `seller bench` to count the
    /// bytes a step sends to the terminal. No signals, no tty.
    init(benchmarkOutput output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>, width: Int, height: Int) throws {
        setlocale(LC_ALL, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
        guard let s = newterm("xterm-256color", output, input) else { throw Failure.cannotDrive("xterm-256color") }
        screen = s
        resize_term(Int32(height), Int32(width))
        apply(.dark)
    }

    private var extraBold: Set<Style.Role> = []
    /// Whether the user's locale was UTF-8 (else bars and sparklines use ASCII).
    private(set) var localeIsUTF8 = true

    /// Mouse reporting on or off. Off (the default) leaves clicks and drags to
    /// the terminal, so text can be selected and copied as usual.
    func enableMouse(_ on: Bool) { _ = shim_enable_mouse(on ? 1 : 0) }

    /// Colour pairs from the theme; the monochrome theme leaves colour off.
    func apply(_ theme: Theme) {
        colors = false
        pairs = [:]
        extraBold = []
        guard let looks = theme.looks, has_colors() else { return }
        start_color()
        use_default_colors()
        colors = true
        for (i, role) in Style.Role.allCases.enumerated() {
            guard let look = looks[role] else { continue }
            init_pair(Int16(i + 1), look.foreground.rawValue, look.background.rawValue)
            pairs[role] = Int16(i + 1)
            if look.bold { extraBold.insert(role) }
        }
        previous = nil // redraw everything in the new colours
    }

    var size: (width: Int, height: Int) {
        var h: Int32 = 0, w: Int32 = 0
        shim_getmaxyx(shim_stdscr(), &h, &w)
        return (Int(w), Int(h))
    }

    /// Draws only the rows that changed since the last frame; ncurses then
    /// sends the terminal only the cells that differ. Never clear() per frame.
    func present(_ c: Canvas) {
        let full = previous.map { $0.width != c.width || $0.height != c.height } ?? true
        if full { werase(shim_stdscr()) }
        let win = shim_stdscr()
        for y in 0..<c.height {
            if !full, let p = previous, p.row(y) == c.row(y) { continue }
            for x in 0..<c.width {
                let cell = c[x, y]
                if cell.isContinuation { continue }
                // The last cell of the screen cannot take a wide character.
                if y == c.height - 1, x == c.width - 1, TextWidth.width(cell.text) > 1 { continue }
                var attrs: attr_t = 0
                if cell.style.bold || extraBold.contains(cell.style.role) { attrs |= shim_a_bold() }
                if cell.style.reverse { attrs |= shim_a_reverse() }
                if cell.style.underline { attrs |= shim_a_underline() }
                if cell.style.role == .muted { attrs |= shim_a_dim() }
                let pair = colors ? (pairs[cell.style.role] ?? 0) : 0
                var wide = cell.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
                var cc = cchar_t()
                setcchar(&cc, &wide, attrs, pair, nil)
                mvwadd_wch(win, Int32(y), Int32(x), &cc)
            }
        }
        if let cur = c.cursor {
            curs_set(1)
            wmove(win, Int32(cur.y), Int32(cur.x))
        } else {
            curs_set(0)
        }
        wnoutrefresh(win)
        doupdate()
        previous = c
    }

    /// Reads that fail at once instead of waiting out the timeout: the
    /// terminal went away (its window was closed without a hang-up signal).
    private var instantFailures = 0
    var terminalGone: Bool { instantFailures > 40 }

    /// The next key, or nil when 250 ms pass without one (time to poll the store).
    func nextKey() -> Key? {
        var ch: wint_t = 0
        let started = Date()
        let rc = wget_wch(shim_stdscr(), &ch)
        if rc == ERR {
            instantFailures = Date().timeIntervalSince(started) < 0.05 ? instantFailures + 1 : 0
            return nil
        }
        instantFailures = 0
        if rc == KEY_CODE_YES {
            switch Int32(ch) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_NPAGE: return .pageDown
            case KEY_PPAGE: return .pageUp
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_BTAB: return .backTab
            case KEY_ENTER: return .enter
            case KEY_RESIZE: previous = nil; return .resize
            case KEY_MOUSE:
                var x: Int32 = 0, y: Int32 = 0
                switch shim_mouse_event(&x, &y) {
                case 1: return .click(x: Int(x), y: Int(y))
                case 4: return .wheelUp
                case 5: return .wheelDown
                default: return nil
                }
            case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(Int32(ch) - KEY_F0))
            default: return nil
            }
        }
        guard rc == OK else { return nil }
        switch ch {
        case 0x1B:
            // ESC then a key within the ESC delay is Alt+key.
            wtimeout(shim_stdscr(), 0)
            var next: wint_t = 0
            let r2 = wget_wch(shim_stdscr(), &next)
            wtimeout(shim_stdscr(), tick)
            if r2 == OK, next >= 0x20, next != 0x7F, let u = Unicode.Scalar(UInt32(next)) { return .alt(Character(u)) }
            return .escape
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x7F, 0x08: return .backspace
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(UInt8(ch) + 0x60)))
        default:
            guard ch >= 0x20, let u = Unicode.Scalar(UInt32(ch)) else { return nil }
            return .char(Character(u))
        }
    }

    var stopRequested: Bool { stopSignal != 0 || terminalGone }

    /// Ctrl-L: the next frame clears the terminal and sends every cell,
    /// whatever another program or a lost byte left there.
    func repaintAll() {
        previous = nil
        clearok(shim_stdscr(), true)
    }

    /// Ctrl-Z: leave curses, stop, and come back drawing everything.
    func suspend() {
        endwin()
        raise(SIGTSTP)
        refresh()
        previous = nil
    }

    func close() {
        endwin()
        delscreen(screen)
    }
}
