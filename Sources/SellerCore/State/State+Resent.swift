// Re-sent platform notifications (DOMAIN §0, FEED.md envelope). The platform
// retries: 「云商店服务有可能重发请求,针对同一订单号(orderId),商家的服务器应当返回成功的响应」 [S4].
// A creation naming an entity that already exists is therefore compared with
// what is stored, field by field: the same content is a duplicate (a no-op, as
// a re-sent event id is), other content a conflict that names each field.

extension Customer {
    fileprivate func compare(with sent: Customer, prefix: String, into c: inout FieldDifference.Collector) {
        c.compare(prefix + ".id", id, sent.id)
        c.compare(prefix + ".name", name, sent.name)
        c.compare(prefix + ".userName", userName, sent.userName)
        // A re-send may leave out the phone it sent before; a different one differs.
        if let phone = sent.mobile { c.compare(prefix + ".mobile", mobile, phone) }
    }
}

private func fileList(_ files: [AttachmentRef]) -> String {
    files.map { "\($0.name) (\($0.size) B)" }.joined(separator: ", ")
}

extension Order {
    /// Fields of a re-sent `order.created` that differ from this order. The
    /// parent and the instance are compared only when the re-send names them:
    /// the store may have linked a renewal to its instance's earlier order.
    func differences(from o: OrderCreation) -> [FieldDifference] {
        var c = FieldDifference.Collector()
        c.compare("productId", productId, o.productId)
        customer.compare(with: o.customer, prefix: "customer", into: &c)
        c.compare("createdAt", createdAt, o.createdAt) { $0.iso8601 }
        c.compare("chargingMode", chargingMode, o.chargingMode) { $0.rawValue }
        c.compare("amount", amount, o.amount) { $0.decimalString }
        c.compare("orderType", orderType, o.orderType) { $0.rawValue }
        c.compare("periodType", periodType, o.periodType) { $0?.rawValue ?? "" }
        c.compare("periodNumber", periodNumber, o.periodNumber) { $0.map(String.init) ?? "" }
        if let p = o.parentOrderId { c.compare("parentOrderId", parentOrderId, p) }
        if let i = o.instanceId { c.compare("instanceId", instanceId, i) }
        return c.out
    }
}

extension Ticket {
    func differences(from t: TicketOpening) -> [FieldDifference] {
        var c = FieldDifference.Collector()
        c.compare("productId", productId, t.productId)
        c.compare("orderId", orderId, t.orderId)
        customer.compare(with: t.customer, prefix: "customer", into: &c)
        c.compare("title", title, t.title)
        c.compare("body", posts.first { $0.kind == .opened }?.body, t.body)
        return c.out
    }
}

extension Appeal {
    func differences(from a: AppealFiling, initiator sent: ActorKind) -> [FieldDifference] {
        var c = FieldDifference.Collector()
        c.compare("orderId", orderId, a.orderId)
        c.compare("initiator", initiator, sent) { $0.rawValue }
        c.compare("reason", reason, a.reason)
        c.compare("demands", demands, a.demands)
        c.compare("attachments", evidence, a.evidence, show: fileList)
        return c.out
    }
}

extension InvoiceRequest {
    func differences(from r: InvoiceRequested) -> [FieldDifference] {
        var c = FieldDifference.Collector()
        c.compare("orderId", orderId, r.orderId)
        c.compare("amount", amount, r.amount) { $0.decimalString }
        c.compare("title", title, r.title)
        c.compare("taxId", taxId, r.taxId)
        return c.out
    }
}

extension Product {
    /// Whether an upsert would change nothing: then it is a re-send, counted
    /// as a duplicate. (A different upsert is an update, not a conflict: the
    /// platform owns product information.) Absent optional fields keep what is stored.
    func isUnchanged(by p: ProductUpsert) -> Bool {
        name == p.name && type == p.type && saleModel == p.saleModel && jointScenario == p.jointScenario
            && (p.acceptanceStandard == nil || p.acceptanceStandard == acceptanceStandard)
            && (p.saleStatus == nil || p.saleStatus == saleStatus)
    }

    /// The information fields an upsert changes (not the sale status, which has its own notice).
    func changedInformation(by p: ProductUpsert) -> [FieldDifference] {
        var c = FieldDifference.Collector()
        c.compare("name", name, p.name)
        c.compare("type", type, p.type) { $0.rawValue }
        c.compare("saleModel", saleModel, p.saleModel) { $0.rawValue }
        c.compare("jointScenario", jointScenario, p.jointScenario) { $0?.rawValue ?? "" }
        if let a = p.acceptanceStandard { c.compare("acceptanceStandard", acceptanceStandard, a) }
        return c.out
    }
}
