/// Which entities a run of applied events may have changed: what a console
/// showing the state needs to look at again after another process's append,
/// instead of everything. It over-approximates (an id named here may be
/// unchanged) but never misses one: an event whose reach is wide — a product,
/// an account, a receiver, a grant, marking every message — says `everything`.
public struct Touched: Sendable, Equatable {
    /// Unknown reach: whoever shows the state rebuilds it whole.
    public var everything = false
    /// Orders by id, and what hangs on an order: its service record (records
    /// are keyed by their order), its appeals, invoice requests, instance and
    /// settlement line.
    public var orders: Set<String> = []
    public var tickets: Set<String> = []
    public var messages: Set<String> = []
    public var appeals: Set<String> = []
    public var invoices: Set<String> = []
    public var bills: Set<String> = []
    public var instances: Set<String> = []
    /// Production-interface calls were added or timed (the 接口 pane lists them all).
    public var calls = false

    public init() {}

    public static let all: Touched = { var t = Touched(); t.everything = true; return t }()

    /// Service records are keyed by their order.
    public var records: Set<String> { orders }

    public var isEmpty: Bool {
        !everything && !calls && orders.isEmpty && tickets.isEmpty && messages.isEmpty && appeals.isEmpty
            && invoices.isEmpty && bills.isEmpty && instances.isEmpty
    }

    /// What `events` touched, read against `state`, the state after them
    /// (it names the order of an appeal, an invoice request or an instance).
    public init(events: [EventEnvelope], in state: SellerState) {
        for e in events { note(e, in: state) }
    }

    public mutating func formUnion(_ o: Touched) {
        everything = everything || o.everything
        calls = calls || o.calls
        orders.formUnion(o.orders); tickets.formUnion(o.tickets); messages.formUnion(o.messages)
        appeals.formUnion(o.appeals); invoices.formUnion(o.invoices); bills.formUnion(o.bills); instances.formUnion(o.instances)
    }

    private mutating func note(_ e: EventEnvelope, in s: SellerState) {
        // Any event may post a notice, and its id derives from the event's:
        // naming it costs nothing when none was posted.
        messages.insert(Message.noticeId(for: e.id))
        switch e.event {
        case .productUpserted, .receiverAdded, .receiverUpdated, .receiverRemoved, .accountAdded,
             .productAuthorized, .productAuthorizationRevoked:
            // Names, visibility and owners across every pane.
            everything = true
        case .orderCreated(let o):
            orders.insert(o.id)
            if let p = o.parentOrderId { orders.insert(p) }
            if let i = o.instanceId { instance(i, in: s) }
        case .orderLifecycle(let c):
            orders.insert(c.orderId)
            appealsOf(c.orderId, in: s)
        case .supervision(let step):
            orders.insert(step.orderId)
            appealsOf(step.orderId, in: s)
        case .appealFiled(let a):
            appeals.insert(a.appealId)
            orders.insert(a.orderId)
        case .appealResolved(let r):
            appeals.insert(r.appealId)
            if let o = s.appeals[r.appealId]?.orderId { orders.insert(o); appealsOf(o, in: s) }
        case .ticketOpened(let t):
            tickets.insert(t.id)
            if let o = t.orderId { orders.insert(o) }
        case .ticket(let step):
            tickets.insert(step.ticketId)
        case .invoiceRequested(let r):
            invoices.insert(r.requestId)
            orders.insert(r.orderId)
        case .invoiceIssued(let i):
            invoices.insert(i.requestId)
            if let o = s.invoices[i.requestId]?.orderId { orders.insert(o) }
        case .messagePosted:
            break
        case .messagesMarked(let m):
            if m.all { everything = true } else { messages.formUnion(m.ids) }
        case .billPublished(let b):
            bills.insert(b.bill.id)
            orders.formUnion(b.bill.lines.map(\.orderId))
        case .billStatusChanged(let b):
            bills.insert(b.billId)
            if let bill = s.bills[b.billId] { orders.formUnion(bill.lines.map(\.orderId)) }
        case .billInvoiced(let b):
            bills.insert(b.billId)
            if let bill = s.bills[b.billId] { orders.formUnion(bill.lines.map(\.orderId)) }
        case .interfaceCall(let c):
            calls = true
            if let o = c.orderId { orders.insert(o) }
            if let i = c.instanceId { instance(i, in: s) }
        case .interfaceCallTime:
            calls = true
        }
    }

    /// An instance and every order it serves (the orders list shows its status).
    private mutating func instance(_ id: String, in s: SellerState) {
        instances.insert(id)
        if let o = s.instances[id]?.orderId { orders.insert(o) }
        orders.formUnion(s.instanceOrders[id] ?? [])
    }

    private mutating func appealsOf(_ orderId: String, in s: SellerState) {
        appeals.formUnion(s.records[orderId]?.appealIds ?? [])
    }
}
