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

    /// True when `clean` would return the text unchanged, decided on the
    /// UTF-8 bytes: C0 controls and DEL are single bytes, C1 controls are
    /// C2 80…9F, and the line separators and bidi controls are E2 80 8E/8F,
    /// E2 80 A8…AE, E2 81 A6…A9 and D8 9C.
    static func needsNothing(_ s: inout String) -> Bool { s.withUTF8 { needsNothing($0) } }

    static func needsNothing(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 {
                if c < 0x20 || c == 0x7F { return false }
                i += 1
            } else if c == 0xC2 {
                if i + 1 < n, b[i + 1] < 0xA0 { return false }
                i += 2
            } else if c == 0xD8 {
                if i + 1 < n, b[i + 1] == 0x9C { return false }
                i += 2
            } else if c == 0xE2 {
                if i + 2 < n {
                    let c1 = b[i + 1], c2 = b[i + 2]
                    if c1 == 0x80, c2 == 0x8E || c2 == 0x8F || (0xA8...0xAE).contains(c2) { return false }
                    if c1 == 0x81, (0xA6...0xA9).contains(c2) { return false }
                }
                i += 3
            } else {
                i += 1
            }
        }
        return true
    }

    static func clean(_ s: String, keepNewlines: Bool) -> String {
        // Fast path: most text (Chinese included) has nothing to change.
        var probe = s
        if needsNothing(&probe) { return probe }
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
