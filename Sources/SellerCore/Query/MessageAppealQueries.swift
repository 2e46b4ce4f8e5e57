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
        (!unreadOnly || !m.read) && (category == nil || m.category == category) && Permissions.canSee(m, account, in: s)
    }

    /// Newest first; ties by id.
    public func run(_ s: SellerState, account: Account) -> [Message] {
        let rows = s.messages.values.filter { matches($0, account: account, in: s) }
        return KeySort.order(rows.map(\.at), descending: true, ties: rows.map(\.id)).map { rows[$0] }
    }

    /// Unread messages the account sees, by category code.
    public static func unreadByCategory(_ s: SellerState, account: Account) -> [Int: Int] {
        var out: [Int: Int] = [:]
        for m in s.messages.values where !m.read && Permissions.canSee(m, account, in: s) { out[m.category, default: 0] += 1 }
        return out
    }

    public static func unreadCount(_ s: SellerState, account: Account) -> Int {
        s.messages.values.count { !$0.read && Permissions.canSee($0, account, in: s) }
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
