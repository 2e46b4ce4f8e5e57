/// A customer's request for an invoice (DOMAIN §7.1): issue within 7 days;
/// below 100 元 the customer pays shipping.
public struct InvoiceRequest: Codable, Hashable, Sendable {
    public enum ShippingPayer: String, Codable, Sendable {
        case customer, merchant
        public var zh: String { self == .customer ? "客户(到付)" : "商家" }
    }

    public var id: String
    public var orderId: String
    public var amount: Money
    public var title: String          // 发票抬头
    public var taxId: String?
    public var requestedAt: Timestamp
    public var issuedAt: Timestamp?
    public var number: String?
    /// The face value the merchant recorded when issuing: always the order's
    /// full amount (「商家给客户开票的金额为订单全额」 [S3]). Optional so older
    /// snapshots load; nil on requests issued before it was recorded.
    public var issuedAmount: Money?

    public static let issueWithinDays = 7
    public static let freeShippingThreshold = Money(yuan: 100)

    public var deadline: Timestamp { requestedAt.adding(days: InvoiceRequest.issueWithinDays) }
    public var shippingPaidBy: ShippingPayer { amount < InvoiceRequest.freeShippingThreshold ? .customer : .merchant }
    public var isIssued: Bool { issuedAt != nil }
}
