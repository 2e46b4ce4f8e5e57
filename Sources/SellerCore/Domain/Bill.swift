/// The platform's statement (账单) for one period and product type
/// (SETTLEMENT.md §1.3), as it arrives in `bill.published`.
public enum BillStatus: String, Codable, CaseIterable, Sendable {
    case toInvoice = "to_invoice"   // 待开票 (Z3)
    case toPay = "to_pay"           // 待付款
    case paid                       // 已支付 (HZ)

    public var zh: String {
        switch self {
        case .toInvoice: "待开票"
        case .toPay: "待付款"
        case .paid: "已支付"
        }
    }

    /// Bills only move forward (待开票 → 待付款 → 已支付) [inf: the full
    /// status table was not found, §5]; a status going back is refused.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }
}

public struct BillLine: Codable, Hashable, Sendable {
    public var orderId: String
    /// 商品销售金额; negative for an unsubscribe (H24).
    public var amount: Money
    /// 本期结算金额.
    public var settlement: Money

    public init(orderId: String, amount: Money, settlement: Money) {
        self.orderId = orderId; self.amount = amount; self.settlement = settlement
    }
}

/// The merchant's invoice to Huawei Cloud for a bill (R7).
public struct HuaweiInvoice: Codable, Hashable, Sendable {
    public var number: String
    public var amount: Money
    public var issuedAt: Timestamp
    public var by: String
}

public struct Bill: Codable, Hashable, Sendable {
    public var id: String
    public var period: Period
    public var productType: ProductType
    public var status: BillStatus
    public var lines: [BillLine]
    public var publishedAt: Timestamp
    /// When the bill entered 待开票: the invoicing notice (HE), which starts the month to invoice (H6).
    public var toInvoiceAt: Timestamp?
    public var statusChangedAt: Timestamp
    public var huaweiInvoice: HuaweiInvoice?

    public var totalAmount: Money { lines.reduce(.zero) { $0 + $1.amount } }
    public var totalSettlement: Money { lines.reduce(.zero) { $0 + $1.settlement } }

    /// H6: 「在收到开具发票通知后1个月内」.
    public var invoiceDeadline: Timestamp? { toInvoiceAt?.adding(months: 1) }

    /// The bill as the platform sent it, without what the console added (for duplicate checks).
    public var content: BillContent { BillContent(id: id, period: period, productType: productType, status: status, lines: lines) }
}

/// The body of `bill.published`.
public struct BillContent: Codable, Hashable, Sendable {
    public var id: String
    public var period: Period
    public var productType: ProductType
    public var status: BillStatus
    public var lines: [BillLine]

    public init(id: String, period: Period, productType: ProductType, status: BillStatus, lines: [BillLine]) {
        self.id = id; self.period = period; self.productType = productType; self.status = status; self.lines = lines
    }
}

/// R7: who invoices Huawei Cloud. 联营、严选、华为商品 do; 自服务 shares their
/// trade mode (H15: 「联营、严选&严选自营&华为自服务商品」) [inf]; 通用 bills only
/// before 2018-11-01.
public enum HuaweiInvoicing {
    public static let invoicingModels: Set<SaleModel> = [.joint, .huawei, .selfService]
    public static let generalUntil = Period(year: 2018, month: 11)

    public static func required(for bill: Bill, in state: SellerState) -> Bool {
        if bill.period < generalUntil { return true }
        return bill.lines.contains { line in
            guard let o = state.orders[line.orderId], let p = state.products[o.productId] else { return false }
            return invoicingModels.contains(p.saleModel)
        }
    }
}

// The payloads of the three bill events (journal `data`; the feed's
// `bill.published` carries `{"bill":{…}}` and `bill.status_changed` `billId`, `status`).

public struct BillPublication: Codable, Hashable, Sendable {
    public var bill: BillContent
    public init(bill: BillContent) { self.bill = bill }
}

public struct BillStatusChange: Codable, Hashable, Sendable {
    public var billId: String
    public var status: BillStatus
    public init(billId: String, status: BillStatus) { self.billId = billId; self.status = status }
}

/// 商家向华为云开票: the merchant records the invoice sent for a bill.
public struct BillInvoicing: Codable, Hashable, Sendable {
    public var billId: String
    public var number: String
    public var amount: Money
    public init(billId: String, number: String, amount: Money) { self.billId = billId; self.number = number; self.amount = amount }
}
