import Testing
@testable import SellerCore

@Suite struct TicketTests {
    static func open(_ f: inout Fixture, id: String, product: String) throws {
        try f.apply(.ticketOpened(TicketOpening(id: id, productId: product, customer: Customer(id: "c1", name: "李娜", userName: "lina"),
                                                title: "无法登录控制台", body: "登录时报错 403，请协助。")), by: .buyer)
    }

    @Test func routingAcceptReplyRequestAccessResolve() throws {
        var f = try PermissionTests.shop()
        try Self.open(&f, id: "T2", product: "P2")   // P2 is authorised to support
        try Self.open(&f, id: "T3", product: "P3")   // P3 to nobody
        #expect(f.state.tickets["T2"]?.owner == Fixture.supportId)
        #expect(f.state.tickets["T3"]?.owner == Fixture.mainId)
        #expect(f.state.tickets["T2"]?.status == .todo)

        // The delivery sub-account cannot work tickets; the refusal names the owner.
        let denied = f.refusal(.ticket(TicketStep(ticketId: "T2", event: .accept)), by: .account(Fixture.deliveryId))
        #expect(denied?.description.contains("王客服") == true)
        #expect(f.refusal(.ticket(TicketStep(ticketId: "T3", event: .accept)), by: .account(Fixture.supportId)) != nil)

        try f.apply(.ticket(TicketStep(ticketId: "T2", event: .accept)), by: .account(Fixture.supportId))
        #expect(f.state.tickets["T2"]?.status == .doing)
        #expect(f.refusal(.ticket(TicketStep(ticketId: "T2", event: .reply)), by: .account(Fixture.supportId))
                == .missingField(event: "ticket reply", field: "body"))
        try f.apply(.ticket(TicketStep(ticketId: "T2", event: .reply, body: "Please clear the cache and retry.\n请清除缓存后重试。")), by: .account(Fixture.supportId))
        #expect(f.state.tickets["T2"]?.status == .waiting)
        try f.apply(.ticket(TicketStep(ticketId: "T2", event: .customerReply, body: "还是不行")), by: .buyer)
        #expect(f.state.tickets["T2"]?.status == .doing)
        try f.apply(.ticket(TicketStep(ticketId: "T2", event: .requestAccess, body: "需要查看控制台", access: .huaweiAccount)), by: .account(Fixture.supportId))
        #expect(f.state.tickets["T2"]?.accessRequests.map(\.kind) == [.huaweiAccount])
        #expect(f.state.tickets["T2"]?.status == .waiting)
        try f.apply(.ticket(TicketStep(ticketId: "T2", event: .resolve, body: "已修复")), by: .account(Fixture.supportId))
        #expect(f.state.tickets["T2"]?.status == .resolved)
        try f.apply(.ticket(TicketStep(ticketId: "T2", event: .closeByCustomer)), by: .buyer)
        #expect(f.state.tickets["T2"]?.status == .closed)
        guard case .ticketTransition(_, .closed, .reply, let why)? = f.refusal(.ticket(TicketStep(ticketId: "T2", event: .reply, body: "x")), by: .account(Fixture.mainId)) else {
            Issue.record("closed ticket accepted a reply"); return
        }
        #expect(why.contains("closed"))
        #expect(f.state.tickets["T2"]?.posts.count == 7)
    }

    @Test func reassignIsMainOnlyAndTargetsSupportOrMain() throws {
        var f = try PermissionTests.shop()
        try Self.open(&f, id: "T3", product: "P3")
        #expect(f.refusal(.ticket(TicketStep(ticketId: "T3", event: .reassign, assignee: Fixture.supportId)), by: .account(Fixture.supportId)) != nil)
        #expect(f.refusal(.ticket(TicketStep(ticketId: "T3", event: .reassign, assignee: Fixture.deliveryId)), by: .account(Fixture.mainId))?.description.contains("delivery sub-account") == true)
        #expect(f.refusal(.ticket(TicketStep(ticketId: "T3", event: .reassign)), by: .account(Fixture.mainId)) == .missingField(event: "ticket reassign", field: "assignee"))
        try f.apply(.ticket(TicketStep(ticketId: "T3", event: .reassign, assignee: Fixture.supportId)), by: .account(Fixture.mainId))
        #expect(f.state.tickets["T3"]?.owner == Fixture.supportId)
        try f.apply(.ticket(TicketStep(ticketId: "T3", event: .accept)), by: .account(Fixture.supportId))
    }

    @Test func authorisationMovesOpenTickets() throws {
        var f = try Fixture.withAccounts()
        try f.product("P", .saas)
        try Self.open(&f, id: "T1", product: "P")
        try Self.open(&f, id: "T2", product: "P")
        try f.apply(.ticket(TicketStep(ticketId: "T2", event: .closeByCustomer)), by: .buyer)
        try f.apply(.productAuthorized(.init(productId: "P", accountId: Fixture.supportId)), by: .account(Fixture.mainId))
        #expect(f.state.tickets["T1"]?.owner == Fixture.supportId)
        #expect(f.state.tickets["T2"]?.owner == Fixture.mainId, "closed tickets stay where they were")
        try f.apply(.productAuthorizationRevoked(.init(id: "P")), by: .account(Fixture.mainId))
        #expect(f.state.tickets["T1"]?.owner == Fixture.mainId)
    }

    @Test func everyTicketRowIsReachableAndApplies() throws {
        for row in TicketFlow.rows {
            var f = try Fixture.withAccounts()
            try f.product("P", .saas)
            try Self.open(&f, id: "T", product: "P")
            // Drive the ticket to row.from along the shortest route.
            let route: [TicketStatus: [TicketStep]] = [
                .todo: [],
                .doing: [TicketStep(ticketId: "T", event: .accept)],
                .waiting: [TicketStep(ticketId: "T", event: .accept), TicketStep(ticketId: "T", event: .reply, body: "b")],
                .resolved: [TicketStep(ticketId: "T", event: .accept), TicketStep(ticketId: "T", event: .resolve)],
                .closed: [TicketStep(ticketId: "T", event: .closeByCustomer)],
            ]
            for s in route[row.from]! { try f.apply(.ticket(s), by: s.event == .closeByCustomer ? .buyer : .account(Fixture.mainId)) }
            let step = TicketStep(ticketId: "T", event: row.event, body: row.requires.contains(.body) ? "正文" : nil,
                                  access: row.requires.contains(.access) ? .confidentialInfo : nil,
                                  assignee: row.requires.contains(.assignee) ? Fixture.supportId : nil)
            try f.apply(.ticket(step), by: row.actor.testActor)
            #expect(f.state.tickets["T"]?.status == row.to, "\(row.from) --\(row.event)--> \(row.to)")
        }
    }
}
