import Foundation
import SellerCore

/// Answers one production-interface request: verify, decide, run the hook,
/// journal the call (fsync) and only then hand back the answer. Threads share
/// it; the store is used under `storeLock` and holds its own file lock only
/// for the length of each append.
final class InterfaceService: @unchecked Sendable {
    let store: Store
    let key: [UInt8]
    let hooks: HookRunner?
    private let storeLock = NSLock()
    private let nonceLock = NSLock()
    private var nonces = NonceGuard()
    /// For tests and the operator: what the last failed journal write said.
    private(set) var lastStoreError: String?

    init(store: Store, key: [UInt8], hooks: HookRunner?) {
        self.store = store; self.key = key; self.hooks = hooks
    }

    struct Answer {
        var status = 200
        var body: [UInt8]
        var headers: [(String, String)] = []
    }

    func handle(_ req: HTTPRequest, peer: String, started: Double) -> Answer {
        let nowMs = Clock.unixMs()
        let (parsed, echo) = InterfaceRequest.parse(req.body)
        func finish(_ d: InterfaceRules.Decision) -> Answer {
            let body = InterfaceAnswer.body(d)
            return Answer(body: body, headers: [("Body-Sign", InterfaceSignature.bodySign(key: key, body: body))])
        }
        func call(_ d: InterfaceRules.Decision) -> InterfaceCall {
            InterfaceCall(atMs: nowMs, peer: peer, activity: echo.activity, orderId: echo.orderId, orderLineId: echo.orderLineId,
                          instanceId: d.instanceId ?? echo.instanceId, businessId: echo.businessId, resultCode: d.code.rawValue,
                          resultMsg: String(d.message.prefix(255)), test: echo.test,
                          ms: Int((Clock.nowSeconds() - started) * 1000), change: d.change)
        }
        /// A refusal is recorded too; if even that cannot be written, it is still answered.
        func refuse(_ code: ResultCode, _ why: String) -> Answer {
            let d = InterfaceRules.Decision(code: code, message: why)
            record(call(d))
            return finish(d)
        }
        if let refusal = InterfaceSignature.verify(key: key, query: req.query, body: req.body, nowMs: nowMs) {
            return refuse(.auth, "authentication failed: \(refusal)")
        }
        nonceLock.lock()
        let verdict = nonces.admit(req.query["nonce"]!, nowMs: nowMs)
        nonceLock.unlock()
        switch verdict {
        case .fresh: break
        case .replayed: return refuse(.auth, "authentication failed: \(InterfaceSignature.Refusal.replayed)")
        case .full: return refuse(.internalError, "too many calls within 60 s; try again")
        }
        let request: InterfaceRequest
        switch parsed {
        case .failure(let p): return refuse(.badParameters, "invalid parameter: \(p)")
        case .success(let r): request = r
        }
        // A hook runs outside every lock; the decision is taken again under
        // the store's lock, so a re-sent call racing this one still creates one instance.
        var appInfo: AppInfo?
        let pre = locked { InterfaceRules.decide(request, state: store.state, now: Timestamp(seconds: nowMs / 1000)) }
        if pre.change != nil, let hooks, let path = hooks.hook(for: request.activity.rawValue) {
            switch hooks.run(path, input: req.body, activity: request.activity.rawValue) {
            case .failure(let f): return refuse(.internalError, "provisioning hook \(request.activity.rawValue) \(f)")
            case .success(let out):
                do throws(InterfaceRequest.Problem) { appInfo = try HookOutput.parse(out) } catch {
                    return refuse(.internalError, "provisioning hook \(request.activity.rawValue) printed invalid output: \(error)")
                }
            }
        }
        var decision: InterfaceRules.Decision?
        do {
            try locked { () throws(StoreError) in
                try store.append { (state: SellerState) throws(StoreError) -> EventEnvelope in
                    let d = InterfaceRules.decide(request, state: state, now: Timestamp(seconds: nowMs / 1000), appInfo: appInfo)
                    decision = d
                    return envelope(call(d), nowMs)
                }
            }
        } catch {
            // Nothing was acknowledged: the platform retries on anything but 000000.
            lastStoreError = "\(error)"
            FileHandle.standardError.write(Data("seller serve: journal write failed: \(error)\n".utf8))
            return finish(InterfaceRules.Decision(code: .internalError, message: "internal error: the call could not be recorded"))
        }
        return finish(decision!)
    }

    private func envelope(_ c: InterfaceCall, _ nowMs: Int64) -> EventEnvelope {
        EventEnvelope(id: "call-" + UUID().uuidString.lowercased(), at: Timestamp(seconds: nowMs / 1000), actor: .platform,
                      event: .interfaceCall(c))
    }

    /// Records a call that changes nothing (refusals, HTTP-level failures).
    func record(_ c: InterfaceCall) {
        do {
            try locked { () throws(StoreError) in _ = try store.append { _ in envelope(c, c.atMs) } }
        } catch {
            lastStoreError = "\(error)"
            FileHandle.standardError.write(Data("seller serve: could not record a refused call: \(error)\n".utf8))
        }
    }

    private func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        storeLock.lock()
        defer { storeLock.unlock() }
        return try body()
    }
}
