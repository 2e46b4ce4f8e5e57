/// What the overview's figures are computed from (Dashboard.figures in
/// SellerUI): the small tables whole, and of each big table only the fields
/// the figures read. Worked out from the state in one pass per table, or read
/// from `orders.view`, which carries them so that the overview — the first
/// screen — shows its figures as soon as that file is read, long before the
/// store (or even the start view's partial state) is in. Nothing here
/// depends on the time or the account: the figures apply both when they are
/// computed, by the same rules either way.
public struct OverviewInputs: Sendable {
    /// The figures' small tables: accounts, the main account, products,
    /// invoice requests, bills and the call statistics with the orders they
    /// name — the whole state when worked out from it.
    public var state: SellerState
    public var records: [RecordFields]
    public var appeals: [AppealFields]
    public var tickets: [TicketFields]
    public var messages: [MessageFields]
    /// The order list's orders (OrderQuery.isListed): product and creation time.
    public var listedOrders: [ListedOrder]
    /// For the settlement figures and the 结算 pane: every order's settlement
    /// facts, and the bills that need an invoice to Huawei Cloud
    /// (HuaweiInvoicing.required) — nil when `state` is the whole state,
    /// which is then asked directly.
    public var settlement: [SettlementFacts]?
    public var huaweiInvoiceRequired: Set<String>?

    public struct AppealFields: Sendable, Equatable {
        public var status: Appeal.Status
        public var filedAt: Timestamp
        /// The product of the appeal's service record (nil when it has none).
        public var recordProductId: String?
    }

    public struct TicketFields: Sendable, Equatable {
        public var status: TicketStatus
        public var owner: String
    }

    /// What the counts read of a message, and what 消息 lists of it (its
    /// row: id, title, order, time), so that pane lists from this file too.
    public struct MessageFields: Sendable, Equatable {
        public var id: String
        public var read: Bool
        public var category: Int
        /// Its product, else its order's (nil when neither is known).
        public var productId: String?
        public var orderId: String?
        public var title: String
        public var at: Timestamp
        public var aboutAnOrder: Bool { orderId != nil }

        public init(id: String, read: Bool, category: Int, productId: String?, orderId: String?, title: String, at: Timestamp) {
            self.id = id; self.read = read; self.category = category; self.productId = productId
            self.orderId = orderId; self.title = title; self.at = at
        }
    }

    public struct ListedOrder: Sendable, Equatable {
        public var productId: String
        public var createdAt: Timestamp
    }

    public init(state: SellerState, records: [RecordFields], appeals: [AppealFields], tickets: [TicketFields], messages: [MessageFields],
                listedOrders: [ListedOrder], settlement: [SettlementFacts]? = nil, huaweiInvoiceRequired: Set<String>? = nil) {
        self.state = state; self.records = records; self.appeals = appeals; self.tickets = tickets; self.messages = messages
        self.listedOrders = listedOrders; self.settlement = settlement; self.huaweiInvoiceRequired = huaweiInvoiceRequired
    }

    /// What `orders.view` carries: the small tables only, and the settlement
    /// facts worked out (the same inputs as these, for the same figures).
    public func forTheView() -> OverviewInputs {
        let (facts, required) = settlementForTheView()
        // In 消息's order (newest first, ties by id), so that pane's sort of what it
        // reads back finds it sorted (one pass; 2M messages at 1M orders).
        let newestFirst = KeySort.order(messages.map(\.at), descending: true, ties: messages.map(\.id)).map { messages[$0] }
        return OverviewInputs(state: OverviewInputs.smallTables(state), records: records, appeals: appeals, tickets: tickets, messages: newestFirst,
                              listedOrders: listedOrders, settlement: facts, huaweiInvoiceRequired: required)
    }

    /// The settlement facts as `orders.view` carries them.
    func settlementForTheView() -> (facts: [SettlementFacts], required: Set<String>) {
        if let settlement, let huaweiInvoiceRequired { return (settlement, huaweiInvoiceRequired) }
        return (state.settlementFacts(), Set(state.bills.values.filter { HuaweiInvoicing.required(for: $0, in: state) }.map(\.id)))
    }

    /// Every order's settlement at `asOf` from the facts carried (nil when
    /// `state` is the whole state: Settlement.derive(state) then).
    public func derivedSettlement(asOf: Timestamp) -> [OrderSettlement]? {
        settlement.map { Settlement.derive($0, bills: Array(state.bills.values), policy: .init(), asOf: asOf) }
    }

    /// From the state: one pass over each table, fields only.
    public init(_ s: SellerState) {
        var appeals: [AppealFields] = []
        appeals.reserveCapacity(s.appeals.count)
        for a in s.appeals.values { appeals.append(AppealFields(status: a.status, filedAt: a.filedAt, recordProductId: AppealQuery.recordProduct(onOrder: a.orderId, in: s))) }
        var tickets: [TicketFields] = []
        tickets.reserveCapacity(s.tickets.count)
        for t in s.tickets.values { tickets.append(TicketFields(status: t.status, owner: t.owner)) }
        var messages: [MessageFields] = []
        messages.reserveCapacity(s.messages.count)
        for m in s.messages.values {
            messages.append(MessageFields(id: m.id, read: m.read, category: m.category, productId: Permissions.messageProduct(m.productId, order: m.orderId, in: s),
                                          orderId: m.orderId, title: m.title, at: m.at))
        }
        var listed: [ListedOrder] = []
        listed.reserveCapacity(s.orders.count)
        for o in s.orders.values where OrderQuery.isListed(mode: o.chargingMode) { listed.append(ListedOrder(productId: o.productId, createdAt: o.createdAt)) }
        self.init(state: s, records: s.recordFields(), appeals: appeals, tickets: tickets, messages: messages, listedOrders: listed)
    }

    /// What `orders.view` keeps of the small tables: the whole state is not
    /// needed. Besides what the figures read, the tables of the panes that
    /// list from them before the start view is in (工单, 申诉 with the records
    /// its rows are scoped by, 接口), as the start view keeps them (StartView.listed).
    static func smallTables(_ s: SellerState) -> SellerState {
        var out = SellerState()
        out.appliedEvents = s.appliedEvents
        out.mainAccountId = s.mainAccountId
        out.accounts = s.accounts
        out.products = s.products
        out.invoices = s.invoices
        out.bills = s.bills
        out.callStats = s.callStats
        let listed = StartView.listed(s)
        out.tickets = listed.tickets
        out.appeals = listed.appeals
        for a in s.appeals.values { if let r = s.records[a.orderId] { out.records[a.orderId] = r } }
        for c in s.calls { out.noteCall(c) }
        // InterfaceReport names a failed call's product by its order when the call did not.
        for month in s.callStats.failedOrders.values {
            for (order, known) in month where known.isEmpty { if let o = s.orders[order] { out.orders[order] = o } }
        }
        return out
    }

    /// Unread messages `account` sees (the console's ✉ badge): MessageQuery.unreadCount's rule, over these fields.
    public func unreadCount(_ account: Account) -> Int {
        messages.count { !$0.read && Permissions.canSee(messageOfProduct: $0.productId, aboutAnOrder: $0.aboutAnOrder, account, products: state.products) }
    }
}
