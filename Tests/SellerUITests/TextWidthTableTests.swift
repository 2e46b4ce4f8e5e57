import Testing
@testable import SellerUI

/// Issue 15 item 11: one width per grapheme cluster, agreeing with how
/// tmux/xterm lay out emoji sequences (a table of sequences and their cells).
@Suite struct TextWidthTableTests {
    static let table: [(String, Int, String)] = [
        ("a", 1, "ASCII"), ("中", 2, "CJK"), ("ｱ", 1, "halfwidth katakana"), ("Ａ", 2, "fullwidth Latin"),
        ("e\u{301}", 1, "e + combining acute"),
        ("👍", 2, "emoji"), ("👍🏽", 2, "emoji + skin tone"),
        ("👨‍👩‍👧‍👦", 2, "ZWJ family"), ("🧑🏽‍💻", 2, "ZWJ with skin tone"),
        ("🇨🇳", 2, "flag (two regional indicators)"), ("🏴󠁧󠁢󠁳󠁣󠁴󠁿", 2, "tag sequence flag"),
        ("❤️", 2, "text-default heart + VS16"), ("❤︎", 1, "heart + VS15"), ("❤", 1, "bare text-default heart"),
        ("☎️", 2, "telephone + VS16"), ("1️⃣", 2, "keycap"), ("⌚", 2, "emoji-presentation watch"),
        ("\u{200B}", 0, "zero-width space"), ("\u{1B}", 0, "escape (shown by the sanitiser)"),
    ]

    @Test func everySequenceTakesTheCellsTheTerminalGivesIt() {
        for (text, cells, what) in Self.table {
            #expect(text.count == 1, "\(what) is one grapheme")
            #expect(TextWidth.width(text) == cells, "\(what): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        // A line of them is the sum of its clusters: no debris past the end.
        let line = Self.table.map(\.0).joined()
        #expect(TextWidth.width(line) == Self.table.map(\.1).reduce(0, +))
    }
}
