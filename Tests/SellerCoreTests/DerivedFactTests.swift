import Testing
@testable import SellerCore

@Suite struct DerivedFactTests {
    static func jan(_ d: Int, _ month: Int = 1) -> Timestamp { Timestamp(china: .init(year: 2026, month: month, day: d, hour: 10)) }

    /// DOMAIN §6.4: bought 1 month on 1月1日, delivered the same day, buyer accepts on 2月1日.
    static func validityCase(activation: Timestamp?) throws -> Validity {
        var f = try Fixture.withAccounts()
        try f.product("P", .manualService)
        f.clock = jan(1)
        try f.order("CS", product: "P", at: jan(1), months: 1)
        try f.step("CS", .submitRequirements, by: .buyer, FieldValues(requirementText: "需求"))
        try f.step("CS", .confirmRequirements, by: .account(Fixture.mainId))
        var fields = Fixture.deliveryFields
        fields.actualActivationTime = activation
        try f.step("CS", .deliver, by: .account(Fixture.mainId), fields)
        f.clock = jan(1, 2)
        try f.step("CS", .buyerAccept, by: .buyer, advance: 0)
        #expect(f.record("CS").acceptedAt == jan(1, 2))
        return try #require(f.state.validity(of: "CS"))
    }

    @Test func validityFilledRunsFromActivation() throws {
        let v = try Self.validityCase(activation: Self.jan(1))
        #expect(v.basis == .actualActivation)
        #expect(v.start.dateDisplay == "2026-01-01")
        #expect(v.end?.dateDisplay == "2026-02-01")
    }

    @Test func validityLeftEmptyRunsFromAcceptance() throws {
        let v = try Self.validityCase(activation: nil)
        #expect(v.basis == .acceptance)
        #expect(v.start.dateDisplay == "2026-02-01")
        #expect(v.end?.dateDisplay == "2026-03-01")
    }

    @Test func validityBeforeAcceptanceIsUnknownAndPeriodsAreCalendarAware() throws {
        var f = try Fixture.withAccounts()
        try f.product("P", .manualService)
        try f.order("CS", product: "P")
        #expect(f.state.validity(of: "CS") == nil)
        let jan31 = Timestamp(china: .init(year: 2024, month: 1, day: 31, hour: 12))
        #expect(Validity.end(from: jan31, chargingMode: .period, periodType: .month, periodNumber: 1)?.dateDisplay == "2024-02-29")
        #expect(Validity.end(from: jan31, chargingMode: .period, periodType: .year, periodNumber: 1)?.dateDisplay == "2025-01-31")
        #expect(Validity.end(from: jan31, chargingMode: .period, periodType: .day, periodNumber: 30)?.dateDisplay == "2024-03-01")
        #expect(Validity.end(from: jan31, chargingMode: .oneTime, periodType: nil, periodNumber: nil) == nil)
        let warn = Validity.ifLeftEmpty(f.state.orders["CS"]!, acceptance: Self.jan(10, 3))
        #expect(warn.start.dateDisplay == "2026-03-10" && warn.end?.dateDisplay == "2026-04-10")
    }

    @Test func renewalOfCompletedSupervisionOpensNoRecord() throws {
        var f = try Fixture.withAccounts()
        try f.product("P", .licensePackage)
        try f.order("CS1", product: "P")
        try f.step("CS1", .buyerAccept, by: .buyer)
        try f.apply(.orderLifecycle(.init(orderId: "CS1", change: .completed)), by: .platform)
        try f.order("CS2", product: "P", type: .renew, parent: "CS1")
        #expect(f.state.records["CS2"] == nil)
        #expect(f.state.orders["CS2"]?.status == .completed)
        // A renewal of that renewal skips too: the chain's supervision is complete.
        try f.order("CS3", product: "P", type: .renew, parent: "CS2")
        #expect(f.state.records["CS3"] == nil)
        #expect(f.state.renewalChain(of: "CS3") == ["CS1", "CS2", "CS3"])
        #expect(f.state.renewalChain(of: "CS1") == ["CS1", "CS2", "CS3"])
        // A renewal while supervision still runs opens its own record.
        try f.order("CS4", product: "P")
        try f.order("CS5", product: "P", type: .renew, parent: "CS4")
        #expect(f.state.records["CS5"] != nil)
        // So does a change order of a completed instance (only renewals skip).
        try f.order("CS6", product: "P", type: .change, parent: "CS1")
        #expect(f.state.records["CS6"] != nil)
        // Refund orders never open one.
        try f.order("CS7", product: "P", type: .unsubscribe, parent: "CS4", amount: Money(fen: -120000))
        #expect(f.state.records["CS7"] == nil)
    }

    @Test func stalledRecords() throws {
        var f = try Fixture.withAccounts()
        try f.product("P", .manualService)
        try f.order("CS", product: "P")
        try f.step("CS", .submitRequirements, by: .buyer, FieldValues(requirementText: "需求"))
        try f.step("CS", .confirmRequirements, by: .account(Fixture.mainId))
        for i in 1...3 {
            try f.step("CS", .deliver, by: .account(Fixture.mainId), Fixture.deliveryFields)
            if i < 3 { try f.step("CS", .buyerReject, by: .buyer, FieldValues(reason: "第\(i)次驳回")) }
        }
        let delivered = f.record("CS").enteredStateAt
        #expect(f.record("CS").stallReasons(now: delivered.adding(days: 5)).isEmpty, "5 days is not yet more than 5")
        #expect(f.record("CS").stallReasons(now: delivered.adding(days: 6)) == [.buyerIdle(days: 6)])
        try f.step("CS", .buyerReject, by: .buyer, FieldValues(reason: "第3次驳回"))
        #expect(f.record("CS").deliveryRejectionCount == 3)
        #expect(f.record("CS").stallReasons(now: f.clock) == [.repeatedRejections(count: 3)])
        #expect(f.record("CS").queue == .needsMe)
        #expect(f.state.stalledRecords(for: f.main, now: f.clock).map(\.orderId) == ["CS"])
        #expect(f.state.stalledRecords(for: f.delivery, now: f.clock).isEmpty)
    }

    @Test func hardwareAutoCloseRule() throws {
        var f = try Fixture.withAccounts()
        try f.product("H", .hardware)
        try f.order("CS1", product: "H", mobile: "13900000001")
        #expect(f.state.hardwareAutoClose(orderId: "CS1", now: f.clock) == .notShipped)
        try f.step("CS1", .ship, by: .account(Fixture.mainId), FieldValues(carrier: "顺丰", trackingNumber: "SF1", logisticsPhone: "13900000001"))
        #expect(f.state.hardwareAutoClose(orderId: "CS1", now: f.clock) == .notSigned)
        let signed = f.clock
        try f.step("CS1", .recordSigned, by: .account(Fixture.mainId), FieldValues(signedAt: signed))
        #expect(f.state.hardwareAutoClose(orderId: "CS1", now: signed.adding(days: 3)) == .pending(daysLeft: 7))
        #expect(f.state.hardwareAutoClose(orderId: "CS1", now: signed.adding(days: 10)) == .due)

        try f.order("CS2", product: "H", mobile: "13900000001")
        try f.step("CS2", .ship, by: .account(Fixture.mainId), FieldValues(carrier: "顺丰", trackingNumber: "SF2", logisticsPhone: "13700000002"))
        try f.step("CS2", .recordSigned, by: .account(Fixture.mainId), FieldValues(signedAt: f.clock))
        #expect(f.state.hardwareAutoClose(orderId: "CS2", now: f.clock.adding(days: 30)) == .phoneMismatch)

        try f.step("CS1", .autoAccept, by: .platform, FieldValues(cause: .logisticsSigned10d), advance: 10 * 86_400)
        #expect(f.record("CS1").state == .completed)
        #expect(f.state.hardwareAutoClose(orderId: "CS1", now: f.clock) == .notApplicable)
    }

    @Test func licenseActivationSetsActualActivationTime() throws {
        var f = try Fixture.withAccounts()
        try f.product("L", .licenseCode)
        try f.order("CS", product: "L")
        try f.step("CS", .implement, by: .account(Fixture.mainId))
        try f.step("CS", .activate, by: .account(Fixture.mainId), FieldValues(licenseCode: "ABCD-1234"))
        try f.step("CS", .autoAccept, by: .platform, FieldValues(cause: .licenseActivated))
        let activated = f.clock
        #expect(f.record("CS").license?.activatedAt == activated)
        #expect(f.record("CS").delivery?.actualActivationTime == activated)
        // 「系统检测到授权码激活成功后,订单将自动闭环,服务监管完成」 [S1]: no proof step.
        #expect(f.record("CS").state == .completed)
        #expect(f.state.validity(of: "CS")?.start == activated)
        #expect(f.state.validity(of: "CS")?.basis == .actualActivation)
    }

    @Test func invoiceDeadlineAndShipping() throws {
        var f = try Fixture.withAccounts()
        try f.product("P", .image)
        try f.order("CS", product: "P", amount: Money(yuan: 1200))
        try f.apply(.invoiceRequested(InvoiceRequested(requestId: "INV1", orderId: "CS", amount: Money(fen: 9999), title: "北京某某科技有限公司")), by: .buyer)
        try f.apply(.invoiceRequested(InvoiceRequested(requestId: "INV2", orderId: "CS", amount: Money(yuan: 100), title: "北京某某科技有限公司")), by: .buyer)
        let r1 = f.state.invoices["INV1"]!
        #expect(r1.shippingPaidBy == .customer)
        #expect(f.state.invoices["INV2"]!.shippingPaidBy == .merchant)
        #expect(r1.deadline == r1.requestedAt.adding(days: 7))
        #expect(r1.deadlineStatus(now: r1.requestedAt.adding(days: 2)) == .due(daysLeft: 5))
        #expect(r1.deadlineStatus(now: r1.requestedAt.adding(days: 9)) == .overdue(days: 2))
        #expect(f.refusal(.invoiceIssued(InvoiceIssue(requestId: "INV1", number: "No.1")), by: .account(Fixture.supportId)) != nil)
        try f.apply(.invoiceIssued(InvoiceIssue(requestId: "INV1", number: "No.00012345")), by: .account(Fixture.mainId))
        #expect(f.state.invoices["INV1"]!.deadlineStatus(now: f.clock.adding(days: 30)) == .issued)
        #expect(f.refusal(.invoiceIssued(InvoiceIssue(requestId: "INV1", number: "No.2")), by: .account(Fixture.mainId)) != nil)
        #expect(f.refusal(.invoiceRequested(InvoiceRequested(requestId: "INV3", orderId: "CS", amount: Money(yuan: 5000), title: "t")), by: .buyer) != nil)
    }

    @Test func digestCountsUnfinishedRecords() throws {
        var f = try PermissionTests.shop()
        #expect(f.state.unfinishedSupervisionCount() == 3)
        #expect(f.state.unfinishedSupervisionCount(for: f.delivery) == 1)
        try f.apply(.orderLifecycle(.init(orderId: "CS3", change: .unsubscribed)), by: .platform)
        #expect(f.state.unfinishedSupervisionCount() == 2)
        #expect(f.record("CS3").queue == .done)
    }
}
