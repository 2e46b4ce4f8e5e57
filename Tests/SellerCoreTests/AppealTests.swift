import Testing
@testable import SellerCore

@Suite struct AppealTests {
    static func delivered() throws -> Fixture {
        var f = try Fixture.withAccounts()
        try f.product("P1", .manualService)
        try f.order("CS1", product: "P1")
        try f.step("CS1", .submitRequirements, by: .buyer, FieldValues(requirementText: "需求"))
        try f.step("CS1", .confirmRequirements, by: .account(Fixture.mainId))
        try f.step("CS1", .deliver, by: .account(Fixture.mainId), Fixture.deliveryFields)
        return f
    }

    @Test func merchantAppealFreezesAndResolutionUnfreezes() throws {
        var f = try Self.delivered()
        try f.apply(.appealFiled(AppealFiling(appealId: "AP1", orderId: "CS1", reason: "买家超过5天未验收", evidence: [Fixture.doc])),
                    by: .account(Fixture.mainId))
        #expect(f.record("CS1").openAppealId == "AP1")
        #expect(f.record("CS1").queue == .appealed)
        #expect(f.state.appeals["AP1"]?.node == .awaitingAcceptance)
        #expect(f.state.appeals["AP1"]?.initiator == .merchant)

        // Every other transition, by anyone, is refused while frozen.
        let accept = f.refusal(.supervision(SupervisionStep(orderId: "CS1", event: .buyerAccept)), by: .buyer)
        #expect(accept == .frozenByAppeal(orderId: "CS1", state: .awaitingAcceptance, event: "buyer_accept", appealId: "AP1"))
        #expect(accept!.description.contains("AP1") && accept!.description.contains("用户确认验收"))
        // The UI is told the same, before any typing.
        let offers = f.state.actions(for: "CS1", account: f.main)
        #expect(offers.allSatisfy { !$0.isAvailable })
        #expect(f.state.appealRefusal(orderId: "CS1", account: f.main)?.description.contains("already has an open merchant appeal") == true)
        // (The buyer may still appeal: DomainFidelityTests.)

        try f.apply(.appealResolved(AppealResolution(appealId: "AP1", outcome: .upheld, resolution: "已联系买家验收")), by: .operations)
        #expect(f.record("CS1").openAppealId == nil)
        #expect(f.record("CS1").state == .awaitingAcceptance, "the flow resumes where it stood")
        #expect(f.state.appeals["AP1"]?.status == .resolved)
        let notice = f.state.messages.values.first { $0.title == "服务监管申诉处理结果" }
        #expect(notice?.category == 501 && notice?.orderId == "CS1")
        #expect(f.record("CS1").history.suffix(2).map(\.kind) == [.appealFiled, .appealResolved])
        try f.step("CS1", .buyerAccept, by: .buyer)
        #expect(f.record("CS1").state == .completed)
        #expect(f.refusal(.appealResolved(AppealResolution(appealId: "AP1", outcome: .dismissed, resolution: "x")), by: .operations) != nil)
    }

    @Test func buyerAppealWithDemandsAtAnyNode() throws {
        var f = try Fixture.withAccounts()
        try f.product("H1", .hardware)
        try f.order("CS1", product: "H1")
        try f.apply(.appealFiled(AppealFiling(appealId: "B1", orderId: "CS1", reason: "商家未按时发货", demands: "退款")), by: .buyer)
        #expect(f.state.appeals["B1"]?.initiator == .buyer)
        #expect(f.state.appeals["B1"]?.node == .awaitingShipment)
        #expect(f.refusal(.supervision(SupervisionStep(orderId: "CS1", event: .ship, fields: FieldValues(carrier: "顺丰", trackingNumber: "1"))), by: .account(Fixture.mainId)) != nil)
    }

    @Test func appealRefusals() throws {
        var f = try Self.delivered()
        // Reason required and bounded; merchants file no 诉求.
        #expect(f.refusal(.appealFiled(AppealFiling(appealId: "A", orderId: "CS1", reason: " ")), by: .account(Fixture.mainId))
                == .missingField(event: "appeal.filed", field: "reason"))
        #expect(f.refusal(.appealFiled(AppealFiling(appealId: "A", orderId: "CS1", reason: String(repeating: "x", count: 1001))), by: .account(Fixture.mainId)) != nil)
        #expect(f.refusal(.appealFiled(AppealFiling(appealId: "A", orderId: "CS1", reason: "r", demands: "退款")), by: .account(Fixture.mainId))
                == .unexpectedField(event: "appeal.filed", field: "demands"))
        let eleven = Array(repeating: Fixture.doc, count: 11)
        #expect(f.refusal(.appealFiled(AppealFiling(appealId: "A", orderId: "CS1", reason: "r", evidence: eleven)), by: .account(Fixture.mainId)) != nil)
        // A delivery sub-account without the product cannot; the error says who can.
        let denied = f.refusal(.appealFiled(AppealFiling(appealId: "A", orderId: "CS1", reason: "r", evidence: [Fixture.doc])), by: .account(Fixture.deliveryId))
        #expect(denied?.description.contains("云杉科技") == true)
        // Closed records cannot be appealed.
        try f.step("CS1", .buyerAccept, by: .buyer)
        #expect(f.state.appealRefusal(orderId: "CS1", account: f.main)?.description.contains("closed") == true)
        #expect(f.refusal(.appealFiled(AppealFiling(appealId: "A", orderId: "CS1", reason: "r")), by: .buyer) != nil)
    }
}
