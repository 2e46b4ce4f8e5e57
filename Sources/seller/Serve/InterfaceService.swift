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
    let recorder = CallRecorder()
    let provisioning = Provisioning()
    private let flusherStop = NSCondition()
    private var flusherRunning = false
    private let stopLock = NSLock()
    private var stopping = false
    /// Set once serve stops: background hooks still running are killed.
    var isStopping: Bool { stopLock.lock(); defer { stopLock.unlock() }; return stopping }
    /// For tests and the operator: what the last failed journal write said
    /// (written from handler, flusher and hook threads: under its own lock).
    private let errorLock = NSLock()
    private var storeError: String?
    var lastStoreError: String? {
        get { errorLock.lock(); defer { errorLock.unlock() }; return storeError }
        set { errorLock.lock(); storeError = newValue; errorLock.unlock() }
    }

    /// Every single append goes through the one write path, as the platform.
    var writer: WriteService { WriteService(store, actor: .platform) }

    init(store: Store, key: [UInt8], hooks: HookRunner?) {
        self.store = store; self.key = key; self.hooks = hooks
    }

    struct Answer {
        var status = 200
        var body: [UInt8]
        var headers: [(String, String)] = []
        /// The journaled call this answers, whose full time is written once the answer is out.
        var callId: String?
    }

    func handle(_ req: HTTPRequest, peer: String, started: Double) -> Answer {
        let nowMs = Clock.unixMs()
        let callId = Self.newId("call-")
        let (parsed, echo) = InterfaceRequest.parse(req.body)
        func finish(_ d: InterfaceRules.Decision, recorded: Bool = true) -> Answer {
            let body = InterfaceAnswer.body(d)
            return Answer(body: body, headers: [("Body-Sign", InterfaceSignature.bodySign(key: key, body: body))], callId: recorded ? callId : nil)
        }
        func call(_ d: InterfaceRules.Decision) -> InterfaceCall {
            InterfaceCall(atMs: nowMs, peer: peer, activity: echo.activity, orderId: echo.orderId, orderLineId: echo.orderLineId,
                          instanceId: d.instanceId ?? echo.instanceId, businessId: echo.businessId, resultCode: d.code.rawValue,
                          resultMsg: String(d.message.prefix(255)), test: echo.test,
                          ms: Int((Clock.nowSeconds() - started) * 1000), change: d.change, id: callId)
        }
        /// Refused before any decision (anyone can send these): aggregated, see `RefusalAggregator`.
        func refuse(_ code: ResultCode, _ why: String) -> Answer {
            let d = InterfaceRules.Decision(code: code, message: why)
            return finish(d, recorded: refused(call(d)))
        }
        /// A signed call that failed (a hook): recorded in full; if even that cannot be written, it is still answered.
        func fail(_ d: InterfaceRules.Decision) -> Answer {
            return finish(d, recorded: record(call(d)))
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
        if request.activity == .queryInstance, pre.code == .unknownInstance,
           let pending = request["instanceId"]?.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: provisioning.isRunning) {
            return fail(InterfaceRules.Decision(code: .inProgress, message: "instance '\(pending)' is being provisioned", instanceId: pending))
        }
        var line: String?
        defer { if let line { provisioning.end(line: line) } }
        if pre.change != nil, let hooks, let path = hooks.hook(for: request.activity.rawValue) {
            let activity = request.activity.rawValue
            var outcome: HookJob.Outcome
            if case .created(let promised)? = pre.change, let asyncLimit = hooks.asyncLimit {
                let key = promised.orderId + "\u{1F}" + promised.orderLineId
                if let running = provisioning.begin(line: key, id: promised.id) {
                    return fail(InterfaceRules.Decision(code: .inProgress, message: "instance '\(running)' is being provisioned", instanceId: running))
                }
                line = key
                let job = HookJob { [self] in hooks.run(path, input: req.body, activity: activity, limit: asyncLimit, cancelled: { self.isStopping }) }
                let began = Clock.nowSeconds()
                guard let r = job.wait(seconds: hooks.timeLimit, otherwise: { [self] r in
                    completeInBackground(request, peer: peer, line: key, outcome: r, began: began)
                }) else {
                    line = nil   // the background completion ends it
                    return fail(InterfaceRules.Decision(code: .inProgress, message: "instance '\(promised.id)' is being provisioned", instanceId: promised.id))
                }
                outcome = r
            } else {
                outcome = hooks.run(path, input: req.body, activity: activity)
            }
            switch Self.appInfo(outcome, activity) {
            case .failure(let why): return fail(InterfaceRules.Decision(code: .internalError, message: why.text))
            case .success(let info): appInfo = info
            }
        }
        guard let decision = commit(request, id: callId, nowMs: nowMs, appInfo: appInfo, call: call) else {
            return finish(InterfaceRules.Decision(code: .internalError, message: "internal error: the call could not be recorded"), recorded: false)
        }
        return finish(decision)
    }

    struct HookProblem: Error { var text: String }

    /// What a hook's run means for the call: its appInfo, or why the call fails (000005).
    static func appInfo(_ outcome: HookJob.Outcome, _ activity: String) -> Result<AppInfo?, HookProblem> {
        switch outcome {
        case .failure(let f): return .failure(HookProblem(text: "provisioning hook \(activity) \(f)"))
        case .success(let out):
            do throws(InterfaceRequest.Problem) { return .success(try HookOutput.parse(out)) } catch {
                return .failure(HookProblem(text: "provisioning hook \(activity) printed invalid output: \(error)"))
            }
        }
    }

    /// Decides under the store's lock and journals the call (fsync); nil when it could not be written.
    private func commit(_ request: InterfaceRequest, id: String, nowMs: Int64, appInfo: AppInfo?,
                        call: (InterfaceRules.Decision) -> InterfaceCall) -> InterfaceRules.Decision? {
        var decision: InterfaceRules.Decision?
        // The one write path (`WriteService`), deciding from the freshest
        // state under the lock, so a re-sent call racing this one creates one instance.
        let outcome = locked {
            writer.append(id: id, at: Timestamp(seconds: nowMs / 1000)) { (state: SellerState) -> DomainEvent in
                let d = InterfaceRules.decide(request, state: state, now: Timestamp(seconds: nowMs / 1000), appInfo: appInfo)
                decision = d
                return .interfaceCall(call(d))
            }
        }
        if case .failure(let error) = outcome {
            // Nothing was acknowledged: the platform retries on anything but 000000.
            lastStoreError = "\(error)"
            FileHandle.standardError.write(Data("seller serve: journal write failed: \(error)\n".utf8))
            return nil
        }
        return decision
    }

    /// An asynchronous newInstance's hook ended: the instance is created now
    /// (the platform's retry then gets 000000 with the promised id), or the
    /// failure is recorded and nothing is applied (the retry runs the hook again).
    private func completeInBackground(_ request: InterfaceRequest, peer: String, line: String, outcome: HookJob.Outcome, began: Double) {
        defer { provisioning.end(line: line) }
        let nowMs = Clock.unixMs()
        let callId = Self.newId("call-")
        func call(_ d: InterfaceRules.Decision) -> InterfaceCall {
            InterfaceCall(atMs: nowMs, peer: "hook (asynchronous, for \(peer))", activity: request.activity.rawValue,
                          orderId: request["orderId"], orderLineId: request["orderLineId"],
                          instanceId: d.instanceId, businessId: request["businessId"], resultCode: d.code.rawValue,
                          resultMsg: String(d.message.prefix(255)), test: false,
                          ms: Int((Clock.nowSeconds() - began) * 1000), change: d.change, id: callId)
        }
        switch Self.appInfo(outcome, request.activity.rawValue) {
        case .failure(let why):
            record(call(InterfaceRules.Decision(code: .internalError, message: why.text + " (asynchronous; nothing was created)")))
        case .success(let info):
            _ = commit(request, id: callId, nowMs: nowMs, appInfo: info, call: call)
        }
    }

    static func newId(_ prefix: String) -> String { prefix + UUID().uuidString.lowercased() }

    private func envelope(_ c: InterfaceCall, _ nowMs: Int64) -> EventEnvelope {
        EventEnvelope(id: c.id ?? Self.newId("call-"), at: Timestamp(seconds: nowMs / 1000), actor: .platform, event: .interfaceCall(c))
    }

    /// Records a signed call that changes nothing, in full (fsync); false if it could not be written.
    @discardableResult
    func record(_ c: InterfaceCall) -> Bool {
        let e = envelope(c, c.atMs)
        switch locked({ writer.append(id: e.id, at: e.at) { _ in e.event } }) {
        case .success: return true
        case .failure(let error):
            lastStoreError = "\(error)"
            FileHandle.standardError.write(Data("seller serve: could not record a call: \(error)\n".utf8))
            return false
        }
    }

    /// Records a refused call: the first of its kind this minute at once,
    /// the rest as a count later (`RefusalAggregator`). True when written now.
    @discardableResult
    func refused(_ c: InterfaceCall) -> Bool {
        var c = c
        if c.id == nil { c.id = Self.newId("call-") }
        guard let now = recorder.refused(c) else { return false }
        return record(now)
    }

    /// The answer is out: its call's full time is queued for the next flush.
    func answered(_ a: Answer, started: Double) {
        guard let id = a.callId else { return }
        recorder.time(callId: id, ms: Int((Clock.nowSeconds() - started) * 1000))
    }

    /// Writes the queued times and the finished minutes' refusal counts in one batch.
    func flush(all: Bool = false) {
        let nowMs = Clock.unixMs()
        let (times, refusals) = recorder.take(nowMs: nowMs, all: all)
        guard !times.isEmpty || !refusals.isEmpty else { return }
        let at = Timestamp(seconds: nowMs / 1000)
        var events = refusals.map { c in
            var c = c
            c.id = Self.newId("call-")
            return envelope(c, c.atMs)
        }
        events += times.map { EventEnvelope(id: Self.newId("time-"), at: at, actor: .platform, event: .interfaceCallTime($0)) }
        do {
            try locked { () throws(StoreError) in _ = try store.appendBatch(events) }
        } catch {
            recorder.giveBack(times: times, refusals: refusals)
            lastStoreError = "\(error)"
            FileHandle.standardError.write(Data("seller serve: could not record call times and refusal counts: \(error)\n".utf8))
        }
    }

    /// Starts the thread that flushes every 200 ms.
    func startFlusher() {
        flusherStop.lock(); flusherRunning = true; flusherStop.unlock()
        let t = Thread { [self] in
            flusherStop.lock()
            while flusherRunning {
                _ = flusherStop.wait(until: Date(timeIntervalSinceNow: 0.2))
                if !flusherRunning { break }
                flusherStop.unlock()
                flush()
                flusherStop.lock()
            }
            flusherStop.unlock()
        }
        t.start()
    }

    /// Stops the flusher, gives background hooks a short grace (their calls
    /// were answered already: they are not requests in flight), kills the rest
    /// and writes everything still queued.
    func stopFlusher(drainSeconds: Double) {
        provisioning.drain(seconds: min(drainSeconds, 5))
        // A hook still running would provision with no record of it here;
        // killed, its failure is recorded (nothing created) and the platform's retry runs it again.
        stopLock.lock(); stopping = true; stopLock.unlock()
        provisioning.drain(seconds: 3)
        flusherStop.lock(); flusherRunning = false; flusherStop.broadcast(); flusherStop.unlock()
        flush(all: true)
    }

    private func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        storeLock.lock()
        defer { storeLock.unlock() }
        return try body()
    }
}
