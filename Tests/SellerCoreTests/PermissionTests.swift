import Testing
@testable import SellerCore

@Suite struct PermissionTests {
    /// P1 authorised to the delivery sub-account, P2 to support, P3 to nobody.
    static func shop() throws -> Fixture {
        var f = try Fixture.withAccounts()
        try f.product("P1", .manualService)
        try f.product("P2", .manualService)
        try f.product("P3", .manualService)
        try f.apply(.productAuthorized(.init(productId: "P1", accountId: Fixture.deliveryId)), by: .account(Fixture.mainId))
        try f.apply(.productAuthorized(.init(productId: "P2", accountId: Fixture.supportId)), by: .account(Fixture.mainId))
        for (o, p) in [("CS1", "P1"), ("CS2", "P2"), ("CS3", "P3")] {
            try f.order(o, product: p)
            try f.step(o, .submitRequirements, by: .buyer, FieldValues(requirementText: "需求"))
        }
        return f
    }

    @Test func deliverySubAccountActsOnlyOnItsProducts() throws {
        var f = try Self.shop()
        try f.step("CS1", .confirmRequirements, by: .account(Fixture.deliveryId))
        #expect(f.record("CS1").state == .awaitingDelivery)

        let denied = f.refusal(.supervision(SupervisionStep(orderId: "CS3", event: .confirmRequirements)), by: .account(Fixture.deliveryId))
        guard case .notPermitted(let action, let account, let allowed)? = denied else { Issue.record("got \(String(describing: denied))"); return }
        #expect(action.description.contains("confirm_requirements") && account == Fixture.deliveryId)
        #expect(allowed.description.contains("云杉科技") && allowed.description.contains("authorised to no delivery sub-account"))

        let other = f.refusal(.supervision(SupervisionStep(orderId: "CS1", event: .deliver, fields: Fixture.deliveryFields)),
                              by: .account(Fixture.otherDeliveryId))
        #expect(other?.description.contains("李交付") == true, "the refusal names the sub-account who may: \(other?.description ?? "none")")
    }

    @Test func supportAndMainRoles() throws {
        var f = try Self.shop()
        // Support may not work supervision, even on its own product.
        #expect(f.refusal(.supervision(SupervisionStep(orderId: "CS2", event: .confirmRequirements)), by: .account(Fixture.supportId)) != nil)
        // The main account may do everything.
        try f.step("CS3", .confirmRequirements, by: .account(Fixture.mainId))
        try f.step("CS1", .confirmRequirements, by: .account(Fixture.mainId))
        // Unknown accounts and non-accounts are refused.
        #expect(f.refusal(.supervision(SupervisionStep(orderId: "CS2", event: .confirmRequirements)), by: .account("ghost")) == .unknown(.account, id: "ghost"))
        #expect(Permissions.capabilities(of: .delivery).contains(.supervision))
        // Tickets follow the product's authorisation whatever the role [S3].
        #expect(Permissions.capabilities(of: .delivery).contains(.tickets))
        #expect(Permissions.capabilities(of: .support).contains(.tickets))
        #expect(!Permissions.capabilities(of: .support).contains(.supervision))
        #expect(Permissions.capabilities(of: .main) == Set(Permissions.Capability.allCases))
    }

    @Test func validActionsReflectPermissionsAndState() throws {
        let f = try Self.shop()
        let forDelivery = f.state.actions(for: "CS1", account: f.delivery)
        #expect(forDelivery.map(\.kind) == [.step(.rejectRequirements), .step(.confirmRequirements), .fileAppeal])
        #expect(forDelivery.allSatisfy { $0.isAvailable })
        #expect(forDelivery[0].fields == [.init(field: .reason, required: true)])

        let forOther = f.state.actions(for: "CS1", account: f.otherDelivery)
        #expect(forOther.allSatisfy { !$0.isAvailable })
        #expect(forOther[0].unavailableReason?.contains("李交付") == true)
        #expect(f.state.validActions(for: "CS1", account: f.otherDelivery).isEmpty)
        // Nothing for the merchant at a buyer node except the appeal.
        var g = try Fixture.withAccounts()
        try g.product("P", .manualService)
        try g.order("CS", product: "P")
        #expect(g.state.validActions(for: "CS", account: g.main).map(\.kind) == [.fileAppeal])
    }

    @Test func reviewRequiredPicksTheRowTheRecordWillTake() throws {
        var f = try Fixture.withAccounts()
        try f.product("J", .manualService, .joint, scenario: .enablementCloud)
        try f.order("CS", product: "J")
        try f.step("CS", .submitRequirements, by: .buyer, FieldValues(requirementText: "需求"))
        try f.step("CS", .confirmRequirements, by: .account(Fixture.mainId))
        #expect(f.state.validActions(for: "CS", account: f.main).map(\.kind) == [.step(.deliver), .fileAppeal])
        try f.step("CS", .deliver, by: .account(Fixture.mainId), Fixture.deliveryFields)
        #expect(f.record("CS").state == .underReview)
        #expect(f.record("CS").queue == .review)
        try f.step("CS", .reviewFail, by: .reviewer, FieldValues(note: "签字不全"))
        #expect(f.record("CS").state == .awaitingDelivery, "a failed review returns to merchant delivery")
        #expect(f.record("CS").rejections.last?.kind == .review)
    }

    @Test func reviewRule() {
        let before = Timestamp(china: .init(year: 2023, month: 4, day: 27))
        let after = Timestamp(china: .init(year: 2023, month: 4, day: 28))
        let joint = Product(id: "j", name: "j", type: .saas, saleModel: .joint)
        #expect(ReviewRule.required(for: joint, orderedAt: before))
        #expect(!ReviewRule.required(for: joint, orderedAt: after))
        var base = joint
        base.jointScenario = .baseCloud
        #expect(ReviewRule.required(for: base, orderedAt: after))
        #expect(ReviewRule.required(for: Product(id: "h", name: "h", type: .hardware, saleModel: .huawei), orderedAt: after))
        #expect(!ReviewRule.required(for: Product(id: "g", name: "g", type: .hardware, saleModel: .general), orderedAt: before))
        #expect(!ReviewRule.required(for: Product(id: "s", name: "s", type: .hardware, saleModel: .selfService), orderedAt: before))
    }

    @Test func productAuthorisation() throws {
        var f = try Self.shop()
        let again = f.refusal(.productAuthorized(.init(productId: "P1", accountId: Fixture.otherDeliveryId)), by: .account(Fixture.mainId))
        #expect(again?.description.contains("revoke it first") == true)
        #expect(f.refusal(.productAuthorized(.init(productId: "P3", accountId: Fixture.otherDeliveryId)), by: .account(Fixture.deliveryId)) != nil)
        #expect(f.refusal(.productAuthorized(.init(productId: "P3", accountId: Fixture.mainId)), by: .account(Fixture.mainId)) != nil)
        try f.apply(.productAuthorizationRevoked(.init(id: "P1")), by: .account(Fixture.mainId))
        try f.apply(.productAuthorized(.init(productId: "P1", accountId: Fixture.otherDeliveryId)), by: .account(Fixture.mainId))
        try f.step("CS1", .confirmRequirements, by: .account(Fixture.otherDeliveryId))
        #expect(f.refusal(.productAuthorizationRevoked(.init(id: "P3")), by: .account(Fixture.mainId)) != nil)
    }

    @Test func accounts() throws {
        var f = try Fixture.withAccounts()
        #expect(f.refusal(.accountAdded(Account(id: "x", name: "x", role: .delivery)), by: .account(Fixture.deliveryId)) != nil)
        #expect(f.refusal(.accountAdded(Account(id: "m2", name: "m2", role: .main)), by: .platform)?.description.contains("already has a main account") == true)
        #expect(f.refusal(.accountAdded(Account(id: Fixture.supportId, name: "dup", role: .support)), by: .account(Fixture.mainId)) == .duplicate(.account, id: Fixture.supportId))
        #expect(f.refusal(.accountAdded(Account(id: "y", name: "y", role: .support, mobile: "12345")), by: .account(Fixture.mainId)) != nil)
    }

    @Test func visibility() throws {
        let f = try Self.shop()
        #expect(Set(f.state.visibleRecords(for: f.delivery).map(\.orderId)) == ["CS1"])
        #expect(Set(f.state.visibleRecords(for: f.support).map(\.orderId)) == ["CS2"])
        #expect(f.state.visibleRecords(for: f.main).count == 3)
        #expect(f.state.visibleRecords(for: f.otherDelivery).isEmpty)
        let opening = f.state.messages.values.first { $0.orderId == "CS3" }!
        #expect(!Permissions.canSee(opening, f.delivery, in: f.state))
        #expect(Permissions.canSee(opening, f.main, in: f.state))
        #expect(Permissions.canSee(f.state.messages.values.first { $0.orderId == "CS1" }!, f.delivery, in: f.state))
    }
}
