import Foundation
import SellerCore

/// Sorting by ranks and filtering as you type, keeping the selection on its item.
extension App {
    mutating func ranks(_ col: Int) -> [Int32] {
        if let r = sortRanks[col] { return r }
        let rows = data.rows
        let order: [Int]
        if data.columns[col].alignRight {
            let keys = rows.map { App.numericKey($0.cell(col)) }
            let less = { @Sendable (a: Int, b: Int) -> Bool in keys[a] != keys[b] ? keys[a] < keys[b] : a < b }
            order = Parallel.sortedIndices(count: rows.count, sortRun: { Array($0).sorted(by: less) }, less: less)
        } else {
            // Byte order of UTF-8 is code-point order: stable and fast. The
            // first eight bytes, big-endian in an integer, settle most
            // comparisons without touching the strings.
            var blob: [UInt8] = []
            var starts: [Int] = [0]
            var prefix = [UInt64](repeating: 0, count: rows.count)
            for (i, r) in rows.enumerated() {
                var p: UInt64 = 0
                r.withCellUTF8(col) { cell in
                    blob.append(contentsOf: cell)
                    for (n, b) in cell.prefix(8).enumerated() { p |= UInt64(b) << (56 - 8 * n) }
                }
                starts.append(blob.count)
                prefix[i] = p
            }
            // Each core sorts a run of rows, then the runs are merged.
            let (text, from, first) = (blob, starts, prefix)
            order = Parallel.sortedIndices(count: rows.count, sortRun: { range in
                text.withUnsafeBufferPointer { bytes in Array(range).sorted { App.textLess($0, $1, bytes, from, first) } }
            }, less: { a, b in text.withUnsafeBufferPointer { App.textLess(a, b, $0, from, first) } })
        }
        var rank = [Int32](repeating: 0, count: rows.count)
        for (pos, i) in order.enumerated() { rank[i] = Int32(pos) }
        sortRanks[col] = rank
        return rank
    }

    /// Byte order of two cells' UTF-8 (`bytes[starts[i]..<starts[i + 1]]`),
    /// their first eight bytes in `prefix`; ties go to the lower row.
    @inline(__always)
    static func textLess(_ a: Int, _ b: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ starts: [Int], _ prefix: [UInt64]) -> Bool {
        if prefix[a] != prefix[b] { return prefix[a] < prefix[b] }
        let la = starts[a + 1] - starts[a], lb = starts[b + 1] - starts[b]
        let n = min(la, lb)
        let m = n == 0 || bytes.baseAddress == nil ? 0 : Int(memcmp(bytes.baseAddress! + starts[a], bytes.baseAddress! + starts[b], n))
        if m != 0 { return m < 0 }
        return la != lb ? la < lb : a < b
    }

    /// The number in a cell such as `1,200.50`, `¥99`, `12天` or `-3`; cells
    /// without digits sort first.
    static func numericKey(_ s: String) -> Double {
        var whole = 0.0, frac = 0.0, scale = 1.0
        var seen = false, negative = false, inFraction = false
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                seen = true
                if inFraction { scale /= 10; frac += Double(b - 48) * scale } else { whole = whole * 10 + Double(b - 48) }
            case UInt8(ascii: "."): inFraction = true
            case UInt8(ascii: "-"): if !seen { negative = true }
            default: break
            }
        }
        guard seen else { return -.infinity }
        return (negative ? -1 : 1) * (whole + frac)
    }

    mutating func refilter() {
        let p = panes[tab]!
        let needle = p.filter.lowercased()
        var idx: [Int]
        if needle.isEmpty {
            idx = Array(data.rows.indices)
            narrowing = nil
        } else {
            let within = narrowing.flatMap { needle.contains($0.needle) ? $0.rows : nil }
            idx = data.matches(needle, within: within)
            narrowing = (needle, idx)
        }
        if let col = p.sortColumn, col < data.columns.count {
            let rank = ranks(col)
            if p.descending { idx.sort { rank[$0] > rank[$1] } } else { idx.sort { rank[$0] < rank[$1] } }
        }
        visible = idx
        // Keep the selection on the same item if it is still shown.
        var pane = panes[tab]!
        // Integers first (fast at 100k rows); ids only when the rows were rebuilt.
        let rowValid = pane.selectedRowIndex.map { $0 < data.rows.count && data.rows[$0].id == pane.selectedId } ?? false
        if rowValid, let pos = visible.firstIndex(of: pane.selectedRowIndex!) {
            pane.selected = pos
        } else if !rowValid, let id = pane.selectedId, let pos = visible.firstIndex(where: { data.rows[$0].id == id }) {
            pane.selected = pos
        } else {
            pane.selected = min(pane.selected, max(0, visible.count - 1))
        }
        pane.selectedId = visible.isEmpty ? nil : data.rows[visible[pane.selected]].id
        pane.selectedRowIndex = visible.isEmpty ? nil : visible[pane.selected]
        panes[tab] = pane
        clampScroll()
    }
}
