import Foundation

/// A SaaS instance the merchant's production interface created for an order
/// (SAAS-INTERFACE.md §2): KooGallery calls `newInstance`, then manages it by
/// `instanceId`. Instances exist only through accepted, non-test interface calls.
public struct Instance: Codable, Hashable, Sendable {
    public var id: String
    public var orderId: String
    public var orderLineId: String
    /// From the order when the store knows it, or from a refresh that changed it.
    public var productId: String?
    public var status: InstanceStatus
    /// Platform expiry (refreshInstance), when one was sent.
    public var expireTime: Timestamp?
    public var createdAt: Timestamp
    /// What the merchant's hook returned for the buyer (front-end URL …).
    public var appInfo: AppInfo?
    /// Orders already applied to the instance (`scene:orderId` for refreshes,
    /// `upgrade:orderId` for upgrades), so a re-sent call changes nothing.
    public var appliedOrders: [String]

    public init(id: String, orderId: String, orderLineId: String, productId: String?, status: InstanceStatus = .normal,
                expireTime: Timestamp? = nil, createdAt: Timestamp, appInfo: AppInfo? = nil, appliedOrders: [String] = []) {
        self.id = id; self.orderId = orderId; self.orderLineId = orderLineId; self.productId = productId
        self.status = status; self.expireTime = expireTime; self.createdAt = createdAt
        self.appInfo = appInfo; self.appliedOrders = appliedOrders
    }
}

public enum InstanceStatus: String, Codable, Hashable, Sendable, CaseIterable {
    case normal, frozen, released

    public var zh: String {
        switch self {
        case .normal: "正常"
        case .frozen: "已冻结"
        case .released: "已释放"
        }
    }
}

/// `appInfo` of queryInstance (§2.2), limits as the spec gives them.
public struct AppInfo: Codable, Hashable, Sendable {
    public var frontEndUrl: String
    public var adminUrl: String?
    public var userName: String?
    public var password: String?
    public var memo: String?

    public init(frontEndUrl: String, adminUrl: String? = nil, userName: String? = nil, password: String? = nil, memo: String? = nil) {
        self.frontEndUrl = frontEndUrl; self.adminUrl = adminUrl; self.userName = userName; self.password = password; self.memo = memo
    }

    /// The optional fields with their longest allowed length (immutable key paths).
    nonisolated(unsafe) public static let limits: [(String, WritableKeyPath<AppInfo, String?>, Int)] = [
        ("adminUrl", \.adminUrl, 512), ("userName", \.userName, 128), ("password", \.password, 128), ("memo", \.memo, 1024),
    ]
}

/// The change an accepted call makes to the instances; nil for reads,
/// repeats and test calls.
public enum InstanceChange: Hashable, Sendable, Codable {
    case created(Instance)
    case status(instanceId: String, to: InstanceStatus)
    case refreshed(instanceId: String, key: String, expireTime: Timestamp, productId: String?)
    case upgraded(instanceId: String, key: String)
}

/// One call to the production interface, accepted or refused: what the
/// 接口 pane and `seller calls` list, and the platform's delisting rule counts.
public struct InterfaceCall: Codable, Hashable, Sendable {
    /// When the call arrived, to the millisecond (UNIX ms).
    public var atMs: Int64
    public var peer: String
    /// The `activity` as sent (bounded), or "" when the body could not be read.
    public var activity: String
    public var orderId: String?
    public var orderLineId: String?
    public var instanceId: String?
    public var businessId: String?
    public var resultCode: String
    public var resultMsg: String
    public var test: Bool
    /// Milliseconds from the request's last byte read to the answer's last
    /// byte written (hook, decision, journal fsync, socket write). Written
    /// before the answer as the time up to the decision, then replaced by an
    /// `interface.call_time` event once the answer is out.
    public var ms: Int
    public var change: InstanceChange?
    /// The event id, so the `interface.call_time` that follows finds the call (nil in older journals).
    public var id: String?
    /// How many calls this line stands for: refused calls are aggregated per
    /// minute, peer, activity, order and result (nil = 1).
    public var count: Int?

    public init(atMs: Int64, peer: String, activity: String, orderId: String? = nil, orderLineId: String? = nil,
                instanceId: String? = nil, businessId: String? = nil, resultCode: String, resultMsg: String,
                test: Bool, ms: Int, change: InstanceChange? = nil, id: String? = nil, count: Int? = nil) {
        self.atMs = atMs; self.peer = peer; self.activity = activity; self.orderId = orderId; self.orderLineId = orderLineId
        self.instanceId = instanceId; self.businessId = businessId; self.resultCode = resultCode; self.resultMsg = resultMsg
        self.test = test; self.ms = ms; self.change = change; self.id = id; self.count = count
    }

    public var succeeded: Bool { resultCode == "000000" || resultCode == "000004" }
    /// Calls this line stands for (aggregated refusals count more than one).
    public var calls: Int { max(count ?? 1, 1) }
    public var at: Timestamp { Timestamp(seconds: atMs / 1000) }
}

/// The full time a call took, known only after its answer was written
/// (`interface.call_time`): replaces the call's provisional `ms`.
public struct InterfaceCallTime: Codable, Hashable, Sendable {
    public var callId: String
    public var ms: Int
    public init(callId: String, ms: Int) { self.callId = callId; self.ms = ms }
}
