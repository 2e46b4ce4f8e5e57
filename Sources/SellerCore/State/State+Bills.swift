// Bills: the platform publishes them and moves their status; the merchant
// records the invoice sent to Huawei Cloud (SETTLEMENT.md R7).
extension SellerState {
    /// Bounds on a bill from the feed: hostile input must not grow without limit.
    static let maxBillLines = 100_000

    mutating func publishBill(_ p: BillPublication, _ e: EventEnvelope) throws(DomainError) {
        try requireActor(e, [.platform])
        let ev = e.event.typeName
        let b = p.bill
        try TextRule.checkId(b.id, field: "bill.id", event: ev)
        guard !b.lines.isEmpty else { throw .invalidField(event: ev, field: "bill.lines", reason: .text("is empty; a bill lists at least one order")) }
        guard b.lines.count <= Self.maxBillLines else {
            throw .invalidField(event: ev, field: "bill.lines", reason: .text("has \(b.lines.count) lines; at most \(Self.maxBillLines) are accepted"))
        }
        var seen = Set<String>()
        for (i, l) in b.lines.enumerated() {
            let field = "bill.lines[\(i)]"
            guard orders[l.orderId] != nil else { throw .invalidField(event: ev, field: field + ".orderId", reason: .text("names unknown order '\(l.orderId)'")) }
            guard seen.insert(l.orderId).inserted else { throw .invalidField(event: ev, field: field + ".orderId", reason: .text("lists order \(l.orderId) a second time")) }
            // A settlement is a share of the sale: same sign, never more.
            guard l.settlement.fen == 0 || (l.settlement.fen > 0) == (l.amount.fen > 0), l.settlement.fen.magnitude <= l.amount.fen.magnitude else {
                throw .invalidField(event: ev, field: field + ".settlement", reason: .text("\(l.settlement) is not a share of the amount \(l.amount)"))
            }
        }
        if var old = bills[b.id] {
            let stored = old.content
            var resent = b
            resent.status = stored.status
            guard resent == stored else {
                throw .rule(.billConflict(billId: b.id))
            }
            guard b.status != stored.status else { throw .duplicate(.bill, id: b.id) }
            try checkStatusMove(old, to: b.status)
            old.move(to: b.status, at: e.at)
            bills[b.id] = old
            return
        }
        bills[b.id] = Bill(id: b.id, period: b.period, productType: b.productType, status: b.status, lines: b.lines,
                           publishedAt: e.at, toInvoiceAt: b.status == .toInvoice ? e.at : nil, statusChangedAt: e.at, huaweiInvoice: nil)
    }

    mutating func changeBillStatus(_ c: BillStatusChange, _ e: EventEnvelope) throws(DomainError) {
        try requireActor(e, [.platform])
        guard var b = bills[c.billId] else { throw .unknown(.bill, id: c.billId) }
        guard c.status != b.status else { throw .rule(.billAlreadyAt(billId: b.id, status: b.status)) }
        try checkStatusMove(b, to: c.status)
        b.move(to: c.status, at: e.at)
        bills[b.id] = b
    }

    private func checkStatusMove(_ b: Bill, to s: BillStatus) throws(DomainError) {
        guard s.rank > b.status.rank else {
            throw .rule(.billCannotGoBack(billId: b.id, from: b.status, to: s))
        }
    }

    /// R7: one invoice per bill, only while the bill is 待开票 (Z3), only for
    /// the sale models that invoice Huawei Cloud, for exactly the bill's total.
    mutating func invoiceBill(_ i: BillInvoicing, _ e: EventEnvelope) throws(DomainError) {
        let account = try account(for: e)
        if let r = Permissions.refusal(mainOnly: .invoiceHuaweiCloud, account: account, in: self) { throw r }
        let ev = e.event.typeName
        try TextRule.check(i.number, field: "number", event: ev, required: true, max: 64)
        guard var b = bills[i.billId] else { throw .unknown(.bill, id: i.billId) }
        if let done = b.huaweiInvoice {
            throw .rule(.billAlreadyInvoiced(billId: b.id, number: done.number, issuedAt: done.issuedAt))
        }
        guard b.status == .toInvoice else {
            throw .rule(.billNotToInvoice(billId: b.id, status: b.status))
        }
        guard HuaweiInvoicing.required(for: b, in: self) else {
            throw .rule(.billOnlyGeneralOrders(billId: b.id))
        }
        guard i.amount == b.totalSettlement else {
            throw .rule(.billAmountMismatch(billId: b.id, amount: i.amount, total: b.totalSettlement))
        }
        b.huaweiInvoice = HuaweiInvoice(number: i.number, amount: i.amount, issuedAt: e.at, by: account.id)
        bills[b.id] = b
    }
}

extension Bill {
    mutating func move(to s: BillStatus, at t: Timestamp) {
        status = s
        statusChangedAt = t
        if s == .toInvoice, toInvoiceAt == nil { toInvoiceAt = t }
    }
}
