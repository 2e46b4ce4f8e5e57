/// 申诉. States beyond "filed, frozen, resolved with a 501 notice" are not
/// published (DOMAIN §9 item 6): the console keeps 待处理 → 已处理, and
/// 已关闭 when the platform ends the order (unsubscribe) while it is open.
public struct Appeal: Codable, Hashable, Sendable {
    public enum Status: String, Codable, CaseIterable, Sendable {
        case pending     // 待处理: the record is frozen
        case resolved    // 已处理
        case closed      // 已关闭: the platform closed the record (e.g. unsubscribed) [inf]

        public var zh: String {
            switch self {
            case .pending: "待处理"
            case .resolved: "已处理"
            case .closed: "已关闭"
            }
        }
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

    /// Rules of the merchant's appeal form: a reason and at least one piece of
    /// evidence — 「填写申诉原因并上传相关凭证后,点击确认即可」 [S2]; lengths and the
    /// file count are ours [inf]. The buyer's evidence is optional
    /// (「如有相关凭证可在附件处同步上传」 [S2]).
    public static let reasonMaxLength = 1000
    public static let maxEvidenceFiles = 10
}
