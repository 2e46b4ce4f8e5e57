import SellerCore

/// A pane, by its place in the tab bar — its descriptor's place in
/// `Panes.all` (its raw value: the digit that opens it, `0`…`9`). Each
/// descriptor file declares its constant (`extension Tab { static let
/// orders = Tab(OrdersPane.self) }`), so no list of cases is edited here.
public struct Tab: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    public let rawValue: Int

    public init?(rawValue: Int) {
        guard Panes.all.indices.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// The tab of a descriptor listed in `Panes.all`.
    init(_ descriptor: any PaneDescriptor.Type) {
        rawValue = Panes.all.firstIndex { ObjectIdentifier($0) == ObjectIdentifier(descriptor) }!
    }

    /// Every pane, in tab-bar order.
    public static let allCases: [Tab] = Panes.all.indices.map { Tab(rawValue: $0)! }

    /// The descriptor's id (`orders`): logs, test names, the default export name.
    public var description: String { Panes.descriptor(self).id }

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
