/// Which messages an account sees and counts: the CLI's `seller messages`,
/// the console's messages pane, its unread badge and the overview's counts
/// ask here, so they never disagree.
public struct MessageQuery: Sendable {
    public var unreadOnly = false
    public var category: Int?

    public init(unreadOnly: Bool = false, category: Int? = nil) {
        self.unreadOnly = unreadOnly
        self.category = category
    }

    public func matches(_ m: Message, account: Account, in s: SellerState) -> Bool {
        matches(read: m.read, category: m.category) && Permissions.canSee(m, account, in: s)
    }

    /// The query's own conditions, on the two fields they read.
    func matches(read: Bool, category: Int) -> Bool {
        (!unreadOnly || !read) && (self.category == nil || category == self.category)
    }

    /// Newest first; ties by id.
    public func run(_ s: SellerState, account: Account) -> [Message] {
        Self.newestFirst(lines(s, account: account)).map { s.messages.values[$0.position] }
    }

    /// What a list, its rows and its counts read of a message, and where it sits in `s.messages`.
    public struct Line: Sendable {
        public var position: Dictionary<String, Message>.Index
        public var id: String
        public var at: Timestamp
        public var read: Bool
        public var category: Int
        public var title: String
        public var orderId: String?
        public var productId: String?
    }

    /// The messages `run` lists (of `ids` only, when given), in no particular
    /// order, each message read once: copying every message into arrays two
    /// or three times over was most of a 100k store's messages pane and overview.
    public func lines(_ s: SellerState, account: Account, only ids: Set<String>? = nil) -> [Line] {
        let table = s.messages.values
        var out: [Line] = []
        // One copy of each message (the table's getter copies it whole), on
        // one core: titles and channel lists are shared by thousands of
        // messages, and two cores retaining them at once fought over their counts.
        func take(_ i: Dictionary<String, Message>.Index) {
            let m = table[i]
            guard matches(read: m.read, category: m.category), Permissions.canSee(m, account, in: s) else { return }
            out.append(Line(position: i, id: m.id, at: m.at, read: m.read, category: m.category, title: m.title, orderId: m.orderId, productId: m.productId))
        }
        if let ids {
            for id in ids { if let i = s.messages.index(forKey: id) { take(i) } }
        } else {
            out.reserveCapacity(table.count)
            var i = table.startIndex
            while i != table.endIndex { take(i); table.formIndex(after: &i) }
        }
        return out
    }

    /// `run`'s order: newest first, ties by id.
    public static func newestFirst(_ lines: [Line]) -> [Line] {
        KeySort.order(lines.map(\.at), descending: true, ties: lines.map(\.id)).map { lines[$0] }
    }

    /// Unread messages the account sees, by category code.
    public static func unreadByCategory(_ s: SellerState, account: Account) -> [Int: Int] {
        var out: [Int: Int] = [:]
        for m in MessageQuery(unreadOnly: true).lines(s, account: account) { out[m.category, default: 0] += 1 }
        return out
    }

    public static func unreadCount(_ s: SellerState, account: Account) -> Int {
        MessageQuery(unreadOnly: true).lines(s, account: account).count
    }
}

/// Which appeals an account sees: those on records of products it may see
/// (the CLI's `seller appeals` and the console's appeals pane).
public struct AppealQuery: Sendable {
    public var openOnly = false

    public init(openOnly: Bool = false) { self.openOnly = openOnly }

    public static func isVisible(_ a: Appeal, to account: Account, in s: SellerState) -> Bool {
        s.records[a.orderId].flatMap { s.products[$0.productId] }.map { Permissions.canSee($0, account) } ?? false
    }

    public func matches(_ a: Appeal, account: Account, in s: SellerState) -> Bool {
        (!openOnly || a.status == .pending) && Self.isVisible(a, to: account, in: s)
    }

    /// Newest first; ties by id.
    public func run(_ s: SellerState, account: Account) -> [Appeal] {
        let rows = s.appeals.values.filter { matches($0, account: account, in: s) }
        return KeySort.order(rows.map(\.filedAt), descending: true, ties: rows.map(\.id)).map { rows[$0] }
    }
}
