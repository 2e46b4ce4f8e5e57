import Testing
@testable import SellerUI

/// Issue 15 item 11: one width per grapheme cluster, agreeing with the
/// terminal. Measured in tmux 3.3a (`new-session -x 80`, the sequence printed,
/// `display -p '#{cursor_x}'`; glibc 2.36): the "tmux" column is how far the
/// cursor moved for the raw sequence. Where tmux joins what ncurses cannot put
/// in one cell (an emoji after ZWJ) or ignores what other terminals honour
/// (VS16), the console draws the sequence's `pieces` instead — ZWJ, VS15/VS16
/// and tags left out — and the "cells" column is what those take, in tmux,
/// xterm and ncurses alike. `ConsoleEmojiE2ETests` checks it in a real tmux.
@Suite struct TextWidthTableTests {
    /// (sequence, cells drawn, tmux's advance for the raw sequence, what)
    static let table: [(String, Int, Int, String)] = [
        ("a", 1, 1, "ASCII"), ("中", 2, 2, "CJK"), ("ｱ", 1, 1, "halfwidth katakana"), ("Ａ", 2, 2, "fullwidth Latin"),
        ("e\u{301}", 1, 1, "e + combining acute"),
        ("👍", 2, 2, "emoji"), ("👍🏽", 4, 4, "emoji + skin tone: tmux shows the tone beside it"),
        ("👩🏿", 4, 4, "woman + skin tone"), ("✋🏽", 4, 4, "BMP emoji + skin tone"),
        ("👨‍👩‍👧‍👦", 8, 2, "ZWJ family: tmux joins after ZWJ; drawn as its four people"),
        ("🧑🏽‍💻", 6, 4, "ZWJ with skin tone"), ("👩‍❤️‍👨", 5, 2, "couple with heart (ZWJ, VS16)"),
        ("🏳️‍🌈", 3, 1, "rainbow flag (VS16, ZWJ)"),
        ("🇨🇳", 2, 2, "flag (two regional indicators, one cell each)"), ("🇨", 1, 1, "a lone regional indicator"),
        ("🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", 2, 2, "tag sequence flag"),
        ("❤️", 1, 1, "text-default heart + VS16: tmux keeps it narrow"), ("❤︎", 1, 1, "heart + VS15"), ("❤", 1, 1, "bare text-default heart"),
        ("☎️", 1, 1, "telephone + VS16"), ("☀️", 1, 1, "sun + VS16"), ("©️", 1, 1, "copyright + VS16"),
        ("1️⃣", 1, 1, "keycap"), ("#️⃣", 1, 1, "keycap #"), ("⌚", 2, 2, "emoji-presentation watch"), ("⭐", 2, 2, "star"),
        ("🌡", 1, 1, "thermometer: text presentation by default"), ("🌶", 1, 1, "pepper: text presentation by default"),
        ("🅰", 1, 1, "A button: text presentation by default"), ("🤌", 2, 2, "pinched fingers (Unicode 13)"),
        ("\u{1FAF8}", 1, 0, "a newer emoji glibc 2.36 does not know: tmux gives it no cell; drawn as U+FFFD"),
        ("\u{200B}", 0, 0, "zero-width space"), ("\u{1B}", 0, 0, "escape (shown by the sanitiser)"),
    ]

    @Test func everySequenceTakesTheCellsTheTerminalGivesWhatIsDrawn() {
        for (text, cells, _, what) in Self.table {
            #expect(text.count == 1, "\(what) is one grapheme")
            #expect(TextWidth.width(text) == cells, "\(what): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
            let pieces = TextWidth.pieces(of: text.first!)
            #expect(pieces.map(\.width).reduce(0, +) == cells, "\(what): the pieces add up")
            let drawn = pieces.map(\.text).joined().unicodeScalars.map(\.value)
            #expect(!drawn.contains { $0 == 0x200D || $0 == 0xFE0F || $0 == 0xFE0E || (0xE0020...0xE007F).contains($0) },
                    "\(what): nothing a terminal may join or widen by is drawn")
        }
        // Where nothing is left out, the terminal's own count is ours.
        for (text, cells, tmux, what) in Self.table where !text.unicodeScalars.contains(where: { TextWidth.isDropped($0.value) }) && tmux > 0 {
            #expect(cells == tmux, "\(what)")
        }
        // A line of them is the sum of its clusters: no debris past the end.
        let line = Self.table.map(\.0).joined()
        #expect(TextWidth.width(line) == Self.table.map(\.1).reduce(0, +))
    }

    @Test func aCanvasDrawsEachPieceInItsOwnCells() {
        var c = Canvas(width: 20, height: 1)
        let used = c.put("👨‍👩‍👧‍👦|1️⃣|", x: 0, y: 0)
        #expect(used == 11)
        #expect(c[0, 0].text == "👨" && c[1, 0].isContinuation && c[2, 0].text == "👩" && c[8, 0].text == "|")
        #expect(c[9, 0].text == "1\u{20E3}" && c[10, 0].text == "|")
        // A sequence cut at the edge never leaves half a piece.
        var narrow = Canvas(width: 5, height: 1)
        narrow.put("👍🏽👍", x: 0, y: 0, maxWidth: 5)
        #expect(narrow[0, 0].text == "👍" && narrow[2, 0].text == "🏽" && narrow[4, 0].text == " ")
    }
}
