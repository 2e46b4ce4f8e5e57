import Testing
@testable import SellerCore

/// Bills in the fold (published, status changed, invoiced Huawei Cloud) and reconciliation.
@Suite struct SettlementBillTests {
    static let jan = Period(year: 2026, month: 1)
    static let asOf = SettlementTests.day(2026, 2, 10)

    /// Two API orders of January (1000 元 and 600 元), billed in 202601; a 联营 image order too (its own pool).
    static func shop() throws -> Fixture {
        var f = try SettlementTests.shop(at: SettlementTests.day(2026, 1, 5))
        try f.order("CS1", product: "P-API", amount: Money(yuan: 1000))
        try f.order("CS2", product: "P-API", amount: Money(yuan: 600))
        try f.product("P-JV", .image, .joint)
        try f.order("CS3", product: "P-JV", amount: Money(yuan: 400))
        f.clock = SettlementTests.day(2026, 2, 4)
        return f
    }

    static func bill(id: String = "202601", status: BillStatus = .toInvoice, _ lines: [(String, Int64, Int64)]) -> DomainEvent {
        .billPublished(BillPublication(bill: BillContent(id: id, period: jan, productType: .api, status: status,
                                                         lines: lines.map { BillLine(orderId: $0.0, amount: Money(yuan: $0.1), settlement: Money(fen: $0.2)) })))
    }

    static let agreeing: [(String, Int64, Int64)] = [("CS1", 1000, 95_000), ("CS2", 600, 57_000)]

    @Test func aMatchingBillReconciles() throws {
        var f = try Self.shop()
        try f.apply(Self.bill(Self.agreeing), by: .platform)
        let r = Settlement.reconcile(f.state.bills["202601"]!, with: Settlement.derive(f.state, asOf: Self.asOf))
        #expect(r.agrees && r.differences.isEmpty && r.billSettlement == Money(yuan: 1520))
    }

    @Test func aWrongAmountOrAMissingLineDoesNot() throws {
        var f = try Self.shop()
        try f.apply(Self.bill([("CS1", 1000, 94_000)]), by: .platform)
        let r = Settlement.reconcile(f.state.bills["202601"]!, with: Settlement.derive(f.state, asOf: Self.asOf))
        #expect(!r.agrees)
        let settlement = try #require(r.differences.first { $0.kind == .settlement })
        #expect(settlement.orderId == "CS1" && settlement.billSettlement == Money(yuan: 940) && settlement.consoleSettlement == Money(yuan: 950))
        let missing = try #require(r.differences.first { $0.kind == .missing })
        #expect(missing.orderId == "CS2" && missing.consoleAmount == Money(yuan: 600))
        #expect(r.differences.count == 2)
        // A line the console does not bill here says why.
        try f.order("CS4", product: "P-LP", amount: Money(yuan: 2000))
        try f.apply(Self.bill(id: "202601-b", [("CS4", 2000, 190_000)]), by: .platform)
        let r2 = Settlement.reconcile(f.state.bills["202601-b"]!, with: Settlement.derive(f.state, asOf: Self.asOf))
        let odd = try #require(r2.differences.first { $0.kind == .notBillable })
        #expect(odd.orderId == "CS4" && odd.reason?.contains("license_package") == true)
        let amount = Settlement.reconcile(Bill(id: "x", period: Self.jan, productType: .api, status: .toPay,
                                               lines: [BillLine(orderId: "CS1", amount: Money(yuan: 1001), settlement: Money(yuan: 950)),
                                                       BillLine(orderId: "CS2", amount: Money(yuan: 600), settlement: Money(yuan: 570))],
                                               publishedAt: Self.asOf, statusChangedAt: Self.asOf),
                                          with: Settlement.derive(f.state, asOf: Self.asOf))
        #expect(amount.differences.map(\.kind) == [.amount])
        #expect(amount.differences[0].billAmount == Money(yuan: 1001) && amount.differences[0].consoleAmount == Money(yuan: 1000))
    }

    @Test func badBillsAreRefusedWholeAndResentOnesAreDuplicates() throws {
        var f = try Self.shop()
        #expect(f.refusal(Self.bill([("CS1", 1000, 95_000), ("NOPE", 1, 1)]), by: .platform)?.description.contains("unknown order 'NOPE'") == true)
        #expect(f.refusal(Self.bill([("CS1", 1000, 95_000), ("CS1", 1000, 95_000)]), by: .platform) != nil, "an order twice")
        #expect(f.refusal(Self.bill([("CS1", 1000, 200_000)]), by: .platform)?.description.contains("share") == true)
        #expect(f.refusal(Self.bill([]), by: .platform) != nil)
        #expect(f.refusal(Self.bill(Self.agreeing), by: .account(Fixture.mainId)) != nil, "only the platform publishes bills")
        #expect(f.state.bills.isEmpty)
        try f.apply(Self.bill(Self.agreeing), by: .platform)
        #expect(f.refusal(Self.bill(Self.agreeing), by: .platform) == .duplicate(.bill, id: "202601"))
        #expect(f.refusal(Self.bill([("CS1", 1000, 95_000)]), by: .platform)?.description.contains("different content") == true)
        // The same bill with a later status moves it; back is refused.
        try f.apply(Self.bill(status: .toPay, Self.agreeing), by: .platform)
        #expect(f.state.bills["202601"]?.status == .toPay)
        #expect(f.refusal(Self.bill(status: .toInvoice, Self.agreeing), by: .platform)?.description.contains("cannot go back") == true)
        #expect(f.refusal(.billStatusChanged(BillStatusChange(billId: "202601", status: .toPay)), by: .platform) != nil)
        #expect(f.refusal(.billStatusChanged(BillStatusChange(billId: "nope", status: .paid)), by: .platform) == .unknown(.bill, id: "nope"))
        try f.apply(.billStatusChanged(BillStatusChange(billId: "202601", status: .paid)), by: .platform)
        #expect(f.state.bills["202601"]?.status == .paid)
    }

    /// R7 / §4.12: only a bill in 待开票, only for the models that invoice Huawei
    /// Cloud, exactly the bill's total, once.
    @Test func invoicingHuaweiCloud() throws {
        var f = try Self.shop()
        let main = Actor.account(Fixture.mainId)
        try f.apply(.billPublished(BillPublication(bill: BillContent(id: "JV", period: Self.jan, productType: .api, status: .toPay,
                                                                    lines: [BillLine(orderId: "CS3", amount: Money(yuan: 400), settlement: Money(yuan: 340))]))), by: .platform)
        try f.apply(Self.bill(Self.agreeing), by: .platform)
        func invoice(_ id: String, _ amount: Money, by actor: Actor = main) -> DomainEvent {
            .billInvoiced(BillInvoicing(billId: id, number: "No.1", amount: amount))
        }
        #expect(f.refusal(invoice("JV", Money(yuan: 340)), by: main)?.description.contains("to_invoice") == true, "wrong state")
        #expect(f.refusal(invoice("202601", Money(yuan: 1520)), by: main)?.description.contains("通用") == true, "通用 bills need no invoice")
        try f.apply(.billStatusChanged(BillStatusChange(billId: "JV", status: .paid)), by: .platform)
        var g = try Self.shop()
        try g.apply(.billPublished(BillPublication(bill: BillContent(id: "JV", period: Self.jan, productType: .api, status: .toInvoice,
                                                                    lines: [BillLine(orderId: "CS3", amount: Money(yuan: 400), settlement: Money(yuan: 340))]))), by: .platform)
        #expect(g.state.bills["JV"]?.invoiceDeadline?.dateDisplay == "2026-03-04")
        #expect(g.refusal(invoice("JV", Money(yuan: 400)), by: main)?.description.contains("differs from the bill's total settlement 340.00") == true)
        #expect(g.refusal(invoice("JV", Money(yuan: 340)), by: .account(Fixture.deliveryId)) != nil, "main account only")
        try g.apply(invoice("JV", Money(yuan: 340)), by: main)
        #expect(g.state.bills["JV"]?.huaweiInvoice?.number == "No.1")
        #expect(g.refusal(invoice("JV", Money(yuan: 340)), by: main)?.description.contains("one invoice per bill") == true)
    }
}
