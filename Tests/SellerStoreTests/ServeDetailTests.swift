import Foundation
import Testing
@testable import SellerCore
import SellerUI

/// The order detail (console and `seller orders show`) names the instance the
/// production interface created, with its status in the console's language.
@Suite struct ServeDetailTests {
    @Test func orderDetailShowsTheInstanceAndItsStatus() throws {
        var state = SellerState()
        for e in DemoGenerator(.init(seed: 3, orders: 20)) { try state.apply(e) }
        let order = try #require(state.orders.values.sorted { $0.id < $1.id }.first)
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
        try call("releaseInstance", .status(instanceId: "inst-9", to: .released))
        #expect(line(.zh) == "inst-9（已释放）")
    }
}
