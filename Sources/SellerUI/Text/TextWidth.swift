/// Terminal cell widths, per grapheme, matching glibc's `wcwidth` for the
/// scripts merchants use: CJK, kana, Hangul, fullwidth forms and emoji take
/// two cells; combining marks, format characters and variation selectors
/// none; everything else one. Never `count`.
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

    public static func width(of u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x300 { return v < 0x20 || (0x7F..<0xA0).contains(v) ? 0 : 1 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) || (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return 0 }
        if v >= 0x1F000 { return u.properties.isEmojiPresentation || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v) ? 2 : 1 }
        var lo = 0, hi = wideRanges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = wideRanges[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return 2 }
        }
        return 1
    }

    /// A grapheme's width: its widest scalar (a ZWJ family is one 2-cell emoji,
    /// `e` + combining accent is one cell).
    ///
    /// One cluster, one width, as tmux and xterm lay out emoji sequences: a
    /// ZWJ family, a skin-toned hand, a flag (two regional indicators) or a
    /// tag sequence is one 2-cell emoji; VS16 (U+FE0F) after an emoji base
    /// makes a text-default symbol (❤, ☎, a keycap digit) a 2-cell emoji; VS15
    /// (U+FE0E) keeps it text (1 cell).
    public static func width(of c: Character) -> Int {
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        var w = 0
        var vs16 = false, vs15 = false
        for u in scalars {
            w = max(w, width(of: u))
            if u.value == 0xFE0F { vs16 = true } else if u.value == 0xFE0E { vs15 = true }
        }
        if vs15, scalars.count == 2 { return width(of: first) == 0 ? 0 : 1 }
        if vs16, first.properties.isEmoji { return 2 }
        return w
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
