import Foundation

/// RFC 4180 CSV: fields quoted when they hold a comma, quote, CR or LF; quotes
/// doubled; CRLF line ends. A cell that starts with = + - @ (or a tab or CR)
/// is prefixed with ' so a spreadsheet shows it as text instead of running it
/// — numbers such as -99.00 are left alone.
public enum CSV {
    public static func document(headers: [String], rows: [[String]], bom: Bool) -> String {
        var s = bom ? "\u{FEFF}" : ""
        s += line(headers)
        for r in rows { s += line(r) }
        return s
    }

    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }

    public static func field(_ raw: String) -> String {
        var v = raw
        if let first = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isNumber(v) { v = "'" + v }
        let needsQuotes = v.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        return needsQuotes ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
    }

    public static func isNumber(_ s: String) -> Bool {
        var t = Substring(s)
        if t.first == "-" || t.first == "+" { t = t.dropFirst() }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        return !t.isEmpty && parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
