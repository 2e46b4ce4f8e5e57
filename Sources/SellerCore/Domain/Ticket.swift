/// 客户工单 (DOMAIN §4). Only 待我处理 and 受理 are named by the platform;
/// the other states are the console's [inf].
public enum TicketStatus: String, Codable, CaseIterable, Sendable {
    case todo       // 待我处理
    case doing      // 处理中
    case waiting    // 待客户确认
    case resolved   // 已解决
    case closed     // 已关闭

    public var zh: String {
        switch self {
        case .todo: "待我处理"
        case .doing: "处理中"
        case .waiting: "待客户确认"
        case .resolved: "已解决"
        case .closed: "已关闭"
        }
    }
}

public enum AccessKind: String, Codable, CaseIterable, Sendable {
    case huaweiAccount = "huawei_account"      // 华为云账号授权
    case confidentialInfo = "confidential_info" // 机密信息授权

    public var zh: String { self == .huaweiAccount ? "华为云账号授权" : "机密信息授权" }
}

public struct Ticket: Codable, Hashable, Sendable {
    public struct Post: Codable, Hashable, Sendable {
        public enum Kind: String, Codable, Sendable { case opened, reply, accessRequest = "access_request", note, system }
        public var at: Timestamp
        public var author: Actor
        public var kind: Kind
        public var body: String
        public var access: AccessKind?
    }

    public struct AccessRequest: Codable, Hashable, Sendable {
        public var kind: AccessKind
        public var requestedBy: String
        public var at: Timestamp
        public var note: String?
    }

    public var id: String
    public var productId: String
    public var orderId: String?
    public var customer: Customer
    public var title: String
    public var status: TicketStatus
    /// The account whose 待我处理 the ticket lands in.
    public var owner: String
    public var openedAt: Timestamp
    public var updatedAt: Timestamp
    public var posts: [Post]
    public var accessRequests: [AccessRequest]
}
