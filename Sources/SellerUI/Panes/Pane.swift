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

/// One table row: display text already sanitised. The cells are held as one
/// run of UTF-8, each led by U+0001 (sanitising leaves that in no cell: every
/// C0 control becomes a visible symbol), so a row costs no array and no
/// string per cell. The big tables' rows (`RowPacker.rows`) share one buffer
/// per run of rows built together (`RowArena`) instead of a string each: at
/// 1M orders the panes built behind the screen hold ~2.6M rows, and a string's
/// header and the allocator's rounding were ~50 bytes of each row's ~130.
/// `cells` unpacks them; `cell(_:)` reads one.
public struct Row: Sendable {
    public var id: String
    /// The cells, each preceded by U+0001: `[]` is "", `[""]` is "\u{1}".
    private(set) var packed: Packed
    public var emphasis = false

    enum Packed: Sendable {
        case own(String)
        /// Bytes `start ..< start + count` of a shared buffer.
        case shared(RowArena, start: UInt32, count: UInt32)
    }

    init(id: String, cells: [String], emphasis: Bool = false) {
        self.id = id
        self.packed = .own(Row.pack(cells))
        self.emphasis = emphasis
    }

    /// A row packed by a `RowPacker` (the big tables: no array of cells per row).
    init(id: String, packer: inout RowPacker, emphasis: Bool = false) {
        self.id = id
        self.packed = packer.take()
        self.emphasis = emphasis
    }

    /// The cells as built (sanitised): a new array each time it is read.
    public var cells: [String] {
        get {
            withPackedUTF8 { b in
                var out: [String] = []
                var from = -1
                for i in b.indices where b[i] == Row.separator {
                    if from >= 0 { out.append(String(decoding: UnsafeBufferPointer(rebasing: b[from..<i]), as: UTF8.self)) }
                    from = i + 1
                }
                if from >= 0 { out.append(String(decoding: UnsafeBufferPointer(rebasing: b[from...]), as: UTF8.self)) }
                return out
            }
        }
        set { packed = .own(Row.pack(newValue)) }
    }

    /// Cell `i` alone, without unpacking the others.
    public func cell(_ i: Int) -> String {
        withCellUTF8(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Cell `i`'s UTF-8, without making a string of it (sorting reads every row's).
    func withCellUTF8<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withPackedUTF8 { b in
            guard let r = Row.range(of: i, in: b) else { preconditionFailure("cell \(i) of a row with fewer") }
            return try body(UnsafeBufferPointer(rebasing: b[r]))
        }
    }

    public var cellCount: Int { withPackedUTF8 { b in b.reduce(0) { $0 + ($1 == Row.separator ? 1 : 0) } } }

    /// The packed UTF-8: U+0001 before each cell.
    func withPackedUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch packed {
        case .own(var s): return try s.withUTF8(body)
        case .shared(let arena, let start, let count):
            return try arena.bytes.withUnsafeBufferPointer { all in
                try body(UnsafeBufferPointer(rebasing: all[Int(start)..<Int(start) + Int(count)]))
            }
        }
    }

    static let separator: UInt8 = 0x01

    /// Where cell `i` sits in packed bytes `b`.
    static func range(of i: Int, in b: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var seen = -1, from = 0
        for j in b.indices where b[j] == separator {
            if seen == i { return from..<j }
            seen += 1
            from = j + 1
        }
        return seen == i ? from..<b.count : nil
    }

    /// Sanitised cells, each led by U+0001, in one exactly sized string.
    static func pack(_ cells: [String]) -> String {
        var p = RowPacker()
        for c in cells { p.cell(c) }
        return String(decoding: p.bytes, as: UTF8.self)
    }

    /// What filter-as-you-type searches: the cells, lower-cased, joined by U+0001.
    var haystack: String { cells.joined(separator: "\u{1}").lowercased() }
}

/// The packed cells of a run of rows built together, end to end. Written
/// only by the one thread that builds the run (`RowPacker.rows`), before any
/// of its rows is handed out; read-only from then on, so shared freely.
final class RowArena: @unchecked Sendable {
    fileprivate(set) var bytes: [UInt8] = []
}

/// Packs rows one cell at a time into a buffer it keeps from row to row:
/// each cell's bytes are checked (Sanitizer.needsNothing) as they are
/// copied, and only a cell that needs it goes through the sanitiser. The
/// 100k-row tables were built through an array of cells per row, mapped
/// through the sanitiser into another: the packing took a third less this way.
/// Given an arena, the rows' bytes go on into it, one after another.
struct RowPacker {
    fileprivate var bytes: [UInt8] = []
    /// Where the row being packed started in the arena's bytes.
    private var start = 0
    private let arena: RowArena?

    init() { bytes.reserveCapacity(256); arena = nil }

    fileprivate init(arena: RowArena) { self.arena = arena }

    mutating func cell(_ s: String) {
        if let arena { appendCell(s, to: &arena.bytes) } else { appendCell(s, to: &bytes) }
    }

    private func appendCell(_ s: String, to out: inout [UInt8]) {
        out.append(Row.separator)
        var s = s
        let clean = s.withUTF8 { b -> Bool in
            guard Sanitizer.needsNothing(b) else { return false }
            out.append(contentsOf: b)
            return true
        }
        if !clean { out.append(contentsOf: Sanitizer.line(s).utf8) }
    }

    /// The row's packed cells; the buffer starts the next row.
    mutating func take() -> Row.Packed {
        if let arena {
            let end = arena.bytes.count
            // Offsets are 32-bit: a row that would end past 4 GiB (no pane
            // comes near) holds its own bytes, taken back out of the arena.
            guard end <= Int(UInt32.max) else {
                let own = String(decoding: arena.bytes[start..<end], as: UTF8.self)
                arena.bytes.removeSubrange(start..<end)
                return .own(own)
            }
            defer { start = end }
            return .shared(arena, start: UInt32(start), count: UInt32(end - start))
        }
        defer { bytes.removeAll(keepingCapacity: true) }
        return .own(String(decoding: bytes, as: UTF8.self))
    }

    /// A big table's rows, one per item in order, built on both cores with
    /// one packer and one arena per run of items; each arena trimmed to its
    /// bytes once its run is packed.
    static func rows<T: Sendable>(_ items: [T], _ row: @Sendable (T, inout RowPacker) -> Row) -> [Row] {
        Parallel.chunks(count: items.count) { range -> [Row] in
            let arena = RowArena()
            var packer = RowPacker(arena: arena)
            let out = items[range].map { row($0, &packer) }
            arena.bytes = arena.bytes.withUnsafeBufferPointer { Array($0) }
            return out
        }.flatMap { $0 }
    }
}

public struct PaneData: Sendable {
    public var columns: [Column]
    public var rows: [Row]
    /// Sub-queues with their counts (supervision, tickets, messages).
    public var queues: [(label: String, count: Int)] = []
    /// The search index once built (`indexSearch`): on a pane's first `/`,
    /// not with its rows, so the panes built behind the screen and never
    /// filtered hold no lower-cased copy of their text (at 100k orders the
    /// copies were as large as the cells themselves).
    private var index: SearchIndex?

    init(columns: [Column], rows: [Row], queues: [(label: String, count: Int)] = []) {
        self.columns = columns
        self.rows = rows
        self.queues = queues
    }

    /// The index over these rows: the one built, else one built now (a
    /// whole build each time it is read: the app calls `indexSearch` first).
    var search: SearchIndex {
        get { index ?? SearchIndex(rows: rows) }
        set { index = newValue }
    }

    var isIndexed: Bool { index != nil }

    mutating func indexSearch() { if index == nil { index = SearchIndex(rows: rows) } }

    /// Gives the index up (the pane went behind the screen unfiltered); the next `/` builds it again.
    mutating func dropSearch() { index = nil }

    /// Rows containing `needle` (lower-cased), the index built first if it is not yet.
    mutating func matches(_ needle: String, within: [Int]?) -> [Int] {
        indexSearch()
        return index!.matches(needle, within: within)
    }

    /// The index edited as the rows are (PaneData.patch); nothing to edit when none is built.
    mutating func removeFromSearch(at i: Int) { index?.remove(at: i) }
    mutating func insertIntoSearch(_ r: Row, at i: Int) { index?.insert(r, at: i) }
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
        out.rows = rows.filter { row in at.allSatisfy { i, v in row.cell(i).localizedContains(v) } }
        out.dropSearch() // an index built for these rows would not be the fewer rows'
        return out
    }
}
