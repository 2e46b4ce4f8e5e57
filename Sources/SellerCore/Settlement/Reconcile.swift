/// 对账: a platform bill against the console's own settlement of the same
/// period and product type. Every difference is listed with both sides.
public struct BillDifference: Hashable, Sendable, Encodable {
    public enum Kind: String, Codable, Sendable {
        case notBillable = "billed_not_billable"   // on the bill; the console does not bill it in this period
        case missing = "missing_from_bill"         // the console bills it here; the bill does not list it
        case amount = "amount_differs"
        case settlement = "settlement_differs"
    }

    public var kind: Kind
    public var orderId: String
    public var billAmount: Money?
    public var consoleAmount: Money?
    public var billSettlement: Money?
    public var consoleSettlement: Money?
    /// The console's reasons, for an order it does not bill here.
    public var reason: String?
}

public struct Reconciliation: Sendable, Encodable {
    public var billId: String
    public var period: Period
    public var productType: ProductType
    public var billLines: Int
    public var consoleLines: Int
    public var billSettlement: Money
    public var consoleSettlement: Money
    /// Console lines whose fee rate is unknown: not in `consoleSettlement`, their settlement not compared.
    public var consoleUnknownRate: Int
    /// 按需 lines: income only the bill knows (R6), listed, never a difference.
    public var onDemandLines: Int
    public var onDemandIncome: Money
    public var differences: [BillDifference]
    public var agrees: Bool { differences.isEmpty }

    private enum Keys: String, CodingKey {
        case billId, period, productType, billLines, consoleLines, billSettlement, consoleSettlement, consoleUnknownRate, onDemandLines, onDemandIncome, differences, agrees
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(billId, forKey: .billId)
        try c.encode(period, forKey: .period)
        try c.encode(productType, forKey: .productType)
        try c.encode(billLines, forKey: .billLines)
        try c.encode(consoleLines, forKey: .consoleLines)
        try c.encode(billSettlement, forKey: .billSettlement)
        try c.encode(consoleSettlement, forKey: .consoleSettlement)
        try c.encode(consoleUnknownRate, forKey: .consoleUnknownRate)
        try c.encode(onDemandLines, forKey: .onDemandLines)
        try c.encode(onDemandIncome, forKey: .onDemandIncome)
        try c.encode(differences, forKey: .differences)
        try c.encode(agrees, forKey: .agrees)
    }
}

extension Settlement {
    /// `settlements`: the console's derivation (all orders); the bill's lines are
    /// compared with the orders it bills in the bill's period and product type.
    public static func reconcile(_ bill: Bill, with settlements: [OrderSettlement]) -> Reconciliation {
        reconcile([bill], with: settlements)[0]
    }

    /// Each bill reconciled, the lines read once for all of them: only the
    /// orders some bill lists, and the billed lines of the bills' periods and
    /// types, are picked out (a dictionary of all 100k lines per bill cost
    /// more than the derivation).
    public static func reconcile(_ bills: [Bill], with settlements: [OrderSettlement]) -> [Reconciliation] {
        struct Pool: Hashable { var period: Period; var type: ProductType }
        var listedAnywhere = Set<String>()
        for b in bills { for l in b.lines { listedAnywhere.insert(l.orderId) } }
        let pools = Set(bills.map { Pool(period: $0.period, type: $0.productType) })
        var byOrder: [String: OrderSettlement] = [:]
        var ours: [Pool: [OrderSettlement]] = [:]
        for i in settlements.indices {
            let id = settlements[i].orderId
            // The first line of an order, as a dictionary of them all would keep.
            if listedAnywhere.contains(id), byOrder[id] == nil { byOrder[id] = settlements[i] }
            guard settlements[i].state == .billed, settlements[i].chargingMode != .onDemand, let p = settlements[i].period else { continue }
            let pool = Pool(period: p, type: settlements[i].productType)
            if pools.contains(pool) { ours[pool, default: []].append(settlements[i]) }
        }
        return bills.map { reconcile($0, byOrder: byOrder, ours: ours[Pool(period: $0.period, type: $0.productType)] ?? []) }
    }

    private static func reconcile(_ bill: Bill, byOrder: [String: OrderSettlement], ours: [OrderSettlement]) -> Reconciliation {
        let listed = Set(bill.lines.map(\.orderId))
        var diffs: [BillDifference] = []
        var onDemand = (lines: 0, income: Money.zero)
        for l in bill.lines {
            if byOrder[l.orderId]?.chargingMode == .onDemand {
                onDemand.lines += 1
                onDemand.income = onDemand.income + l.amount
                continue
            }
            guard let o = byOrder[l.orderId], o.state == .billed, o.period == bill.period, o.productType == bill.productType else {
                diffs.append(BillDifference(kind: .notBillable, orderId: l.orderId, billAmount: l.amount, consoleAmount: nil,
                                            billSettlement: l.settlement, consoleSettlement: nil, reason: why(byOrder[l.orderId], bill)))
                continue
            }
            if o.saleAmount != l.amount {
                diffs.append(BillDifference(kind: .amount, orderId: l.orderId, billAmount: l.amount, consoleAmount: o.saleAmount,
                                            billSettlement: nil, consoleSettlement: nil, reason: nil))
            }
            // An unknown rate leaves nothing to compare the settlement with.
            if let s = o.settlementAmount, s != l.settlement {
                diffs.append(BillDifference(kind: .settlement, orderId: l.orderId, billAmount: nil, consoleAmount: nil,
                                            billSettlement: l.settlement, consoleSettlement: s,
                                            reason: "rate \(o.feeRate ?? "?") − tier \(SettlementPolicy.rateText(o.tierIncrementBasisPoints))"))
            }
        }
        for o in ours where !listed.contains(o.orderId) {
            diffs.append(BillDifference(kind: .missing, orderId: o.orderId, billAmount: nil, consoleAmount: o.saleAmount,
                                        billSettlement: nil, consoleSettlement: o.settlementAmount, reason: o.basis))
        }
        return Reconciliation(billId: bill.id, period: bill.period, productType: bill.productType, billLines: bill.lines.count,
                              consoleLines: ours.count, billSettlement: bill.totalSettlement,
                              consoleSettlement: ours.reduce(.zero) { $0 + ($1.settlementAmount ?? .zero) },
                              consoleUnknownRate: ours.filter { $0.settlementAmount == nil }.count, onDemandLines: onDemand.lines, onDemandIncome: onDemand.income,
                              differences: diffs.sorted { ($0.orderId, $0.kind.rawValue) < ($1.orderId, $1.kind.rawValue) })
    }

    private static func why(_ o: OrderSettlement?, _ bill: Bill) -> String {
        guard let o else { return "the console has no settlement for this order" }
        if o.productType != bill.productType { return "the order is of product type \(o.productType.rawValue), not \(bill.productType.rawValue)" }
        switch o.state {
        case .billed: return "the console bills it in \(o.period?.text ?? "?"), not \(bill.period.text)"
        case .pending, .notBillable:
            return "\(o.state.rawValue) (\(o.state.zh)): " + o.reasons.map(\.text).joined(separator: "; ")
        }
    }
}
