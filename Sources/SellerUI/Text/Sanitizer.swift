/// Untrusted text (customer names, ticket bodies, appeal reasons, file names)
/// made safe to show, once, between the model and the view: control
/// characters become visible symbols, bidi overrides disappear, and nothing
/// that could steer a terminal (ESC, CSI, OSC) survives. The stored text is
/// never changed.
public enum Sanitizer {
    /// Bidi embedding, override and isolate controls, and the directional marks.
    static func isBidiControl(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    /// One line: newlines shown as `↵`, tabs as a space.
    public static func line(_ s: String) -> String { clean(s, keepNewlines: false) }

    /// Several lines: newlines kept (`\r\n` and `\r` become `\n`).
    public static func lines(_ s: String) -> [String] {
        clean(s, keepNewlines: true).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func clean(_ s: String, keepNewlines: Bool) -> String {
        // Fast paths: printable ASCII needs nothing, and neither does text
        // (Chinese, mostly) with no scalar that would change.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s }
        if !s.unicodeScalars.contains(where: { u in
            let v = u.value
            return v < 0x20 || (0x7F..<0xA0).contains(v) || v == 0x2028 || v == 0x2029 || isBidiControl(v)
        }) { return s }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for u in s.unicodeScalars {
            let v = u.value
            defer { previousCR = v == 0x0D }
            switch v {
            case 0x0A:
                if previousCR && keepNewlines { continue }
                out.append(contentsOf: (keepNewlines ? "\n" : "↵").unicodeScalars)
            case 0x0D:
                out.append(contentsOf: (keepNewlines ? "\n" : "↵").unicodeScalars)
            case 0x09:
                out.append(" ")
            case 0x00..<0x20:
                out.append(Unicode.Scalar(0x2400 + v)!)     // ␀ … ␟, ESC is ␛
            case 0x7F:
                out.append("\u{2421}")                       // ␡
            case 0x80..<0xA0:
                out.append("\u{FFFD}")                       // C1 controls, incl. 8-bit CSI
            case 0x2028, 0x2029:
                out.append(contentsOf: (keepNewlines ? "\n" : "↵").unicodeScalars)
            default:
                if isBidiControl(v) { continue }
                out.append(u)
            }
        }
        return String(out)
    }
}
