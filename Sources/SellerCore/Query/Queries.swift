/// The filters and sort orders of the order list (the seller centre's own
/// query conditions: 订单号, 客户名称, 用户名, 商品名称, 创建时间, 订单状态),
/// shared by the CLI and the console.
public struct OrderQuery: Sendable {
    public enum SortKey: String, CaseIterable, Sendable {
        case id, customer, user, product, type, amount, created, status, supervision
    }

    public var id: String?
    public var customer: String?
    public var user: String?
    public var product: String?
    public var status: OrderStatus?
    /// The product's type (硬件, SaaS, …).
    public var type: ProductType?
    public var from: Timestamp?
    public var to: Timestamp?
    public var sort: SortKey = .created
    public var descending = false
    /// 按需 orders are not in the order list: 「商家可查看和导出买家购买包周期与按次计费的商品的
    /// 交易详情,按需交易详情不在订单中显示,按需收入可在账单中查询明细」 [S1]. They stay in the
    /// store for the money side; this shows them on request.
    public var includeOnDemand = false

    /// The charging modes the seller centre's order list shows [S1].
    public static let listedModes: Set<ChargingMode> = [.period, .oneTime]

    public init() {}

    /// Whether the default order list (and its counts and export) shows the order.
    public static func isListed(_ o: Order) -> Bool { isListed(mode: o.chargingMode) }
    public static func isListed(mode: ChargingMode) -> Bool { listedModes.contains(mode) }

    /// Text conditions match case-insensitively anywhere in the field; the
    /// product condition matches its id or name; `to` is inclusive.
    public func matches(_ o: Order, in state: SellerState) -> Bool {
        if !includeOnDemand, !OrderQuery.isListed(o) { return false }
        if let id, !o.id.localizedContains(id) { return false }
        if let customer, !o.customer.name.localizedContains(customer) { return false }
        if let user, !o.customer.userName.localizedContains(user) { return false }
        if let product {
            let name = state.products[o.productId]?.name ?? ""
            if !o.productId.localizedContains(product) && !name.localizedContains(product) { return false }
        }
        if let status, o.status != status { return false }
        if let type, state.products[o.productId]?.type != type { return false }
        if let from, o.createdAt < from { return false }
        if let to, o.createdAt > to { return false }
        return true
    }

    public func run(_ state: SellerState, account: Account) -> [Order] {
        let rows = state.orders.values.filter { matches($0, in: state) && Permissions.canSee(order: $0, account, in: state) }
        return sorted(rows, in: state)
    }

    /// The same over some orders only (a console re-reading those another process touched).
    public func run(_ state: SellerState, account: Account, only ids: Set<String>) -> [Order] {
        sorted(ids.compactMap { state.orders[$0] }.filter { matches($0, in: state) && Permissions.canSee(order: $0, account, in: state) }, in: state)
    }

    /// Whether `a` comes before `b` in `sorted`'s order (the same keys, ties by id, descending its exact reverse).
    public func precedes(_ a: Order, _ b: Order, in state: SellerState) -> Bool {
        func ascending(_ a: Order, _ b: Order) -> Bool {
            func by<K: Comparable>(_ key: (Order) -> K) -> Bool {
                let (x, y) = (key(a), key(b))
                return x != y ? x < y : a.id < b.id
            }
            return switch sort {
            case .id: a.id < b.id
            case .customer: by(\.customer.name)
            case .user: by(\.customer.userName)
            case .product: by { state.products[$0.productId]?.name ?? $0.productId }
            case .type: by { state.products[$0.productId]?.type.rawValue ?? "" }
            case .status: by(\.status.rawValue)
            case .supervision: by { state.records[$0.id]?.state.rawValue ?? "" }
            case .amount: by(\.amount)
            case .created: by(\.createdAt)
            }
        }
        return descending ? ascending(b, a) : ascending(a, b)
    }

    /// Sorted by the key, ties by id; descending is the exact reverse (ids
    /// are unique, so the order is total). Keys are taken once per order and
    /// indices sorted, not the orders themselves: sorting 100k `Order` values
    /// by a computed key took over half a second.
    public func sorted(_ rows: [Order], in state: SellerState) -> [Order] {
        let ids = rows.map(\.id)
        func by<K: Comparable>(_ keys: [K]) -> [Int] { KeySort.order(keys, ties: ids) }
        let ascending: [Int] = switch sort {
        case .id: by(ids)
        case .customer: by(rows.map(\.customer.name))
        case .user: by(rows.map(\.customer.userName))
        case .product: by(rows.map { state.products[$0.productId]?.name ?? $0.productId })
        case .type: by(rows.map { state.products[$0.productId]?.type.rawValue ?? "" })
        case .status: by(rows.map(\.status.rawValue))
        case .supervision: by(rows.map { state.records[$0.id]?.state.rawValue ?? "" })
        case .amount: by(rows.map(\.amount))
        case .created: by(rows.map(\.createdAt))
        }
        return descending ? ascending.reversed().map { rows[$0] } : ascending.map { rows[$0] }
    }
}

/// Filters of the supervision list.
public struct RecordQuery: Sendable {
    public var state: SupervisionState?
    public var type: ProductType?
    public var queue: SupervisionQueue = .all
    /// Only records where this account can take a step now.
    public var mine = false
    public var stalled = false
    /// Only completed records closed at or after this time, up to `now`.
    public var closedFrom: Timestamp?
    public var now: Timestamp
    /// Only these records (by order id): how a console re-reads just the rows
    /// another process's append touched, with the same rules as the whole list.
    public var only: Set<String>?

    public init(now: Timestamp) { self.now = now }

    public func run(_ s: SellerState, account: Account) -> [ServiceRecord] {
        facts(s, account: account).map { s.records[$0.orderId]! }
    }

    /// What `run` lists, as each record's facts (see RecordFacts), in the same order.
    public func facts(_ s: SellerState, account: Account) -> [RecordFacts] {
        facts(s.recordFields(only: only), in: s, account: account)
    }

    /// The same from records' fields (the state's, or those orders.view
    /// carries for the overview, with `s` its small tables).
    public func facts(_ fields: [RecordFields], in s: SellerState, account: Account) -> [RecordFacts] {
        let pool = only.map { ids in fields.filter { ids.contains($0.orderId) } } ?? fields
        return select(RecordFacts.facts(pool, products: s.products, account: account, now: now), in: s, account: account)
    }

    /// The query's conditions and order over facts already worked out for
    /// `account` at `now` (`SellerState.recordFacts`): the overview counts
    /// several lists from one pass over the records.
    public func select(_ pool: [RecordFacts], in s: SellerState, account: Account) -> [RecordFacts] {
        let visible = pool.filter { f in
            if let state, f.state != state { return false }
            if let type, f.type != type { return false }
            if !queue.holds(f.queue) { return false }
            if stalled, !f.isStalled { return false }
            if let closedFrom {
                guard f.state == .completed, let c = f.closedAt, c >= closedFrom, c <= now else { return false }
            }
            if mine, !s.validActions(for: f.orderId, account: account).contains(where: { $0.kind != .fileAppeal }) { return false }
            return true
        }
        return KeySort.order(visible.map(\.enteredStateAt), ties: visible.map(\.orderId)).map { visible[$0] }
    }
}

/// The ticket queues of the tickets pane.
public enum TicketQueue: String, CaseIterable, Sendable {
    case todo, doing, waiting, done, all

    public func contains(_ s: TicketStatus) -> Bool {
        switch self {
        case .todo: s == .todo
        case .doing: s == .doing
        case .waiting: s == .waiting
        case .done: s == .resolved || s == .closed
        case .all: true
        }
    }

    /// In this queue and visible to `account`.
    public func matches(_ t: Ticket, account: Account) -> Bool { matches(status: t.status, owner: t.owner, account: account) }

    /// The same test from the two fields it reads (see `counts`).
    public func matches(status: TicketStatus, owner: String, account: Account) -> Bool {
        contains(status) && Permissions.canSee(ticketOwnedBy: owner, account)
    }

    /// How many of the tickets (every ticket, or those of `ids`) each queue
    /// holds, in `allCases` order: one pass reading two fields of each ticket
    /// in place (asking `matches` of each ticket whole copied it out, per queue).
    public static func counts(_ s: SellerState, account: Account, only ids: Set<String>? = nil) -> [Int] {
        var out = [Int](repeating: 0, count: allCases.count)
        func count(_ status: TicketStatus, _ owner: String) {
            for (k, q) in allCases.enumerated() where q.matches(status: status, owner: owner, account: account) { out[k] += 1 }
        }
        if let ids {
            for id in ids { if let t = s.tickets[id] { count(t.status, t.owner) } }
        } else {
            for t in s.tickets.values { count(t.status, t.owner) }
        }
        return out
    }

    public func run(_ state: SellerState, account: Account) -> [Ticket] { run(state.tickets.values, account: account) }

    /// The same over some tickets only (a console re-reading those another process touched).
    public func run(_ pool: some Sequence<Ticket>, account: Account) -> [Ticket] {
        let tickets = pool.filter { matches(status: $0.status, owner: $0.owner, account: account) }
        return KeySort.order(tickets.map(\.updatedAt), descending: true, ties: tickets.map(\.id)).map { tickets[$0] }
    }
}

extension String {
    /// Case-insensitive containment without Foundation's locale machinery
    /// (the queries' match, and the console's `:id` / `:customer` on any pane).
    public func localizedContains(_ needle: String) -> Bool {
        needle.isEmpty || lowercased().contains(needle.lowercased())
    }
}
