import SellerCore

public enum Tab: Int, CaseIterable, Sendable {
    case dashboard = 0, orders, supervision, tickets, messages, appeals, settlement, interface

    public func title(_ lang: Lang) -> String { Panes.descriptor(self).title(lang) }
}

public struct Column: Sendable {
    public var title: String
    public var minWidth: Int
    /// Share of the space left after every column has its minimum.
    public var weight: Int
    public var alignRight = false
    /// When space is short, lower priorities are dropped first.
    public var priority = 5
    /// What the column holds, when a `:` filter reads it (`:id`, `:customer`):
    /// a pane declares it on its columns, and the filters follow.
    public var role: Role? = nil

    public enum Role: Sendable, CaseIterable { case orderId, customer }
}

/// One table row: display text already sanitised.
public struct Row: Sendable {
    public var id: String
    public var cells: [String]
    public var emphasis = false

    init(id: String, cells: [String], emphasis: Bool = false) {
        self.id = id
        self.cells = cells.map(Sanitizer.line)
        self.emphasis = emphasis
    }

    /// What filter-as-you-type searches: the cells, lower-cased, joined by U+0001.
    var haystack: String { cells.joined(separator: "\u{1}").lowercased() }
}

public struct PaneData: Sendable {
    public var columns: [Column]
    public var rows: [Row]
    /// Sub-queues with their counts (supervision, tickets, messages).
    public var queues: [(label: String, count: Int)] = []
    /// Built by the app when the rows change.
    var search = SearchIndex(rows: [])
}

/// Builds what each tab shows from the core's state; every rule (visibility,
/// queues, stalls, validity) is the core's. Each pane's own is in its
/// descriptor (PaneDescriptor); the registry is in PaneDescriptor.swift.
enum Panes {}

extension PaneData {
    /// The columns a `:` filter can read, by what they hold.
    var roles: Set<Column.Role> { Set(columns.compactMap(\.role)) }

    /// Rows whose declared columns match `:id` / `:customer` (the queries'
    /// case-insensitive containment). `queried`: the pane's core query already
    /// applied them (the orders pane's OrderQuery, which the CLI shares).
    func filtered(by c: Conditions, queried: Bool) -> PaneData {
        let wanted: [(Column.Role, String)] = [(.orderId, c.id), (.customer, c.customer)].compactMap { r, v in v.map { (r, $0) } }
        guard !queried, !wanted.isEmpty else { return self }
        let at = wanted.compactMap { r, v in columns.firstIndex { $0.role == r }.map { ($0, v) } }
        guard at.count == wanted.count else { return PaneData(columns: columns, rows: [], queues: queues) }
        var out = self
        out.rows = rows.filter { row in at.allSatisfy { i, v in row.cells[i].localizedContains(v) } }
        return out
    }
}
