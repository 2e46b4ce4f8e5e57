/// Who may see and do what (DOMAIN §1.8, §4, §8). The UI asks; it never decides.
///
/// - The main account sees and may do everything.
/// - A delivery sub-account works the supervision records and appeals of the
///   products authorised to it.
/// - Any sub-account works the tickets it owns; tickets of a product land with
///   the sub-account the product is authorised to, whatever its role [S3].
/// - Both sub-account roles see the orders, records and messages of their
///   products (support staff need that context to answer a ticket).
public enum Permissions {
    public enum Capability: String, CaseIterable, Sendable {
        case orders, supervision, appeals, tickets, messages, invoices, receivers, accounts
    }

    public static func capabilities(of role: AccountRole) -> Set<Capability> {
        switch role {
        case .main: Set(Capability.allCases)
        case .delivery: [.orders, .supervision, .appeals, .tickets, .messages]
        case .support: [.orders, .tickets, .messages]
        }
    }

    // MARK: Refusals (nil = allowed)

    /// Whether `account` may take merchant steps on records of `product` (the
    /// rule `refusal(toActOnRecordOf:)` explains when it may not).
    public static func mayAct(onRecordOf product: Product, account: Account) -> Bool {
        account.isMain || (account.role == .delivery && product.authorizedTo == account.id)
    }

    /// A merchant step or appeal on a record of `product`.
    public static func refusal(toActOnRecordOf product: Product, account: Account, action: GuardedAction,
                               in state: SellerState) -> DomainError? {
        if mayAct(onRecordOf: product, account: account) { return nil }
        var allowed = state.whoMay
        if let id = product.authorizedTo, let sub = state.accounts[id], sub.role == .delivery {
            allowed.also = .deliverySubAccount(name: sub.name, id: sub.id, productId: product.id)
        } else {
            allowed.also = .noDeliverySubAccount(productId: product.id)
        }
        return .notPermitted(action: action, account: account.id, allowed: allowed)
    }

    public static func refusal(toActOn ticket: Ticket, account: Account, action: GuardedAction, in state: SellerState) -> DomainError? {
        if account.isMain { return nil }
        // The owner works its tickets whatever its role: a product's tickets
        // follow its authorisation [S3], so a delivery sub-account may own some.
        if ticket.owner == account.id { return nil }
        var allowed = state.whoMay
        if let owner = state.accounts[ticket.owner], !owner.isMain {
            allowed.also = .owner(role: owner.role, name: owner.name, id: owner.id)
        }
        return .notPermitted(action: action, account: account.id, allowed: allowed)
    }

    public static func refusal(mainOnly action: MainOnlyAction, account: Account, in state: SellerState) -> DomainError? {
        refusal(mainOnly: .mainOnly(action), account: account, in: state)
    }

    /// Any action only the main account may take (e.g. 转派 a ticket).
    public static func refusal(mainOnly action: GuardedAction, account: Account, in state: SellerState) -> DomainError? {
        account.isMain ? nil : .notPermitted(action: action, account: account.id, allowed: state.whoMay)
    }

    // MARK: Visibility

    public static func canSee(_ product: Product, _ account: Account) -> Bool {
        account.isMain || product.authorizedTo == account.id
    }

    public static func canSee(order: Order, _ account: Account, in state: SellerState) -> Bool {
        canSee(orderOfProduct: order.productId, account, in: state)
    }

    /// The same rule from the one field it reads.
    public static func canSee(orderOfProduct productId: String, _ account: Account, in state: SellerState) -> Bool {
        if account.isMain { return true }
        guard let p = state.products[productId] else { return false }
        return canSee(p, account)
    }

    public static func canSee(_ ticket: Ticket, _ account: Account) -> Bool {
        canSee(ticketOwnedBy: ticket.owner, account)
    }

    /// The same rule from the one field it reads.
    public static func canSee(ticketOwnedBy owner: String, _ account: Account) -> Bool {
        account.isMain || owner == account.id
    }

    /// Sub-accounts see notices about their own products and the notices that
    /// concern no product at all (digests, platform news).
    public static func canSee(_ message: Message, _ account: Account, in state: SellerState) -> Bool {
        canSee(messageAbout: message.productId, order: message.orderId, account, in: state)
    }

    /// The same rule from the two fields it reads: a list of 100k messages
    /// asks it without copying each message out of the table.
    public static func canSee(messageAbout productId: String?, order orderId: String?, _ account: Account, in state: SellerState) -> Bool {
        if account.isMain { return true }
        return canSee(messageOfProduct: messageProduct(productId, order: orderId, in: state), aboutAnOrder: orderId != nil,
                      account, products: state.products)
    }

    /// The product a message is about: its own, else its order's (what its visibility is decided by).
    public static func messageProduct(_ productId: String?, order orderId: String?, in state: SellerState) -> String? {
        productId ?? orderId.flatMap { state.orders[$0]?.productId }
    }

    /// The same rule once the message's product is known (its own, else its
    /// order's: what `orders.view` keeps of a message for the overview).
    public static func canSee(messageOfProduct productId: String?, aboutAnOrder: Bool, _ account: Account, products: [String: Product]) -> Bool {
        if account.isMain { return true }
        guard let pid = productId else { return !aboutAnOrder }
        guard let p = products[pid] else { return false }
        return canSee(p, account)
    }
}
