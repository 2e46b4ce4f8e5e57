import Foundation

/// What the production interface answers to an accepted request, and the
/// instance change that answer stands for: the one place the idempotency
/// rules of SAAS-INTERFACE.md §2 live. Pure: state in, decision out; the
/// server appends the decision as an `interface.call` event before answering.
public enum InterfaceRules {
    public struct Decision: Equatable, Sendable {
        public var code: ResultCode
        public var message: String
        public var instanceId: String?
        /// queryInstance: one entry per instance asked for.
        public var info: [InfoEntry]?
        public var change: InstanceChange?

        public init(code: ResultCode, message: String, instanceId: String? = nil, info: [InfoEntry]? = nil, change: InstanceChange? = nil) {
            self.code = code; self.message = message; self.instanceId = instanceId; self.info = info; self.change = change
        }
    }

    public struct InfoEntry: Equatable, Sendable { public var instanceId: String; public var appInfo: AppInfo? }

    static func fail(_ code: ResultCode, _ why: String) -> Decision { Decision(code: code, message: why) }
    static func ok(_ why: String = "success", instanceId: String? = nil, change: InstanceChange? = nil) -> Decision {
        Decision(code: .success, message: why, instanceId: instanceId, change: change)
    }

    public static let scenes: Set<String> = ["TRIAL_TO_FORMAL", "RENEWAL", "UNSUBSCRIBE_RENEWAL_PERIOD", "RENEWAL_CHANGE"]
    static let statusTargets: [String: InstanceStatus] = ["FREEZE": .frozen, "UNFREEZE": .normal]

    /// `appInfo`: what the merchant's hook returned for a new instance.
    public static func decide(_ r: InterfaceRequest, state s: SellerState, now: Timestamp, appInfo: AppInfo? = nil) -> Decision {
        switch r.activity {
        case .newInstance: return newInstance(r, s, now, appInfo)
        case .queryInstance: return query(r, s)
        default: return change(r, s)
        }
    }

    /// §2.1: one instance per order line, named by the first call's businessId;
    /// a re-send returns it and creates nothing. A test call creates nothing
    /// either, but repeats its first answer, so the debug page's idempotency check holds.
    static func newInstance(_ r: InterfaceRequest, _ s: SellerState, _ now: Timestamp, _ appInfo: AppInfo?) -> Decision {
        let order = r["orderId"]!, line = r["orderLineId"]!, business = r["businessId"]!
        if r.test { return ok(instanceId: s.testInstanceId(orderId: order, orderLineId: line) ?? business) }
        if let existing = s.instance(orderId: order, orderLineId: line) { return ok("success (already created)", instanceId: existing.id) }
        guard !business.unicodeScalars.contains(" ") else { return fail(.badParameters, "businessId: contains spaces") }
        // A businessId already naming another order line's instance (it
        // should never happen: "每一次请求,businessId皆不一致") gets a suffix.
        var id = business, n = 2
        while s.instances[id] != nil || s.testInstances.contains(id) { id = "\(business)-\(n)"; n += 1 }
        let instance = Instance(id: id, orderId: order, orderLineId: line, productId: s.orders[order]?.productId,
                                createdAt: now, appInfo: appInfo)
        return ok(instanceId: id, change: .created(instance))
    }

    /// §2.2: comma-separated ids, at most 100; every one must be known.
    static func query(_ r: InterfaceRequest, _ s: SellerState) -> Decision {
        let ids = r["instanceId"]!.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard ids.count <= 100 else { return fail(.badParameters, "instanceId: \(ids.count) ids; at most 100 per call") }
        guard !ids.contains(where: { $0.isEmpty || $0.count > 64 }) else { return fail(.badParameters, "instanceId: an id is empty or longer than 64 characters") }
        var info: [InfoEntry] = []
        for id in ids {
            if let i = s.instances[id] { info.append(InfoEntry(instanceId: id, appInfo: i.appInfo)) }
            else if r.test, s.testInstances.contains(id) { info.append(InfoEntry(instanceId: id, appInfo: nil)) }
            else { return fail(.unknownInstance, "instance '\(id)' does not exist") }
        }
        return Decision(code: .success, message: "success", info: info)
    }

    /// refresh / status / release / upgrade of an existing instance (§2.3–2.6).
    static func change(_ r: InterfaceRequest, _ s: SellerState) -> Decision {
        let id = r["instanceId"]!
        // Validate the request's own values first, known instance or not.
        var expire: Timestamp?
        switch r.activity {
        case .refreshInstance:
            guard scenes.contains(r["scene"]!) else {
                return fail(.badParameters, "scene: '\(r["scene"]!)' is not one of \(scenes.sorted().joined(separator: ", "))")
            }
            guard let t = InterfaceRequest.parseExpireTime(r["expireTime"]!) else {
                return fail(.badParameters, "expireTime: '\(r["expireTime"]!)' is not a UTC time yyyyMMddHHmmss")
            }
            expire = t
        case .updateInstanceStatus:
            guard statusTargets[r["status"]!] != nil else { return fail(.badParameters, "status: '\(r["status"]!)' is not FREEZE or UNFREEZE") }
        default: break
        }
        guard let instance = s.instances[id] else {
            if r.test, s.testInstances.contains(id) { return ok(instanceId: id) }
            return fail(.unknownInstance, "instance '\(id)' does not exist")
        }
        // A test call against a real instance is answered, and changes nothing.
        func answer(_ c: InstanceChange?) -> Decision { r.test ? ok(instanceId: id) : ok(instanceId: id, change: c) }
        if instance.status == .released {
            // §2.5: a second release succeeds and changes nothing; anything
            // else on a released instance is refused [inf].
            return r.activity == .releaseInstance ? ok("success (already released)", instanceId: id)
                : fail(.badParameters, "instance '\(id)' was released")
        }
        switch r.activity {
        case .releaseInstance:
            return answer(.status(instanceId: id, to: .released))
        case .updateInstanceStatus:
            let to = statusTargets[r["status"]!]!
            return instance.status == to ? ok("success (already \(to.rawValue))", instanceId: id) : answer(.status(instanceId: id, to: to))
        case .refreshInstance:
            // Re-sent refreshes are recognised by scene and order [inf].
            let key = r["scene"]! + ":" + r["orderId"]!
            if instance.appliedOrders.contains(key) { return ok("success (already applied)", instanceId: id) }
            return answer(.refreshed(instanceId: id, key: key, expireTime: expire!, productId: r["productId"]))
        case .upgradeInstance:
            let key = "upgrade:" + r["orderId"]!
            if instance.appliedOrders.contains(key) { return ok("success (already applied)", instanceId: id) }
            return answer(.upgraded(instanceId: id, key: key))
        case .newInstance, .queryInstance:
            return fail(.internalError, "unreachable")
        }
    }
}
