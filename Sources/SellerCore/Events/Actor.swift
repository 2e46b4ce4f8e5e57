/// Who caused an event. Merchant actions carry the account that did them;
/// everything else comes from the platform side, with no account.
/// Stored as a string: `platform`, `buyer`, `reviewer`, `operations`, `account:ID`.
public enum Actor: Hashable, Sendable, Codable, CustomStringConvertible {
    case platform, buyer, reviewer, operations
    case account(String)

    public var kind: ActorKind {
        switch self {
        case .platform: .platform
        case .buyer: .buyer
        case .reviewer: .reviewer
        case .operations: .operations
        case .account: .merchant
        }
    }

    public var accountId: String? {
        if case .account(let id) = self { return id }
        return nil
    }

    public var description: String {
        switch self {
        case .platform: "platform"
        case .buyer: "buyer"
        case .reviewer: "reviewer"
        case .operations: "operations"
        case .account(let id): "account:\(id)"
        }
    }

    public init?(string s: String) {
        switch s {
        case "platform": self = .platform
        case "buyer": self = .buyer
        case "reviewer": self = .reviewer
        case "operations": self = .operations
        default:
            guard s.hasPrefix("account:"), s.count > 8 else { return nil }
            self = .account(String(s.dropFirst(8)))
        }
    }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let a = Actor(string: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "unknown actor '\(s)': expected platform, buyer, reviewer, operations or account:ID"))
        }
        self = a
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
