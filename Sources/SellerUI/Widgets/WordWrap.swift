/// Breaking a message into lines of at most `width` cells at word
/// boundaries (a space) or between CJK characters, never inside a word:
/// refusals are read whole, and a word cut in two reads as another word.
/// The text is sanitised first, as the canvas shows it, so what is measured
/// is what is drawn.
public enum WordWrap {
    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        let text = Sanitizer.line(text)
        var out: [String] = []
        var line = "", lineWidth = 0
        for token in tokens(text) {
            let w = TextWidth.width(token)
            if token == " " {
                if lineWidth > 0, lineWidth + 1 <= width { line += " "; lineWidth += 1 }
                continue
            }
            if lineWidth + w > width, lineWidth > 0 {
                out.append(trimmed(line))
                line = ""; lineWidth = 0
            }
            if w > width {
                // A word longer than the line: cut it where it must be cut.
                var rest = Substring(token)
                while TextWidth.width(rest) > width {
                    var part = "", pw = 0
                    while let c = rest.first, pw + TextWidth.width(of: c) <= width { part.append(c); pw += TextWidth.width(of: c); rest = rest.dropFirst() }
                    out.append(part)
                }
                line = String(rest); lineWidth = TextWidth.width(rest)
                continue
            }
            line += token; lineWidth += w
        }
        if lineWidth > 0 { out.append(trimmed(line)) }
        return out
    }

    /// One line: the words that fit, then … when anything was left out.
    public static func truncate(_ text: String, to width: Int) -> String {
        let text = Sanitizer.line(text)
        guard TextWidth.width(text) > width else { return text }
        let first = lines(text, width: max(1, width - 1)).first ?? ""
        return first + "…"
    }

    /// Words (runs of non-space, non-wide characters), single spaces, and
    /// each wide (CJK) character on its own: a line may break before any of them.
    static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var word = ""
        for c in text {
            if c == " " || c == "\n" || c == "\t" {
                if !word.isEmpty { out.append(word); word = "" }
                out.append(" ")
            } else if TextWidth.width(of: c) == 2 {
                if !word.isEmpty { out.append(word); word = "" }
                out.append(String(c))
            } else {
                word.append(c)
            }
        }
        if !word.isEmpty { out.append(word) }
        return out
    }

    private static func trimmed(_ s: String) -> String {
        var s = Substring(s)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
