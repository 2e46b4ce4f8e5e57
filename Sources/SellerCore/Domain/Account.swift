public enum AccountRole: String, Codable, CaseIterable, Sendable {
    case main       // 主账号
    case delivery   // 交付子账号
    case support    // 客服子账号

    public var zh: String {
        switch self {
        case .main: "主账号"
        case .delivery: "交付"
        case .support: "客服"
        }
    }
}

public struct Account: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var role: AccountRole
    /// Phone and email bound to the Huawei Cloud account: where messages go
    /// when no receiver is configured (DOMAIN §5).
    public var mobile: String?
    public var email: String?

    public init(id: String, name: String, role: AccountRole, mobile: String? = nil, email: String? = nil) {
        self.id = id; self.name = name; self.role = role; self.mobile = mobile; self.email = email
    }

    public var isMain: Bool { role == .main }
}
