import Testing
@testable import SellerCore

/// Invalid events are refused with an error naming the state, the event and
/// why — and leave the state exactly as it was (Fixture.refusal checks that).
@Suite struct RefusalTests {
    static func manualOrder() throws -> Fixture {
        var f = try Fixture.withAccounts()
        try f.product("P1", .manualService)
        try f.order("CS1", product: "P1")
        return f
    }

    @Test func stepNotInTheTableNamesStateEventAndWhatIsAllowed() throws {
        var f = try Self.manualOrder()
        let err = f.refusal(.supervision(SupervisionStep(orderId: "CS1", event: .deliver, fields: Fixture.deliveryFields)),
                            by: .account(Fixture.mainId))
        guard case .invalidTransition(let o, let s, let e, let why)? = err else { Issue.record("got \(String(describing: err))"); return }
        #expect(o == "CS1" && s == .awaitingRequirements && e == .deliver)
        #expect(why.contains("submit_requirements"))
        let text = err!.description
        #expect(text.contains("待提交需求") && text.contains("deliver") && text.contains("确认完成"))
    }

    @Test func wrongActorIsRefused() throws {
        var f = try Self.manualOrder()
        let err = f.refusal(.supervision(SupervisionStep(orderId: "CS1", event: .submitRequirements,
                                                         fields: FieldValues(requirementText: "需求"))),
                            by: .account(Fixture.mainId))
        guard case .wrongActor(_, let expected, let actual)? = err else { Issue.record("got \(String(describing: err))"); return }
        #expect(expected.contains("buyer"))
        #expect(actual == .account(Fixture.mainId))
    }

    @Test func missingBlankAndUnexpectedFieldsAreRefused() throws {
        var f = try Self.manualOrder()
        try f.step("CS1", .submitRequirements, by: .buyer, FieldValues(requirementText: "需求"))
        try f.step("CS1", .confirmRequirements, by: .account(Fixture.mainId))

        let missingDocs = f.refusal(.supervision(SupervisionStep(orderId: "CS1", event: .deliver,
                                                                 fields: FieldValues(resultDescription: "好了"))), by: .account(Fixture.mainId))
        #expect(missingDocs == .missingField(event: "deliver (确认完成)", field: "documents"))

        let blank = f.refusal(.supervision(SupervisionStep(orderId: "CS1", event: .deliver,
                                                           fields: FieldValues(resultDescription: "  \n ", documents: [Fixture.doc]))), by: .account(Fixture.mainId))
        #expect(blank == .missingField(event: "deliver (确认完成)", field: "result_description"))

        var extra = Fixture.deliveryFields
        extra.trackingNumber = "SF1"
        let unexpected = f.refusal(.supervision(SupervisionStep(orderId: "CS1", event: .deliver, fields: extra)), by: .account(Fixture.mainId))
        #expect(unexpected == .unexpectedField(event: "deliver (确认完成)", field: "tracking_number"))

        var long = Fixture.deliveryFields
        long.resultDescription = String(repeating: "长", count: 2001)
        guard case .invalidField(_, "result_description", let why)? = f.refusal(.supervision(SupervisionStep(orderId: "CS1", event: .deliver, fields: long)), by: .account(Fixture.mainId)) else {
            Issue.record("2001 characters accepted"); return
        }
        #expect(why.description.contains("2001"))
    }

    @Test func activationTimeMustLieBetweenOrderAndStep() throws {
        var f = try Self.manualOrder()
        try f.step("CS1", .submitRequirements, by: .buyer, FieldValues(requirementText: "需求"))
        try f.step("CS1", .confirmRequirements, by: .account(Fixture.mainId))
        var future = Fixture.deliveryFields
        future.actualActivationTime = f.clock.adding(days: 3)
        guard case .invalidField(_, "actual_activation_time", let why)? = f.refusal(.supervision(SupervisionStep(orderId: "CS1", event: .deliver, fields: future)), by: .account(Fixture.mainId)) else {
            Issue.record("future activation accepted"); return
        }
        #expect(why.description.contains("later than the step"))
        var past = Fixture.deliveryFields
        past.actualActivationTime = f.state.orders["CS1"]!.createdAt.adding(days: -1)
        guard case .invalidField(_, _, let why2)? = f.refusal(.supervision(SupervisionStep(orderId: "CS1", event: .deliver, fields: past)), by: .account(Fixture.mainId)) else {
            Issue.record("activation before the order accepted"); return
        }
        #expect(why2.description.contains("before the order was placed"))
    }

    @Test func closedRecordRefusesEverything() throws {
        var f = try Fixture.withAccounts()
        try f.product("P1", .licensePackage)
        try f.order("CS1", product: "P1")
        try f.step("CS1", .buyerAccept, by: .buyer)
        #expect(f.record("CS1").state == .completed)
        guard case .invalidTransition(_, .completed, .buyerReject, let why)? = f.refusal(.supervision(SupervisionStep(orderId: "CS1", event: .buyerReject, fields: FieldValues(reason: "晚了"))), by: .buyer) else {
            Issue.record("closed record accepted a step"); return
        }
        #expect(why.contains("closed"))
    }

    @Test func autoAcceptWithTheWrongCauseIsRefused() throws {
        var f = try Fixture.withAccounts()
        try f.product("H1", .hardware)
        try f.order("CS1", product: "H1")
        try f.step("CS1", .ship, by: .account(Fixture.mainId), FieldValues(carrier: "顺丰", trackingNumber: "SF1"))
        let err = f.refusal(.supervision(SupervisionStep(orderId: "CS1", event: .autoAccept, fields: FieldValues(cause: .licenseActivated))), by: .platform)
        guard case .invalidTransition(_, .awaitingAcceptance, .autoAccept, let why)? = err else { Issue.record("got \(String(describing: err))"); return }
        #expect(why.contains("logistics_signed_10d"))
    }

    @Test func unknownOrdersAndUnsupervisedOrdersAreNamed() throws {
        var f = try Fixture.withAccounts()
        try f.product("IMG", .image)
        try f.order("CS9", product: "IMG")
        #expect(f.refusal(.supervision(SupervisionStep(orderId: "NOPE", event: .deliver)), by: .account(Fixture.mainId)) == .unknown(.order, id: "NOPE"))
        let err = f.refusal(.supervision(SupervisionStep(orderId: "CS9", event: .deliver)), by: .account(Fixture.mainId))
        #expect(err?.description.contains("镜像 products are not supervised") == true)
    }

    @Test func orderValidation() throws {
        var f = try Fixture.withAccounts()
        try f.product("P1", .manualService)
        let base = OrderCreation(id: "CS1", productId: "P1", customer: Customer(id: "c", name: "张三", userName: "zs"),
                                 createdAt: f.clock, chargingMode: .period, amount: Money(yuan: 100), orderType: .new,
                                 periodType: .month, periodNumber: 1)
        var noPeriod = base
        noPeriod.periodType = nil
        #expect(f.refusal(.orderCreated(noPeriod), by: .platform) == .missingField(event: "order.created", field: "periodType"))
        var negative = base
        negative.amount = Money(fen: -100)
        #expect(f.refusal(.orderCreated(negative), by: .platform)?.description.contains("negative") == true)
        var orphan = base
        orphan.parentOrderId = "CS0"
        #expect(f.refusal(.orderCreated(orphan), by: .platform) == .unknown(.order, id: "CS0"))
        var unknownProduct = base
        unknownProduct.productId = "P404"
        #expect(f.refusal(.orderCreated(unknownProduct), by: .platform) == .unknown(.product, id: "P404"))
        #expect(f.refusal(.orderCreated(base), by: .account(Fixture.mainId)) != nil, "merchants do not create orders")
        try f.apply(.orderCreated(base), by: .platform)
        // Re-sent with the same content: a duplicate (DomainFidelityTests covers the store's count).
        #expect(f.refusal(.orderCreated(base), by: .platform) == .resent(.order, id: "CS1", differences: []))
    }

    @Test func orderLifecycle() throws {
        var f = try Self.manualOrder()
        // Completing needs the record completed first.
        #expect(f.refusal(.orderLifecycle(.init(orderId: "CS1", change: .completed)), by: .platform)?.description.contains("待提交需求") == true)
        #expect(f.refusal(.orderLifecycle(.init(orderId: "CS1", change: .released)), by: .platform) != nil)
        // Unsubscribing closes the open record through its table.
        try f.apply(.orderLifecycle(.init(orderId: "CS1", change: .unsubscribed, note: "协商退订")), by: .platform)
        #expect(f.record("CS1").state == .cancelled)
        #expect(f.record("CS1").history.last?.event == .cancel)
        #expect(f.state.orders["CS1"]?.status == .unsubscribed)
        try f.apply(.orderLifecycle(.init(orderId: "CS1", change: .released)), by: .platform)
        #expect(f.state.orders["CS1"]?.status == .released)
    }
}
