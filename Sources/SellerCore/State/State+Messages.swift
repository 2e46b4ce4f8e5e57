// Message centre, receivers and invoices.
extension SellerState {
    /// Posts a notice. Its id derives from the event's, so replaying the
    /// journal yields the same messages.
    mutating func post(_ m: MessageTemplate, body: String, orderId: String?, productId: String?, _ e: EventEnvelope) {
        let id = Message.noticeId(for: e.id)
        messages[id] = Message(id: id, category: m.category, title: m.title, body: MessageBody(body), orderId: orderId,
                               productId: productId, at: e.at, read: false, channels: channels(for: m.category))
    }

    /// 站内信 always; plus the subscribed receivers' channels, or the main
    /// account's bound phone and email when no receiver is configured (DOMAIN §5).
    public func channels(for category: Int) -> [Channel] {
        var set: Set<Channel> = [.inApp]
        for r in effectiveReceivers(for: category) { set.formUnion(r.channels) }
        return set.sorted()
    }

    /// The receivers a notice of `category` goes to. When no receiver takes
    /// the category — none configured, or those configured take other
    /// categories only — it goes to the main account's bound phone and email:
    /// 「若商家未设置消息接收人,系统消息将自动发送至商家的华为云账号绑定的手机号及邮箱」 [S2],
    /// applied per category.
    public func effectiveReceivers(for category: Int) -> [MessageReceiver] {
        let subscribed = receivers.values.filter { $0.subscribes(to: category) }.sorted { $0.id < $1.id }
        if !subscribed.isEmpty { return subscribed }
        guard let main = mainAccount else { return [] }
        var channels: [Channel] = []
        if main.mobile != nil { channels.append(.sms) }
        if main.email != nil { channels.append(.email) }
        guard !channels.isEmpty else { return [] }
        return [MessageReceiver(id: "default", name: "\(main.name)（账号绑定）", mobile: main.mobile, email: main.email,
                                categories: [], channels: channels)]
    }

    public var usesDefaultReceiver: Bool { receivers.isEmpty }

    /// Who receives each known category (and any category the receivers
    /// name), for the receivers screen and `seller receivers`: the fallback
    /// shows as the account-bound receiver.
    public func receiversByCategory() -> [(category: Int, receivers: [MessageReceiver])] {
        let codes = Set(MessageCategory.names.keys).union(receivers.values.flatMap(\.categories))
        return codes.sorted().map { ($0, effectiveReceivers(for: $0)) }
    }

    mutating func postPlatformMessage(_ m: MessagePost, _ e: EventEnvelope) throws(DomainError) {
        try requireActor(e, [.platform, .operations])
        let ev = e.event.typeName
        guard (1...99_999).contains(m.category) else { throw .invalidField(event: ev, field: "category", reason: .text("must be a category code from 1 to 99999, not \(m.category)")) }
        try TextRule.check(m.title, field: "title", event: ev, required: true, max: 500)
        try TextRule.check(m.body, field: "body", event: ev, required: false, max: 20_000)
        if let o = m.orderId, orders[o] == nil { throw .unknown(.order, id: o) }
        if let p = m.productId, products[p] == nil { throw .unknown(.product, id: p) }
        guard messages[Message.noticeId(for: e.id)] == nil else { throw .duplicate(.message, id: Message.noticeId(for: e.id)) }
        post(MessageTemplate(m.category, m.title), body: m.body, orderId: m.orderId, productId: m.productId, e)
    }

    mutating func markMessages(_ m: MessageMark, _ e: EventEnvelope) throws(DomainError) {
        let acct = try account(for: e)
        if m.all != m.ids.isEmpty {
            throw .rule(.markNeedsIdsOrAll)
        }
        let ids = m.all ? messages.values.filter { Permissions.canSee($0, acct, in: self) }.map(\.id) : m.ids
        for id in ids {
            guard let msg = messages[id] else { throw .unknown(.message, id: id) }
            guard Permissions.canSee(msg, acct, in: self) else {
                var allowed = whoMay
                allowed.also = .productSubAccount
                throw .notPermitted(action: .markMessage(id: id), account: acct.id, allowed: allowed)
            }
        }
        for id in ids { messages[id]?.read = m.read }
    }

    // MARK: Receivers

    func checkReceiver(_ r: MessageReceiver, _ e: EventEnvelope) throws(DomainError) {
        let acct = try account(for: e)
        if let refusal = Permissions.refusal(mainOnly: .manageReceivers, account: acct, in: self) { throw refusal }
        let ev = e.event.typeName
        try TextRule.checkId(r.id, field: "id", event: ev)
        try TextRule.check(r.name, field: "name", event: ev, required: true, max: FieldLimits.receiverName)
        if let m = r.mobile { try ContactRules.checkMobile(m, event: ev) }
        if let m = r.email { try ContactRules.checkEmail(m, event: ev) }
        guard !r.channels.isEmpty else { throw .invalidField(event: ev, field: "channels", reason: .noChannel) }
        if r.channels.contains(.sms), r.mobile == nil { throw .invalidField(event: ev, field: "channels", reason: .smsWithoutMobile) }
        if r.channels.contains(.email), r.email == nil { throw .invalidField(event: ev, field: "channels", reason: .emailWithoutAddress) }
        for c in r.categories where !(1...99_999).contains(c) {
            throw .invalidField(event: ev, field: "categories", reason: .notACategory(c))
        }
    }

    mutating func addReceiver(_ r: MessageReceiver, _ e: EventEnvelope) throws(DomainError) {
        try checkReceiver(r, e)
        guard receivers[r.id] == nil else { throw .duplicate(.receiver, id: r.id) }
        receivers[r.id] = r
    }

    mutating func updateReceiver(_ r: MessageReceiver, _ e: EventEnvelope) throws(DomainError) {
        try checkReceiver(r, e)
        guard receivers[r.id] != nil else { throw .unknown(.receiver, id: r.id) }
        receivers[r.id] = r
    }

    mutating func removeReceiver(_ r: EntityRef, _ e: EventEnvelope) throws(DomainError) {
        let acct = try account(for: e)
        if let refusal = Permissions.refusal(mainOnly: .manageReceivers, account: acct, in: self) { throw refusal }
        guard receivers.removeValue(forKey: r.id) != nil else { throw .unknown(.receiver, id: r.id) }
    }

    // MARK: Invoices

    mutating func requestInvoice(_ r: InvoiceRequested, _ e: EventEnvelope) throws(DomainError) {
        try requireActor(e, [.buyer, .platform])
        let ev = e.event.typeName
        try TextRule.checkId(r.requestId, field: "requestId", event: ev)
        if let stored = invoices[r.requestId] { throw .resent(.invoice, id: r.requestId, differences: stored.differences(from: r)) }
        guard let order = orders[r.orderId] else { throw .unknown(.order, id: r.orderId) }
        guard r.amount.fen > 0 else { throw .invalidField(event: ev, field: "amount", reason: .amountNotPositive(r.amount)) }
        guard r.amount <= order.amount else {
            throw .invalidField(event: ev, field: "amount", reason: .amountExceedsOrder(amount: r.amount, orderAmount: order.amount))
        }
        try TextRule.check(r.title, field: "title", event: ev, required: true, max: 200)
        try TextRule.check(r.taxId, field: "taxId", event: ev, required: false, max: 40)
        invoices[r.requestId] = InvoiceRequest(id: r.requestId, orderId: r.orderId, amount: r.amount, title: r.title,
                                               taxId: r.taxId, requestedAt: e.at, issuedAt: nil, number: nil)
    }

    mutating func issueInvoice(_ i: InvoiceIssue, _ e: EventEnvelope) throws(DomainError) {
        let acct = try account(for: e)
        if let r = Permissions.refusal(mainOnly: .issueInvoices, account: acct, in: self) { throw r }
        guard var req = invoices[i.requestId] else { throw .unknown(.invoice, id: i.requestId) }
        guard req.issuedAt == nil else { throw .rule(.invoiceAlreadyIssued(requestId: req.id, number: req.number)) }
        try TextRule.check(i.number, field: "number", event: e.event.typeName, required: true, max: FieldLimits.invoiceNumber)
        // 「商家给客户开票的金额为订单全额」 [S3]: the face value is the order's full amount.
        let full = orders[req.orderId]?.amount ?? req.amount
        // One invoice covers the whole order, so a second one would invoice it twice.
        if rules == .seedReading, let otherId = issuedInvoiceByOrder[req.orderId], let other = invoices[otherId] {
            throw .rule(.orderAlreadyInvoiced(orderId: req.orderId, requestId: other.id, number: other.number))
        }
        if let amount = i.amount, amount != full {
            throw .invalidField(event: e.event.typeName, field: "amount",
                                reason: .notFullOrderAmount(amount: amount, full: full, orderId: req.orderId))
        }
        req.issuedAt = e.at
        req.number = i.number
        req.issuedAmount = full
        invoices[req.id] = req
        issuedInvoiceByOrder[req.orderId] = min(issuedInvoiceByOrder[req.orderId] ?? req.id, req.id)
    }
}
