public enum Channel: String, Codable, CaseIterable, Sendable, Comparable {
    case inApp = "in_app"   // 站内信
    case email              // 邮件
    case sms                // 短信

    public var zh: String {
        switch self {
        case .inApp: "站内信"
        case .email: "邮件"
        case .sms: "短信"
        }
    }

    public static func < (a: Channel, b: Channel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Message categories seen in the sources (DOMAIN §5). Other codes arrive in
/// the feed and are shown by number: the full list is unpublished.
public enum MessageCategory {
    public static let names: [Int: (zh: String, en: String)] = [
        101: ("产品创建开通通知", "Product & activation"),
        // The seed names 「产品信息变更通知」 without a code [S1]; 102 is ours [inf].
        102: ("产品信息变更通知", "Product information changed"),
        501: ("运维提醒", "Operations reminder"),
        901: ("其他", "Other"),
    ]

    public static func zh(_ code: Int) -> String { names[code]?.zh ?? "类别\(code)" }
}

public struct Message: Codable, Hashable, Sendable {
    /// The id of the notice an event posts (SellerState.post): one per event,
    /// so a console knows which message an event it did not see may have added.
    public static func noticeId(for eventId: String) -> String { "msg-" + eventId }

    public var id: String
    public var category: Int
    public var title: String
    /// Read from the snapshot file when asked for (MessageBody).
    public var body: MessageBody
    public var orderId: String?
    public var productId: String?
    public var at: Timestamp
    public var read: Bool
    /// Where it went out: always 站内信, plus the configured receivers' channels
    /// (or the account's bound phone and email when none is configured).
    public var channels: [Channel]
}

/// 消息接收人.
public struct MessageReceiver: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var mobile: String?
    public var email: String?
    /// Category codes this receiver subscribes to; empty means every category [inf].
    public var categories: [Int]
    public var channels: [Channel]

    public init(id: String, name: String, mobile: String? = nil, email: String? = nil,
                categories: [Int] = [], channels: [Channel]) {
        self.id = id; self.name = name; self.mobile = mobile; self.email = email
        self.categories = categories; self.channels = channels
    }

    public func subscribes(to category: Int) -> Bool { categories.isEmpty || categories.contains(category) }
}
