/// A service-supervision record (服务单): one per supervised order.
public struct ServiceRecord: Codable, Hashable, Sendable {
    public struct Requirement: Codable, Hashable, Sendable {
        public var text: String
        public var attachments: [AttachmentRef]
        public var submittedAt: Timestamp
    }

    /// What the merchant delivered last (确认完成 / 上传交付证明); earlier
    /// deliveries stay in `history`.
    public struct Delivery: Codable, Hashable, Sendable {
        public var resultDescription: String?
        public var actualActivationTime: Timestamp?
        public var documents: [AttachmentRef]
        public var deliveredAt: Timestamp
    }

    public struct Rejection: Codable, Hashable, Sendable {
        public enum Kind: String, Codable, Sendable {
            case requirements   // merchant 驳回需求
            case delivery       // buyer 驳回服务
            case review         // 华为云复核不通过
        }
        public var kind: Kind
        public var by: ActorKind
        public var reason: String
        public var at: Timestamp
    }

    public struct Shipping: Codable, Hashable, Sendable {
        public var address: String?
        public var carrier: String?
        public var trackingNumber: String?
        public var logisticsPhone: String?
        public var shippedAt: Timestamp?
        public var signedAt: Timestamp?
    }

    public struct License: Codable, Hashable, Sendable {
        public var identifier: String?
        public var code: String?
        public var activationRequestedAt: Timestamp?
        public var activatedAt: Timestamp?
    }

    public struct HistoryEntry: Codable, Hashable, Sendable {
        public enum Kind: String, Codable, CaseIterable, Sendable { case opened, transition, appealFiled = "appeal_filed", appealResolved = "appeal_resolved", appealClosed = "appeal_closed" }
        public var at: Timestamp
        public var actor: Actor
        public var kind: Kind
        public var event: FlowEvent?
        public var from: SupervisionState?
        public var to: SupervisionState
        public var fields: FieldValues?
        public var appealId: String?
    }

    public var orderId: String
    public var productId: String
    public var flow: FlowID
    public var flowVersion: String
    public var state: SupervisionState
    public var openedAt: Timestamp
    public var enteredStateAt: Timestamp
    /// Fixed when the record opens, so a later product change cannot reroute a record in flight.
    public var reviewRequired: Bool
    public var acceptanceRuleSet: AcceptanceRuleSet
    // Behind pointers (see Indirect); read and changed through the properties below.
    var requirementBox: Indirect<Requirement>?
    var deliveryBox: Indirect<Delivery>?
    public var rejections: [Rejection]
    var shippingBox: Indirect<Shipping>?
    var licenseBox: Indirect<License>?

    public var requirement: Requirement? {
        get { requirementBox?.value }
        set { requirementBox = newValue.map(Indirect.init) }
    }
    public var delivery: Delivery? {
        get { deliveryBox?.value }
        set { deliveryBox = newValue.map(Indirect.init) }
    }
    public var shipping: Shipping? {
        get { shippingBox?.value }
        set { shippingBox = newValue.map(Indirect.init) }
    }
    public var license: License? {
        get { licenseBox?.value }
        set { licenseBox = newValue.map(Indirect.init) }
    }
    public var acceptedAt: Timestamp?
    public var closedAt: Timestamp?
    /// The appeal that froze this record first, while it is open.
    public var openAppealId: String?
    /// Further appeals open at the same time: both sides may appeal at any
    /// node, any time [S2], and the record stays frozen until all are resolved.
    /// Optional so that snapshots written before it still load.
    public var moreOpenAppealIds: [String]?
    public var appealIds: [String]
    /// Packed: see HistoryLog. `history` decodes it, `appendHistory` adds to it.
    public internal(set) var historyLog: HistoryLog

    /// Empty when its snapshot was changed in place since it was read; what
    /// acts on the history or shows it uses `readHistory()` and says so.
    public var history: [HistoryEntry] { historyLog.entries }

    /// The history, or which file no longer holds it (see `SnapshotSource`).
    public func readHistory() throws(SnapshotUnreadable) -> [HistoryEntry] { try historyLog.readEntries() }

    /// Adds an entry; refused for a time the store could not read back, or
    /// when the history's snapshot file was changed in place (named as such).
    mutating func appendHistory(_ entry: HistoryEntry) throws(DomainError) {
        do { try historyLog.append(entry) } catch let unreadable as SnapshotUnreadable {
            throw .refused("record \(orderId): its history cannot be read: \(unreadable)")
        } catch {
            throw .refused("record \(orderId): a history entry at \(entry.at.seconds) s cannot be stored: \(error)")
        }
    }

    enum CodingKeys: String, CodingKey {
        case orderId, productId, flow, flowVersion, state, openedAt, enteredStateAt, reviewRequired, acceptanceRuleSet
        case requirementBox = "requirement", deliveryBox = "delivery", rejections, shippingBox = "shipping", licenseBox = "license"
        case acceptedAt, closedAt, openAppealId, moreOpenAppealIds
        case appealIds, historyLog = "history"
    }

    public var definition: FlowDefinition {
        // A record can only be created from a catalogued flow, so this cannot fail
        // for data the reducer produced; a foreign store is checked at load.
        FlowCatalog.definition(flow, version: flowVersion)!
    }

    public var isFrozen: Bool { openAppealId != nil }

    /// Every appeal open on the record, the first to freeze it first.
    public var openAppealIds: [String] { (openAppealId.map { [$0] } ?? []) + (moreOpenAppealIds ?? []) }

    /// Adds an open appeal (it freezes the record if none was open).
    mutating func open(appeal id: String) {
        if openAppealId == nil { openAppealId = id } else { moreOpenAppealIds = (moreOpenAppealIds ?? []) + [id] }
    }

    /// Removes an appeal from the open ones; the next oldest keeps it frozen.
    mutating func close(appeal id: String) {
        var rest = openAppealIds.filter { $0 != id }
        openAppealId = rest.isEmpty ? nil : rest.removeFirst()
        moreOpenAppealIds = rest.isEmpty ? nil : rest
    }
    public var isOpen: Bool { !state.isTerminal }

    /// Buyer rejections of a delivery: the "rejected N times" of DOMAIN §3.
    public var deliveryRejectionCount: Int { rejections.count { $0.kind == .delivery } }
}
