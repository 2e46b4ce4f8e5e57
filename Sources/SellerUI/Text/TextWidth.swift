/// Terminal cell widths, per grapheme, matching glibc's `wcwidth` (what
/// ncurses and tmux 3.x count by) for the scripts merchants use: CJK, kana,
/// Hangul, fullwidth forms and emoji take two cells; combining marks, format
/// characters and variation selectors none; everything else one. Never `count`.
///
/// Emoji sequences are where terminals disagree (measured in tmux 3.3a:
/// 👍🏽 advances 4 cells, ❤️ and 1️⃣ one, a ZWJ family 2 but only because tmux
/// joins an emoji after U+200D, which ncurses cannot put in one cell), so a
/// grapheme is drawn as its `pieces`: ZWJ, VS15/VS16 and tag characters are
/// left out, every other spacing scalar is a piece of its own with the
/// zero-width scalars after it (a keycap's U+20E3), and emoji glibc does not
/// know yet are drawn as U+FFFD. What is drawn then takes the same cells in
/// tmux, xterm and ncurses, and the width of a grapheme is the sum of its pieces.
public enum TextWidth {
    /// Wide (East Asian Width W or F) ranges below the emoji planes.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// Wide scalars of the emoji planes (U+1F000–U+1FFFF), as glibc 2.36's
    /// `wcwidth` has them (tmux and ncurses count by it); the rest there are 1.
    static let emojiWideRanges: [ClosedRange<UInt32>] = [
        0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F202, 0x1F210...0x1F23B,
        0x1F240...0x1F248, 0x1F250...0x1F251, 0x1F260...0x1F265, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C,
        0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E,
        0x1F440...0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A,
        0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2,
        0x1F6D5...0x1F6D7, 0x1F6DD...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F7F0...0x1F7F0,
        0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF, 0x1FA70...0x1FA74, 0x1FA78...0x1FA7C, 0x1FA80...0x1FA86,
        0x1FA90...0x1FAAC, 0x1FAB0...0x1FABA, 0x1FAC0...0x1FAC5, 0x1FAD0...0x1FAD9, 0x1FAE0...0x1FAE7, 0x1FAF0...0x1FAF6,
    ]

    /// Emoji-plane scalars glibc 2.36 does not know (`wcwidth` −1; tmux 3.3a
    /// gives them no cell at all): newer emoji are drawn as U+FFFD instead.
    static let unknownToTerminalRanges: [ClosedRange<UInt32>] = [
        0x1F02C...0x1F02F, 0x1F094...0x1F09F, 0x1F0AF...0x1F0B0, 0x1F0C0...0x1F0C0, 0x1F0D0...0x1F0D0, 0x1F0F6...0x1F0FF,
        0x1F1AE...0x1F1E5, 0x1F203...0x1F20F, 0x1F23C...0x1F23F, 0x1F249...0x1F24F, 0x1F252...0x1F25F, 0x1F266...0x1F2FF,
        0x1F6D8...0x1F6DC, 0x1F6ED...0x1F6EF, 0x1F6FD...0x1F6FF, 0x1F774...0x1F77F, 0x1F7D9...0x1F7DF, 0x1F7EC...0x1F7EF,
        0x1F7F1...0x1F7FF, 0x1F80C...0x1F80F, 0x1F848...0x1F84F, 0x1F85A...0x1F85F, 0x1F888...0x1F88F, 0x1F8AE...0x1F8AF,
        0x1F8B2...0x1F8FF, 0x1FA54...0x1FA5F, 0x1FA6E...0x1FA6F, 0x1FA75...0x1FA77, 0x1FA7D...0x1FA7F, 0x1FA87...0x1FA8F,
        0x1FAAD...0x1FAAF, 0x1FABB...0x1FABF, 0x1FAC6...0x1FACF, 0x1FADA...0x1FADF, 0x1FAE8...0x1FAEF, 0x1FAF7...0x1FAFF,
    ]

    static func contains(_ ranges: [ClosedRange<UInt32>], _ v: UInt32) -> Bool {
        var lo = 0, hi = ranges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = ranges[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// Scalars left out of what is drawn: ZWJ (tmux would join the next emoji
    /// into this cell), VS15 / VS16 (terminals differ on whether VS16 widens)
    /// and tag characters (the invisible letters of a subdivision flag).
    static func isDropped(_ v: UInt32) -> Bool {
        v == 0x200D || v == 0xFE0E || v == 0xFE0F || (0xE0020...0xE007F).contains(v)
    }

    /// A single scalar that is neither left out nor replaced: its own one piece.
    static func drawnAsIs(_ c: Character) -> Bool {
        let scalars = c.unicodeScalars
        guard let v = scalars.first?.value, scalars.index(after: scalars.startIndex) == scalars.endIndex else { return false }
        return !isDropped(v) && !isUnknownToTerminal(v)
    }

    static func isUnknownToTerminal(_ v: UInt32) -> Bool {
        v >= 0x1F000 && v <= 0x1FFFF && contains(unknownToTerminalRanges, v)
    }

    public static func width(of u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x300 { return v < 0x20 || (0x7F..<0xA0).contains(v) ? 0 : 1 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) || (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return 0 }
        if v >= 0x1F000, v <= 0x1FFFF { return contains(emojiWideRanges, v) ? 2 : 1 }
        return contains(wideRanges, v) ? 2 : 1
    }

    /// A grapheme's width: the sum of its `pieces` (`e` + combining accent is
    /// one cell, 👍🏽 four, 👨‍👩‍👧‍👦 eight, ❤️ and 1️⃣ one, 🇨🇳 two).
    public static func width(of c: Character) -> Int {
        let scalars = c.unicodeScalars
        if scalars.count == 1, let u = scalars.first { return isDropped(u.value) ? 0 : isUnknownToTerminal(u.value) ? 1 : width(of: u) }
        var w = 0
        for u in scalars where !isDropped(u.value) { w += isUnknownToTerminal(u.value) ? 1 : width(of: u) }
        return w
    }

    /// What a grapheme is drawn as: one piece per spacing scalar, each with
    /// the zero-width scalars after it, and its cells (see the type's comment).
    /// A grapheme of zero-width scalars only is one piece of width 0 (it joins the cell before).
    public static func pieces(of c: Character) -> [(text: String, width: Int)] {
        let scalars = c.unicodeScalars
        if scalars.count == 1, let u = scalars.first {
            if isDropped(u.value) { return [] }
            return isUnknownToTerminal(u.value) ? [("\u{FFFD}", 1)] : [(String(c), width(of: u))]
        }
        var out: [(text: String, width: Int)] = []
        for u in scalars where !isDropped(u.value) {
            let unknown = isUnknownToTerminal(u.value)
            let w = unknown ? 1 : width(of: u)
            let shown = unknown ? "\u{FFFD}" : String(Character(u))
            if w == 0, !out.isEmpty { out[out.count - 1].text += shown } else { out.append((shown, w)) }
        }
        return out
    }

    public static func width(_ s: some StringProtocol) -> Int {
        var total = 0
        for c in s {
            if c.isASCII { total += (c.asciiValue! >= 0x20 && c.asciiValue! != 0x7F) ? 1 : 0 } else { total += width(of: c) }
        }
        return total
    }

    /// The cells `s` takes on the canvas, which shows it sanitised (controls as symbols).
    public static func cells(_ s: String) -> Int { width(Sanitizer.line(s)) }

    /// Cuts `s` to at most `cells`, ending with `…` when cut; never splits a
    /// wide character (a half would be garbage). The text is sanitised first,
    /// as the canvas would show it, so what is measured is what is drawn.
    public static func truncate(_ s: String, to cells: Int, ellipsis: String = "…") -> String {
        guard cells > 0 else { return "" }
        let s = Sanitizer.line(s)
        if width(s) <= cells { return s }
        let room = cells - width(ellipsis)
        guard room >= 0 else { return String(repeating: ".", count: cells) }
        var out = ""
        var used = 0
        for c in s {
            let w = width(of: c)
            if used + w > room { break }
            out.append(c)
            used += w
        }
        return out + ellipsis
    }

    /// Pads (or cuts) to exactly `cells`.
    public static func fit(_ s: String, to cells: Int, alignRight: Bool = false) -> String {
        let cut = truncate(s, to: cells)
        let pad = String(repeating: " ", count: max(0, cells - width(cut)))
        return alignRight ? pad + cut : cut + pad
    }
}
