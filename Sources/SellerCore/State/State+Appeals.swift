// Appeals (DOMAIN §3): either side, any node, one open at a time; filing
// freezes the record, resolution unfreezes it where it stood.
extension SellerState {
    /// Why nobody can file an appeal on this order now (no record, one already
    /// open, record closed), or nil.
    func appealRecordRefusal(orderId: String) -> DomainError? {
        guard let record = records[orderId] else {
            return orders[orderId] == nil ? .unknown(.order, id: orderId)
                : .refused("order \(orderId) has no service record to appeal")
        }
        if let open = record.openAppealId {
            return .refused("order \(orderId) already has an open appeal (\(open)); one appeal at a time")
        }
        if record.state.isTerminal {
            return .refused("order \(orderId): the service record is closed (\(record.state.zh)); appeals are filed while supervision runs")
        }
        return nil
    }

    /// Why `account` cannot file an appeal on this order now, or nil.
    public func appealRefusal(orderId: String, account: Account) -> DomainError? {
        if let r = appealRecordRefusal(orderId: orderId) { return r }
        guard let product = records[orderId].flatMap({ products[$0.productId] }) else { return .unknown(.product, id: orderId) }
        return Permissions.refusal(toActOnRecordOf: product, account: account, action: "file an appeal on order \(orderId)", in: self)
    }

    mutating func fileAppeal(_ a: AppealFiling, _ e: EventEnvelope) throws(DomainError) {
        try requireActor(e, [.merchant, .buyer])
        let ev = e.event.typeName
        try TextRule.checkId(a.appealId, field: "appealId", event: ev)
        guard appeals[a.appealId] == nil else { throw .duplicate(.appeal, id: a.appealId) }
        if e.actor.kind == .merchant {
            if let r = appealRefusal(orderId: a.orderId, account: try account(for: e)) { throw r }
            if a.demands != nil { throw .unexpectedField(event: ev, field: "demands") }
        } else if let r = appealRecordRefusal(orderId: a.orderId) {
            throw r
        }
        try TextRule.check(a.reason, field: "reason", event: ev, required: true, max: Appeal.reasonMaxLength)
        try TextRule.check(a.demands, field: "demands", event: ev, required: false, max: Appeal.reasonMaxLength)
        guard a.evidence.count <= Appeal.maxEvidenceFiles else {
            throw .invalidField(event: ev, field: "evidence", reason: "has \(a.evidence.count) files; at most \(Appeal.maxEvidenceFiles)")
        }
        for f in a.evidence { try TextRule.check(f.name, field: "evidence.name", event: ev, required: true, max: 255) }

        var record = records[a.orderId]!
        appeals[a.appealId] = Appeal(id: a.appealId, orderId: a.orderId, initiator: e.actor.kind, filedBy: e.actor,
                                     node: record.state, reason: a.reason, demands: a.demands, evidence: a.evidence,
                                     status: .pending, filedAt: e.at)
        record.openAppealId = a.appealId
        record.appealIds.append(a.appealId)
        record.history.append(.init(at: e.at, actor: e.actor, kind: .appealFiled, event: nil, from: record.state,
                                    to: record.state, fields: nil, appealId: a.appealId))
        records[a.orderId] = record
    }

    mutating func resolveAppeal(_ r: AppealResolution, _ e: EventEnvelope) throws(DomainError) {
        try requireActor(e, [.operations, .platform])
        guard var appeal = appeals[r.appealId] else { throw .unknown(.appeal, id: r.appealId) }
        guard appeal.status == .pending else { throw .refused("appeal \(appeal.id) was already resolved (\(appeal.outcome?.zh ?? ""))") }
        try TextRule.check(r.resolution, field: "resolution", event: e.event.typeName, required: true, max: 4000)
        appeal.status = .resolved
        appeal.outcome = r.outcome
        appeal.resolution = r.resolution
        appeal.resolvedAt = e.at
        appeals[appeal.id] = appeal
        if var record = records[appeal.orderId] {
            record.openAppealId = nil
            record.history.append(.init(at: e.at, actor: e.actor, kind: .appealResolved, event: nil, from: record.state,
                                        to: record.state, fields: nil, appealId: appeal.id))
            records[record.orderId] = record
        }
        let product = records[appeal.orderId]?.productId
        post(.appealResult, body: "订单 \(appeal.orderId) 的申诉 \(appeal.id) 已处理：\(r.outcome.zh)。\(r.resolution)",
             orderId: appeal.orderId, productId: product, e)
    }
}
