// Service-supervision steps, driven entirely by the flow tables.
extension SellerState {
    /// Picks the one table row that matches (state, event, condition), checks
    /// actor, permission and fields against it, then records the step.
    public func resolveRow(for step: SupervisionStep, actor: Actor, ignoringFreeze: Bool = false) throws(DomainError) -> (ServiceRecord, Transition) {
        guard let record = records[step.orderId] else {
            if let o = orders[step.orderId] {
                let why: RuleRefusal.Unsupervised = products[o.productId].map { $0.isSupervised ? .skipped : .notSupervised($0.type) } ?? .unknownProduct
                throw .rule(.noServiceRecord(orderId: o.id, cause: why))
            }
            throw .unknown(.order, id: step.orderId)
        }
        if !ignoringFreeze, let appeal = record.openAppealId {
            throw .frozenByAppeal(orderId: record.orderId, state: record.state, event: step.event.rawValue, appealId: appeal)
        }
        let def = record.definition
        let here = def.rows(from: record.state)
        let sameEvent = here.filter { $0.event == step.event }
        guard !sameEvent.isEmpty else {
            let why: String
            if record.state.isTerminal {
                why = "the record is closed"
            } else {
                let offered = Set(here.map(\.event)).sorted { $0.rawValue < $1.rawValue }.map { "\($0.rawValue) (\($0.zh))" }
                why = "the \(def.id.rawValue) flow allows only \(offered.joined(separator: ", ")) here"
            }
            throw .invalidTransition(orderId: record.orderId, state: record.state, event: step.event, reason: why)
        }
        guard let row = sameEvent.first(where: { $0.applies(reviewRequired: record.reviewRequired, fields: step.fields) }) else {
            let causes = Set(sameEvent.compactMap { $0.autoCause?.rawValue }).sorted()
            throw .invalidTransition(orderId: record.orderId, state: record.state, event: step.event,
                                     reason: "cause '\(step.fields.cause?.rawValue ?? "")' does not apply here; expected \(causes.joined(separator: " or "))")
        }
        guard row.actor == actor.kind else {
            throw .wrongActor(event: "\(step.event.rawValue) (\(step.event.zh))", expected: "the \(row.actor.rawValue) (\(row.actor.zh))", actual: actor)
        }
        return (record, row)
    }

    mutating func applyStep(_ step: SupervisionStep, _ e: EventEnvelope, ignoringFreeze: Bool = false) throws(DomainError) {
        // A platform or buyer acceptance re-sent after it closed the record is a duplicate.
        if let r = records[step.orderId], r.state == .completed, step.event == .autoAccept || step.event == .buyerAccept {
            let history: [ServiceRecord.HistoryEntry]
            do { history = try r.readHistory() } catch { throw .refused("record \(r.orderId): \(error)") }
            if let last = history.last(where: { $0.kind == .transition }), last.event == step.event, last.to == .completed {
                throw .resent(.record, id: r.orderId, differences: [])
            }
        }
        let (current, row) = try resolveRow(for: step, actor: e.actor, ignoringFreeze: ignoringFreeze)
        if row.actor == .merchant {
            let acct = try account(for: e)
            guard let product = products[current.productId] else { throw .unknown(.product, id: current.productId) }
            if let r = Permissions.refusal(toActOnRecordOf: product, account: acct, action: .step(step.event, orderId: current.orderId), in: self) { throw r }
        }
        try FieldCheck.validate(step.fields, against: row, orderCreatedAt: orders[current.orderId]?.createdAt, eventTime: e.at)

        var r = current
        let f = step.fields
        switch step.event {
        case .submitRequirements:
            r.requirement = .init(text: f.requirementText ?? "", attachments: f.requirementAttachments ?? [], submittedAt: e.at)
        case .rejectRequirements:
            r.rejections.append(.init(kind: .requirements, by: row.actor, reason: f.reason ?? "", at: e.at))
        case .buyerReject:
            r.rejections.append(.init(kind: .delivery, by: row.actor, reason: f.reason ?? "", at: e.at))
        case .reviewFail:
            r.rejections.append(.init(kind: .review, by: row.actor, reason: f.note ?? "", at: e.at))
        case .deliver:
            r.delivery = .init(resultDescription: f.resultDescription, actualActivationTime: f.actualActivationTime,
                               documents: f.documents ?? [], deliveredAt: e.at)
        case .uploadProof:
            // The proof follows an activation the platform detected: its time stays the 实际开通时间.
            r.delivery = .init(resultDescription: f.note, actualActivationTime: r.delivery?.actualActivationTime,
                               documents: f.documents ?? [], deliveredAt: e.at)
        case .implement where f.documents != nil:
            r.delivery = .init(resultDescription: f.note, actualActivationTime: nil, documents: f.documents ?? [], deliveredAt: e.at)
        case .ship:
            var s = r.shipping ?? .init()
            s.carrier = f.carrier; s.trackingNumber = f.trackingNumber; s.logisticsPhone = f.logisticsPhone
            s.shippedAt = e.at; s.signedAt = nil
            r.shipping = s
            if let docs = f.documents { r.delivery = .init(resultDescription: f.note, actualActivationTime: nil, documents: docs, deliveredAt: e.at) }
        case .changeAddress:
            var s = r.shipping ?? .init()
            s.address = f.address
            r.shipping = s
        case .recordSigned:
            r.shipping?.signedAt = f.signedAt
        case .submitIdentifier:
            var l = r.license ?? .init()
            l.identifier = f.identifier
            r.license = l
        case .activate:
            var l = r.license ?? .init()
            l.code = f.licenseCode
            l.activationRequestedAt = e.at
            r.license = l
        case .autoAccept where f.cause == .licenseActivated:
            // 实际开通时间 = the activation the platform detected (DOMAIN §2.3 row 4).
            r.license?.activatedAt = e.at
            if var d = r.delivery, d.actualActivationTime == nil { d.actualActivationTime = e.at; r.delivery = d }
            else if r.delivery == nil { r.delivery = .init(resultDescription: nil, actualActivationTime: e.at, documents: [], deliveredAt: e.at) }
        case .buyerAccept:
            r.acceptedAt = e.at
        default:
            break
        }
        if row.to == .completed, r.acceptedAt == nil { r.acceptedAt = e.at }
        if row.to.isTerminal { r.closedAt = e.at }
        if row.to != r.state { r.enteredStateAt = e.at }
        try r.appendHistory(.init(at: e.at, actor: e.actor, kind: .transition, event: step.event, from: r.state,
                               to: row.to, fields: f == .none ? nil : f, appealId: nil))
        r.state = row.to
        records[r.orderId] = r

        if let m = row.message {
            let name = products[r.productId]?.name ?? r.productId
            var body = "订单 \(r.orderId)「\(name)」：\(m.title)。"
            if let reason = f.reason { body += "原因：\(reason)" }
            post(m, body: body, orderId: r.orderId, productId: r.productId, e)
        }
    }

    // MARK: What the UI may offer

    /// An action a merchant could take on a record, with its fields, and either
    /// available or unavailable with the reason (so the UI can show it dimmed).
    public struct ActionOption: Hashable, Sendable {
        public enum Kind: Hashable, Sendable { case step(FlowEvent), fileAppeal }
        public var kind: Kind
        public var fields: [Transition.FieldRule]
        /// Why not, typed (the console words it in its language).
        public var refusal: DomainError?
        public var unavailableReason: String? { refusal?.description }
        public var isAvailable: Bool { refusal == nil }
    }

    /// Every merchant action of the record's current node plus filing an appeal,
    /// each marked available or not for `account`. Rows differing only by their
    /// review condition collapse into the one the record will take.
    public func actions(for orderId: String, account: Account) -> [ActionOption] {
        guard let record = records[orderId], let product = products[record.productId] else { return [] }
        var out: [ActionOption] = []
        var seen = Set<FlowEvent>()
        for row in record.definition.rows(from: record.state) where row.actor == .merchant && !seen.contains(row.event) {
            guard row.applies(reviewRequired: record.reviewRequired, fields: .none) else { continue }
            seen.insert(row.event)
            var reason: DomainError?
            if let a = record.openAppealId {
                reason = .frozenByAppeal(orderId: orderId, state: record.state, event: row.event.rawValue, appealId: a)
            } else {
                reason = Permissions.refusal(toActOnRecordOf: product, account: account, action: .step(row.event, orderId: nil), in: self)
            }
            out.append(ActionOption(kind: .step(row.event), fields: row.fields, refusal: reason))
        }
        // 「填写申诉原因并上传相关凭证后」 [S2]: reason and evidence both required.
        out.append(ActionOption(kind: .fileAppeal,
                                fields: [.init(field: .reason, required: true, maxLength: Appeal.reasonMaxLength), .init(field: .documents, required: true)],
                                refusal: appealRefusal(orderId: orderId, account: account)))
        return out
    }

    /// Only the actions that may be taken now.
    public func validActions(for orderId: String, account: Account) -> [ActionOption] {
        actions(for: orderId, account: account).filter(\.isAvailable)
    }
}

/// Field checks against a table row: required present and non-blank, nothing
/// the row does not use, lengths bounded, times plausible.
enum FieldCheck {
    static func validate(_ v: FieldValues, against row: Transition, orderCreatedAt: Timestamp?, eventTime: Timestamp) throws(DomainError) {
        let event = "\(row.event.rawValue) (\(row.event.zh))"
        for f in v.present where !row.allowedFields.contains(f) {
            throw .unexpectedField(event: event, field: f.rawValue)
        }
        for rule in row.fields {
            let f = rule.field
            switch f.kind {
            case .text, .multilineText:
                try TextRule.check(v.text(f), field: f.rawValue, event: event, required: rule.required, max: rule.maxLength)
            case .files:
                let files = f == .documents ? v.documents : v.requirementAttachments
                if rule.required, files?.isEmpty ?? true { throw .missingField(event: event, field: f.rawValue) }
                for file in files ?? [] {
                    try TextRule.check(file.name, field: "\(f.rawValue).name", event: event, required: true, max: 255)
                    guard file.size >= 0 else { throw .invalidField(event: event, field: "\(f.rawValue).size", reason: .text("is negative")) }
                }
            case .time, .cause:
                if rule.required, !v.has(f) { throw .missingField(event: event, field: f.rawValue) }
            }
        }
        for t in [(FieldID.actualActivationTime, v.actualActivationTime), (.signedAt, v.signedAt)] {
            guard let time = t.1 else { continue }
            if time > eventTime {
                throw .invalidField(event: event, field: t.0.rawValue, reason: .laterThanStep(time: time, step: eventTime))
            }
            if let created = orderCreatedAt, time < created {
                throw .invalidField(event: event, field: t.0.rawValue, reason: .beforeOrder(time: time, orderCreated: created))
            }
        }
    }
}
