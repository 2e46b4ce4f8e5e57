/// Every node a service-supervision record can be at, across all flows.
/// Quoted Chinese labels come from the sources; the others are descriptive
/// (DOMAIN §9 item 1: the platform's own state enum is not published).
public enum SupervisionState: String, Codable, CaseIterable, Sendable {
    case awaitingRequirements = "awaiting_requirements"
    case awaitingRequirementConfirmation = "awaiting_requirement_confirmation"
    case awaitingDelivery = "awaiting_delivery"
    case underReview = "under_review"
    case awaitingAcceptance = "awaiting_acceptance"
    case redeliveryRequired = "redelivery_required"
    case awaitingImplementation = "awaiting_implementation"
    case awaitingActivation = "awaiting_activation"
    case activationPending = "activation_pending"
    case awaitingProof = "awaiting_proof"
    case awaitingIdentifier = "awaiting_identifier"
    case awaitingMerchantDelivery = "awaiting_merchant_delivery"
    case awaitingRedelivery = "awaiting_redelivery"
    case awaitingShipment = "awaiting_shipment"
    case awaitingReshipment = "awaiting_reshipment"
    case completed
    case cancelled

    public var zh: String {
        switch self {
        case .awaitingRequirements: "待提交需求"
        case .awaitingRequirementConfirmation: "待商家确认需求"
        case .awaitingDelivery: "待实施服务"
        case .underReview: "华为云复核"
        case .awaitingAcceptance: "用户确认验收"
        case .redeliveryRequired: "用户驳回，待重新提供服务"
        case .awaitingImplementation: "待商家实施交付"
        case .awaitingActivation: "待激活"
        case .activationPending: "激活确认中"
        case .awaitingProof: "待上传交付证明"
        case .awaitingIdentifier: "待上传识别码"
        case .awaitingMerchantDelivery: "待商家交付"
        case .awaitingRedelivery: "待商家重新交付"
        case .awaitingShipment: "待发货"
        case .awaitingReshipment: "待商家重新发货"
        case .completed: "服务完成"
        case .cancelled: "已取消"
        }
    }

    /// No transition leaves these; appeals can no longer be filed.
    public var isTerminal: Bool { self == .completed || self == .cancelled }
}

/// Who performs a step. `platform` is the marketplace itself (timers,
/// unsubscribe); `reviewer` is Huawei Cloud's 复核; `operations` the
/// 运营经理 who decides appeals.
public enum ActorKind: String, Codable, CaseIterable, Sendable {
    case merchant, buyer, reviewer, platform, operations

    public var zh: String {
        switch self {
        case .merchant: "商家"
        case .buyer: "买家"
        case .reviewer: "华为云复核"
        case .platform: "平台"
        case .operations: "运营经理"
        }
    }
}

/// What happens at a node. Raw values are stable names used by the journal,
/// the CLI (`seller supervision do ORDER ACTION`) and the feed mapping.
public enum FlowEvent: String, Codable, CaseIterable, Sendable {
    case submitRequirements = "submit_requirements"
    case rejectRequirements = "reject_requirements"
    case confirmRequirements = "confirm_requirements"
    case deliver
    case reviewPass = "review_pass"
    case reviewFail = "review_fail"
    case buyerAccept = "buyer_accept"
    case buyerReject = "buyer_reject"
    case autoAccept = "auto_accept"
    case implement
    case activate
    case uploadProof = "upload_proof"
    case submitIdentifier = "submit_identifier"
    case ship
    case changeAddress = "change_address"
    case recordSigned = "record_signed"
    case cancel

    public var zh: String {
        switch self {
        case .submitRequirements: "提交需求"
        case .rejectRequirements: "驳回需求"
        case .confirmRequirements: "确认需求"
        case .deliver: "确认完成"
        case .reviewPass: "复核通过"
        case .reviewFail: "复核不通过"
        case .buyerAccept: "确认验收"
        case .buyerReject: "驳回服务"
        case .autoAccept: "自动验收"
        case .implement: "实施交付"
        case .activate: "激活授权码"
        case .uploadProof: "上传交付证明"
        case .submitIdentifier: "上传识别码"
        case .ship: "发货"
        case .changeAddress: "修改收货地址"
        case .recordSigned: "记录签收"
        case .cancel: "退订关闭"
        }
    }
}

/// Why the platform closed a record by itself (FEED `supervision.auto_accepted`).
public enum AutoAcceptCause: String, Codable, CaseIterable, Sendable {
    case logisticsSigned10d = "logistics_signed_10d"
    case licenseActivated = "license_activated"
}
