import SellerCore

/// A domain word the console shows (a state, a product type, a queue…),
/// named by the locale tables under `term.<group>.<rawValue>`. The core keeps
/// its own Chinese names for the CLI and the messages it writes; LocaleTests
/// check the zh table says the same.
public protocol Term {
    var termKey: String { get }
    var termArgs: [String] { get }
}

public protocol VocabularyTerm: Term, RawRepresentable where RawValue == String {
    static var termGroup: String { get }
}

extension VocabularyTerm {
    public var termKey: String { "term.\(Self.termGroup).\(rawValue)" }
    public var termArgs: [String] { [] }
}

extension SupervisionState: VocabularyTerm { public static var termGroup: String { "state" } }
extension SupervisionQueue: VocabularyTerm { public static var termGroup: String { "queue" } }
extension ProductType: VocabularyTerm { public static var termGroup: String { "productType" } }
extension OrderStatus: VocabularyTerm { public static var termGroup: String { "orderStatus" } }
extension OrderType: VocabularyTerm { public static var termGroup: String { "orderType" } }
extension ChargingMode: VocabularyTerm { public static var termGroup: String { "charging" } }
extension PeriodType: VocabularyTerm { public static var termGroup: String { "period" } }
extension SaleModel: VocabularyTerm { public static var termGroup: String { "saleModel" } }
extension FlowID: VocabularyTerm { public static var termGroup: String { "flow" } }
extension ActorKind: VocabularyTerm { public static var termGroup: String { "actor" } }
extension FlowEvent: VocabularyTerm { public static var termGroup: String { "event" } }
extension TicketStatus: VocabularyTerm { public static var termGroup: String { "ticketStatus" } }
extension TicketEvent: VocabularyTerm { public static var termGroup: String { "ticketEvent" } }
extension AccessKind: VocabularyTerm { public static var termGroup: String { "access" } }
extension Appeal.Status: VocabularyTerm { public static var termGroup: String { "appealStatus" } }
extension Appeal.Outcome: VocabularyTerm { public static var termGroup: String { "appealOutcome" } }
extension AcceptanceRuleSet: VocabularyTerm { public static var termGroup: String { "acceptance" } }
extension AccountRole: VocabularyTerm { public static var termGroup: String { "role" } }
extension Channel: VocabularyTerm { public static var termGroup: String { "channel" } }
extension FieldID: VocabularyTerm { public static var termGroup: String { "field" } }
extension TicketQueue: VocabularyTerm { public static var termGroup: String { "ticketQueue" } }

extension StallReason: Term {
    public var termKey: String {
        switch self {
        case .buyerIdle: "term.stall.buyerIdle"
        case .repeatedRejections: "term.stall.repeatedRejections"
        }
    }
    public var termArgs: [String] {
        switch self {
        case .buyerIdle(let d): ["\(d)"]
        case .repeatedRejections(let n): ["\(n)"]
        }
    }
}

extension HardwareAutoClose: Term {
    public var termKey: String {
        switch self {
        case .notApplicable: "term.autoClose.notApplicable"
        case .notShipped: "term.autoClose.notShipped"
        case .notSigned: "term.autoClose.notSigned"
        case .phoneMismatch: "term.autoClose.phoneMismatch"
        case .pending: "term.autoClose.pending"
        case .due: "term.autoClose.due"
        }
    }
    public var termArgs: [String] {
        if case .pending(let d) = self { return ["\(d)"] }
        return []
    }
}

/// A message category by code; codes the sources do not name show by number.
public struct CategoryTerm: Term {
    public var code: Int
    public init(_ code: Int) { self.code = code }
    public var termKey: String { MessageCategory.names[code] == nil ? "term.category.unknown" : "term.category.\(code)" }
    public var termArgs: [String] { ["\(code)"] }
}
