/// One row of a flow's transition table: (from, event, actor, to, fields,
/// message posted), plus the condition under which the row applies when one
/// event can lead to two places (with or without Huawei Cloud review).
public struct Transition: Hashable, Sendable {
    public enum Condition: Hashable, Sendable {
        case always
        /// Joint (赋能云/基地云) and Huawei products pass through 华为云复核.
        case reviewRequired
        case noReview
        case cause(AutoAcceptCause)
        /// The platform's automatic step, for records with (true) or without review.
        case causeWithReview(AutoAcceptCause, Bool)
    }

    public struct FieldRule: Hashable, Sendable {
        public var field: FieldID
        public var required: Bool
        /// Longest accepted text: the field's own limit unless the action
        /// declares a tighter one (an appeal's reason). Forms read it from here.
        public var maxLength: Int

        public init(field: FieldID, required: Bool, maxLength: Int? = nil) {
            self.field = field; self.required = required; self.maxLength = maxLength ?? field.maxLength
        }
    }

    public var from: SupervisionState
    public var event: FlowEvent
    public var actor: ActorKind
    public var to: SupervisionState
    public var fields: [FieldRule]
    public var condition: Condition
    public var message: MessageTemplate?

    public init(_ from: SupervisionState, _ event: FlowEvent, by actor: ActorKind, to: SupervisionState,
                requires required: [FieldID] = [], allows optional: [FieldID] = [],
                when condition: Condition = .always, posts message: MessageTemplate? = nil) {
        self.from = from; self.event = event; self.actor = actor; self.to = to
        self.fields = required.map { FieldRule(field: $0, required: true) } + optional.map { FieldRule(field: $0, required: false) }
        self.condition = condition; self.message = message
    }

    public var requiredFields: [FieldID] { fields.filter(\.required).map(\.field) }
    public var allowedFields: Set<FieldID> { Set(fields.map(\.field)) }

    /// The cause an automatic row answers to, if it is one.
    public var autoCause: AutoAcceptCause? {
        switch condition {
        case .cause(let c), .causeWithReview(let c, _): c
        default: nil
        }
    }

    public func applies(reviewRequired: Bool, fields values: FieldValues) -> Bool {
        switch condition {
        case .always: true
        case .reviewRequired: reviewRequired
        case .noReview: !reviewRequired
        case .cause(let c): values.cause == nil || values.cause == c
        case .causeWithReview(let c, let review): (values.cause == nil || values.cause == c) && review == reviewRequired
        }
    }
}

/// A notification a transition posts to the message centre (DOMAIN §5).
public struct MessageTemplate: Hashable, Sendable {
    public var category: Int
    public var title: String

    public init(_ category: Int, _ title: String) { self.category = category; self.title = title }

    public static let requirementsConfirmed = MessageTemplate(901, "商家已确认需求，待实施服务")
    public static let buyerRejected = MessageTemplate(101, "用户驳回服务，待商家重新提供服务")
    public static let buyerAccepted = MessageTemplate(101, "用户已确认验收服务")
    public static let serviceBought = MessageTemplate(101, "服务类商品被购买")
    public static let productBought = MessageTemplate(101, "商品被用户购买")
    public static let websiteOpened = MessageTemplate(101, "建站类商品服务监管消息通知")
    public static let hardwareOpened = MessageTemplate(101, "硬件类商品服务监管消息通知")
    public static let saleStatusChanged = MessageTemplate(101, "商品的销售状态被调整(隐藏与公开销售)")
    public static let appealResult = MessageTemplate(501, "服务监管申诉处理结果")
    /// 「运营在控制台修改了商品信息通知商家 产品信息变更通知」 [S1].
    public static let productInfoChanged = MessageTemplate(102, "运营在控制台修改了商品信息通知商家")
}
