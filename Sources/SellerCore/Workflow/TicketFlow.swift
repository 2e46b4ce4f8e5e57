/// What happens to a ticket. Raw values are the CLI's verbs.
public enum TicketEvent: String, Codable, CaseIterable, Sendable {
    case accept                                // 受理
    case reply
    case requestAccess = "request_access"      // 申请授权
    case resolve
    case reassign
    case customerReply = "customer_reply"
    case closeByCustomer = "close_by_customer"

    public var zh: String {
        switch self {
        case .accept: "受理"
        case .reply: "回复"
        case .requestAccess: "申请授权"
        case .resolve: "解决"
        case .reassign: "转派"
        case .customerReply: "客户回复"
        case .closeByCustomer: "客户关闭"
        }
    }
}

/// The ticket lifecycle of DOMAIN §4 as a table. Only 待我处理 → 受理 is
/// documented; the rest is the console's reading [inf].
public enum TicketFlow {
    public enum Field: String, Sendable { case body, access, assignee }

    public struct Row: Hashable, Sendable {
        public var from: TicketStatus
        public var event: TicketEvent
        public var actor: ActorKind
        public var to: TicketStatus
        public var requires: [Field]
        public var allows: [Field]
    }

    public static let rows: [Row] = {
        var r: [Row] = [
            Row(from: .todo, event: .accept, actor: .merchant, to: .doing, requires: [], allows: []),
            Row(from: .doing, event: .reply, actor: .merchant, to: .waiting, requires: [.body], allows: []),
            Row(from: .waiting, event: .reply, actor: .merchant, to: .waiting, requires: [.body], allows: []),
            Row(from: .doing, event: .requestAccess, actor: .merchant, to: .waiting, requires: [.access], allows: [.body]),
            Row(from: .waiting, event: .requestAccess, actor: .merchant, to: .waiting, requires: [.access], allows: [.body]),
            Row(from: .doing, event: .resolve, actor: .merchant, to: .resolved, requires: [], allows: [.body]),
            Row(from: .waiting, event: .resolve, actor: .merchant, to: .resolved, requires: [], allows: [.body]),
            Row(from: .todo, event: .customerReply, actor: .buyer, to: .todo, requires: [.body], allows: []),
            Row(from: .doing, event: .customerReply, actor: .buyer, to: .doing, requires: [.body], allows: []),
            Row(from: .waiting, event: .customerReply, actor: .buyer, to: .doing, requires: [.body], allows: []),
            // A customer writing to a resolved ticket reopens it.
            Row(from: .resolved, event: .customerReply, actor: .buyer, to: .doing, requires: [.body], allows: []),
        ]
        for s in [TicketStatus.todo, .doing, .waiting, .resolved] {
            r.append(Row(from: s, event: .closeByCustomer, actor: .buyer, to: .closed, requires: [], allows: []))
        }
        for s in [TicketStatus.todo, .doing, .waiting] {
            r.append(Row(from: s, event: .reassign, actor: .merchant, to: s, requires: [.assignee], allows: [.body]))
        }
        return r
    }()

    public static func rows(from status: TicketStatus) -> [Row] { rows.filter { $0.from == status } }
}
