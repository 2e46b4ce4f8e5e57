/// A piece of data a transition carries. Each transition row says which it
/// requires and which it allows; anything else is refused, never dropped.
public enum FieldID: String, Codable, CaseIterable, Sendable {
    case reason
    case requirementText = "requirement_text"
    case requirementAttachments = "requirement_attachments"
    case resultDescription = "result_description"
    case actualActivationTime = "actual_activation_time"
    case documents
    case carrier
    case trackingNumber = "tracking_number"
    case logisticsPhone = "logistics_phone"
    case address
    case identifier
    case licenseCode = "license_code"
    case note
    case cause
    case signedAt = "signed_at"

    public enum Kind: Sendable { case text, multilineText, time, files, cause }

    public var kind: Kind {
        switch self {
        case .reason, .requirementText, .resultDescription, .note, .address: .multilineText
        case .actualActivationTime, .signedAt: .time
        case .documents, .requirementAttachments: .files
        case .cause: .cause
        default: .text
        }
    }

    /// Longest accepted text, in characters [inf]: generous for prose, tight for codes.
    public var maxLength: Int {
        switch kind {
        case .multilineText: 2000
        default: 200
        }
    }

    public var zh: String {
        switch self {
        case .reason: "原因"
        case .requirementText: "需求信息"
        case .requirementAttachments: "需求附件"
        case .resultDescription: "服务结果描述"
        case .actualActivationTime: "实际开通时间"
        case .documents: "验收/交付文档"
        case .carrier: "物流公司"
        case .trackingNumber: "物流单号"
        case .logisticsPhone: "物流联系电话"
        case .address: "收货地址"
        case .identifier: "识别码"
        case .licenseCode: "授权码"
        case .note: "备注"
        case .cause: "自动验收原因"
        case .signedAt: "签收时间"
        }
    }
}

/// The values a transition carries. Typed, so the journal holds real times and
/// file references rather than strings to be re-parsed.
public struct FieldValues: Codable, Hashable, Sendable {
    public var reason: String?
    public var requirementText: String?
    public var requirementAttachments: [AttachmentRef]?
    public var resultDescription: String?
    public var actualActivationTime: Timestamp?
    public var documents: [AttachmentRef]?
    public var carrier: String?
    public var trackingNumber: String?
    public var logisticsPhone: String?
    public var address: String?
    public var identifier: String?
    public var licenseCode: String?
    public var note: String?
    public var cause: AutoAcceptCause?
    public var signedAt: Timestamp?

    public init(reason: String? = nil, requirementText: String? = nil, requirementAttachments: [AttachmentRef]? = nil,
                resultDescription: String? = nil, actualActivationTime: Timestamp? = nil, documents: [AttachmentRef]? = nil,
                carrier: String? = nil, trackingNumber: String? = nil, logisticsPhone: String? = nil,
                address: String? = nil, identifier: String? = nil, licenseCode: String? = nil,
                note: String? = nil, cause: AutoAcceptCause? = nil, signedAt: Timestamp? = nil) {
        self.reason = reason; self.requirementText = requirementText; self.requirementAttachments = requirementAttachments
        self.resultDescription = resultDescription; self.actualActivationTime = actualActivationTime; self.documents = documents
        self.carrier = carrier; self.trackingNumber = trackingNumber; self.logisticsPhone = logisticsPhone
        self.address = address; self.identifier = identifier; self.licenseCode = licenseCode
        self.note = note; self.cause = cause; self.signedAt = signedAt
    }

    public static let none = FieldValues()

    /// The text of a text field, for generic validation.
    public func text(_ f: FieldID) -> String? {
        switch f {
        case .reason: reason
        case .requirementText: requirementText
        case .resultDescription: resultDescription
        case .carrier: carrier
        case .trackingNumber: trackingNumber
        case .logisticsPhone: logisticsPhone
        case .address: address
        case .identifier: identifier
        case .licenseCode: licenseCode
        case .note: note
        default: nil
        }
    }

    public func has(_ f: FieldID) -> Bool {
        switch f {
        case .requirementAttachments: requirementAttachments != nil
        case .actualActivationTime: actualActivationTime != nil
        case .documents: documents != nil
        case .cause: cause != nil
        case .signedAt: signedAt != nil
        default: text(f) != nil
        }
    }

    /// Every field that carries a value, in declaration order.
    public var present: [FieldID] { FieldID.allCases.filter(has) }
}

/// Limits the core checks outside the flow tables, named once so that the
/// console's forms stop typing where the core would refuse.
public enum FieldLimits {
    /// Ids (accounts, receivers, orders): bytes, no spaces or control characters.
    public static let idBytes = 128
    public static let receiverName = 100
    public static let invoiceNumber = 40
    /// A ticket's body or a reply.
    public static let ticketBody = 20_000
    /// Typed lists the console parses before the core sees them (receiver
    /// categories and channels): room for every category and channel.
    public static let categoryList = 200
    public static let channelList = 40
}

extension TicketFlow.Field {
    /// Longest accepted text (nil: a choice, not typed).
    public var maxLength: Int? {
        switch self {
        case .body: FieldLimits.ticketBody
        case .assignee: FieldLimits.idBytes
        case .access: nil
        }
    }
}
