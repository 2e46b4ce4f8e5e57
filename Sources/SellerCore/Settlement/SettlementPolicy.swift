/// The numbers settlement runs on, each with its source in SETTLEMENT.md.
/// A value the sources do not give is nil or marked [inf]; the CLI can set
/// them (`seller settlement --fee-rate …`, `--billing-day …`).
public struct SettlementPolicy: Sendable, Equatable {
    /// R1.5: 「同一商品类型的账单累计出账达到1000元」 (H8, HT).
    public var thresholdFen: Int64 = 100_000

    /// R3: CN pages bill on the 3rd, 国际站 pages on the 7th; a weekend moves
    /// it to the Monday after [inf: holidays are not known to the console].
    public var billingDay = 3

    /// R4: 通用 products pay 5 % since 2019-05-01 (P59, H11). In basis points.
    public var generalRateBasisPoints = 500
    public static let generalRateSince = Timestamp(china: .init(year: 2019, month: 5, day: 1))

    /// R4: no documented rate for the other sale models (联营 shares by partner
    /// ratio, H20); nil until configured, and then the settlement amount is unknown.
    public var saleModelRates: [SaleModel: Int] = [:]

    /// R4 (H13): 「以商品上架时配置的比例为准」: a product's own rate wins.
    public var productRates: [String: Int] = [:]

    /// R4 (HD): from 2024-03-01, a 5 % product whose month's paid amount
    /// reaches 50万 gets +1 %, 100万 +2 % (the unit 万元 is [inf]).
    public static let tiersSince = Timestamp(china: .init(year: 2024, month: 3, day: 1))
    public static let tiers: [(fromFen: Int64, basisPoints: Int)] = [(100_000_000, 200), (50_000_000, 100)]

    public init() {}

    /// The platform fee rate of an order of `product`, or nil when no source
    /// or configuration gives one.
    public func rate(productId: String, saleModel: SaleModel, at t: Timestamp) -> Int? {
        if let r = productRates[productId] { return r }
        if let r = saleModelRates[saleModel] { return r }
        guard saleModel == .general, t >= Self.generalRateSince else { return nil }
        return generalRateBasisPoints
    }

    /// The tier increment for a product's month (only 5 % products take part).
    public static func tierIncrement(rate: Int, monthPaidFen: Int64, at t: Timestamp) -> Int {
        guard rate == 500, t >= tiersSince else { return 0 }
        return tiers.first { monthPaidFen >= $0.fromFen }?.basisPoints ?? 0
    }

    /// R4 (P59 ②): 商品销售金额 × (1 − 平台费比例 + 区间增量), rounded to the
    /// nearest fen, halves away from zero [inf: the rounding is not documented].
    public static func settle(_ sale: Money, rate: Int, increment: Int) -> Money {
        let share = Int64(10_000 - rate + increment)
        let product = sale.fen * share
        let q = product / 10_000, r = product % 10_000
        return Money(fen: q + (abs(r) * 2 >= 10_000 ? (product < 0 ? -1 : 1) : 0))
    }

    /// The day the platform bills `period`: `billingDay` of the next month,
    /// moved past a weekend.
    public func billingDate(of period: Period) -> Timestamp {
        let n = period.next
        let day = min(billingDay, Timestamp.daysIn(year: n.year, month: n.month))
        var t = Timestamp(china: .init(year: n.year, month: n.month, day: day))
        // 1970-01-01 was a Thursday; 0 is Sunday.
        while true {
            let weekday = Int(((Timestamp.daysFromCivil(t.china.year, t.china.month, t.china.day) % 7) + 11) % 7)
            guard weekday == 0 || weekday == 6 else { return t }
            t = t.adding(days: 1)
        }
    }

    /// `"0.05"` for 500 basis points.
    public static func rateText(_ basisPoints: Int) -> String {
        let whole = basisPoints / 10_000, frac = basisPoints % 10_000
        var f = String(frac)
        f = String(repeating: "0", count: 4 - f.count) + f
        while f.count > 2, f.hasSuffix("0") { f.removeLast() }
        return "\(whole).\(f)"
    }
}
