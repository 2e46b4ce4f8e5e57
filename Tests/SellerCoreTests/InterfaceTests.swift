import Foundation
import Testing
@testable import SellerCore

/// The activities, result codes and idempotency of the production interface,
/// decided on a state and folded as `interface.call` events.
@Suite struct InterfaceTests {
    static let t0 = Timestamp(china: .init(year: 2026, month: 11, day: 20, hour: 9))

    /// Decides a body on the state and folds the call, as `seller serve` does.
    struct Harness {
        var state = SellerState()
        var n = 0

        mutating func call(_ json: String) throws -> InterfaceRules.Decision {
            let (parsed, echo) = InterfaceRequest.parse(Array(json.utf8))
            let d: InterfaceRules.Decision
            switch parsed {
            case .failure(let p): d = .init(code: .badParameters, message: p.description)
            case .success(let r): d = InterfaceRules.decide(r, state: state, now: InterfaceTests.t0)
            }
            n += 1
            let c = InterfaceCall(atMs: InterfaceTests.t0.seconds * 1000 + Int64(n), peer: "127.0.0.1:1", activity: echo.activity,
                                  orderId: echo.orderId, orderLineId: echo.orderLineId, instanceId: d.instanceId ?? echo.instanceId,
                                  resultCode: d.code.rawValue, resultMsg: d.message, test: echo.test, ms: 1, change: d.change)
            try state.apply(EventEnvelope(id: "e\(n)", at: InterfaceTests.t0, actor: .platform, event: .interfaceCall(c)))
            return d
        }
    }

    static let new1 = #"{"activity":"newInstance","orderId":"CS1","orderLineId":"CS1-000001","businessId":"b1"}"#

    @Test func newInstanceIsIdempotentOnTheOrderLine() throws {
        var h = Harness()
        let first = try h.call(Self.new1)
        #expect(first.code == .success && first.instanceId == "b1")
        let again = try h.call(#"{"activity":"newInstance","orderId":"CS1","orderLineId":"CS1-000001","businessId":"b2"}"#)
        #expect(again.code == .success && again.instanceId == "b1" && again.change == nil, "the first call's businessId, nothing created")
        #expect(h.state.instances.count == 1 && h.state.instances["b1"]?.status == .normal)
        let other = try h.call(#"{"activity":"newInstance","orderId":"CS2","orderLineId":"CS2-000001","businessId":"b1"}"#)
        #expect(other.instanceId == "b1-2", "a reused businessId never names two instances")
        #expect(h.state.calls.count == 3)
    }

    @Test func everyActivityAndItsRepeat() throws {
        var h = Harness()
        _ = try h.call(Self.new1)
        let q = try h.call(#"{"activity":"queryInstance","instanceId":"b1"}"#)
        #expect(q.code == .success && q.info?.map(\.instanceId) == ["b1"])
        #expect(try h.call(#"{"activity":"updateInstanceStatus","instanceId":"b1","status":"FREEZE"}"#).change == .status(instanceId: "b1", to: .frozen))
        #expect(h.state.instances["b1"]?.status == .frozen)
        let freezeAgain = try h.call(#"{"activity":"updateInstanceStatus","instanceId":"b1","status":"FREEZE"}"#)
        #expect(freezeAgain.code == .success && freezeAgain.change == nil)
        _ = try h.call(#"{"activity":"updateInstanceStatus","instanceId":"b1","status":"UNFREEZE"}"#)
        #expect(h.state.instances["b1"]?.status == .normal)
        for scene in ["TRIAL_TO_FORMAL", "RENEWAL", "UNSUBSCRIBE_RENEWAL_PERIOD", "RENEWAL_CHANGE"] {
            let body = #"{"activity":"refreshInstance","instanceId":"b1","orderId":"R-\#(scene)","orderLineId":"R-1","scene":"\#(scene)","expireTime":"20271120010203","productId":"P9"}"#
            #expect(try h.call(body).change != nil, "\(scene)")
            #expect(try h.call(body).change == nil, "\(scene) re-sent changes nothing")
        }
        #expect(h.state.instances["b1"]?.expireTime == Timestamp(china: .init(year: 2027, month: 11, day: 20, hour: 9, minute: 2, second: 3)))
        #expect(h.state.instances["b1"]?.productId == "P9")
        let up = #"{"activity":"upgradeInstance","instanceId":"b1","orderId":"U1","orderLineId":"U1-000001"}"#
        #expect(try h.call(up).change == .upgraded(instanceId: "b1", key: "upgrade:U1"))
        #expect(try h.call(up).change == nil)
        let rel = #"{"activity":"releaseInstance","instanceId":"b1"}"#
        #expect(try h.call(rel).change == .status(instanceId: "b1", to: .released))
        let relAgain = try h.call(rel)
        #expect(relAgain.code == .success && relAgain.change == nil, "a second release answers 000000 and changes nothing")
        #expect(try h.call(#"{"activity":"updateInstanceStatus","instanceId":"b1","status":"FREEZE"}"#).code == .badParameters)
        #expect(h.state.instances["b1"]?.status == .released)
    }

    @Test func resultCodes() throws {
        var h = Harness()
        let cases: [(String, ResultCode)] = [
            (#"{"activity":"queryInstance","instanceId":"nope"}"#, .unknownInstance),
            (#"{"activity":"releaseInstance","instanceId":"nope"}"#, .unknownInstance),
            (#"{"activity":"upgradeInstance","instanceId":"nope","orderId":"U","orderLineId":"U-1"}"#, .unknownInstance),
            (#"{"activity":"updateInstanceStatus","instanceId":"nope","status":"PAUSE"}"#, .badParameters),
            (#"{"activity":"refreshInstance","instanceId":"x","orderId":"R","orderLineId":"R-1","scene":"NEVER","expireTime":"20271120010203"}"#, .badParameters),
            (#"{"activity":"refreshInstance","instanceId":"x","orderId":"R","orderLineId":"R-1","scene":"RENEWAL","expireTime":"20271320010203"}"#, .badParameters),
            (#"{"activity":"newInstance","orderId":"CS1","businessId":"b"}"#, .badParameters),
            (#"{"activity":"newInstance","orderId":"\#(String(repeating: "x", count: 65))","orderLineId":"l","businessId":"b"}"#, .badParameters),
            (#"{"activity":"newInstance","orderId":5,"orderLineId":"l","businessId":"b"}"#, .badParameters),
            (#"{"activity":"teleport"}"#, .badParameters),
            (#"[1,2]"#, .badParameters),
            (#"{"activity":"newInstance""#, .badParameters),
        ]
        for (body, code) in cases { #expect(try h.call(body).code == code, "\(body)") }
        let (bad, _) = InterfaceRequest.parse([0x7B, 0xFF, 0x7D])
        guard case .failure(let p) = bad else { Issue.record("invalid UTF-8 accepted"); return }
        #expect(p.reason.contains("UTF-8"))
        #expect(h.state.instances.isEmpty)
        #expect(h.state.calls.count == cases.count, "refused calls are recorded too")
    }

    @Test func testFlagCallsAreAnsweredLikeRealOnesAndChangeNothing() throws {
        var h = Harness()
        let body = #"{"activity":"newInstance","orderId":"MOCKPERIODYEARNEW","orderLineId":"MOCKPERIODYEARNEW-000001","businessId":"t1","testFlag":"1"}"#
        let first = try h.call(body)
        let again = try h.call(body.replacingOccurrences(of: "t1", with: "t2"))
        #expect(first.code == .success && first.instanceId == "t1" && again.instanceId == "t1")
        #expect(h.state.instances.isEmpty)
        #expect(try h.call(#"{"activity":"queryInstance","instanceId":"t1","testFlag":"1"}"#).code == .success)
        #expect(try h.call(#"{"activity":"releaseInstance","instanceId":"t1","testFlag":"1"}"#).code == .success)
        #expect(try h.call(#"{"activity":"queryInstance","instanceId":"t1"}"#).code == .unknownInstance, "a test instance is not real")
        // A test call against a real instance changes nothing either.
        _ = try h.call(Self.new1)
        #expect(try h.call(#"{"activity":"releaseInstance","instanceId":"b1","testFlag":"1"}"#).change == nil)
        #expect(h.state.instances["b1"]?.status == .normal)
        #expect(h.state.calls.filter(\.test).count == 5)
        #expect(try h.call(#"{"activity":"queryInstance","instanceId":"b1","testFlag":"2"}"#).code == .badParameters)
    }

    @Test func theFoldRefusesChangesTheRulesWouldNeverMake() throws {
        var s = SellerState()
        let i = Instance(id: "i1", orderId: "O", orderLineId: "L", productId: nil, createdAt: Self.t0)
        func call(_ change: InstanceChange, test: Bool = false, code: String = "000000") -> EventEnvelope {
            EventEnvelope(id: UUID().uuidString, at: Self.t0, actor: .platform, event: .interfaceCall(
                InterfaceCall(atMs: 0, peer: "p", activity: "x", resultCode: code, resultMsg: "", test: test, ms: 0, change: change)))
        }
        #expect(throws: DomainError.self) { try s.apply(call(.status(instanceId: "i1", to: .frozen))) }
        #expect(throws: DomainError.self) { try s.apply(call(.created(i), test: true)) }
        #expect(throws: DomainError.self) { try s.apply(call(.created(i), code: "000005")) }
        try s.apply(call(.created(i)))
        #expect(throws: DomainError.self) { try s.apply(call(.created(i))) }
        let wrongActor = EventEnvelope(id: "w", at: Self.t0, actor: .buyer, event: call(.status(instanceId: "i1", to: .frozen)).event)
        #expect(throws: DomainError.self) { try s.apply(wrongActor) }
        #expect(s.instances.count == 1 && s.calls.count == 1, "a refused event changed nothing")
    }

    @Test func callEventsEncodeAsFoundationDoesAndSurviveASnapshot() throws {
        var h = Harness()
        _ = try h.call(Self.new1)
        _ = try h.call(#"{"activity":"refreshInstance","instanceId":"b1","orderId":"R","orderLineId":"R-1","scene":"RENEWAL","expireTime":"20271120010203256"}"#)
        _ = try h.call(#"{"activity":"newInstance","orderId":"M","orderLineId":"M-1","businessId":"t","testFlag":"1"}"#)
        var withApp = h.state.instances["b1"]!
        withApp.appInfo = AppInfo(frontEndUrl: "https://x.cn/登录?a=\"b\"", memo: "备注\u{1B}")
        for c in h.state.calls { try CodecEquivalenceTests.same(EventEnvelope(id: "x", at: Self.t0, actor: .platform, event: .interfaceCall(c)), "call") }
        try CodecEquivalenceTests.same(withApp, "instance")
        let bytes = try Snapshot.encode(state: h.state, seq: h.n, known: [:], at: Self.t0, minimumChunk: 1)
        let loaded = try Snapshot.load(bytes, file: "snapshot.jsonl")
        #expect(loaded.state == h.state, "instances, calls and their indexes come back from a snapshot")
    }

    @Test func answersAreASCIIJSONWithSortedKeys() throws {
        let d = InterfaceRules.Decision(code: .success, message: "成功", info: [.init(instanceId: "i", appInfo: AppInfo(frontEndUrl: "u", memo: "中\"\n"))])
        let text = String(decoding: InterfaceAnswer.body(d), as: UTF8.self)
        #expect(text == #"{"info":[{"appInfo":{"frontEndUrl":"u","memo":"\u4e2d\"\n"},"instanceId":"i"}],"resultCode":"000000","resultMsg":"\u6210\u529f"}"#)
        let back = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(back?["resultMsg"] as? String == "成功")
    }

    @Test func hookOutputIsChecked() throws {
        #expect(try HookOutput.parse(Array(#"{}"#.utf8)) == nil)
        #expect(try HookOutput.parse(Array(#"{"appInfo":{"frontEndUrl":"https://a","userName":"u"}}"#.utf8)) == AppInfo(frontEndUrl: "https://a", userName: "u"))
        for bad in ["", "not json", "[1]", #"{"appInfo":{}}"#, #"{"appInfo":{"frontEndUrl":"u","memo":5}}"#, #"{"appInfo":"x"}"#] {
            #expect(throws: InterfaceRequest.Problem.self, "\(bad)") { try HookOutput.parse(Array(bad.utf8)) }
        }
    }
}

/// The delisting rule's count: distinct orders with a failed real call in the
/// China calendar month, per product; tests and other months do not count.
@Suite struct InterfaceReportTests {
    @Test func failedOrdersPerProductThisMonth() throws {
        var state = SellerState()
        for e in DemoGenerator(.init(seed: 5, orders: 40)) { try state.apply(e) }
        let orders = state.orders.values.sorted { $0.id < $1.id }
        // The product with the most orders (ties by id).
        let byProduct = Dictionary(grouping: orders, by: \.productId)
        let product = try #require(byProduct.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key)
        let same = orders.filter { $0.productId == product }
        try #require(same.count >= 2)
        let now = Timestamp(china: .init(year: 2026, month: 11, day: 20, hour: 12))
        var n = 0
        func call(_ order: String, _ code: String, at: Timestamp, test: Bool = false) throws {
            n += 1
            try state.apply(EventEnvelope(id: "c\(n)", at: at, actor: .platform, event: .interfaceCall(InterfaceCall(
                atMs: at.seconds * 1000, peer: "p", activity: "newInstance", orderId: order, resultCode: code, resultMsg: "", test: test, ms: 1))))
        }
        let first = same[0].id, second = same[1].id
        try call(first, "000005", at: now)
        try call(first, "000002", at: now)           // the same order twice counts once
        try call(second, "000005", at: now)
        try call(second, "000000", at: now)
        try call(first, "000005", at: now, test: true) // 拨测 traffic is no order
        try call(second, "000005", at: Timestamp(china: .init(year: 2026, month: 10, day: 31, hour: 23, minute: 59)))
        let rows = InterfaceReport.failuresThisMonth(state, now: now)
        #expect(rows == [InterfaceReport.ProductFailures(productId: product, failedOrders: 2)])
        #expect(!rows[0].nearLimit && !rows[0].delisted)
        #expect(InterfaceReport.ProductFailures(productId: "p", failedOrders: 6).delisted)
        #expect(!InterfaceReport.ProductFailures(productId: "p", failedOrders: 5).delisted, "more than 5, not 5")
        #expect(InterfaceReport.lastProbes(state).count == 1)
        #expect(InterfaceReport.calls(state, failedOnly: true).count == 5)
        #expect(InterfaceReport.calls(state, since: now).count == 5)
    }
}
