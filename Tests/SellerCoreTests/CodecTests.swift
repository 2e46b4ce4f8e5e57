import Foundation
import Testing
@testable import SellerCore

@Suite struct CodecTests {
    /// One envelope of every event type, with hostile text where text goes.
    static func sampleEvents() -> [EventEnvelope] {
        let t = Timestamp(china: .init(year: 2026, month: 11, day: 20, hour: 8))
        let hostile = "客户\u{1B}[2J\u{202E}abc\r\n😀"
        let c = Customer(id: "c1", name: hostile, userName: "u1", mobile: "13800000000")
        let events: [DomainEvent] = [
            .productUpserted(ProductUpsert(id: "P1", name: "人工服务-迁移", type: .manualService, saleModel: .joint,
                                           jointScenario: .baseCloud, acceptanceStandard: "标准", saleStatus: .hidden)),
            .orderCreated(OrderCreation(id: "CS1", productId: "P1", customer: c, createdAt: t, chargingMode: .period,
                                        amount: Money(decimal: "1200.50")!, orderType: .renew, periodType: .year,
                                        periodNumber: 2, parentOrderId: "CS0", instanceId: "inst-1")),
            .orderLifecycle(OrderLifecycleChange(orderId: "CS1", change: .expired, note: "到期")),
            .supervision(SupervisionStep(orderId: "CS1", event: .deliver, fields: FieldValues(
                resultDescription: hostile, actualActivationTime: t, documents: [Fixture.doc], cause: .licenseActivated, signedAt: t))),
            .appealFiled(AppealFiling(appealId: "A1", orderId: "CS1", reason: hostile, demands: "退款", evidence: [Fixture.doc])),
            .appealResolved(AppealResolution(appealId: "A1", outcome: .dismissed, resolution: "驳回")),
            .ticketOpened(TicketOpening(id: "T1", productId: "P1", orderId: "CS1", customer: c, title: "t", body: hostile)),
            .ticket(TicketStep(ticketId: "T1", event: .requestAccess, body: "b", access: .confidentialInfo, assignee: nil)),
            .invoiceRequested(InvoiceRequested(requestId: "I1", orderId: "CS1", amount: Money(yuan: 99), title: "抬头", taxId: "91110000")),
            .invoiceIssued(InvoiceIssue(requestId: "I1", number: "No.1")),
            .messagePosted(MessagePost(category: 901, title: "未完成服务监管订单", body: "共 3 单", orderId: nil, productId: "P1")),
            .messagesMarked(MessageMark(ids: ["m1", "m2"], all: false, read: false)),
            .receiverAdded(MessageReceiver(id: "r1", name: "值班", mobile: "13900000000", email: "a@b.cn", categories: [101, 501], channels: [.sms, .email])),
            .receiverUpdated(MessageReceiver(id: "r1", name: "值班2", channels: [.inApp])),
            .receiverRemoved(EntityRef(id: "r1")),
            .accountAdded(Account(id: "a1", name: "主", role: .main, mobile: "13800000000", email: "x@y.cn")),
            .productAuthorized(ProductAuthorization(productId: "P1", accountId: "a2")),
            .productAuthorizationRevoked(EntityRef(id: "P1")),
            .billPublished(BillPublication(bill: BillContent(id: "202611", period: Period(year: 2026, month: 11), productType: .saas, status: .toInvoice,
                                                             lines: [BillLine(orderId: "CS1", amount: Money(yuan: 1000), settlement: Money(yuan: 950)),
                                                                     BillLine(orderId: "CS2", amount: Money(yuan: -100), settlement: Money(yuan: -95))]))),
            .billStatusChanged(BillStatusChange(billId: "202611", status: .paid)),
            .billInvoiced(BillInvoicing(billId: "202611", number: hostile, amount: Money(fen: 95_000))),
        ]
        let actors: [Actor] = [.platform, .buyer, .reviewer, .operations, .account("li.delivery")]
        return events.enumerated().map { i, e in EventEnvelope(id: "evt-\(i)", at: t.adding(seconds: Int64(i)), actor: actors[i % actors.count], event: e) }
    }

    @Test func everyEventTypeRoundTripsThroughJSON() throws {
        let samples = Self.sampleEvents()
        #expect(Set(samples.map(\.event.typeName)).count == samples.count, "one sample per event type")
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for e in samples {
            let data = try enc.encode(e)
            let back = try JSONDecoder().decode(EventEnvelope.self, from: data)
            #expect(back == e, "\(e.event.typeName) did not round-trip")
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.contains("\"type\":\"\(e.event.typeName)\""))
            #expect(!text.contains("\n"), "one event must fit on one journal line")
        }
    }

    @Test func unknownTypesAndBadValuesAreDecodingErrors() {
        let bad = [
            #"{"id":"1","type":"order.teleported","at":"2026-01-01T00:00:00+08:00","actor":"platform","data":{}}"#,
            #"{"id":"1","type":"order.lifecycle","at":"yesterday","actor":"platform","data":{"orderId":"x","change":"completed"}}"#,
            #"{"id":"1","type":"order.lifecycle","at":"2026-01-01T00:00:00+08:00","actor":"martian","data":{"orderId":"x","change":"completed"}}"#,
            #"{"id":"1","type":"invoice.requested","at":"2026-01-01T00:00:00+08:00","actor":"buyer","data":{"requestId":"i","orderId":"o","amount":"1.005","title":"t"}}"#,
            #"{"id":"1","type":"invoice.requested","at":"2026-01-01T00:00:00+08:00","actor":"buyer","data":{"requestId":"i","orderId":"o","amount":12.5,"title":"t"}}"#,
        ]
        for line in bad {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(EventEnvelope.self, from: Data(line.utf8)) }
        }
    }

    @Test func timestamps() throws {
        let t = try #require(Timestamp(iso8601: "2026-11-20T08:00:00+08:00"))
        #expect(t.iso8601 == "2026-11-20T08:00:00+08:00")
        #expect(Timestamp(iso8601: "2026-11-20T00:00:00Z") == t)
        #expect(Timestamp(iso8601: "2026-11-20T00:00:00.123Z") == t)
        #expect(Timestamp(iso8601: "2026-11-19T19:00:00-0500") == t)
        #expect(Timestamp(iso8601: "2026-11-20 08:00")?.iso8601 == "2026-11-20T08:00:00+08:00", "typed times are China time")
        #expect(Timestamp(iso8601: "2026-11-20")?.iso8601 == "2026-11-20T00:00:00+08:00")
        for bad in ["", "2026-02-30", "2026-13-01", "2026-11-20T24:00", "2026-11-20T08:00:00+08:00x", "20261120", "2026-1-1", "２０２６-01-01"] {
            #expect(Timestamp(iso8601: bad) == nil, "accepted '\(bad)'")
        }
        // Civil round trip over four centuries of days, leap years included.
        for day in stride(from: Int64(-200_000), to: 200_000, by: 97) {
            let ts = Timestamp(seconds: day * 86_400 + 12_345)
            #expect(Timestamp(china: ts.china) == ts)
        }
        #expect(Timestamp(china: .init(year: 2024, month: 3, day: 31)).adding(months: -1).dateDisplay == "2024-02-29")
        #expect(Timestamp(china: .init(year: 2024, month: 1, day: 15)).adding(months: -13).dateDisplay == "2022-12-15")
    }

    @Test func money() {
        #expect(Money(decimal: "1200.00")?.fen == 120_000)
        #expect(Money(decimal: "1200")?.fen == 120_000)
        #expect(Money(decimal: "0.5")?.fen == 50)
        #expect(Money(decimal: "-99.90")?.fen == -9_990)
        #expect(Money(decimal: "3.000")?.fen == 300, "a zero third decimal loses nothing")
        for bad in ["", "1.005", "1,200.00", "1e3", "abc", "1.", ".5", "--1", "12.3.4", "١٢"] {
            #expect(Money(decimal: bad) == nil, "accepted '\(bad)'")
        }
        #expect(Money(fen: 123_456_789).display == "¥1,234,567.89")
        #expect(Money(fen: -5).decimalString == "-0.05")
        #expect(Money(fen: 100).decimalString == "1.00")
    }

    @Test func foldEqualsStepwiseApplyAndIsDeterministic() throws {
        var f = try PermissionTests.shop()
        try f.step("CS1", .confirmRequirements, by: .account(Fixture.deliveryId))
        try TicketTests.open(&f, id: "T1", product: "P2")
        try f.apply(.appealFiled(AppealFiling(appealId: "A1", orderId: "CS3", reason: "超时", evidence: [Fixture.doc])), by: .account(Fixture.mainId))
        // Rebuild the same stream and fold it: the same state comes out.
        var g = try PermissionTests.shop()
        var log: [EventEnvelope] = []
        for (event, actor) in [(DomainEvent.supervision(SupervisionStep(orderId: "CS1", event: .confirmRequirements)), Actor.account(Fixture.deliveryId)),
                               (.ticketOpened(TicketOpening(id: "T1", productId: "P2", customer: Customer(id: "c1", name: "李娜", userName: "lina"), title: "无法登录控制台", body: "登录时报错 403，请协助。")), .buyer),
                               (.appealFiled(AppealFiling(appealId: "A1", orderId: "CS3", reason: "超时", evidence: [Fixture.doc])), .account(Fixture.mainId))] {
            log.append(g.envelope(event, by: actor))
        }
        var folded = g.state
        for e in log { try folded.apply(e) }
        #expect(folded == f.state)
    }
}

@Suite struct MessageCentreTests {
    @Test func receiversAndFallback() throws {
        var f = try Fixture.withAccounts()
        try f.product("P", .manualService)
        try f.order("CS1", product: "P")
        // No receiver configured: the main account's bound phone and email.
        #expect(f.state.usesDefaultReceiver)
        #expect(f.state.effectiveReceivers(for: 101).first?.mobile == "13800138000")
        #expect(f.state.messages.values.first!.channels == [.inApp, .email, .sms])

        let main = Actor.account(Fixture.mainId)
        #expect(f.refusal(.receiverAdded(MessageReceiver(id: "r", name: "值班", mobile: "1380013800", channels: [.sms])), by: main) != nil, "10 digits")
        #expect(f.refusal(.receiverAdded(MessageReceiver(id: "r", name: "值班", mobile: "12800138000", channels: [.sms])), by: main) != nil, "12x is no mobile prefix")
        #expect(f.refusal(.receiverAdded(MessageReceiver(id: "r", name: "值班", email: "a@b", channels: [.email])), by: main) != nil)
        #expect(f.refusal(.receiverAdded(MessageReceiver(id: "r", name: "值班", email: "a@b.cn", channels: [])), by: main) != nil)
        #expect(f.refusal(.receiverAdded(MessageReceiver(id: "r", name: "值班", email: "a@b.cn", channels: [.sms])), by: main)?.description.contains("no mobile") == true)
        #expect(f.refusal(.receiverAdded(MessageReceiver(id: "r", name: "值班", email: "a@b.cn", channels: [.email])), by: .account(Fixture.supportId)) != nil)

        try f.apply(.receiverAdded(MessageReceiver(id: "ops", name: "运维值班", mobile: "13912345678", categories: [501], channels: [.sms])), by: main)
        try f.apply(.receiverAdded(MessageReceiver(id: "all", name: "老板", email: "boss@example.cn", channels: [.email])), by: main)
        #expect(f.state.effectiveReceivers(for: 501).map(\.id) == ["all", "ops"])
        #expect(f.state.effectiveReceivers(for: 101).map(\.id) == ["all"])
        #expect(f.state.channels(for: 101) == [.inApp, .email])
        try f.apply(.receiverUpdated(MessageReceiver(id: "ops", name: "运维值班", mobile: "13912345678", categories: [], channels: [.sms])), by: main)
        #expect(f.state.channels(for: 101) == [.inApp, .email, .sms])
        #expect(f.refusal(.receiverUpdated(MessageReceiver(id: "nope", name: "x", channels: [.inApp])), by: main) == .unknown(.receiver, id: "nope"))
        try f.apply(.receiverRemoved(EntityRef(id: "ops")), by: main)
        try f.apply(.receiverRemoved(EntityRef(id: "all")), by: main)
        #expect(f.state.usesDefaultReceiver)
    }

    @Test func markingRespectsVisibility() throws {
        var f = try PermissionTests.shop()
        try f.apply(.messagePosted(MessagePost(category: 901, title: "通知ISV未完成服务监管的订单总数", body: "3")), by: .platform)
        let digest = "msg-evt-\(f.counter)"
        let cs3 = f.state.messages.values.first { $0.orderId == "CS3" }!.id
        #expect(f.refusal(.messagesMarked(MessageMark(ids: [cs3])), by: .account(Fixture.deliveryId)) != nil)
        try f.apply(.messagesMarked(MessageMark(all: true)), by: .account(Fixture.deliveryId))
        #expect(f.state.messages[digest]?.read == true, "digests concern everyone")
        #expect(f.state.messages[cs3]?.read == false, "marking all marks only what the account sees")
        try f.apply(.messagesMarked(MessageMark(ids: [cs3], read: true)), by: .account(Fixture.mainId))
        try f.apply(.messagesMarked(MessageMark(ids: [cs3], read: false)), by: .account(Fixture.mainId))
        #expect(f.state.messages[cs3]?.read == false)
        #expect(f.refusal(.messagesMarked(MessageMark(ids: ["nope"])), by: .account(Fixture.mainId)) == .unknown(.message, id: "nope"))
        #expect(f.refusal(.messagesMarked(MessageMark(ids: [cs3], all: true)), by: .account(Fixture.mainId)) != nil)
        #expect(f.refusal(.messagePosted(MessagePost(category: 0, title: "t", body: "b")), by: .platform) != nil)
        #expect(MessageCategory.zh(501) == "运维提醒" && MessageCategory.zh(777) == "类别777")
    }

    @Test func saleStatusChangePosts101() throws {
        var f = try Fixture.withAccounts()
        try f.product("P", .saas)
        try f.apply(.productUpserted(ProductUpsert(id: "P", name: "商品P", type: .saas, saleModel: .general, saleStatus: .hidden)), by: .platform)
        let m = f.state.messages.values.first { $0.title.hasPrefix("商品的销售状态被调整") }
        #expect(m?.category == 101 && m?.productId == "P")
        #expect(f.state.products["P"]?.acceptanceStandard == "按合同验收", "an upsert without a standard keeps the old one")
        #expect(f.refusal(.productUpserted(ProductUpsert(id: "Q", name: "q", type: .saas, saleModel: .general, jointScenario: .baseCloud)), by: .platform) != nil)
    }
}
