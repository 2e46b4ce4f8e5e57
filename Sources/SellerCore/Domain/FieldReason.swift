/// Why a field's value was refused (`DomainError.invalidField`), one case per
/// rule a console user can meet, so the console words it in its language;
/// `description` is the English the CLI prints, byte-identical to the text
/// before. Rules only the platform feed can break stay `.text` (the feed's
/// rejection report is English).
public enum FieldReason: Hashable, Sendable, CustomStringConvertible {
    case tooManyBytes(bytes: Int, maxCharacters: Int)
    case tooManyCodePoints(character: Int, codePoints: Int, max: Int)
    case tooManyCharacters(length: Int, max: Int)
    case badId
    case laterThanStep(time: Timestamp, step: Timestamp)
    case beforeOrder(time: Timestamp, orderCreated: Timestamp)
    case noChannel
    case smsWithoutMobile
    case emailWithoutAddress
    case notACategory(Int)
    case assigneeNotAuthorised(accountId: String, role: AccountRole, productId: String)
    case alreadyOwner(accountId: String, ticketId: String)
    case tooManyEvidenceFiles(count: Int, max: Int)
    case amountNotPositive(Money)
    case amountExceedsOrder(amount: Money, orderAmount: Money)
    case notFullOrderAmount(amount: Money, full: Money, orderId: String)
    /// A rule met only by what the platform sends.
    case text(String)

    public var description: String {
        switch self {
        case .tooManyBytes(let n, let max): "is \(n) bytes long; at most \(max * 4) bytes (\(max) characters) are allowed"
        case .tooManyCodePoints(let i, let n, let max):
            "character \(i) is built from \(n) code points (combining marks); at most \(max) are allowed"
        case .tooManyCharacters(let n, let max): "is \(n) characters long; at most \(max) are allowed"
        case .badId: "must be 1–128 bytes without spaces or control characters"
        case .laterThanStep(let t, let step): "(\(t.shortDisplay)) is later than the step itself (\(step.shortDisplay))"
        case .beforeOrder(let t, let created): "(\(t.shortDisplay)) is before the order was placed (\(created.shortDisplay))"
        case .noChannel: "is empty; choose at least one channel"
        case .smsWithoutMobile: "include 短信 (sms) but no mobile number is given"
        case .emailWithoutAddress: "include 邮件 (email) but no email address is given"
        case .notACategory(let c): "contains \(c), which is not a category code"
        case .assigneeNotAuthorised(let to, let role, let p):
            "'\(to)' is a \(role.rawValue) sub-account not authorised for product \(p); tickets go to the main account, a support sub-account or the sub-account the product is authorised to"
        case .alreadyOwner(let to, let t): "'\(to)' already owns ticket \(t)"
        case .tooManyEvidenceFiles(let n, let max): "has \(n) files; at most \(max)"
        case .amountNotPositive(let a): "must be positive, not \(a)"
        case .amountExceedsOrder(let a, let o): "(\(a)) exceeds the order amount (\(o))"
        case .notFullOrderAmount(let a, let full, let o):
            "(\(a.decimalString)) must be the full order amount \(full.decimalString) of order \(o): the merchant invoices the customer for the whole order"
        case .text(let s): s
        }
    }
}
