/// The demo's bills: for the last three billed periods before the demo's
/// "now", one bill per product type with exactly the lines the console's own
/// settlement bills (so they reconcile), plus 按需 income on the image bill —
/// except one bill that misses a line, so 对账 has a difference to show.
/// Older bills are paid (the 联营/华为 ones after an invoice to Huawei Cloud);
/// the latest wait in 待开票 or 待付款.
///
/// The generator folds its own events to know what the console will bill;
/// that doubles a demo's memory, so demos above `maxOrders` (bench sizes)
/// carry no bills.
enum DemoBills {
    static let maxOrders = 20_000

    static func emit(into g: DemoGenerator, state: SellerState) {
        let anchor = g.options.anchor
        var state = state
        // 按需: one metered image order, whose usage shows only in bills (R6).
        let onDemandId = "CS-OD-\(g.options.seed)"
        let odCreated = anchor.adding(days: -75)
        let od = OrderCreation(id: onDemandId, productId: "P-IM-01", customer: Customer(id: "cust-od", name: "按需用户", userName: "hw-ondemand"),
                               createdAt: odCreated, chargingMode: .onDemand, amount: .zero, orderType: .new)
        apply(g, &state, .orderCreated(od), .platform, odCreated)

        let policy = SettlementPolicy()
        let lines = Settlement.derive(state, policy: policy, asOf: anchor)
        var lastClosed = Period(of: anchor)
        while policy.billingDate(of: lastClosed) > anchor { lastClosed = lastClosed.previous }
        let periods = [lastClosed.previous.previous, lastClosed.previous, lastClosed]
        var damaged = false
        for (k, p) in periods.enumerated() {
            let published = min(policy.billingDate(of: p).adding(seconds: 10 * 3600), anchor.adding(seconds: -1800))
            for type in ProductType.allCases {
                var billLines = lines.filter { $0.state == .billed && $0.period == p && $0.productType == type }
                    .sorted { $0.orderId < $1.orderId }
                    .map { BillLine(orderId: $0.orderId, amount: $0.saleAmount, settlement: $0.settlementAmount ?? share(of: $0.saleAmount)) }
                if type == .image, p >= Period(of: odCreated) {
                    // Usage of the month: 0.38 元 an hour, some hours a day.
                    let usage = Money(fen: 38 * Int64(120 + 40 * k))
                    billLines.append(BillLine(orderId: onDemandId, amount: usage, settlement: SettlementPolicy.settle(usage, rate: 500, increment: 0)))
                }
                guard !billLines.isEmpty else { continue }
                if !damaged, k == periods.count - 1, billLines.count >= 2 {
                    billLines.removeLast()   // the platform's bill misses an order: reconciliation shows it
                    damaged = true
                }
                let latest = k == periods.count - 1
                let id = "\(p.text)-\(type.rawValue)"
                var bill = BillContent(id: id, period: p, productType: type, status: .toInvoice, lines: billLines)
                let needsInvoice = billLines.contains { l in
                    state.orders[l.orderId].flatMap { state.products[$0.productId] }.map { HuaweiInvoicing.invoicingModels.contains($0.saleModel) } ?? false
                }
                if !needsInvoice { bill.status = .toPay }
                apply(g, &state, .billPublished(BillPublication(bill: bill)), .platform, published)
                guard !latest else { continue }
                var t = published.adding(days: 3)
                if needsInvoice {
                    let total = billLines.reduce(Money.zero) { $0 + $1.settlement }
                    apply(g, &state, .billInvoiced(BillInvoicing(billId: id, number: "No.\(90_000_000 + k * 100 + type.hashValueStable)", amount: total)), g.main, t)
                    t = t.adding(days: 2)
                    apply(g, &state, .billStatusChanged(BillStatusChange(billId: id, status: .toPay)), .platform, t)
                }
                apply(g, &state, .billStatusChanged(BillStatusChange(billId: id, status: .paid)), .platform, min(t.adding(days: 8), anchor.adding(seconds: -1700)))
            }
        }
    }

    /// A 联营/华为 line's settlement, whose rate no source gives: the demo's platform uses 85 % [inf, demo data only].
    static func share(of sale: Money) -> Money { SettlementPolicy.settle(sale, rate: 1500, increment: 0) }

    private static func apply(_ g: DemoGenerator, _ state: inout SellerState, _ event: DomainEvent, _ actor: Actor, _ at: Timestamp) {
        let id = g.emit(event, by: actor, at: at)
        try? state.apply(EventEnvelope(id: id, at: at, actor: actor, event: event))
    }
}

private extension ProductType {
    /// A small stable number per type for demo invoice numbers (Swift's hashValue changes per run).
    var hashValueStable: Int { ProductType.allCases.firstIndex(of: self)! }
}
