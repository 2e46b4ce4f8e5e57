// Appeals (DOMAIN §3, §0): either side, any node, any time —
// 「商家在服务监管流程中任意节点、任意时间均可发起申诉」, and for the buyer
// 「用户可在服务监管流中的任意节点、任意时间发起申诉」 [S2]. One side's open appeal
// does not block the other's; filing freezes the record, and it stays frozen
// until every open appeal on it is resolved.
extension SellerState {
    /// Why nobody on `side` can file an appeal on this order now (no record,
    /// record closed, that side already has one open), or nil. The platform's
    /// buyer appeals are not held to the one-open-per-side rule: the platform
    /// decides what a buyer may file, and what it sends is recorded.
    func appealRecordRefusal(orderId: String, side: ActorKind) -> DomainError? {
        guard let record = records[orderId] else {
            return orders[orderId] == nil ? .unknown(.order, id: orderId)
                : .rule(.appealWithoutRecord(orderId: orderId))
        }
        if record.state.isTerminal {
            return .rule(.appealOnClosedRecord(orderId: orderId, state: record.state))
        }
        // One open appeal per merchant at a time [inf]: a second would say nothing the first does not.
        if side == .merchant, let open = record.openAppealIds.first(where: { appeals[$0]?.initiator == .merchant }) {
            return .rule(.appealAlreadyOpen(orderId: orderId, appealId: open))
        }
        return nil
    }

    /// Why `account` cannot file an appeal on this order now, or nil.
    public func appealRefusal(orderId: String, account: Account) -> DomainError? {
        if let r = appealRecordRefusal(orderId: orderId, side: .merchant) { return r }
        guard let product = records[orderId].flatMap({ products[$0.productId] }) else { return .unknown(.product, id: orderId) }
        return Permissions.refusal(toActOnRecordOf: product, account: account, action: .appeal(orderId: orderId), in: self)
    }

    mutating func fileAppeal(_ a: AppealFiling, _ e: EventEnvelope) throws(DomainError) {
        try requireActor(e, [.merchant, .buyer])
        let ev = e.event.typeName
        try TextRule.checkId(a.appealId, field: "appealId", event: ev)
        if let stored = appeals[a.appealId] {
            throw .resent(.appeal, id: a.appealId, differences: stored.differences(from: a, initiator: e.actor.kind))
        }
        if e.actor.kind == .merchant {
            if let r = appealRefusal(orderId: a.orderId, account: try account(for: e)) { throw r }
            if a.demands != nil { throw .unexpectedField(event: ev, field: "demands") }
        } else if let r = appealRecordRefusal(orderId: a.orderId, side: .buyer) {
            throw r
        }
        try TextRule.check(a.reason, field: "reason", event: ev, required: true, max: Appeal.reasonMaxLength)
        // 「填写申诉原因并上传相关凭证后」 [S2]: the merchant's appeal carries evidence.
        if rules == .seedReading, e.actor.kind == .merchant, a.evidence.isEmpty { throw .missingField(event: ev, field: "evidence") }
        try TextRule.check(a.demands, field: "demands", event: ev, required: false, max: Appeal.reasonMaxLength)
        guard a.evidence.count <= Appeal.maxEvidenceFiles else {
            throw .invalidField(event: ev, field: "evidence", reason: .tooManyEvidenceFiles(count: a.evidence.count, max: Appeal.maxEvidenceFiles))
        }
        for f in a.evidence { try TextRule.check(f.name, field: "evidence.name", event: ev, required: true, max: 255) }

        var record = records[a.orderId]!
        record.open(appeal: a.appealId)
        record.appealIds.append(a.appealId)
        // First, as it is the one step that can refuse (a history in a snapshot
        // changed in place): nothing is changed before it.
        try record.appendHistory(.init(at: e.at, actor: e.actor, kind: .appealFiled, event: nil, from: record.state,
                                    to: record.state, fields: nil, appealId: a.appealId))
        appeals[a.appealId] = Appeal(id: a.appealId, orderId: a.orderId, initiator: e.actor.kind, filedBy: e.actor,
                                     node: record.state, reason: a.reason, demands: a.demands, evidence: a.evidence,
                                     status: .pending, filedAt: e.at)
        records[a.orderId] = record
    }

    mutating func resolveAppeal(_ r: AppealResolution, _ e: EventEnvelope) throws(DomainError) {
        try requireActor(e, [.operations, .platform])
        guard var appeal = appeals[r.appealId] else { throw .unknown(.appeal, id: r.appealId) }
        if appeal.status == .resolved {
            // The platform re-sends its result: the same one is a duplicate.
            var c = FieldDifference.Collector()
            c.compare("outcome", appeal.outcome, r.outcome) { $0?.rawValue ?? "" }
            c.compare("resolution", appeal.resolution, r.resolution)
            throw .resent(.appeal, id: appeal.id, differences: c.out)
        }
        try TextRule.check(r.resolution, field: "resolution", event: e.event.typeName, required: true, max: 4000)
        if appeal.status == .closed {
            // The record closed (unsubscribed) before the result came: the result
            // is still the platform's word and its 501 notice still goes out.
            appeal.status = .resolved
            appeal.outcome = r.outcome
            appeal.resolution = r.resolution
            appeal.resolvedAt = e.at
            appeals[appeal.id] = appeal
            post(.appealResult, body: "订单 \(appeal.orderId) 的申诉 \(appeal.id) 已处理：\(r.outcome.zh)。\(r.resolution)",
                 orderId: appeal.orderId, productId: records[appeal.orderId]?.productId, e)
            return
        }
        appeal.status = .resolved
        appeal.outcome = r.outcome
        appeal.resolution = r.resolution
        appeal.resolvedAt = e.at
        if var record = records[appeal.orderId] {
            // The record thaws only when no other appeal is open on it.
            record.close(appeal: appeal.id)
            try record.appendHistory(.init(at: e.at, actor: e.actor, kind: .appealResolved, event: nil, from: record.state,
                                        to: record.state, fields: nil, appealId: appeal.id))
            records[record.orderId] = record
        }
        appeals[appeal.id] = appeal // after the only step that can refuse
        let product = records[appeal.orderId]?.productId
        post(.appealResult, body: "订单 \(appeal.orderId) 的申诉 \(appeal.id) 已处理：\(r.outcome.zh)。\(r.resolution)",
             orderId: appeal.orderId, productId: product, e)
    }

    /// The platform ended the order while appeals were open (e.g. it was
    /// unsubscribed): the platform decides, so its appeals close with the record.
    /// Called after the record's cancel step stored an entry at the same
    /// time, so its own entries (that time, no fields) cannot be refused.
    mutating func closeOpenAppeals(orderId: String, note: String?, _ e: EventEnvelope) throws(DomainError) {
        guard var record = records[orderId] else { return }
        for id in record.openAppealIds {
            guard var appeal = appeals[id] else { continue }
            appeal.status = .closed
            appeal.resolution = note ?? appeal.resolution
            appeal.resolvedAt = e.at
            appeals[id] = appeal
            record.close(appeal: id)
            try record.appendHistory(.init(at: e.at, actor: e.actor, kind: .appealClosed, event: nil, from: record.state,
                                        to: record.state, fields: nil, appealId: id))
        }
        records[orderId] = record
    }
}
