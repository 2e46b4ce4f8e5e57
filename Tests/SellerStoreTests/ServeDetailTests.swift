import Foundation
import Testing
@testable import SellerCore
@testable import SellerUI

/// The order detail (console and `seller orders show`) names the instance the
/// production interface created, with its status in the console's language.
@Suite struct ServeDetailTests {
    @Test func orderDetailShowsTheInstanceAndItsStatus() throws {
        var state = SellerState()
        for e in DemoGenerator(.init(seed: 3, orders: 20)) { try state.apply(e) }
        // An order of the list (the demo's 按需 order is not in it).
        let order = try #require(state.orders.values.sorted { $0.id < $1.id }.first(where: OrderQuery.isListed))
        let now = Timestamp(china: .init(year: 2026, month: 11, day: 22, hour: 9))
        var n = 0
        func call(_ activity: String, _ change: InstanceChange) throws {
            n += 1
            try state.apply(EventEnvelope(id: "call-\(n)", at: now, actor: .platform, event: .interfaceCall(
                InterfaceCall(atMs: now.seconds * 1000, peer: "127.0.0.1", activity: activity, orderId: order.id,
                              resultCode: "000000", resultMsg: "success", test: false, ms: 1, change: change))))
        }
        try call("newInstance", .created(Instance(id: "inst-9", orderId: order.id, orderLineId: order.lineId, productId: order.productId, createdAt: now)))
        let account = try #require(state.mainAccount)
        func line(_ lang: Lang) -> String? {
            Details.order(order.id, Model(state: state, account: account, now: now, lang: lang)).first { $0.value.hasPrefix("inst-9") }?.value
        }
        #expect(line(.zh) == "inst-9（正常）")
        #expect(line(.en) == "inst-9 (normal)")
        try call("updateInstanceStatus", .status(instanceId: "inst-9", to: .frozen))
        #expect(line(.zh) == "inst-9（已冻结）")
        // The orders pane and its derived view carry the status too (issue 17 item 3).
        let paneRow = { (s: SellerState) in
            Panes.orders(Model(state: s, account: account, now: now, lang: .zh), OrderQuery.newestFirst).rows.first { $0.id == order.id }?.cells.last
        }
        #expect(paneRow(state) == "已冻结")
        let view = OrdersView(state: state, stamp: .init(journalBytes: 1, lastLineCRC: 2))
        #expect(try OrdersView.decode(view.encode()).rows == view.rows)
        #expect(view.rows.first { $0.id == order.id }?.instanceStatus == .frozen)
        try call("releaseInstance", .status(instanceId: "inst-9", to: .released))
        #expect(line(.zh) == "inst-9（已释放）")
        #expect(paneRow(state) == "已释放")
    }
}

/// The 接口 pane lists the calls newest first, failures emphasised, and its
/// detail counts the month's failed orders per product against the rule.
@Suite struct ServeInterfacePaneTests {
    @Test func paneListsCallsAndTheDetailCountsFailures() throws {
        var state = SellerState()
        for e in DemoGenerator(.init(seed: 4, orders: 20)) { try state.apply(e) }
        let order = try #require(state.orders.values.sorted { $0.id < $1.id }.first)
        let now = Timestamp(china: .init(year: 2026, month: 11, day: 22, hour: 9))
        for (n, (activity, code, test)) in [("newInstance", "000005", false), ("queryInstance", "000000", true), ("releaseInstance", "000003", false)].enumerated() {
            try state.apply(EventEnvelope(id: "call-\(n)", at: now, actor: .platform, event: .interfaceCall(
                InterfaceCall(atMs: now.seconds * 1000 + Int64(n), peer: "127.0.0.1", activity: activity, orderId: order.id,
                              resultCode: code, resultMsg: "m", test: test, ms: 3))))
        }
        let account = try #require(state.mainAccount)
        var app = App(model: Model(state: state, account: account, now: now, lang: .zh), width: 120, height: 40, storeLabel: "/tmp/x")
        _ = app.handle(.char("7"))
        #expect(app.tab == .interface)
        let screen = app.render().lines()
        #expect(screen[1].contains("[ 7 接口 ]"))
        // Table cells on the left of the detail: newest first, the test call marked.
        let table = screen.map { String($0.prefix(70)) }
        let at = ["000003", "000000", "000005"].map { code in table.firstIndex { $0.contains(" \(code) ") } }
        #expect(at.allSatisfy { $0 != nil } && at[0]! < at[1]! && at[1]! < at[2]!, "newest first: \(table.prefix(8))")
        #expect(at[1].map { table[$0].contains("是") } == true, "test calls are marked")
        #expect(at[0].map { table[$0].hasPrefix("▶") } == true)
        let name = state.products[order.productId]?.name ?? order.productId
        let detail = Details.lines(.interface, id: "0", Model(state: state, account: account, now: now, lang: .zh))
        #expect(detail.contains { $0.value.hasPrefix("\(name)：本月失败订单 1 / 5") }, "\(detail)")
        #expect(detail.contains { $0.label == "最近拨测" && $0.value.contains("queryInstance 000000") })
    }
}

/// The overview warns once a product has 4 failed orders this month (the
/// platform delists after more than 5), and says nothing before.
@Suite struct ServeOverviewWarningTests {
    @Test func overviewWarnsWhenAProductNearsTheDelistingRule() throws {
        var state = SellerState()
        for e in DemoGenerator(.init(seed: 6, orders: 60)) { try state.apply(e) }
        // The product with the most orders (ties by id).
        let byProduct = Dictionary(grouping: state.orders.values, by: \.productId)
        let product = try #require(byProduct.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key)
        let orders = state.orders.values.filter { $0.productId == product }.map(\.id).sorted()
        try #require(orders.count >= 4)
        let now = Timestamp(china: .init(year: 2026, month: 11, day: 22, hour: 9))
        let account = try #require(state.mainAccount)
        func warning() -> DashboardFigure? {
            Dashboard.figures(Model(state: state, account: account, now: now, lang: .zh)).first { $0.section == .interface }
        }
        for (n, order) in orders.prefix(4).enumerated() {
            #expect(warning() == nil, "no warning at \(n) failed orders")
            try state.apply(EventEnvelope(id: "f\(n)", at: now, actor: .platform, event: .interfaceCall(
                InterfaceCall(atMs: now.seconds * 1000, peer: "p", activity: "newInstance", orderId: order,
                              resultCode: "000005", resultMsg: "hook failed", test: false, ms: 1))))
        }
        let w = try #require(warning())
        #expect(w.count == 4 && w.label == state.products[product]?.name && w.target.tab == .interface)
        var app = App(model: Model(state: state, account: account, now: now, lang: .zh), width: 120, height: 40, storeLabel: "/tmp/x")
        #expect(app.render().lines().contains { $0.contains("接口失败订单（本月，超过 5 单将下架）") })
        _ = app.handle(.enter)
        #expect(app.tab == .interface, "Enter on the warning opens the 接口 pane")
    }
}

/// Issues 13 × 17 × 18 together: what one feature stores, the others see.
@Suite struct CrossFeatureTests {
    static func demo() throws -> SellerState {
        var state = SellerState()
        for e in DemoGenerator(.init(seed: 3, orders: 60)) { try state.apply(e) }
        return state
    }

    // A renewal naming the instance `seller serve` created skips supervision
    // once the instance's order finished it [S0], and joins the chain.
    @Test func aRenewalOfAServeInstanceOpensNoRecord() throws {
        var state = try Self.demo()
        let done = try #require(state.records.values.filter { $0.state == .completed }.map(\.orderId).sorted().first)
        let order = try #require(state.orders[done])
        let now = Timestamp(china: .init(year: 2026, month: 11, day: 22, hour: 9))
        try state.apply(EventEnvelope(id: "call-1", at: now, actor: .platform, event: .interfaceCall(
            InterfaceCall(atMs: now.seconds * 1000, peer: "127.0.0.1", activity: "newInstance", orderId: done, resultCode: "000000",
                          resultMsg: "success", test: false, ms: 1,
                          change: .created(Instance(id: "b1", orderId: done, orderLineId: order.lineId, productId: order.productId, createdAt: now))))))
        try state.apply(EventEnvelope(id: "renew-1", at: now, actor: .platform, event: .orderCreated(
            OrderCreation(id: "CSR1", productId: order.productId, customer: order.customer, createdAt: now, chargingMode: .period,
                          amount: Money(yuan: 100), orderType: .renew, periodType: .month, periodNumber: 1, instanceId: "b1"))))
        #expect(state.records["CSR1"] == nil && state.orders["CSR1"]?.parentOrderId == done)
        var rebuilt = state
        rebuilt.instanceOrders = [:]
        rebuilt.rebuildDerivedIndexes()
        #expect(rebuilt.instanceOrders == state.instanceOrders, "a snapshot load rebuilds the same index")
    }

    // Every snapshot table is counted in the header, so check and repair name its loss.
    @Test func theSnapshotHeaderCountsBillsInstancesAndCalls() throws {
        let state = try Self.demo()
        #expect(!state.bills.isEmpty)
        let bytes = try Snapshot.encode(state: state, seq: 1, known: [:], at: Timestamp(seconds: 1_700_000_000))
        let loaded = try Snapshot.load(bytes, file: "snapshot.jsonl")
        let counts = try #require(loaded.header?.counts)
        #expect(counts["bill"] == state.bills.count && counts["instance"] == 0 && counts["call"] == 0)
        let lost = StoreMaintenance.lossPerKind(expected: counts, state: SellerState())
        #expect(lost.contains { $0.0 == "bill" && $0.1 == state.bills.count })
    }
}
