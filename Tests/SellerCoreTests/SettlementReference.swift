@testable import SellerCore

/// The settlement derivation as first written (before the key sort and the
/// basis kept as facts): the straightforward reference the fast path is
/// checked against, line for line and field for field (SettlementFastPathTests).
enum SettlementReference {
    /// One derived line, every field the console shows or exports.
    struct Line: Equatable, CustomStringConvertible {
        var orderId: String, period: Period?, state: SettlementState, reasons: [SettlementReason]
        var productType: ProductType, productId: String, saleModel: SaleModel, orderType: OrderType, chargingMode: ChargingMode
        var saleAmount: Money, feeRateBasisPoints: Int?, tierIncrementBasisPoints: Int, settlementAmount: Money?
        var basis: String, eligibleAt: Timestamp?

        var description: String { "\(orderId) \(period?.text ?? "-") \(state) \(basis)" }

        init(orderId: String, period: Period?, state: SettlementState, reasons: [SettlementReason], productType: ProductType, productId: String,
             saleModel: SaleModel, orderType: OrderType, chargingMode: ChargingMode, saleAmount: Money, feeRateBasisPoints: Int?,
             tierIncrementBasisPoints: Int, settlementAmount: Money?, basis: String, eligibleAt: Timestamp?) {
            self.orderId = orderId; self.period = period; self.state = state; self.reasons = reasons; self.productType = productType
            self.productId = productId; self.saleModel = saleModel; self.orderType = orderType; self.chargingMode = chargingMode
            self.saleAmount = saleAmount; self.feeRateBasisPoints = feeRateBasisPoints; self.tierIncrementBasisPoints = tierIncrementBasisPoints
            self.settlementAmount = settlementAmount; self.basis = basis; self.eligibleAt = eligibleAt
        }

        init(_ o: OrderSettlement) {
            self.init(orderId: o.orderId, period: o.period, state: o.state, reasons: o.reasons, productType: o.productType, productId: o.productId,
                      saleModel: o.saleModel, orderType: o.orderType, chargingMode: o.chargingMode, saleAmount: o.saleAmount,
                      feeRateBasisPoints: o.feeRateBasisPoints, tierIncrementBasisPoints: o.tierIncrementBasisPoints,
                      settlementAmount: o.settlementAmount, basis: o.basis, eligibleAt: o.eligibleAt)
        }
    }

    enum Stage {
        case final(SettlementState, [SettlementReason], Period?, basis: String)
        case candidate(eligibleAt: Timestamp, basis: String)
        case onDemand(Bill, BillLine)
    }

    static func derive(_ facts: [SettlementFacts], bills: [Bill], policy: SettlementPolicy, asOf: Timestamp) -> [Line] {
        var unsubscribes: [String: [SettlementFacts]] = [:]
        for f in facts where f.orderType == .unsubscribe { if let p = f.parentOrderId { unsubscribes[p, default: []].append(f) } }
        var onDemandLines: [String: (Bill, BillLine)] = [:]
        for b in bills.sorted(by: { ($0.period, $0.id) < ($1.period, $1.id) }) {
            for l in b.lines {
                let sum = onDemandLines[l.orderId].map { BillLine(orderId: l.orderId, amount: $0.1.amount + l.amount, settlement: $0.1.settlement + l.settlement) } ?? l
                onDemandLines[l.orderId] = (b, sum)
            }
        }
        var monthPaid: [String: Int64] = [:]
        for f in facts where f.amount.fen > 0 { monthPaid[f.productId + "|" + Period(of: f.createdAt).text, default: 0] += f.amount.fen }

        func stage(_ f: SettlementFacts) -> Stage {
            if f.chargingMode == .onDemand {
                if let (b, l) = onDemandLines[f.orderId] { return .onDemand(b, l) }
                return .final(.pending, [.onDemandWithoutBill], nil, basis: "按需：实际消费时间点")
            }
            if f.orderType == .trial { return .final(.notBillable, [.trial], nil, basis: "试用") }
            if f.orderType == .unsubscribe {
                return .candidate(eligibleAt: f.createdAt, basis: f.parentOrderId.map { "退订订单，冲抵原始订单 \($0)" } ?? "退订订单")
            }
            if f.amount.fen == 0 { return .final(.notBillable, [.zeroAmount], nil, basis: "金额为 0") }
            let refund = unsubscribes[f.orderId]?.min { $0.createdAt < $1.createdAt }
            switch f.supervision {
            case .cancelled:
                guard let u = refund else { return .final(.notBillable, [.supervisionCancelled], nil, basis: "服务监管已关闭") }
                return .candidate(eligibleAt: u.createdAt, basis: "与退订订单 \(u.orderId) 同期出账")
            case .open(let node):
                return .final(.pending, [.supervisionOpen(node)], Period(of: asOf), basis: "服务监管未完成")
            case .completed(let t):
                return .candidate(eligibleAt: t, basis: "服务监管完成 \(t.shortDisplay)")
            case .notInvolved:
                if f.orderType == .renew, f.effectiveAt > asOf {
                    if let u = refund { return .candidate(eligibleAt: u.createdAt, basis: "未生效的续费退订，与退订订单 \(u.orderId) 同期出账") }
                    return .final(.pending, [.renewalNotEffective(f.effectiveAt)], Period(of: f.effectiveAt), basis: "续费生效时间")
                }
                return .candidate(eligibleAt: f.effectiveAt, basis: f.orderType == .renew ? "续费生效 \(f.effectiveAt.shortDisplay)" : "开通 \(f.effectiveAt.shortDisplay)")
            }
        }

        func line(_ f: SettlementFacts, _ state: SettlementState, _ reasons: [SettlementReason], _ period: Period?,
                  basis: String, eligibleAt: Timestamp?) -> Line {
            let rate = policy.rate(productId: f.productId, saleModel: f.saleModel, at: f.effectiveAt)
            let inc = rate.map { SettlementPolicy.tierIncrement(rate: $0, monthPaidFen: monthPaid[f.productId + "|" + Period(of: f.createdAt).text] ?? 0, at: f.effectiveAt) } ?? 0
            return Line(orderId: f.orderId, period: period, state: state, reasons: reasons, productType: f.productType,
                        productId: f.productId, saleModel: f.saleModel, orderType: f.orderType, chargingMode: f.chargingMode, saleAmount: f.amount,
                        feeRateBasisPoints: rate, tierIncrementBasisPoints: inc,
                        settlementAmount: rate.map { SettlementPolicy.settle(f.amount, rate: $0, increment: inc) },
                        basis: basis, eligibleAt: eligibleAt)
        }

        var out: [Line] = []
        var candidates: [ProductType: [(f: SettlementFacts, at: Timestamp, basis: String)]] = [:]
        for f in facts {
            switch stage(f) {
            case .final(let s, let r, let p, let basis): out.append(line(f, s, r, p, basis: basis, eligibleAt: nil))
            case .candidate(let at, let basis): candidates[f.productType, default: []].append((f, at, basis))
            case .onDemand(let b, let l):
                var o = line(f, .billed, [], b.period, basis: "按需收入（账单明细，最近一期 \(b.id)）", eligibleAt: nil)
                o.saleAmount = l.amount
                o.settlementAmount = l.settlement
                out.append(o)
            }
        }
        var lastClosed = Period(of: asOf)
        while policy.billingDate(of: lastClosed) > asOf { lastClosed = lastClosed.previous }
        func gross(_ pool: [(f: SettlementFacts, at: Timestamp, basis: String)]) -> Int64 { pool.reduce(0) { $0 + max(0, $1.f.amount.fen) } }
        for (type, list) in candidates {
            let byPeriod = Dictionary(grouping: list) { Period(of: $0.at) }
            var pool: [(f: SettlementFacts, at: Timestamp, basis: String)] = []
            for p in byPeriod.keys.sorted() {
                let lines = byPeriod[p]!
                guard p <= lastClosed else {
                    for c in lines { out.append(line(c.f, .pending, [.periodNotBilledYet(p, policy.billingDate(of: p))], p, basis: c.basis, eligibleAt: c.at)) }
                    continue
                }
                pool += lines
                if gross(pool) >= policy.thresholdFen {
                    for c in pool { out.append(line(c.f, .billed, [], p, basis: c.basis, eligibleAt: c.at)) }
                    pool.removeAll()
                }
            }
            let sum = Money(fen: gross(pool))
            let next = lastClosed.next
            for c in pool {
                out.append(line(c.f, .pending, [.belowThreshold(type, sum), .periodNotBilledYet(next, policy.billingDate(of: next))], next,
                                basis: c.basis, eligibleAt: c.at))
            }
        }
        return out.sorted { ($0.period?.text ?? "999999", $0.orderId) < ($1.period?.text ?? "999999", $1.orderId) }
    }
}

extension SettlementReference {
    /// Reconciliation as first written: a dictionary of every line, per bill.
    static func reconcile(_ bill: Bill, with settlements: [OrderSettlement]) -> Reconciliation {
        let byOrder = Dictionary(settlements.map { ($0.orderId, $0) }, uniquingKeysWith: { a, _ in a })
        let ours = settlements.filter { $0.state == .billed && $0.period == bill.period && $0.productType == bill.productType && $0.chargingMode != .onDemand }
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
