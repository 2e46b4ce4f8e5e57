/// What an account was refused, typed so the console can say it in its
/// language; `description` is the English the CLI has always printed.
public enum GuardedAction: Hashable, Sendable, CustomStringConvertible {
    /// A supervision step (on an order when named; an action menu names none).
    case step(FlowEvent, orderId: String?)
    case appeal(orderId: String)
    case ticket(TicketEvent, ticketId: String)
    case markMessage(id: String)
    /// The main account's alone (DOMAIN §1.8).
    case mainOnly(MainOnlyAction)

    public var description: String {
        switch self {
        case .step(let e, nil): e.rawValue
        case .step(let e, let o?): "\(e.rawValue) (\(e.zh)) on order \(o)"
        case .appeal(let o): "file an appeal on order \(o)"
        case .ticket(let e, let t): "\(e.rawValue) (\(e.zh)) ticket \(t)"
        case .markMessage(let id): "mark message \(id)"
        case .mainOnly(let a): a.rawValue
        }
    }
}

/// The actions only the main account may take; the raw value is the CLI's English.
public enum MainOnlyAction: String, Hashable, Sendable, CaseIterable {
    case seeBills = "see bills"
    case seeSettlement = "see settlement"
    case seeInvoiceRequests = "see invoice requests"
    case invoiceHuaweiCloud = "invoice Huawei Cloud"
    case manageReceivers = "manage message receivers"
    case issueInvoices = "issue invoices"
    case addSubAccounts = "add sub-accounts"
    case authoriseProducts = "authorise products"
    case revokeAuthorisations = "revoke product authorisations"
}

/// Who may do what was refused: the main account, and perhaps one more.
public struct WhoMay: Hashable, Sendable, CustomStringConvertible {
    public enum Also: Hashable, Sendable {
        case nobody
        case deliverySubAccount(name: String, id: String, productId: String)
        /// The product is authorised to no delivery sub-account.
        case noDeliverySubAccount(productId: String)
        case owner(role: AccountRole, name: String, id: String)
        case productSubAccount
    }
    /// The main account's name and id, when the store has one.
    public var mainName: String?
    public var mainId: String?
    public var also: Also

    public init(main: (name: String, id: String)?, also: Also = .nobody) {
        self.mainName = main?.name; self.mainId = main?.id; self.also = also
    }

    public var description: String {
        let head = mainName.map { "the main account '\($0)' (\(mainId ?? ""))" } ?? "the main account"
        switch also {
        case .nobody: return head
        case .deliverySubAccount(let name, let id, let p): return head + " or the delivery sub-account '\(name)' (\(id)) authorised for product \(p)"
        case .noDeliverySubAccount(let p): return head + " (product \(p) is authorised to no delivery sub-account)"
        case .owner(let role, let name, let id): return head + " or its owner, the \(role.rawValue) sub-account '\(name)' (\(id))"
        case .productSubAccount: return head + " or the sub-account of its product"
        }
    }
}
