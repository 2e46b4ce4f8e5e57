/// A business rule that refused an event, one case per rule, with the typed
/// values it names: the console words each in its language (RefusalText),
/// while `description` is the English the CLI and `seller ingest` print —
/// kept byte-identical to the free text these rules threw before.
public enum RuleRefusal: Hashable, Sendable, CustomStringConvertible {
    /// Why an order has no service record.
    public enum Unsupervised: Hashable, Sendable { case skipped, notSupervised(ProductType), unknownProduct }

    case readOnlyStore
    case noServiceRecord(orderId: String, cause: Unsupervised)
    case orderCannotBecome(orderId: String, target: OrderStatus, from: OrderStatus, allowed: [OrderStatus])
    case orderCompletedWhileRecordOpen(orderId: String, recordState: SupervisionState)
    case ticketWithoutMainAccount(ticketId: String)
    case billConflict(billId: String)
    case billAlreadyAt(billId: String, status: BillStatus)
    case billCannotGoBack(billId: String, from: BillStatus, to: BillStatus)
    case billAlreadyInvoiced(billId: String, number: String, issuedAt: Timestamp)
    case billNotToInvoice(billId: String, status: BillStatus)
    case billOnlyGeneralOrders(billId: String)
    case billAmountMismatch(billId: String, amount: Money, total: Money)
    case markNeedsIdsOrAll
    case invoiceAlreadyIssued(requestId: String, number: String?)
    case orderAlreadyInvoiced(orderId: String, requestId: String, number: String?)
    case appealWithoutRecord(orderId: String)
    case appealOnClosedRecord(orderId: String, state: SupervisionState)
    case appealAlreadyOpen(orderId: String, appealId: String)
    case mainAccountExists(accountId: String)
    case authoriseToMain(productId: String)
    case alreadyAuthorised(productId: String, accountName: String?, accountId: String)
    case notAuthorised(productId: String)

    public var description: String {
        switch self {
        case .readOnlyStore: "the store is open read-only"
        case .noServiceRecord(let o, let cause):
            "order \(o) has no service record: " + {
                switch cause {
                case .skipped: "it skipped supervision (renewal of a completed instance, or a refund order)"
                case .notSupervised(let t): "\(t.zh) products are not supervised"
                case .unknownProduct: "its product is unknown"
                }
            }()
        case .orderCannotBecome(let o, let target, let from, let allowed):
            "order \(o): cannot become \(target.zh) from \(from.zh); only from \(allowed.map(\.zh).sorted().joined(separator: "/"))"
        case .orderCompletedWhileRecordOpen(let o, let s):
            "order \(o): cannot become 已完成 while its service record is at \(s.zh)"
        case .ticketWithoutMainAccount(let t):
            "ticket \(t): the store has no main account to receive it; create the store's main account first"
        case .billConflict(let b):
            "bill \(b): already stored with different content (period, product type or lines differ); not applied"
        case .billAlreadyAt(let b, let s): "bill \(b): is already \(s.rawValue) (\(s.zh))"
        case .billCannotGoBack(let b, let from, let to):
            "bill \(b): cannot go back from \(from.rawValue) (\(from.zh)) to \(to.rawValue) (\(to.zh))"
        case .billAlreadyInvoiced(let b, let n, let at):
            "bill \(b): already invoiced as \(n) on \(at.shortDisplay); one invoice per bill"
        case .billNotToInvoice(let b, let s):
            "bill \(b): is \(s.rawValue) (\(s.zh)); Huawei Cloud is invoiced only for a bill in to_invoice (待开票)"
        case .billOnlyGeneralOrders(let b):
            "bill \(b): holds only 通用 orders, whose platform collects and pays without a merchant invoice (R7); nothing to invoice"
        case .billAmountMismatch(let b, let amount, let total):
            "bill \(b): invoice amount \(amount) differs from the bill's total settlement \(total) (发票总金额与开票清单不一致)"
        case .markNeedsIdsOrAll: "messages.marked: give either message ids or all, not both or neither"
        case .invoiceAlreadyIssued(let r, let n): "invoice request \(r) was already issued as \(n ?? "?")"
        case .orderAlreadyInvoiced(let o, let r, let n):
            "order \(o) is already invoiced in full (request \(r), \(n ?? "?")): 商家给客户开票的金额为订单全额, one invoice per order"
        case .appealWithoutRecord(let o): "order \(o) has no service record to appeal"
        case .appealOnClosedRecord(let o, let s):
            "order \(o): the service record is closed (\(s.zh)); appeals are filed while supervision runs"
        case .appealAlreadyOpen(let o, let a):
            "order \(o) already has an open merchant appeal (\(a)); wait for its result before filing another"
        case .mainAccountExists(let a): "the store already has a main account (\(a)); a store belongs to one merchant"
        case .authoriseToMain(let p): "product \(p) cannot be authorised to the main account: it already sees everything"
        case .alreadyAuthorised(let p, let name, let id):
            "product \(p) is already authorised to \(name.map { "'\($0)' (\(id))" } ?? id); a product goes to one sub-account at most — revoke it first"
        case .notAuthorised(let p): "product \(p) is not authorised to any sub-account"
        }
    }
}
