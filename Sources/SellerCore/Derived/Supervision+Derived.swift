/// The sub-queues of the supervision pane.
public enum SupervisionQueue: String, CaseIterable, Sendable {
    case needsMe = "mine"        // 待我处理: a merchant step is next
    case waiting                 // 等待买家: buyer (or the platform detecting activation)
    case review                  // 复核中
    case appealed                // 申诉中 (frozen)
    /// 待他人处理: a merchant step is next, but another account of the shop
    /// takes it (e.g. a support sub-account looking at a delivery record).
    case colleague
    case done                    // 已完成 (completed or cancelled)
    case all

    /// Whether a record in queue `q` is listed under this one (全部 lists every record).
    public func holds(_ q: SupervisionQueue) -> Bool { self == .all || self == q }

    public var zh: String {
        switch self {
        case .needsMe: "待我处理"
        case .waiting: "等待买家"
        case .review: "复核中"
        case .appealed: "申诉中"
        case .colleague: "待他人处理"
        case .done: "已完成"
        case .all: "全部"
        }
    }
}

/// Why a record counts as stalled (DOMAIN §3, §7.1).
public enum StallReason: Hashable, Sendable {
    case buyerIdle(days: Int)           // buyer step idle more than 5 days
    case repeatedRejections(count: Int) // rejected 3 or more times

    public static let buyerIdleDays = 5
    public static let rejectionThreshold = 3

    public var zh: String {
        switch self {
        case .buyerIdle(let d): "买家已\(d)天未处理"
        case .repeatedRejections(let n): "已被驳回\(n)次"
        }
    }
}

/// Whether a shipped hardware order will close by itself (DOMAIN §2.7 row 7):
/// logistics idle 10 days *and* signed for; never when the logistics phone
/// differs from the buyer's, then the merchant must remind the buyer.
public enum HardwareAutoClose: Hashable, Sendable {
    case notApplicable
    case notShipped
    case notSigned
    case phoneMismatch
    case pending(daysLeft: Int)
    case due

    public static let idleDays = 10

    public var zh: String {
        switch self {
        case .notApplicable: "不适用"
        case .notShipped: "未发货"
        case .notSigned: "未签收，不会自动验收"
        case .phoneMismatch: "物流电话与买家不一致，不会自动验收，请提醒买家验收"
        case .pending(let d): "签收后\(d)天内无异常将自动验收"
        case .due: "已满足自动验收条件"
        }
    }
}

extension ServiceRecord {
    public var queue: SupervisionQueue { Self.queue(frozen: isFrozen, state: state) { definition.waitingOn(state) } }

    /// The rule of `queue` over the fields it reads, with who the flow waits
    /// for at the node given (asked only when the record is open and not
    /// frozen): a pass over many records reads those fields alone, not a copy
    /// of each record, and looks a node up once (RecordFacts).
    static func queue(frozen: Bool, state: SupervisionState, waiting: () -> Set<ActorKind>) -> SupervisionQueue {
        if frozen { return .appealed }
        if state.isTerminal { return .done }
        let waiting = waiting()
        if waiting.contains(.merchant) { return .needsMe }
        if waiting.contains(.reviewer) { return .review }
        return .waiting
    }

    public func belongs(to q: SupervisionQueue) -> Bool { q.holds(queue) }

    /// The queue as `account` sees it: 待我处理 only where that account can take
    /// the merchant step; a step another account takes is 待他人处理.
    public func queue(for account: Account, in state: SellerState) -> SupervisionQueue {
        Self.queue(for: account, given: queue) { state.products[productId].map { Permissions.mayAct(onRecordOf: $0, account: account) } ?? false }
    }

    /// The account's side of `queue(for:in:)`, given the record's `queue` and
    /// whether the account may act on its product (asked only when it matters).
    static func queue(for account: Account, given q: SupervisionQueue, mayAct: () -> Bool) -> SupervisionQueue {
        guard q == .needsMe, !account.isMain else { return q }
        return mayAct() ? q : .colleague
    }

    public func belongs(to q: SupervisionQueue, for account: Account, in state: SellerState) -> Bool {
        q.holds(queue(for: account, in: state))
    }

    public func stallReasons(now: Timestamp) -> [StallReason] {
        Self.stallReasons(state: state, frozen: isFrozen, enteredStateAt: enteredStateAt, rejections: deliveryRejectionCount, now: now) {
            definition.waitingOn(state)
        }
    }

    /// The rule of `stallReasons(now:)` over the fields it reads (see `queue(frozen:state:waiting:)`).
    static func stallReasons(state: SupervisionState, frozen: Bool, enteredStateAt: Timestamp, rejections: Int, now: Timestamp,
                             waiting: () -> Set<ActorKind>) -> [StallReason] {
        guard !state.isTerminal else { return [] }
        var out: [StallReason] = []
        if !frozen, waiting().contains(.buyer) {
            let idle = enteredStateAt.days(until: now)
            if idle > StallReason.buyerIdleDays { out.append(.buyerIdle(days: idle)) }
        }
        if rejections >= StallReason.rejectionThreshold {
            out.append(.repeatedRejections(count: rejections))
        }
        return out
    }

    public func isStalled(now: Timestamp) -> Bool { !stallReasons(now: now).isEmpty }

    public func hardwareAutoClose(buyerMobile: String?, now: Timestamp) -> HardwareAutoClose {
        guard flow == .hardware, state == .awaitingAcceptance || state == .underReview else {
            return flow == .hardware && isOpen ? .notShipped : .notApplicable
        }
        guard let s = shipping, s.shippedAt != nil else { return .notShipped }
        if let phone = s.logisticsPhone, let buyer = buyerMobile, phone != buyer { return .phoneMismatch }
        guard let signed = s.signedAt else { return .notSigned }
        let idle = signed.days(until: now)
        return idle >= HardwareAutoClose.idleDays ? .due : .pending(daysLeft: HardwareAutoClose.idleDays - idle)
    }
}

/// Where an invoice request stands against its 7-day deadline.
public enum InvoiceDeadline: Hashable, Sendable {
    case issued
    case due(daysLeft: Int)
    case overdue(days: Int)
}

extension InvoiceRequest {
    public func deadlineStatus(now: Timestamp) -> InvoiceDeadline {
        if isIssued { return .issued }
        let left = now.days(until: deadline)
        return now <= deadline ? .due(daysLeft: left) : .overdue(days: deadline.days(until: now))
    }
}

extension SellerState {
    /// Records `account` may see.
    public func visibleRecords(for account: Account) -> [ServiceRecord] {
        records.values.filter { sees($0, account) }
    }

    /// Whether `account` sees a record (the one rule `visibleRecords` applies).
    public func sees(_ r: ServiceRecord, _ account: Account) -> Bool { Self.sees(recordOf: products[r.productId], account) }

    /// The rule of `sees`, given the record's product (nil when unknown).
    static func sees(recordOf product: Product?, _ account: Account) -> Bool {
        account.isMain || product.map { Permissions.canSee($0, account) } ?? false
    }

    /// The number behind the 901 digest "通知ISV未完成服务监管的订单总数".
    public func unfinishedSupervisionCount(for account: Account? = nil) -> Int {
        let pool = account.map(visibleRecords(for:)) ?? Array(records.values)
        return pool.filter(\.isOpen).count
    }

    public func stalledRecords(for account: Account, now: Timestamp) -> [ServiceRecord] {
        visibleRecords(for: account).filter { $0.isStalled(now: now) }
    }

    public func hardwareAutoClose(orderId: String, now: Timestamp) -> HardwareAutoClose {
        guard let r = records[orderId] else { return .notApplicable }
        return r.hardwareAutoClose(buyerMobile: orders[orderId]?.customer.mobile, now: now)
    }
}
