import Testing
@testable import SellerCore

/// Walks every transition table through real events: every state is reached
/// from the initial state, and every row is applied once as a valid transition.
@Suite struct FlowTableTests {
    /// A product type and order date that select each catalogued flow version.
    static func selector(for def: FlowDefinition) -> (ProductType, Timestamp) {
        let before2023 = Timestamp(china: .init(year: 2023, month: 1, day: 10))
        let y2026 = Timestamp(china: .init(year: 2026, month: 1, day: 1))
        switch (def.id, def.version) {
        case (.manualService, "v1"): return (.manualService, before2023)
        case (.manualService, _): return (.manualService, y2026)
        case (.licenseCode, "v1.1"): return (.licenseCode, before2023)
        case (.licenseCode, _): return (.licenseCode, y2026)
        case (.websiteBuilding, _): return (.websiteBuilding, y2026)
        case (.licenseOnline, _): return (.licenseOnline, y2026)
        case (.licenseOffline, _): return (.licenseOffline, y2026)
        case (.licensePackage, _): return (.licensePackage, y2026)
        case (.hardware, _): return (.hardware, y2026)
        case (.saas, _): return (.saas, y2026)
        case (.appOrchestration, _): return (.appOrchestration, y2026)
        case (.dataFile, _): return (.dataFile, y2026)
        }
    }

    /// Values for every field a row requires (and none it does not use).
    static func fields(for row: Transition, orderedAt: Timestamp) -> FieldValues {
        var v = FieldValues()
        for rule in row.fields where rule.required {
            switch rule.field {
            case .reason: v.reason = "不符合合同约定"
            case .requirementText: v.requirementText = "需要部署到华北-北京四"
            case .requirementAttachments: v.requirementAttachments = [Fixture.doc]
            case .resultDescription: v.resultDescription = "已完成"
            case .actualActivationTime: v.actualActivationTime = orderedAt
            case .documents: v.documents = [Fixture.doc]
            case .carrier: v.carrier = "顺丰速运"
            case .trackingNumber: v.trackingNumber = "SF1234567890"
            case .logisticsPhone: v.logisticsPhone = "13900139000"
            case .address: v.address = "北京市海淀区中关村大街1号"
            case .identifier: v.identifier = "HWID-8F2C-11AA"
            case .licenseCode: v.licenseCode = "LIC-2026-0001"
            case .note: v.note = "备注"
            case .cause: v.cause = row.autoCause
            case .signedAt: v.signedAt = orderedAt
            }
        }
        return v
    }

    static func path(in def: FlowDefinition, to target: SupervisionState, review: Bool) -> [Transition]? {
        def.path(to: target, reviewRequired: review)
    }

    static func needsReview(_ row: Transition, def: FlowDefinition) -> [Bool] {
        switch row.condition {
        case .reviewRequired: [true]
        case .noReview: [false]
        case .causeWithReview(_, let review): [review]
        default: [false, true]
        }
    }

    /// Applies `rows` to a fresh order of the flow; returns the fixture and order id.
    static func drive(_ def: FlowDefinition, review: Bool, rows: [Transition]) throws -> (Fixture, String) {
        var f = try Fixture.withAccounts()
        let (type, orderedAt) = selector(for: def)
        try f.product("P1", type, review ? .huawei : .general)
        f.clock = orderedAt
        try f.order("CS0001", product: "P1", at: orderedAt)
        let r = f.record("CS0001")
        #expect(r.flow == def.id && r.flowVersion == def.version, "selector picked \(r.flow) \(r.flowVersion)")
        #expect(r.reviewRequired == review)
        for row in rows {
            try f.step("CS0001", row.event, by: row.actor.testActor, fields(for: row, orderedAt: orderedAt))
        }
        return (f, "CS0001")
    }

    @Test func catalogueHasEveryFlowAndOnlyKnownStates() {
        #expect(Set(FlowCatalog.all.map(\.id)) == Set(FlowID.allCases))
        for def in FlowCatalog.all {
            #expect(def.states.contains(def.initial))
            #expect(Set(def.nodes).isSubset(of: def.states), "\(def.id) draws a node its table never mentions")
            // Rows that share (from, event) must be told apart by a condition.
            var byKey: [String: [Transition]] = [:]
            for row in def.transitions { byKey["\(row.from)/\(row.event)", default: []].append(row) }
            for (key, rows) in byKey where rows.count > 1 {
                #expect(Set(rows.map(\.condition)).count == rows.count, "\(def.id) \(key) is ambiguous")
            }
        }
    }

    @Test func everyStateIsReachable() {
        for def in FlowCatalog.all {
            for s in def.states {
                let reachable = Self.path(in: def, to: s, review: false) != nil || Self.path(in: def, to: s, review: true) != nil
                #expect(reachable, "\(def.id) \(def.version): \(s) cannot be reached from \(def.initial)")
            }
        }
    }

    @Test(arguments: FlowCatalog.all.map { "\($0.id.rawValue)@\($0.version)" })
    func everyRowAppliesOnce(flow: String) throws {
        let def = FlowCatalog.all.first { "\($0.id.rawValue)@\($0.version)" == flow }!
        var applied = 0
        for row in def.transitions {
            for review in Self.needsReview(row, def: def) {
                guard let prefix = Self.path(in: def, to: row.from, review: review) else { continue }
                let (f, id) = try Self.drive(def, review: review, rows: prefix + [row])
                let r = f.record(id)
                #expect(r.state == row.to, "\(flow): \(row.from) --\(row.event)--> expected \(row.to), got \(r.state)")
                let last = r.history.last!
                #expect(last.event == row.event && last.from == row.from && last.to == row.to)
                #expect(last.actor.kind == row.actor)
                if let m = row.message {
                    let posted = f.state.messages["msg-evt-\(f.counter)"]
                    #expect(posted?.category == m.category && posted?.title == m.title, "\(flow) \(row.event) should post \(m.title)")
                }
                if row.to.isTerminal { #expect(r.closedAt != nil) }
                applied += 1
                break
            }
        }
        #expect(applied == def.transitions.count, "\(flow): \(def.transitions.count - applied) rows were never applied")
    }

    @Test func openingAnOrderPostsTheFlowsMessageAndStartsAtItsInitialState() throws {
        for def in FlowCatalog.all {
            let (f, id) = try Self.drive(def, review: false, rows: [])
            #expect(f.record(id).state == def.initial)
            #expect(f.state.orders[id]?.status == .processing)
            #expect(f.state.messages.values.contains { $0.orderId == id && $0.title == def.openingMessage.title && $0.category == 101 })
        }
    }

    @Test func unsupervisedTypesOpenNoRecord() throws {
        var f = try Fixture.withAccounts()
        for (i, t) in [ProductType.image, .api].enumerated() {
            try f.product("U\(i)", t)
            try f.order("CSU\(i)", product: "U\(i)")
            #expect(f.state.records["CSU\(i)"] == nil)
            #expect(f.state.orders["CSU\(i)"]?.status == .completed)
        }
        #expect(f.state.messages.values.filter { $0.title == MessageTemplate.productBought.title }.count == 2)
    }
}
