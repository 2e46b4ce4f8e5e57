import Testing
@testable import SellerCore

/// Issue 13: the model agrees with the seeds wherever they speak. Each test
/// names the seed line it rests on; each failed on the model before the fix.
@Suite struct DomainFidelityTests {
    static let customer = Customer(id: "c1", name: "李娜", userName: "lina")

    static func creation(_ id: String, product: String, type: OrderType = .new, parent: String? = nil, instance: String? = nil,
                         amount: Money = Money(yuan: 1200), at: Timestamp = Timestamp(china: .init(year: 2026, month: 1, day: 1, hour: 9))) -> OrderCreation {
        OrderCreation(id: id, productId: product, customer: customer, createdAt: at, chargingMode: .period, amount: amount,
                      orderType: type, periodType: .month, periodNumber: 1, parentOrderId: parent, instanceId: instance)
    }

    // 「云商店服务有可能重发请求,针对同一订单号(orderId),商家的服务器应当返回成功的响应」 [S4]
    @Test func aReSentCreationIsADuplicateOrAConflictNamingTheFields() throws {
        var f = try Fixture.withAccounts()
        try f.product("P1", .manualService)
        let order = Self.creation("CS1", product: "P1")
        try f.apply(.orderCreated(order), by: .platform)
        #expect(f.refusal(.orderCreated(order), by: .platform) == .resent(.order, id: "CS1", differences: []))
        #expect(f.refusal(.orderCreated(order), by: .platform)?.isIdenticalResend == true)
        var changed = order
        changed.amount = Money(yuan: 1300)
        changed.customer.name = "王芳"
        let conflict = f.refusal(.orderCreated(changed), by: .platform)
        #expect(conflict?.isConflictingResend == true)
        #expect(conflict?.description.contains("amount (stored 1200.00, sent 1300.00)") == true, "\(String(describing: conflict))")
        #expect(conflict?.description.contains("customer.name (stored 李娜, sent 王芳)") == true)

        let ticket = TicketOpening(id: "T1", productId: "P1", customer: Self.customer, title: "无法登录", body: "报错 403")
        try f.apply(.ticketOpened(ticket), by: .buyer)
        #expect(f.refusal(.ticketOpened(ticket), by: .buyer)?.isIdenticalResend == true)
        var otherTicket = ticket
        otherTicket.body = "报错 500"
        #expect(f.refusal(.ticketOpened(otherTicket), by: .buyer)?.description.contains("body (stored 报错 403, sent 报错 500)") == true)

        let appeal = AppealFiling(appealId: "B1", orderId: "CS1", reason: "商家未响应", demands: "退款")
        try f.apply(.appealFiled(appeal), by: .buyer)
        #expect(f.refusal(.appealFiled(appeal), by: .buyer)?.isIdenticalResend == true)
        var otherAppeal = appeal
        otherAppeal.demands = "换人"
        #expect(f.refusal(.appealFiled(otherAppeal), by: .buyer)?.description.contains("demands") == true)

        let invoice = InvoiceRequested(requestId: "I1", orderId: "CS1", amount: Money(yuan: 1200), title: "李娜")
        try f.apply(.invoiceRequested(invoice), by: .buyer)
        #expect(f.refusal(.invoiceRequested(invoice), by: .buyer)?.isIdenticalResend == true)
        var otherInvoice = invoice
        otherInvoice.title = "北京某公司"
        #expect(f.refusal(.invoiceRequested(otherInvoice), by: .buyer)?.description.contains("title") == true)

        // A product upsert that changes nothing is a duplicate; one that changes is an update.
        let same = ProductUpsert(id: "P1", name: "商品P1", type: .manualService, saleModel: .general)
        #expect(f.refusal(.productUpserted(same), by: .platform)?.isIdenticalResend == true)
    }

    // 「运营在控制台修改了商品信息通知商家 产品信息变更通知」 [S1]
    @Test func aProductInformationChangePostsTheNotice() throws {
        var f = try Fixture.withAccounts()
        try f.product("P1", .manualService)
        try f.apply(.productUpserted(ProductUpsert(id: "P1", name: "数据迁移服务（新版）", type: .manualService, saleModel: .general,
                                                   saleStatus: .hidden)), by: .platform)
        let notices = f.state.messages.values.filter { $0.productId == "P1" }
        let info = notices.first { $0.category == 102 }
        #expect(info?.title == "运营在控制台修改了商品信息通知商家")
        #expect(info?.body.text.contains("商品P1 → 数据迁移服务（新版）") == true, "\(String(describing: info?.body))")
        #expect(notices.contains { $0.category == 101 && $0.title.contains("销售状态") }, "the sale-status notice still comes too")
        #expect(Set(notices.map(\.id)).count == notices.count)
    }

    // 「如用户对已完成服务监管的商品订单进行续费,新续费的订单将不涉及服务监管流程」 [S0]
    @Test func aRenewalNamingOnlyItsInstanceOpensNoRecordAndJoinsTheChain() throws {
        var f = try Fixture.withAccounts()
        try f.product("P1", .licensePackage)
        try f.apply(.orderCreated(Self.creation("CS1", product: "P1", instance: "inst-1")), by: .platform)
        try f.step("CS1", .buyerAccept, by: .buyer)
        #expect(f.record("CS1").state == .completed)
        let later = f.clock.adding(days: 20)
        try f.apply(.orderCreated(Self.creation("CS2", product: "P1", type: .renew, instance: "inst-1", at: later)), by: .platform)
        #expect(f.state.records["CS2"] == nil, "no supervision for the renewal")
        #expect(f.state.orders["CS2"]?.parentOrderId == "CS1")
        #expect(f.state.renewalChain(of: "CS2") == ["CS1", "CS2"])
        // The validity continues the renewed period.
        let first = try #require(f.state.validity(of: "CS1"))
        let second = try #require(f.state.validity(of: "CS2"))
        #expect(second.basis == .renewal && second.start == max(first.end!, later))
        // A renewal of an instance whose supervision is still running opens its own record.
        try f.apply(.orderCreated(Self.creation("CS3", product: "P1", instance: "inst-3")), by: .platform)
        try f.apply(.orderCreated(Self.creation("CS4", product: "P1", type: .renew, instance: "inst-3", at: later)), by: .platform)
        #expect(f.state.records["CS4"] != nil)
        // The index is rebuilt the same way from the tables (snapshot load).
        var rebuilt = f.state
        rebuilt.instanceOrders = [:]
        rebuilt.rebuildDerivedIndexes()
        #expect(rebuilt == f.state)
    }

    // 「商家在服务监管流程中任意节点、任意时间均可发起申诉」; 「用户可在服务监管流中的任意节点、任意时间发起申诉」 [S2]
    @Test func bothSidesAppealAndTheRecordStaysFrozenUntilEveryAppealIsResolved() throws {
        var f = try AppealTests.delivered()
        try f.apply(.appealFiled(AppealFiling(appealId: "M1", orderId: "CS1", reason: "买家超过5天未验收", evidence: [Fixture.doc])),
                    by: .account(Fixture.mainId))
        try f.apply(.appealFiled(AppealFiling(appealId: "B1", orderId: "CS1", reason: "交付不符", demands: "重做")), by: .buyer)
        #expect(f.record("CS1").openAppealIds == ["M1", "B1"])
        #expect(f.state.appeals["B1"]?.status == .pending)
        try f.apply(.appealResolved(AppealResolution(appealId: "M1", outcome: .dismissed, resolution: "请继续沟通")), by: .operations)
        #expect(f.record("CS1").isFrozen, "the buyer's appeal still freezes it")
        #expect(f.record("CS1").queue == .appealed)
        #expect(f.refusal(.supervision(SupervisionStep(orderId: "CS1", event: .buyerAccept)), by: .buyer) != nil)
        // The merchant may appeal again once its own is resolved, even while the buyer's is open.
        #expect(f.state.appealRefusal(orderId: "CS1", account: f.main) == nil)
        try f.apply(.appealResolved(AppealResolution(appealId: "B1", outcome: .upheld, resolution: "商家重新交付")), by: .operations)
        #expect(!f.record("CS1").isFrozen && f.record("CS1").openAppealIds.isEmpty)
    }

    // The platform decides: an unsubscribe closes a frozen record and its appeals.
    @Test func anUnsubscribeOnAFrozenRecordIsAppliedAndClosesItsAppeals() throws {
        var f = try AppealTests.delivered()
        try f.apply(.appealFiled(AppealFiling(appealId: "B1", orderId: "CS1", reason: "交付不符", demands: "退款")), by: .buyer)
        try f.apply(.orderLifecycle(OrderLifecycleChange(orderId: "CS1", change: .unsubscribed, note: "平台裁定退款")), by: .platform)
        #expect(f.state.orders["CS1"]?.status == .unsubscribed)
        #expect(f.record("CS1").state == .cancelled && !f.record("CS1").isFrozen)
        #expect(f.state.appeals["B1"]?.status == .closed && f.state.appeals["B1"]?.resolution == "平台裁定退款")
    }

    // 「填写申诉原因并上传相关凭证后,点击确认即可」 [S2]
    @Test func theMerchantsAppealNeedsEvidenceTheBuyersDoesNot() throws {
        var f = try AppealTests.delivered()
        #expect(f.refusal(.appealFiled(AppealFiling(appealId: "M1", orderId: "CS1", reason: "买家不验收")), by: .account(Fixture.mainId))
                == .missingField(event: "appeal.filed", field: "evidence"))
        let offer = f.state.actions(for: "CS1", account: f.main).first { $0.kind == .fileAppeal }
        #expect(offer?.fields.first { $0.field == .documents }?.required == true)
        try f.apply(.appealFiled(AppealFiling(appealId: "B1", orderId: "CS1", reason: "交付不符")), by: .buyer)
    }

    // 「如主账号已将商品授权给子账号管理,则所授权商品对应的工单也将转移给该子账号处理」 [S3]
    @Test func ticketsFollowTheAuthorisedSubAccountWhateverItsRole() throws {
        var f = try PermissionTests.shop()   // P1 → delivery sub-account, P2 → support
        try TicketTests.open(&f, id: "T1", product: "P1")
        #expect(f.state.tickets["T1"]?.owner == Fixture.deliveryId)
        try f.apply(.ticket(TicketStep(ticketId: "T1", event: .accept)), by: .account(Fixture.deliveryId))
        try f.apply(.ticket(TicketStep(ticketId: "T1", event: .reply, body: "已处理")), by: .account(Fixture.deliveryId))
        try f.apply(.ticket(TicketStep(ticketId: "T1", event: .customerReply, body: "好的")), by: .buyer)
        try f.apply(.ticket(TicketStep(ticketId: "T1", event: .resolve, body: "完成")), by: .account(Fixture.deliveryId))
        #expect(f.state.tickets["T1"]?.status == .resolved)
        // Authorising a product moves its open tickets to the sub-account, whatever its role.
        try TicketTests.open(&f, id: "T3", product: "P3")
        #expect(f.state.tickets["T3"]?.owner == Fixture.mainId)
        try f.apply(.productAuthorized(.init(productId: "P3", accountId: Fixture.otherDeliveryId)), by: .account(Fixture.mainId))
        #expect(f.state.tickets["T3"]?.owner == Fixture.otherDeliveryId)
        #expect(f.refusal(.ticket(TicketStep(ticketId: "T3", event: .accept)), by: .account(Fixture.deliveryId)) != nil, "others still may not")
    }

    // From 2024-09-14: 「系统检测到授权码激活成功后,订单将自动闭环,服务监管完成」 [S1];
    // before: 「客户验收通过后系统将服务单置为"已完成"状态」 [S0].
    @Test func licenseCodeRecordsCloseAsTheSeedsSay() throws {
        var f = try Fixture.withAccounts()
        try f.product("L", .licenseCode, .joint)
        try f.order("CS1", product: "L")
        try f.step("CS1", .implement, by: .account(Fixture.mainId))
        // The platform may detect an activation the merchant never recorded here.
        try f.step("CS1", .autoAccept, by: .platform, FieldValues(cause: .licenseActivated))
        #expect(f.record("CS1").state == .completed)
        try f.apply(.orderLifecycle(OrderLifecycleChange(orderId: "CS1", change: .completed)), by: .platform)
        #expect(f.state.orders["CS1"]?.status == .completed)

        // 赋能云 orders keep the proof and the review.
        try f.product("LE", .licenseCode, .joint, scenario: .enablementCloud)
        try f.order("CS2", product: "LE")
        try f.step("CS2", .implement, by: .account(Fixture.mainId))
        try f.step("CS2", .activate, by: .account(Fixture.mainId), FieldValues(licenseCode: "LIC-1"))
        try f.step("CS2", .autoAccept, by: .platform, FieldValues(cause: .licenseActivated))
        #expect(f.record("CS2").state == .awaitingProof)

        // Before the cut-over the buyer's acceptance completes the record.
        let before = Timestamp(china: .init(year: 2024, month: 8, day: 1))
        try f.order("CS3", product: "L", at: before)
        #expect(f.record("CS3").flowVersion == FlowCatalog.licenseCodeLegacy.version)
        try f.step("CS3", .implement, by: .account(Fixture.mainId), FieldValues(documents: [Fixture.doc]))
        try f.step("CS3", .buyerAccept, by: .buyer)
        #expect(f.record("CS3").state == .completed)
        try f.apply(.orderLifecycle(OrderLifecycleChange(orderId: "CS3", change: .completed)), by: .platform)
    }

    @Test func recordsOpenedUnderTheRetiredReadingStillLoadAndFinish() throws {
        // A record at 待上传交付证明 without review, as the earlier build left it.
        let old = FlowCatalog.definition(.licenseCode, version: "2024-09-14")
        #expect(old?.states.contains(.awaitingProof) == true)
        #expect(old?.rows(from: .awaitingProof).contains { $0.to == .completed } == true)
        #expect(FlowCatalog.definition(.licenseCode, version: "v1")?.states.contains(.awaitingActivation) == true)
        #expect(FlowCatalog.flow(for: .licenseCode, orderedAt: Timestamp(china: .init(year: 2026, month: 1, day: 1)))?.version == "2024-09-14.1")
    }

    // 复核 only where DOMAIN §2 says; 通用 / 自服务 records never show the node.
    @Test func aRecordDrawsOnlyTheNodesOfItsOwnPath() throws {
        var f = try Fixture.withAccounts()
        try f.product("G", .manualService, .general)
        try f.product("H", .manualService, .huawei)
        try f.product("L", .licenseCode, .joint)
        try f.order("CS1", product: "G")
        try f.order("CS2", product: "H")
        try f.order("CS3", product: "L")
        #expect(!f.record("CS1").pathNodes.contains(.underReview))
        #expect(f.record("CS2").pathNodes.contains(.underReview))
        #expect(f.record("CS3").pathNodes == [.awaitingImplementation, .awaitingActivation, .activationPending, .completed])
    }

    // 待我处理 lists only what the account can do.
    @Test func aSubAccountIsNeverShownWorkItCannotDo() throws {
        let f = try PermissionTests.shop()   // records at 待商家确认需求 on P1 (delivery), P2 (support), P3 (nobody)
        let support = f.support, delivery = f.delivery
        for r in f.state.visibleRecords(for: support) {
            #expect(r.queue(for: support, in: f.state) == .colleague, "\(r.orderId)")
        }
        var mine = RecordQuery(now: f.clock)
        mine.queue = .needsMe
        #expect(mine.run(f.state, account: support).isEmpty)
        let deliveryMine = mine.run(f.state, account: delivery)
        #expect(deliveryMine.map(\.orderId) == ["CS1"])
        #expect(deliveryMine.allSatisfy { !f.state.validActions(for: $0.orderId, account: delivery).filter { $0.kind != .fileAppeal }.isEmpty })
        #expect(mine.run(f.state, account: f.main).count == 3)
    }

    // 「若商家未设置消息接收人,系统消息将自动发送至商家的华为云账号绑定的手机号及邮箱」 [S2], per category.
    @Test func categoriesNoReceiverTakesFallBackToTheBoundPhoneAndEmail() throws {
        var f = try Fixture.withAccounts()
        try f.apply(.receiverAdded(MessageReceiver(id: "r1", name: "值班", mobile: "13900139000", categories: [501], channels: [.sms])),
                    by: .account(Fixture.mainId))
        #expect(f.state.effectiveReceivers(for: 501).map(\.id) == ["r1"])
        let fallback = f.state.effectiveReceivers(for: 101)
        #expect(fallback.map(\.id) == ["default"] && fallback.first?.mobile == "13800138000" && fallback.first?.email == "owner@example.cn")
        #expect(Set(f.state.channels(for: 101)) == [.inApp, .sms, .email])
        let table = f.state.receiversByCategory()
        #expect(table.first { $0.category == 501 }?.receivers.map(\.id) == ["r1"])
        #expect(table.first { $0.category == 901 }?.receivers.map(\.id) == ["default"])
    }

    // 「商家给客户开票的金额为订单全额」 [S3]
    @Test func anIssuedInvoiceIsForTheFullOrderAmount() throws {
        var f = try Fixture.withAccounts()
        try f.product("P1", .image)
        try f.order("CS1", product: "P1", amount: Money(yuan: 1200))
        try f.apply(.invoiceRequested(InvoiceRequested(requestId: "I1", orderId: "CS1", amount: Money(yuan: 1200), title: "张伟")), by: .buyer)
        let wrong = f.refusal(.invoiceIssued(InvoiceIssue(requestId: "I1", number: "No.1", amount: Money(yuan: 1000))), by: .account(Fixture.mainId))
        #expect(wrong?.description.contains("full order amount 1200.00") == true, "\(String(describing: wrong))")
        try f.apply(.invoiceIssued(InvoiceIssue(requestId: "I1", number: "No.1", amount: Money(yuan: 1200))), by: .account(Fixture.mainId))
        #expect(f.state.invoices["I1"]?.issuedAmount == Money(yuan: 1200))
        // A second request on the order cannot invoice it again.
        try f.apply(.invoiceRequested(InvoiceRequested(requestId: "I2", orderId: "CS1", amount: Money(yuan: 1200), title: "张伟")), by: .buyer)
        #expect(f.refusal(.invoiceIssued(InvoiceIssue(requestId: "I2", number: "No.2")), by: .account(Fixture.mainId))?.description.contains("already invoiced in full") == true)
    }

    // 「商家可查看和导出买家购买包周期与按次计费的商品的交易详情,按需交易详情不在订单中显示」 [S1]
    @Test func onDemandOrdersAreNotListed() throws {
        var f = try Fixture.withAccounts()
        try f.product("I", .image)
        try f.order("CS1", product: "I")
        try f.apply(.orderCreated(OrderCreation(id: "CS2", productId: "I", customer: Self.customer, createdAt: f.clock, chargingMode: .onDemand,
                                                amount: Money(fen: 0), orderType: .new)), by: .platform)
        #expect(OrderQuery().run(f.state, account: f.main).map(\.id) == ["CS1"])
        var all = OrderQuery()
        all.includeOnDemand = true
        #expect(all.run(f.state, account: f.main).count == 2)
        #expect(f.state.orders["CS2"] != nil, "kept in the store for the money side")
        let view = OrdersView(state: f.state, stamp: .init(journalBytes: 0, lastLineCRC: 0))
        #expect(view.rows.map(\.id) == ["CS1"])
    }

    // 商品过期 is retried for an hour [S1]: re-sent lifecycle notices and results are duplicates.
    @Test func reSentLifecycleNoticesAndResultsAreDuplicates() throws {
        var f = try AppealTests.delivered()
        try f.apply(.appealFiled(AppealFiling(appealId: "B1", orderId: "CS1", reason: "交付不符", demands: "退款")), by: .buyer)
        try f.apply(.orderLifecycle(OrderLifecycleChange(orderId: "CS1", change: .unsubscribed)), by: .platform)
        #expect(f.refusal(.orderLifecycle(OrderLifecycleChange(orderId: "CS1", change: .unsubscribed)), by: .platform)?.isIdenticalResend == true)
        // The appeal's result may still come after the platform closed the order.
        try f.apply(.appealResolved(AppealResolution(appealId: "B1", outcome: .upheld, resolution: "已退款")), by: .operations)
        #expect(f.state.appeals["B1"]?.status == .resolved && f.state.appeals["B1"]?.outcome == .upheld)
        #expect(f.state.messages.values.contains { $0.category == 501 && $0.orderId == "CS1" })
        #expect(f.refusal(.appealResolved(AppealResolution(appealId: "B1", outcome: .upheld, resolution: "已退款")), by: .operations)?.isIdenticalResend == true)
        #expect(f.refusal(.appealResolved(AppealResolution(appealId: "B1", outcome: .dismissed, resolution: "已退款")), by: .operations)?.isConflictingResend == true)
        #expect(f.record("CS1").history.contains { $0.kind == .appealClosed && $0.appealId == "B1" })

        try f.product("P2", .licensePackage)
        try f.order("CS2", product: "P2")
        try f.step("CS2", .buyerAccept, by: .buyer)
        #expect(f.refusal(.supervision(SupervisionStep(orderId: "CS2", event: .buyerAccept)), by: .buyer)?.isIdenticalResend == true)
        try f.apply(.orderLifecycle(OrderLifecycleChange(orderId: "CS2", change: .completed)), by: .platform)
        #expect(f.refusal(.orderLifecycle(OrderLifecycleChange(orderId: "CS2", change: .completed)), by: .platform)?.isIdenticalResend == true)
        // A NEW order on a known instance is not made a renewal.
        try f.apply(.orderCreated(Self.creation("CS3", product: "P2", instance: "inst-x")), by: .platform)
        try f.apply(.orderCreated(Self.creation("CS4", product: "P2", instance: "inst-x")), by: .platform)
        #expect(f.state.orders["CS4"]?.parentOrderId == nil)
    }
}
