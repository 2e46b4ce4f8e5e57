import Testing
@testable import SellerCore

/// The worked examples of SETTLEMENT.md §4 that rest on a documented rule, and
/// the [inf] choices this console made (README, Settlement).
@Suite struct SettlementTests {
    static func day(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 10) -> Timestamp { Timestamp(china: .init(year: y, month: m, day: d, hour: h)) }

    static func line(_ s: SellerState, _ id: String, asOf: Timestamp, policy: SettlementPolicy = .init()) throws -> OrderSettlement {
        try #require(Settlement.derive(s, policy: policy, asOf: asOf).first { $0.orderId == id })
    }

    /// A fixture with a 通用 License 软件包 product (accepted in one step) and an API product (unsupervised).
    static func shop(at t: Timestamp) throws -> Fixture {
        var f = try Fixture.withAccounts()
        f.clock = t
        try f.product("P-LP", .licensePackage)
        try f.product("P-API", .api)
        return f
    }

    /// §4.1 (I42): paid 2020-02-03, supervision completed 2020-03-15 → bill 202003.
    @Test func supervisedOrderLandsInTheMonthItsSupervisionCompleted() throws {
        var f = try Self.shop(at: Self.day(2020, 2, 3))
        try f.order("CS1", product: "P-LP", at: Self.day(2020, 2, 3), amount: Money(yuan: 1200))
        f.clock = Self.day(2020, 3, 15)
        try f.step("CS1", .buyerAccept, by: .buyer, advance: 0)
        let billed = try Self.line(f.state, "CS1", asOf: Self.day(2020, 4, 10))
        #expect(billed.state == .billed && billed.period?.text == "202003" && billed.reasons.isEmpty)
        // Before the billing day of April (the 3rd, a Friday in 2020) it is not billed yet, and says so.
        let early = try Self.line(f.state, "CS1", asOf: Self.day(2020, 4, 2))
        #expect(early.state == .pending && early.period?.text == "202003")
        #expect(early.reasons == [.periodNotBilledYet(Period(year: 2020, month: 3), Timestamp(china: .init(year: 2020, month: 4, day: 3)))])
    }

    /// §4.2 (HK): an unfinished supervision is not billed and says why; it
    /// joins the bill of the month it completes in.
    @Test func unfinishedSupervisionIsNotBilledAndSaysWhy() throws {
        var f = try Self.shop(at: Self.day(2026, 1, 10))
        try f.order("CS1", product: "P-LP", amount: Money(yuan: 2000))
        let open = try Self.line(f.state, "CS1", asOf: Self.day(2026, 3, 10))
        #expect(open.state == .pending)
        #expect(open.reasons == [.supervisionOpen(f.record("CS1").state)])
        #expect(open.reasons[0].text.hasPrefix("服务监管未完成"))
        f.clock = Self.day(2026, 4, 2)
        try f.step("CS1", .buyerAccept, by: .buyer, advance: 0)
        let done = try Self.line(f.state, "CS1", asOf: Self.day(2026, 5, 6))
        #expect(done.state == .billed && done.period?.text == "202604")
    }

    /// §4.3 (I42): a renewal bought 2025-01-31 takes effect 2025-02-01 → 202502.
    @Test func renewalIsBilledInTheMonthItTakesEffect() throws {
        var f = try Self.shop(at: Self.day(2025, 1, 1, 0))
        try f.order("CS1", product: "P-API", at: Self.day(2025, 1, 1, 0), months: 1, amount: Money(yuan: 1500))
        try f.order("CS2", product: "P-API", at: Self.day(2025, 1, 31), type: .renew, parent: "CS1", months: 1, amount: Money(yuan: 1500))
        let before = try Self.line(f.state, "CS2", asOf: Self.day(2025, 1, 31, 12))
        #expect(before.state == .pending && before.period?.text == "202502")
        #expect(before.reasons == [.renewalNotEffective(Timestamp(china: .init(year: 2025, month: 2, day: 1)))])
        #expect(before.reasons[0].text.hasPrefix("续费未生效"))
        let after = try Self.line(f.state, "CS2", asOf: Self.day(2025, 3, 4))
        #expect(after.state == .billed && after.period?.text == "202502")
        #expect(try Self.line(f.state, "CS1", asOf: Self.day(2025, 3, 4)).period?.text == "202501")
    }

    /// §4.5 (H8): below 1000 元 of one product type in a month nothing is
    /// billed; the lines carry on and are billed once the pool reaches it.
    @Test func productTypeBelowThresholdIsNotBilledAndCarriesOver() throws {
        var f = try Self.shop(at: Self.day(2026, 1, 5))
        try f.order("CS1", product: "P-API", amount: Money(yuan: 800))
        try f.order("CS2", product: "P-LP", amount: Money(yuan: 1200))
        try f.step("CS2", .buyerAccept, by: .buyer)
        let feb = Self.day(2026, 2, 10)
        let small = try Self.line(f.state, "CS1", asOf: feb)
        #expect(small.state == .pending && small.period?.text == "202602")
        #expect(small.reasons.first == .belowThreshold(.api, Money(yuan: 800)))
        #expect(small.reasons[0].text.contains("累计未达 1000 元"))
        #expect(try Self.line(f.state, "CS2", asOf: feb).state == .billed, "another product type has its own pool")
        // 300 元 more in February: 1100 元, billed together in 202602.
        f.clock = Self.day(2026, 2, 12)
        try f.order("CS3", product: "P-API", amount: Money(yuan: 300))
        let mar = Self.day(2026, 3, 4)
        for id in ["CS1", "CS3"] {
            let l = try Self.line(f.state, id, asOf: mar)
            #expect(l.state == .billed && l.period?.text == "202602", "\(id)")
        }
    }

    /// §4.6 (P59 ②): 1000 元 at 5 % settles 950 元.
    @Test func plainGeneralLineSettlesAtNinetyFivePercent() throws {
        var f = try Self.shop(at: Self.day(2026, 1, 5))
        try f.order("CS1", product: "P-API", amount: Money(yuan: 1000))
        let l = try Self.line(f.state, "CS1", asOf: Self.day(2026, 2, 4))
        #expect(l.state == .billed && l.feeRate == "0.05" && l.settlementAmount == Money(yuan: 950) && l.fee == Money(yuan: 50))
        #expect(SettlementPolicy.settle(Money(fen: 1), rate: 500, increment: 0) == Money(fen: 1), "0.95 fen rounds to 1")
        #expect(SettlementPolicy.settle(Money(fen: -120_000), rate: 500, increment: 0) == Money(fen: -114_000))
        // Before 2019-05-01 no rate is documented: the amount is unknown, and the line says so.
        var old = try Self.shop(at: Self.day(2019, 3, 1))
        try old.order("CS0", product: "P-API", amount: Money(yuan: 1000))
        let o = try Self.line(old.state, "CS0", asOf: Self.day(2019, 4, 10))
        #expect(o.state == .billed && o.settlementAmount == nil && o.feeRate == nil && o.reasons.isEmpty)
        // A product's own ratio wins (H13).
        var p = SettlementPolicy()
        p.productRates["P-API"] = 1000
        #expect(try Self.line(f.state, "CS1", asOf: Self.day(2026, 2, 4), policy: p).settlementAmount == Money(yuan: 900))
    }

    /// §4.8 (HD): 150万 → ×97 %; 60万 → ×96 %; 30万 → ×95 %; a 10 % product gets no increment.
    @Test func monthlyTiersRaiseTheShareOfFivePercentProducts() {
        let t = Self.day(2024, 6, 1)
        func settle(_ wan: Int64, rate: Int = 500) -> Money {
            let sale = Money(yuan: wan * 10_000)
            return SettlementPolicy.settle(sale, rate: rate, increment: SettlementPolicy.tierIncrement(rate: rate, monthPaidFen: sale.fen, at: t))
        }
        #expect(settle(150) == Money(yuan: 1_455_000))
        #expect(settle(60) == Money(yuan: 576_000))
        #expect(settle(30) == Money(yuan: 285_000))
        #expect(settle(150, rate: 1000) == Money(yuan: 1_350_000))
        #expect(SettlementPolicy.tierIncrement(rate: 500, monthPaidFen: 150_000_000, at: Self.day(2024, 2, 1)) == 0, "before 2024-03-01 the old policy")
    }

    /// §4.9 (Z1, H24): bought 2024-01-05 for 1200 元, unsubscribed 2024-01-07:
    /// the original and the unsubscribe order are billed together, netting to 0.
    @Test func unsubscribeNetsAgainstTheOriginalOrder() throws {
        var f = try Fixture.withAccounts()
        f.clock = Self.day(2024, 1, 5)
        try f.product("P-SA", .saas)
        try f.order("CS1", product: "P-SA", months: 12, amount: Money(yuan: 1200))
        f.clock = Self.day(2024, 1, 7)
        try f.apply(.orderLifecycle(.init(orderId: "CS1", change: .unsubscribed, note: "退订")), by: .platform)
        try f.order("CS1U", product: "P-SA", type: .unsubscribe, parent: "CS1", amount: Money(yuan: -1200))
        let all = Settlement.derive(f.state, asOf: Self.day(2024, 2, 6))
        let pair = all.filter { ["CS1", "CS1U"].contains($0.orderId) }
        #expect(pair.count == 2 && pair.allSatisfy { $0.state == .billed && $0.period?.text == "202401" })
        #expect(pair.reduce(Money.zero) { $0 + $1.saleAmount } == .zero)
        #expect(pair.reduce(Money.zero) { $0 + ($1.settlementAmount ?? Money(fen: 99)) } == .zero)
        // Without the unsubscribe order, a cancelled supervision is simply not billable.
        var g = try Fixture.withAccounts()
        try g.product("P-SA", .saas)
        try g.order("CS9", product: "P-SA", amount: Money(yuan: 1200))
        try g.apply(.orderLifecycle(.init(orderId: "CS9", change: .unsubscribed)), by: .platform)
        let lone = try Self.line(g.state, "CS9", asOf: Self.day(2027, 1, 1))
        #expect(lone.state == .notBillable && lone.reasons == [.supervisionCancelled])
    }

    /// §4.10 [inf]: the 3rd on a Saturday moves to Monday the 5th.
    @Test func billingDaySkipsTheWeekend() {
        let p = SettlementPolicy()
        #expect(p.billingDate(of: Period(year: 2026, month: 9)).dateDisplay == "2026-10-05")
        #expect(p.billingDate(of: Period(year: 2026, month: 10)).dateDisplay == "2026-11-03")
        var intl = p
        intl.billingDay = 7
        #expect(intl.billingDate(of: Period(year: 2026, month: 10)).dateDisplay == "2026-11-09", "2026-11-07 is a Saturday")
        #expect(Period("202613") == nil && Period("20261") == nil && Period("202611")?.text == "202611")
        #expect(Period(year: 2026, month: 12).next.text == "202701" && Period(year: 2026, month: 1).previous.text == "202512")
    }

    /// H9: trial orders are not settled; R6: 按需 income comes from bills only.
    @Test func trialsAreNotBillableAndOnDemandIncomeComesFromBills() throws {
        var f = try Self.shop(at: Self.day(2026, 1, 5))
        func create(_ id: String, _ mode: ChargingMode, _ type: OrderType, _ amount: Money) throws {
            try f.apply(.orderCreated(OrderCreation(id: id, productId: "P-API", customer: Customer(id: "c", name: "张伟", userName: "zw"),
                                                    createdAt: f.clock, chargingMode: mode, amount: amount, orderType: type,
                                                    periodType: mode == .period ? .month : nil, periodNumber: mode == .period ? 1 : nil)), by: .platform)
        }
        try create("CST", .period, .trial, Money(yuan: 0))
        try create("CSD", .onDemand, .new, Money(yuan: 0))
        let asOf = Self.day(2026, 3, 10)
        #expect(try Self.line(f.state, "CST", asOf: asOf).reasons == [.trial])
        #expect(try Self.line(f.state, "CSD", asOf: asOf).reasons == [.onDemandWithoutBill])
        let lines = [BillLine(orderId: "CSD", amount: Money(fen: 12_345), settlement: Money(fen: 11_728))]
        let content = BillContent(id: "202601-api", period: Period(year: 2026, month: 1), productType: .api, status: .toPay, lines: lines)
        try f.apply(.billPublished(BillPublication(bill: content)), by: .platform)
        let d = try Self.line(f.state, "CSD", asOf: asOf)
        #expect(d.state == .billed && d.period?.text == "202601" && d.saleAmount == Money(fen: 12_345) && d.settlementAmount == Money(fen: 11_728))
        let bill = try #require(f.state.bills["202601-api"])
        #expect(Settlement.reconcile(bill, with: Settlement.derive(f.state, asOf: asOf)).agrees)
    }

    @Test func periodTotalsAddTheBilledLines() throws {
        var f = try Self.shop(at: Self.day(2026, 1, 5))
        try f.order("CS1", product: "P-API", amount: Money(yuan: 1000))
        try f.order("CS2", product: "P-API", amount: Money(yuan: 500))
        try f.order("CS3", product: "P-LP", amount: Money(yuan: 700))
        let totals = Settlement.totals(Settlement.derive(f.state, asOf: Self.day(2026, 2, 4)))
        let jan = try #require(totals.first { $0.period.text == "202601" })
        #expect(jan.billed == 2 && jan.sale == Money(yuan: 1500) && jan.fee == Money(yuan: 75) && jan.settlement == Money(yuan: 1425))
        #expect(jan.pending == 0)
        #expect(totals.first { $0.period.text == "202602" }?.pending == 1, "an open supervision waits in the current period at the earliest")
    }
}

extension SettlementTests {
    /// The per-type derivation the detail views use equals the full one, on the demo.
    @Test func perTypeDerivationEqualsTheFullOne() throws {
        var s = SellerState()
        for e in DemoGenerator(.init(seed: 2, orders: 250)) { try s.apply(e) }
        #expect(!s.bills.isEmpty)
        let asOf = DemoGenerator.Options.defaultAnchor
        let full = Settlement.derive(s, asOf: asOf)
        for t in ProductType.allCases {
            let part = Settlement.derive(s, productType: t, asOf: asOf)
            #expect(Set(part) == Set(full.filter { $0.productType == t }), "\(t)")
        }
    }
}
