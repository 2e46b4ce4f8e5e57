public enum ChargingMode: String, Codable, CaseIterable, Sendable {
    case period = "PERIOD"
    case oneTime = "ONE_TIME"
    case onDemand = "ON_DEMAND"
    case onDemandPackage = "ON_DEMAND_PKG"

    public var zh: String {
        switch self {
        case .period: "包周期"
        case .oneTime: "按次"
        case .onDemand: "按需"
        case .onDemandPackage: "按需套餐包"
        }
    }
}

public enum PeriodType: String, Codable, CaseIterable, Sendable {
    case year, month, day

    public var zh: String {
        switch self {
        case .year: "年"
        case .month: "月"
        case .day: "天"
        }
    }
}

public enum OrderType: String, Codable, CaseIterable, Sendable {
    case new = "NEW"
    case renew = "RENEW"
    case change = "CHANGE"
    case trial = "TRIAL"
    case trialToFormal = "TRIAL_TO_FORMAL"
    case unsubscribe = "UNSUBSCRIBE"

    public var zh: String {
        switch self {
        case .new: "新购"
        case .renew: "续费"
        case .change: "变更"
        case .trial: "试用"
        case .trialToFormal: "试用转正"
        case .unsubscribe: "退订"
        }
    }
}

/// 订单状态. Only 处理中 and 已完成 are documented; the lifecycle ends are [inf].
public enum OrderStatus: String, Codable, CaseIterable, Sendable {
    case processing     // 处理中: supervision running, not billable
    case completed      // 已完成
    case unsubscribed   // 已退订
    case expired        // 已过期
    case released       // 已释放

    public var zh: String {
        switch self {
        case .processing: "处理中"
        case .completed: "已完成"
        case .unsubscribed: "已退订"
        case .expired: "已过期"
        case .released: "已释放"
        }
    }
}

public struct Customer: Codable, Hashable, Sendable {
    public var id: String
    public var name: String        // 客户名称
    public var userName: String    // 用户名 (Huawei Cloud account)
    /// The buyer's phone, when the platform sends it: hardware auto-acceptance
    /// needs the logistics phone to match it (DOMAIN §2.7 row 7).
    public var mobile: String?

    public init(id: String, name: String, userName: String, mobile: String? = nil) {
        self.id = id; self.name = name; self.userName = userName; self.mobile = mobile
    }
}

public struct Order: Codable, Hashable, Sendable {
    public var id: String
    public var productId: String
    public var customer: Customer
    public var createdAt: Timestamp
    public var chargingMode: ChargingMode
    public var periodType: PeriodType?
    public var periodNumber: Int?
    public var amount: Money
    public var orderType: OrderType
    public var parentOrderId: String?
    public var instanceId: String?
    public var status: OrderStatus
    /// Set when the order left 处理中/已完成 through the platform (unsubscribe, expiry, release).
    public var lifecycleNote: String?

    public init(id: String, productId: String, customer: Customer, createdAt: Timestamp,
                chargingMode: ChargingMode, periodType: PeriodType? = nil, periodNumber: Int? = nil,
                amount: Money, orderType: OrderType, parentOrderId: String? = nil,
                instanceId: String? = nil, status: OrderStatus = .processing, lifecycleNote: String? = nil) {
        self.id = id; self.productId = productId; self.customer = customer; self.createdAt = createdAt
        self.chargingMode = chargingMode; self.periodType = periodType; self.periodNumber = periodNumber
        self.amount = amount; self.orderType = orderType; self.parentOrderId = parentOrderId
        self.instanceId = instanceId; self.status = status; self.lifecycleNote = lifecycleNote
    }

    /// 订单行ID: `<orderId>-000001` (the platform's first line).
    public var lineId: String { id + "-000001" }

    /// 过期时间 as the platform computes it: creation + period, "仅供参考".
    public var referenceExpiry: Timestamp? {
        Validity.end(from: createdAt, chargingMode: chargingMode, periodType: periodType, periodNumber: periodNumber)
    }
}
