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
        matches(read: m.read, category: m.category, product: m.productId, order: m.orderId, account: account, in: s)
    }

    /// The same test from the fields it reads (see `facts`).
    func matches(read: Bool, category c: Int, product: String?, order: String?, account: Account, in s: SellerState) -> Bool {
        wants(read: read, category: c) && Permissions.canSee(messageAbout: product, order: order, account, in: s)
    }

    /// The query's own conditions (queue and category), whatever the account sees.
    func wants(read: Bool, category c: Int) -> Bool { (!unreadOnly || !read) && (category == nil || c == category) }

    /// What a list shows of each matching message (of `ids` only, when
    /// given), in no particular order. Filtering the table's values copied
    /// every message out whole, retaining all it holds — most of the messages
    /// pane's build at 100k; a loop that reads fields only reads them in place.
    public func facts(_ s: SellerState, account: Account, only ids: Set<String>? = nil) -> [MessageFacts] {
        var out: [MessageFacts] = []
        if let ids {
            for id in ids {
                guard let m = s.messages[id], matches(read: m.read, category: m.category, product: m.productId, order: m.orderId, account: account, in: s) else { continue }
                out.append(MessageFacts(id: m.id, category: m.category, title: m.title, orderId: m.orderId, productId: m.productId, at: m.at, read: m.read))
            }
        } else {
            for m in s.messages.values where matches(read: m.read, category: m.category, product: m.productId, order: m.orderId, account: account, in: s) {
                out.append(MessageFacts(id: m.id, category: m.category, title: m.title, orderId: m.orderId, productId: m.productId, at: m.at, read: m.read))
            }
        }
        return out
    }

    /// The same facts from the fields `orders.view` carries
    /// (OverviewInputs.MessageFields), by the same rule. The facts' product
    /// is the resolved one (its order's when the message names none): a row
    /// shows the product only when there is no order, and then both agree.
    public func facts(_ fields: [OverviewInputs.MessageFields], account: Account, products: [String: Product]) -> [MessageFacts] {
        var out: [MessageFacts] = []
        for m in fields where wants(read: m.read, category: m.category)
            && Permissions.canSee(messageOfProduct: m.productId, aboutAnOrder: m.aboutAnOrder, account, products: products) {
            out.append(MessageFacts(id: m.id, category: m.category, title: m.title, orderId: m.orderId, productId: m.productId, at: m.at, read: m.read))
        }
        return out
    }

    /// Newest first; ties by id.
    public func run(_ s: SellerState, account: Account) -> [Message] {
        let rows = s.messages.values.filter { matches($0, account: account, in: s) }
        return KeySort.order(rows.map(\.at), descending: true, ties: rows.map(\.id)).map { rows[$0] }
    }

    /// Unread messages the account sees, by category code.
    public static func unreadByCategory(_ s: SellerState, account: Account) -> [Int: Int] {
        var out: [Int: Int] = [:]
        let q = MessageQuery(unreadOnly: true)
        for m in s.messages.values where q.matches(read: m.read, category: m.category, product: m.productId, order: m.orderId, account: account, in: s) {
            out[m.category, default: 0] += 1
        }
        return out
    }

    public static func unreadCount(_ s: SellerState, account: Account) -> Int {
        let q = MessageQuery(unreadOnly: true)
        return s.messages.values.count { q.matches(read: $0.read, category: $0.category, product: $0.productId, order: $0.orderId, account: account, in: s) }
    }
}

/// Which appeals an account sees: those on records of products it may see
/// (the CLI's `seller appeals` and the console's appeals pane).
public struct AppealQuery: Sendable {
    public var openOnly = false

    public init(openOnly: Bool = false) { self.openOnly = openOnly }

    public static func isVisible(_ a: Appeal, to account: Account, in s: SellerState) -> Bool {
        isVisible(onOrder: a.orderId, to: account, in: s)
    }

    /// The same rule from the one field it reads (a count asks it without copying each appeal out).
    public static func isVisible(onOrder orderId: String, to account: Account, in s: SellerState) -> Bool {
        isVisible(recordProduct: recordProduct(onOrder: orderId, in: s), to: account, products: s.products)
    }

    /// The product of the service record an appeal is filed on (what its visibility is decided by).
    public static func recordProduct(onOrder orderId: String, in s: SellerState) -> String? { s.records[orderId]?.productId }

    /// The same rule once the product of the appeal's record is known (what `orders.view` keeps of an appeal).
    public static func isVisible(recordProduct productId: String?, to account: Account, products: [String: Product]) -> Bool {
        guard let productId, let p = products[productId] else { return false }
        return Permissions.canSee(p, account)
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

/// What the messages pane shows of one message (see `MessageQuery.facts`).
public struct MessageFacts: Sendable, Equatable {
    public var id: String
    public var category: Int
    public var title: String
    public var orderId: String?
    public var productId: String?
    public var at: Timestamp
    public var read: Bool
}
