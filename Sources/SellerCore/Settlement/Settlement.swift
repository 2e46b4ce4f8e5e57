/// The console's own settlement (SETTLEMENT.md R1–R6): for every order, the
/// 账期 it is billed in and whether it is billed, pending (with every reason)
/// or not billable, with sale amount, fee rate and settlement amount in fen.
///
/// Not modelled, because the feed carries no such facts: 商业信息认证 (R1.1)
/// and credit customers' repayment (R1.2) — every order in the feed is paid
/// (order.created is the payment, DOMAIN §2 row 1); vouchers (R4).
public enum Settlement {
    /// Where an order stands before the 1000 元 threshold and the billing day are applied.
    enum Stage {
        case final(SettlementState, [SettlementReason], Period?, basis: String)
        case candidate(eligibleAt: Timestamp, basis: String)
        case onDemand(Bill, BillLine)
    }

    public static func derive(_ state: SellerState, policy: SettlementPolicy = .init(), asOf: Timestamp) -> [OrderSettlement] {
        derive(state.settlementFacts(), bills: Array(state.bills.values), policy: policy, asOf: asOf)
    }

    /// The same derivation for one product type only: exact, because the
    /// threshold pools, the tiers (per product) and the unsubscribe netting
    /// (same product) never cross a product type — and a fraction of the work
    /// for a detail view that asks about one order or one bill.
    public static func derive(_ state: SellerState, productType: ProductType, policy: SettlementPolicy = .init(), asOf: Timestamp) -> [OrderSettlement] {
        let facts = state.settlementOrders().compactMap { o in
            state.products[o.productId]?.type == productType ? state.settlementFacts(of: o) : nil
        }
        return derive(facts, bills: Array(state.bills.values), policy: policy, asOf: asOf)
    }

    public static func derive(_ facts: [SettlementFacts], bills: [Bill], policy: SettlementPolicy, asOf: Timestamp) -> [OrderSettlement] {
        var unsubscribes: [String: [SettlementFacts]] = [:]
        for f in facts where f.orderType == .unsubscribe { if let p = f.parentOrderId { unsubscribes[p, default: []].append(f) } }
        // 按需 income is known only from the bills (R6).
        // An order metered over several months has a line in each month's bill: their sum, in the latest period.
        var onDemandLines: [String: (Bill, BillLine)] = [:]
        for b in bills.sorted(by: { ($0.period, $0.id) < ($1.period, $1.id) }) {
            for l in b.lines {
                let sum = onDemandLines[l.orderId].map { BillLine(orderId: l.orderId, amount: $0.1.amount + l.amount, settlement: $0.1.settlement + l.settlement) } ?? l
                onDemandLines[l.orderId] = (b, sum)
            }
        }
        // HD: the product's paid amount in the month it was paid.
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
            // R5: a refunded order enters the bill with its unsubscribe order, netting to the refund.
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
                  basis: String, eligibleAt: Timestamp?) -> OrderSettlement {
            let rate = policy.rate(productId: f.productId, saleModel: f.saleModel, at: f.effectiveAt)
            let inc = rate.map { SettlementPolicy.tierIncrement(rate: $0, monthPaidFen: monthPaid[f.productId + "|" + Period(of: f.createdAt).text] ?? 0, at: f.effectiveAt) } ?? 0
            // An unknown rate is no reason against billing: the platform bills, the console cannot say how much.
            return OrderSettlement(orderId: f.orderId, period: period, state: state, reasons: reasons, productType: f.productType,
                                   productId: f.productId, saleModel: f.saleModel, orderType: f.orderType, chargingMode: f.chargingMode, saleAmount: f.amount,
                                   feeRateBasisPoints: rate, tierIncrementBasisPoints: inc,
                                   settlementAmount: rate.map { SettlementPolicy.settle(f.amount, rate: $0, increment: inc) },
                                   basis: basis, eligibleAt: eligibleAt)
        }

        var out: [OrderSettlement] = []
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

        // The last period whose billing day has passed.
        var lastClosed = Period(of: asOf)
        while policy.billingDate(of: lastClosed) > asOf { lastClosed = lastClosed.previous }

        // R1.5 + R2: per product type, period by period, the lines not billed
        // yet are pooled; once the pool's sales reach 1000 元 it is billed in that
        // period, else it carries on (HK: 「往月…从未结算的订单」 join later bills)
        // [inf: the threshold is cumulative across months and counts the positive lines].
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

    private static func gross(_ pool: [(f: SettlementFacts, at: Timestamp, basis: String)]) -> Int64 {
        pool.reduce(0) { $0 + max(0, $1.f.amount.fen) }
    }

    /// Totals per period of the billed lines, oldest first; pending lines are counted where they would fall.
    public static func totals(_ lines: [OrderSettlement]) -> [PeriodTotals] {
        var byPeriod: [Period: PeriodTotals] = [:]
        for l in lines {
            guard let p = l.period else { continue }
            var t = byPeriod[p] ?? PeriodTotals(period: p, billed: 0, pending: 0, sale: .zero, fee: .zero, settlement: .zero, unknownRate: 0)
            switch l.state {
            case .billed:
                t.billed += 1
                t.sale = t.sale + l.saleAmount
                if let s = l.settlementAmount { t.settlement = t.settlement + s; t.fee = t.fee + Money(fen: l.saleAmount.fen - s.fen) } else { t.unknownRate += 1 }
            case .pending: t.pending += 1
            case .notBillable: break
            }
            byPeriod[p] = t
        }
        return byPeriod.values.sorted { $0.period < $1.period }
    }
}

extension Period {
    public var previous: Period { month == 1 ? Period(year: year - 1, month: 12) : Period(year: year, month: month - 1) }
}
