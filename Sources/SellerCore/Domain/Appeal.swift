/// 申诉. States beyond "filed, frozen, resolved with a 501 notice" are not
/// published (DOMAIN §9 item 6): the console keeps 待处理 → 已处理.
public struct Appeal: Codable, Hashable, Sendable {
    public enum Status: String, Codable, CaseIterable, Sendable {
        case pending     // 待处理: the record is frozen
        case resolved    // 已处理

        public var zh: String { self == .pending ? "待处理" : "已处理" }
    }

    public enum Outcome: String, Codable, CaseIterable, Sendable {
        case upheld, dismissed
        public var zh: String { self == .upheld ? "申诉成立" : "申诉驳回" }
    }

    public var id: String
    public var orderId: String
    public var initiator: ActorKind          // merchant or buyer
    public var filedBy: Actor
    /// The node the record was at when the appeal was filed; it resumes there.
    public var node: SupervisionState
    public var reason: String
    public var demands: String?              // 诉求 (buyer form)
    public var evidence: [AttachmentRef]
    public var status: Status
    public var filedAt: Timestamp
    public var outcome: Outcome?
    public var resolution: String?
    public var resolvedAt: Timestamp?

    /// Rules of the merchant's appeal form [inf]: a reason is required and
    /// bounded; evidence is optional but limited in count.
    public static let reasonMaxLength = 1000
    public static let maxEvidenceFiles = 10
}
