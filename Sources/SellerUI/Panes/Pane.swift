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
