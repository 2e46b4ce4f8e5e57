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
        case final(SettlementState, [SettlementReason], Period?, basis: SettlementBasis)
        case candidate(eligibleAt: Timestamp, basis: SettlementBasis)
        case onDemand(Bill, BillLine)
    }

    /// A line waiting for its pool (R1.5): the fact by index, not a copy.
    struct Candidate { var fact: Int; var at: Timestamp; var basis: SettlementBasis }

    /// The month a product's paid amount is summed over (HD).
    struct MonthKey: Hashable { var productId: String; var period: Period }

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
        var unsubscribes: [String: [Int]] = [:]
        for (i, f) in facts.enumerated() where f.orderType == .unsubscribe { if let p = f.parentOrderId { unsubscribes[p, default: []].append(i) } }
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
        var monthPaid: [MonthKey: Int64] = [:]
        for f in facts where f.amount.fen > 0 { monthPaid[MonthKey(productId: f.productId, period: Period(of: f.createdAt)), default: 0] += f.amount.fen }

        func stage(_ f: SettlementFacts) -> Stage {
            if f.chargingMode == .onDemand {
                if let (b, l) = onDemandLines[f.orderId] { return .onDemand(b, l) }
                return .final(.pending, [.onDemandWithoutBill], nil, basis: .onDemandPoint)
            }
            if f.orderType == .trial { return .final(.notBillable, [.trial], nil, basis: .trial) }
            if f.orderType == .unsubscribe { return .candidate(eligibleAt: f.createdAt, basis: .unsubscribe(parent: f.parentOrderId)) }
            if f.amount.fen == 0 { return .final(.notBillable, [.zeroAmount], nil, basis: .zeroAmount) }
            // R5: a refunded order enters the bill with its unsubscribe order, netting to the refund.
            // (The earliest; `min` keeps the first of equal times, in the facts' order.)
            let refund = unsubscribes[f.orderId]?.min { facts[$0].createdAt < facts[$1].createdAt }.map { facts[$0] }
            switch f.supervision {
            case .cancelled:
                guard let u = refund else { return .final(.notBillable, [.supervisionCancelled], nil, basis: .supervisionClosed) }
                return .candidate(eligibleAt: u.createdAt, basis: .withUnsubscribe(u.orderId))
            case .open(let node):
                return .final(.pending, [.supervisionOpen(node)], Period(of: asOf), basis: .supervisionOpen)
            case .completed(let t):
                return .candidate(eligibleAt: t, basis: .supervisionCompleted(t))
            case .notInvolved:
                if f.orderType == .renew, f.effectiveAt > asOf {
                    if let u = refund { return .candidate(eligibleAt: u.createdAt, basis: .renewalUnsubscribed(u.orderId)) }
                    return .final(.pending, [.renewalNotEffective(f.effectiveAt)], Period(of: f.effectiveAt), basis: .renewalEffectiveTime)
                }
                return .candidate(eligibleAt: f.effectiveAt, basis: f.orderType == .renew ? .renewalEffective(f.effectiveAt) : .activated(f.effectiveAt))
            }
        }

        func line(_ f: SettlementFacts, _ state: SettlementState, _ reasons: [SettlementReason], _ period: Period?,
                  basis: SettlementBasis, eligibleAt: Timestamp?) -> OrderSettlement {
            let rate = policy.rate(productId: f.productId, saleModel: f.saleModel, at: f.effectiveAt)
            let inc = rate.map {
                SettlementPolicy.tierIncrement(rate: $0, monthPaidFen: monthPaid[MonthKey(productId: f.productId, period: Period(of: f.createdAt))] ?? 0,
                                               at: f.effectiveAt)
            } ?? 0
            // An unknown rate is no reason against billing: the platform bills, the console cannot say how much.
            return OrderSettlement(orderId: f.orderId, period: period, state: state, reasons: reasons, productType: f.productType,
                                   productId: f.productId, saleModel: f.saleModel, orderType: f.orderType, chargingMode: f.chargingMode, saleAmount: f.amount,
                                   feeRateBasisPoints: rate, tierIncrementBasisPoints: inc,
                                   settlementAmount: rate.map { SettlementPolicy.settle(f.amount, rate: $0, increment: inc) },
                                   basisKind: basis, eligibleAt: eligibleAt)
        }

        var out: [OrderSettlement] = []
        out.reserveCapacity(facts.count)
        var candidates: [ProductType: [Candidate]] = [:]
        for (i, f) in facts.enumerated() {
            switch stage(f) {
            case .final(let s, let r, let p, let basis): out.append(line(f, s, r, p, basis: basis, eligibleAt: nil))
            case .candidate(let at, let basis): candidates[f.productType, default: []].append(Candidate(fact: i, at: at, basis: basis))
            case .onDemand(let b, let l):
                var o = line(f, .billed, [], b.period, basis: .onDemandIncome(billId: b.id), eligibleAt: nil)
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
            var pool: [Candidate] = [], poolGross: Int64 = 0
            for p in byPeriod.keys.sorted() {
                let lines = byPeriod[p]!
                guard p <= lastClosed else {
                    let reasons: [SettlementReason] = [.periodNotBilledYet(p, policy.billingDate(of: p))]
                    for c in lines { out.append(line(facts[c.fact], .pending, reasons, p, basis: c.basis, eligibleAt: c.at)) }
                    continue
                }
                pool += lines
                poolGross += gross(lines, facts)
                if poolGross >= policy.thresholdFen {
                    for c in pool { out.append(line(facts[c.fact], .billed, [], p, basis: c.basis, eligibleAt: c.at)) }
                    pool.removeAll()
                    poolGross = 0
                }
            }
            let next = lastClosed.next
            let reasons: [SettlementReason] = [.belowThreshold(type, Money(fen: poolGross)), .periodNotBilledYet(next, policy.billingDate(of: next))]
            for c in pool { out.append(line(facts[c.fact], .pending, reasons, next, basis: c.basis, eligibleAt: c.at)) }
        }
        inListOrder(&out)
        return out
    }

    /// By period (none last), then order id; equal ones keep their place.
    /// Sorted by keys, so the 100k lines move once (sorting the lines
    /// themselves copied each many times: 70 % of the derivation).
    static func inListOrder(_ lines: inout [OrderSettlement]) {
        if let keys = ListKey.all(lines) {
            // The keys themselves are sorted (each carries its line's index,
            // the last tie-break, so the order is the stable one), a run per core, then merged.
            permute(&lines, taking: Parallel.sorted(keys).map(\.index))
            return
        }
        // A clock outside four-digit years, or an id past 16 bytes or not ASCII: by the text itself.
        permute(&lines, taking: KeySort.order(lines.map { $0.period?.text ?? "999999" }, ties: lines.map(\.orderId)))
    }

    /// Puts at each place `k` the line that was at `source[k]` (a
    /// permutation of the indices), following its cycles and moving each
    /// line once: built as a new array, every line was copied (a retain of
    /// each of its strings) and the old array released again — 0.3 s of the
    /// 1 s a 1M-order derivation took.
    static func permute(_ lines: inout [OrderSettlement], taking source: [Int]) {
        precondition(source.count == lines.count)
        var placed = [Bool](repeating: false, count: source.count)
        lines.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for start in source.indices where !placed[start] {
                placed[start] = true
                guard source[start] != start else { continue }
                let held = (base + start).move()
                var to = start, from = source[start]
                while from != start {
                    (base + to).moveInitialize(from: base + from, count: 1)
                    to = from
                    placed[to] = true
                    from = source[to]
                }
                (base + to).initialize(to: held)
            }
        }
    }

    /// (period text, order id) as integers that order the same way: with a
    /// four-digit year the text is six digits, so its number orders as it
    /// does and none ("999999") after all; an ASCII id of up to 16 bytes
    /// compares as its bytes, big-endian and zero-padded, the length last
    /// (a shorter id first when the rest is padding).
    struct ListKey: Comparable, Sendable {
        var period: Int32, length: Int32, high: UInt64, low: UInt64, index: Int

        static func < (a: ListKey, b: ListKey) -> Bool {
            if a.period != b.period { return a.period < b.period }
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            if a.length != b.length { return a.length < b.length }
            return a.index < b.index
        }

        /// Every line's key, or nil when one has none.
        static func all(_ lines: [OrderSettlement]) -> [ListKey]? {
            var keys: [ListKey] = []
            keys.reserveCapacity(lines.count)
            for i in lines.indices {
                guard let k = ListKey(lines[i].period, lines[i].orderId, index: i) else { return nil }
                keys.append(k)
            }
            return keys
        }

        init?(_ period: Period?, _ id: String, index: Int) {
            self.index = index
            if let p = period {
                guard (1000...9999).contains(p.year) else { return nil }
                self.period = Int32(p.year * 100 + p.month)
            } else {
                self.period = 999_999
            }
            var high: UInt64 = 0, low: UInt64 = 0, n = 0
            for b in id.utf8 {
                guard b < 0x80, n < 16 else { return nil }
                if n < 8 { high |= UInt64(b) << (56 - 8 * n) } else { low |= UInt64(b) << (56 - 8 * (n - 8)) }
                n += 1
            }
            (self.high, self.low, self.length) = (high, low, Int32(n))
        }
    }

    private static func gross(_ pool: [Candidate], _ facts: [SettlementFacts]) -> Int64 {
        pool.reduce(0) { $0 + max(0, facts[$1.fact].amount.fen) }
    }

    /// Totals per period of the billed lines, oldest first; pending lines are counted where they would fall.
    public static func totals(_ lines: [OrderSettlement]) -> [PeriodTotals] {
        var byPeriod: [Period: PeriodTotals] = [:]
        // Read in place (the lines are large), each period's run summed before it is stored.
        var run: PeriodTotals?
        for i in lines.indices {
            guard let p = lines[i].period else { continue }
            if let r = run, r.period != p { byPeriod[r.period] = r; run = nil }
            var t = run ?? byPeriod[p] ?? PeriodTotals(period: p, billed: 0, pending: 0, sale: .zero, fee: .zero, settlement: .zero, unknownRate: 0)
            let l = (state: lines[i].state, saleAmount: lines[i].saleAmount, settlementAmount: lines[i].settlementAmount)
            switch l.state {
            case .billed:
                t.billed += 1
                t.sale = t.sale + l.saleAmount
                if let s = l.settlementAmount { t.settlement = t.settlement + s; t.fee = t.fee + Money(fen: l.saleAmount.fen - s.fen) } else { t.unknownRate += 1 }
            case .pending: t.pending += 1
            case .notBillable: break
            }
            run = t
        }
        if let r = run { byPeriod[r.period] = r }
        return byPeriod.values.sorted { $0.period < $1.period }
    }
}

extension Period {
    public var previous: Period { month == 1 ? Period(year: year - 1, month: 12) : Period(year: year, month: month - 1) }
}
