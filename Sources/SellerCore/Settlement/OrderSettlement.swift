/// The settlement state of one order as the console derives it.
public enum SettlementState: String, Codable, CaseIterable, Sendable {
    case billed                       // 已出账
    case pending                      // 待出账, with every reason
    case notBillable = "not_billable" // 不出账

    public var zh: String {
        switch self {
        case .billed: "已出账"
        case .pending: "待出账"
        case .notBillable: "不出账"
        }
    }
}

/// Why an order is not billed (yet). The text is the reason shown, in the
/// core's Chinese domain wording like the states and queues.
public enum SettlementReason: Hashable, Sendable {
    case supervisionOpen(SupervisionState)
    case supervisionCancelled
    case renewalNotEffective(Timestamp)
    case belowThreshold(ProductType, Money)
    case periodNotBilledYet(Period, Timestamp)
    case trial
    case zeroAmount
    case onDemandWithoutBill
    case rateUnknown(SaleModel)

    public var text: String {
        switch self {
        case .supervisionOpen(let s): "服务监管未完成（当前：\(s.zh)）"
        case .supervisionCancelled: "服务监管已关闭未完成（退订关闭），且没有退订订单与之冲抵"
        case .renewalNotEffective(let t): "续费未生效（生效时间 \(t.shortDisplay)）"
        case .belowThreshold(let type, let sum): "同类商品（\(type.zh)）累计未达 1000 元（累计 \(sum.decimalString) 元），结转下期"
        case .periodNotBilledYet(let p, let day): "账期 \(p.text) 尚未出账（出账日 \(day.dateDisplay)）"
        case .trial: "试用订单不在交易明细中，不结算"
        case .zeroAmount: "订单金额为 0，没有可结算的金额"
        case .onDemandWithoutBill: "按需订单按实际消费出账，尚无账单明细"
        case .rateUnknown(let m): "\(m.zh)商品的平台费比例未知（用 --fee-rate 配置），结算金额无法计算"
        }
    }
}

/// The basis of a settlement line, kept as its facts; `text` is the wording.
enum SettlementBasis: Hashable, Sendable {
    case onDemandPoint                       // 按需, no bill line yet
    case onDemandIncome(billId: String)
    case trial
    case unsubscribe(parent: String?)
    case zeroAmount
    case supervisionClosed
    case withUnsubscribe(String)             // a cancelled supervision netted by its refund
    case supervisionOpen
    case supervisionCompleted(Timestamp)
    case renewalUnsubscribed(String)         // a renewal refunded before it took effect
    case renewalEffectiveTime
    case renewalEffective(Timestamp)
    case activated(Timestamp)

    var text: String {
        switch self {
        case .onDemandPoint: "按需：实际消费时间点"
        case .onDemandIncome(let id): "按需收入（账单明细，最近一期 \(id)）"
        case .trial: "试用"
        case .unsubscribe(let p): p.map { "退订订单，冲抵原始订单 \($0)" } ?? "退订订单"
        case .zeroAmount: "金额为 0"
        case .supervisionClosed: "服务监管已关闭"
        case .withUnsubscribe(let u): "与退订订单 \(u) 同期出账"
        case .supervisionOpen: "服务监管未完成"
        case .supervisionCompleted(let t): "服务监管完成 \(t.shortDisplay)"
        case .renewalUnsubscribed(let u): "未生效的续费退订，与退订订单 \(u) 同期出账"
        case .renewalEffectiveTime: "续费生效时间"
        case .renewalEffective(let t): "续费生效 \(t.shortDisplay)"
        case .activated(let t): "开通 \(t.shortDisplay)"
        }
    }
}

public struct OrderSettlement: Hashable, Sendable, Encodable {
    public var orderId: String
    /// The 账期 the order is billed in, or would be billed in at the earliest.
    public var period: Period?
    public var state: SettlementState
    public var reasons: [SettlementReason]
    public var productType: ProductType
    public var productId: String
    public var saleModel: SaleModel
    public var orderType: OrderType
    public var chargingMode: ChargingMode
    public var saleAmount: Money
    /// Platform fee in basis points (500 = 5 %), and the tier increment (HD).
    public var feeRateBasisPoints: Int?
    public var tierIncrementBasisPoints: Int
    public var settlementAmount: Money?
    /// What made the order eligible, and when: 服务监管完成 / 续费生效 / 开通 / 退订冲抵.
    /// Spelled only when asked for (a detail, an export): the lists never show it,
    /// and 100k formatted strings were a tenth of the derivation.
    public var basis: String { basisKind.text }
    var basisKind: SettlementBasis
    public var eligibleAt: Timestamp?

    public var feeRate: String? { feeRateBasisPoints.map(SettlementPolicy.rateText) }
    public var fee: Money? { settlementAmount.map { Money(fen: saleAmount.fen - $0.fen) } }

    private enum Keys: String, CodingKey {
        case orderId, period, state, reasons, productType, productId, saleModel, orderType, chargingMode, saleAmount, feeRate, tierIncrement
        case settlementAmount, basis, eligibleAt
    }

    // The fields of `seller settlement --format json`; unknown values are null, not missing.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(orderId, forKey: .orderId)
        try c.encode(period?.text, forKey: .period)
        try c.encode(state, forKey: .state)
        try c.encode(reasons.map(\.text), forKey: .reasons)
        try c.encode(productType, forKey: .productType)
        try c.encode(productId, forKey: .productId)
        try c.encode(saleModel, forKey: .saleModel)
        try c.encode(orderType, forKey: .orderType)
        try c.encode(chargingMode, forKey: .chargingMode)
        try c.encode(saleAmount, forKey: .saleAmount)
        try c.encode(feeRate, forKey: .feeRate)
        try c.encode(SettlementPolicy.rateText(tierIncrementBasisPoints), forKey: .tierIncrement)
        try c.encode(settlementAmount, forKey: .settlementAmount)
        try c.encode(basis, forKey: .basis)
        try c.encode(eligibleAt, forKey: .eligibleAt)
    }
}

/// Totals of the billed lines of one period (sale, fee, settlement).
public struct PeriodTotals: Hashable, Sendable, Encodable {
    public var period: Period
    public var billed: Int
    public var pending: Int
    public var sale: Money
    public var fee: Money
    public var settlement: Money
    /// Billed lines whose rate is unknown: their fee and settlement are not in the totals.
    public var unknownRate: Int
}
