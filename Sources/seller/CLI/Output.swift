import Foundation
import SellerCore
import SellerUI

/// Rows for table and CSV output, and the stored values for JSON output.
struct Listing {
    var headers: [String]
    var rows: [[String]]
    /// Columns aligned right (amounts, counts).
    var rightAligned: Set<Int> = []
    /// Wide columns are cut to this many cells in tables (CSV and JSON keep everything).
    var maxCellWidth = 40
}

enum OutputFormat: String { case table, json, csv }

extension Console {
    func format(_ args: Arguments, allowed: [OutputFormat] = [.table, .json, .csv]) throws -> OutputFormat {
        guard let raw = args.value("format") else { return .table }
        guard let f = OutputFormat(rawValue: raw), allowed.contains(f) else {
            throw CLIError.usage("--format \(raw): expected \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return f
    }

    /// Prints a listing as a table (aligned by display width, text sanitised)
    /// or CSV; JSON goes through `json`.
    func print(_ l: Listing, as format: OutputFormat) {
        switch format {
        case .csv: data(CSV.document(headers: l.headers, rows: l.rows, bom: false), terminator: "")
        default:
            // Cells are cut to fit a screen only when a person reads one;
            // piped into a file or another program, every cell is whole.
            var whole = l
            if isatty(1) != 1 { whole.maxCellWidth = Int.max }
            out(Table.render(whole))
        }
    }

    func out(_ s: String, terminator: String) { FileHandle.standardOutput.write(Data((s + terminator).utf8)) }

    /// CSV and JSON carry stored text byte-exact to a pipe or file; on a
    /// terminal the escapes are shown instead (as in the tables), so a
    /// hostile customer name cannot write the clipboard or clear the screen.
    func data(_ s: String, terminator: String = "\n") {
        guard isatty(1) == 1 else { return out(s, terminator: terminator) }
        out(Sanitizer.lines(s).joined(separator: "\n"), terminator: terminator)
    }

    /// The stored values, unmodified: a JSON array, one element per line.
    func json<T: Encodable>(_ values: [T]) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var text = "["
        for (i, v) in values.enumerated() {
            text += (i == 0 ? "\n" : ",\n") + String(decoding: try enc.encode(v), as: UTF8.self)
        }
        data(text + (values.isEmpty ? "]" : "\n]"))
    }

    func json<T: Encodable>(_ value: T) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        data(String(decoding: try enc.encode(value), as: UTF8.self))
    }
}

enum Table {
    /// Columns separated by two spaces, padded by display cells, so Chinese
    /// and ASCII line up; control characters never reach the terminal.
    static func render(_ l: Listing) -> String {
        let cells = ([l.headers] + l.rows).map { $0.map { TextWidth.truncate(Sanitizer.line($0), to: l.maxCellWidth) } }
        var widths = [Int](repeating: 0, count: l.headers.count)
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], TextWidth.width(c)) } }
        return cells.map { row in
            row.enumerated().map { i, c in
                i == row.count - 1 && !l.rightAligned.contains(i) ? c : TextWidth.fit(c, to: widths[i], alignRight: l.rightAligned.contains(i))
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
