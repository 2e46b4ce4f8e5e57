/// The events of one demo order: creation, a walk through its flow table,
/// maybe an appeal, then lifecycle, invoice and read marks.
struct OrderBlock {
    let g: DemoGenerator
    let index: Int
    var rng: SplitMix64
    var messages: [String] = []

    init(generator: DemoGenerator, index: Int) {
        g = generator
        self.index = index
        rng = SplitMix64(seed: generator.options.seed, stream: UInt64(index))
    }

    var anchor: Timestamp { g.options.anchor }

    mutating func generate() {
        // Coverage first: every reachable state of every flow, then random walks.
        let target: DemoGenerator.Target? = index < DemoGenerator.targets.count ? DemoGenerator.targets[index] : nil
        let product: DemoGenerator.DemoProduct
        var rows: [Transition] = []
        var def: FlowDefinition?
        var baseDate: Timestamp
        if let target {
            let fitting = DemoGenerator.products.filter { DemoGenerator.fits($0, target.def, target.review) }
            product = fitting[index % fitting.count]
            def = target.def
            rows = target.def.path(to: target.state, reviewRequired: target.review) ?? []
            baseDate = DemoGenerator.orderDate(for: target.def).adding(seconds: -rng.between(0, 40 * 86_400))
        } else {
            product = rng.pick(DemoGenerator.products)
            baseDate = anchor.adding(days: -Int(rng.between(1, 120)))
            def = FlowCatalog.flow(for: product.type, orderedAt: baseDate)
            if let def { rows = walk(def, review: ReviewRule.required(for: product.product, orderedAt: baseDate)) }
        }

        // Times: steps 2 h – 3 days apart; hardware auto-acceptance needs 10+ days after signing.
        var gaps = rows.map { row -> Int64 in
            row.event == .autoAccept && row.condition == .cause(.logisticsSigned10d) ? rng.between(10 * 86_400, 14 * 86_400) : rng.between(7200, 3 * 86_400)
        }
        // Right after the coverage block, four orders carry an appeal of each kind
        // (merchant or buyer, open or resolved); later ones appeal by chance.
        let forced = index - DemoGenerator.targets.count
        // Two more: a merchant's open appeal joined by the buyer's (both sides may
        // appeal at any node [S2]), and a buyer's open appeal the platform closes
        // by unsubscribing the order (the platform decides).
        let forcedAppeal: (merchant: Bool, resolve: Bool)? = def != nil && (0..<6).contains(forced)
            ? [(true, false), (false, false), (true, true), (false, true), (true, false), (false, false)][forced] : nil
        let appealAfter: Int? = forcedAppeal != nil ? 0
            : target == nil && def != nil && rng.chance(9) ? Int(rng.next() % UInt64(rows.count + 1)) : nil
        let appealResolved = forcedAppeal?.resolve ?? rng.chance(55)
        let merchantAppeal = forcedAppeal?.merchant ?? rng.chance(50)
        let total = gaps.reduce(0, +) + (appealAfter != nil ? 4 * 86_400 : 0)
        let idle = rng.between(3600, 20 * 86_400)   // since the last step: some records stall
        var t = Timestamp(seconds: min(baseDate.seconds, anchor.seconds - total - idle))
        let created = t
        let customer = DemoPeople.customer(&rng, index: index)
        let orderId = "CS\(yymmdd(created))\(String(format6: index))"
        let months = rng.chance(25) ? 12 : Int(rng.between(1, 6))
        let yearly = months == 12 && rng.chance(50)
        let oneTime = rng.chance(15)
        // (The demo's 按需 order comes with its bills: DemoBills.)
        // Some unsupervised orders are 7-day trials (试用, periodType day): they expire and are released.
        let trial = def == nil && rng.chance(35)
        let amount = Money(fen: rng.between(99, 30_000) * 100 + (rng.chance(30) ? rng.between(1, 99) : 0))
        let mode: ChargingMode = oneTime ? .oneTime : .period
        let creation = OrderCreation(id: orderId, productId: product.id, customer: customer, createdAt: created,
                                     chargingMode: trial ? .period : mode, amount: trial ? Money(fen: 0) : amount,
                                     orderType: trial ? .trial : .new,
                                     periodType: trial ? .day : mode == .period ? (yearly ? .year : .month) : nil,
                                     periodNumber: trial ? 7 : mode == .period ? (yearly ? 1 : months) : nil,
                                     instanceId: "inst-\(String(format6: index))")
        let creationId = g.emit(.orderCreated(creation), by: .platform, at: t)
        messages.append(Message.noticeId(for: creationId))
        guard def != nil else { unsupervisedAfterlife(creation, at: t); markRead(at: t); return }

        var state = def!.initial
        var frozen = false
        for (k, row) in rows.enumerated() {
            if k == appealAfter, !appeal(orderId, product: product, state: state, t: &t, merchant: merchantAppeal, resolve: appealResolved) { frozen = true; break }
            t = t.adding(seconds: gaps[k])
            if row.event == .autoAccept, row.condition == .cause(.logisticsSigned10d) {
                // The merchant recorded the signature more than 10 days before.
                let signed = Timestamp(seconds: max(created.seconds, t.seconds - gaps[k] + 3600))
                _ = g.emit(.supervision(SupervisionStep(orderId: orderId, event: .recordSigned, fields: FieldValues(signedAt: signed))),
                           by: g.merchant(for: product), at: signed.adding(seconds: 60))
            }
            let actor: Actor = switch row.actor {
            case .merchant: g.merchant(for: product)
            case .buyer: .buyer
            case .reviewer: .reviewer
            case .platform, .operations: .platform
            }
            let id = g.emit(.supervision(SupervisionStep(orderId: orderId, event: row.event, fields: fields(for: row, created: created, at: t, customer: customer))),
                            by: actor, at: t)
            if row.message != nil { messages.append(Message.noticeId(for: id)) }
            state = row.to
        }
        if !frozen, appealAfter == rows.count, !state.isTerminal {
            frozen = !appeal(orderId, product: product, state: state, t: &t, merchant: merchantAppeal, resolve: appealResolved)
        }
        gaps.removeAll()
        if frozen, forced == 4 {
            t = t.adding(seconds: 3600)
            _ = g.emit(.appealFiled(AppealFiling(appealId: "AP-\(orderId)-B", orderId: orderId, reason: rng.pick(DemoText.buyerAppealReasons),
                                                 demands: rng.pick(DemoText.buyerDemands))), by: .buyer, at: t)
        } else if frozen, forced == 5 {
            t = t.adding(seconds: 3600)
            _ = g.emit(.orderLifecycle(OrderLifecycleChange(orderId: orderId, change: .unsubscribed, note: "平台处理申诉：协商退订")), by: .platform, at: t)
            state = .cancelled
        }

        if state == .completed {
            completedAfterlife(creation, product: product, t: &t)
        } else if !frozen, !state.isTerminal, rng.chance(5) {
            t = t.adding(seconds: 3600)
            _ = g.emit(.orderLifecycle(OrderLifecycleChange(orderId: orderId, change: .unsubscribed, note: "买家协商退订")), by: .platform, at: min(t, anchor))
        } else if !state.isTerminal {
            g.noteOpen(1)
        }
        invoice(creation, t: t)
        markRead(at: t)
    }

    /// A random walk: mostly forward, sometimes back (rejections, failed
    /// reviews), sometimes a double or triple rejection.
    mutating func walk(_ def: FlowDefinition, review: Bool) -> [Transition] {
        var rows: [Transition] = []
        var state = def.initial
        let maxSteps = Int(rng.between(0, 12))
        var rejections = rng.chance(12) ? 2 : (rng.chance(4) ? 3 : 0)
        let backwards: Set<FlowEvent> = [.buyerReject, .rejectRequirements, .reviewFail]
        while rows.count < maxSteps, !state.isTerminal {
            let here = def.rows(from: state).filter { $0.event != .cancel && $0.event != .recordSigned && $0.applies(reviewRequired: review, fields: $0.sampleFieldsForCondition) }
            let choice: Transition?
            if rejections > 0, let r = here.first(where: { $0.event == .buyerReject }) {
                rejections -= 1
                choice = r
            } else if rng.chance(8), let back = here.filter({ backwards.contains($0.event) && $0.event != .buyerReject }).first {
                choice = back
            } else if rng.chance(10), let loop = here.first(where: { $0.event == .changeAddress || ($0.event == .submitRequirements && $0.to == $0.from) }) {
                choice = loop
            } else {
                let forward = here.filter { !backwards.contains($0.event) && $0.to != $0.from }
                choice = forward.isEmpty ? nil : rng.pick(forward)
            }
            guard let c = choice else { break }
            rows.append(c)
            state = c.to
        }
        return rows
    }

    mutating func fields(for row: Transition, created: Timestamp, at t: Timestamp, customer: Customer) -> FieldValues {
        var v = FieldValues()
        let hostile = index % 41 == 5
        for rule in row.fields {
            guard rule.required || rng.chance(60) else { continue }
            switch rule.field {
            case .requirementText: v.requirementText = hostile ? DemoText.hostile[index % DemoText.hostile.count] : rng.pick(DemoText.requirements)
            case .requirementAttachments: v.requirementAttachments = [AttachmentRef(name: "需求说明.docx", size: rng.between(20_000, 900_000))]
            case .reason: v.reason = row.event == .rejectRequirements ? rng.pick(DemoText.requirementRejections) : rng.pick(DemoText.rejections)
            case .resultDescription: v.resultDescription = rng.pick(DemoText.results)
            case .actualActivationTime:
                v.actualActivationTime = Timestamp(seconds: max(created.seconds, t.seconds - rng.between(0, 2 * 86_400)))
            case .documents:
                v.documents = [AttachmentRef(name: "Sow需求文档.pdf", size: rng.between(50_000, 400_000)),
                               AttachmentRef(name: "验收文档.pdf", size: rng.between(80_000, 2_000_000))]
            case .carrier: v.carrier = rng.pick(["顺丰速运", "京东物流", "中国邮政 EMS"])
            case .trackingNumber: v.trackingNumber = "SF\(1_000_000_000 + rng.next() % 8_999_999_999)"
            case .logisticsPhone: v.logisticsPhone = rng.chance(75) ? customer.mobile : "13600000000"
            case .address: v.address = rng.pick(["北京市海淀区中关村大街 1 号", "上海市浦东新区张江路 88 号", "深圳市南山区科技园南区 6 栋"])
            case .identifier: v.identifier = "HWID-\(String(rng.next() % 0xFFFF_FFFF, radix: 16, uppercase: true))"
            case .licenseCode: v.licenseCode = "LIC-\(String(rng.next() % 0xFFFF_FFFF_FFFF, radix: 36, uppercase: true))"
            case .note: v.note = row.event == .reviewFail ? "验收文档缺少三方签字，请补充。" : "已处理"
            case .cause: v.cause = row.autoCause
            case .signedAt: v.signedAt = t
            }
        }
        return v
    }

    /// Files an appeal (merchant or buyer) and maybe resolves it; false if it stays open.
    mutating func appeal(_ orderId: String, product: DemoGenerator.DemoProduct, state: SupervisionState, t: inout Timestamp,
                         merchant: Bool, resolve: Bool) -> Bool {
        guard !state.isTerminal else { return true }
        t = t.adding(seconds: rng.between(3600, 86_400))
        let appealId = "AP-\(orderId)"
        if merchant {
            // The merchant's appeal carries 凭证 (「填写申诉原因并上传相关凭证后」 [S2]).
            let evidence = [AttachmentRef(name: "沟通记录截图.png", size: rng.between(40_000, 900_000))]
            let reason = index % 13 == 4 ? DemoText.hostile[(index / 13) % DemoText.hostile.count] : rng.pick(DemoText.appealReasons)
            _ = g.emit(.appealFiled(AppealFiling(appealId: appealId, orderId: orderId, reason: reason, evidence: evidence)),
                       by: g.merchant(for: product), at: t)
        } else {
            _ = g.emit(.appealFiled(AppealFiling(appealId: appealId, orderId: orderId, reason: rng.pick(DemoText.buyerAppealReasons),
                                                 demands: rng.pick(DemoText.buyerDemands))), by: .buyer, at: t)
        }
        guard resolve else { return false }
        t = t.adding(seconds: rng.between(86_400, 3 * 86_400))
        let id = g.emit(.appealResolved(AppealResolution(appealId: appealId, outcome: rng.chance(60) ? .upheld : .dismissed,
                                                         resolution: rng.pick(DemoText.resolutions))), by: .operations, at: t)
        messages.append(Message.noticeId(for: id))
        return true
    }

    mutating func completedAfterlife(_ order: OrderCreation, product: DemoGenerator.DemoProduct, t: inout Timestamp) {
        // The platform moves the order to 已完成 within 3 h of acceptance
        // (DOMAIN §2.1 row 9); only an acceptance that recent leaves it 处理中.
        let synced = t.adding(seconds: rng.between(600, 3 * 3600))
        guard synced <= anchor else { return }
        t = synced
        _ = g.emit(.orderLifecycle(OrderLifecycleChange(orderId: order.id, change: .completed)), by: .platform, at: t)
        if rng.chance(25), t < anchor.adding(days: -2), order.chargingMode == .period {
            // (Only a period is renewed: a one-time purchase has none to extend.)
            // A renewal of a completed instance: no new supervision record.
            t = t.adding(seconds: rng.between(3600, 86_400))
            var renewal = order
            renewal.id = order.id + "R"
            renewal.createdAt = t
            renewal.orderType = .renew
            renewal.parentOrderId = order.id
            messages.append(Message.noticeId(for: g.emit(.orderCreated(renewal), by: .platform, at: t)))
        } else if rng.chance(12), let end = Validity.end(from: t, chargingMode: order.chargingMode, periodType: order.periodType,
                                                         periodNumber: order.periodNumber), end.adding(days: 1) < anchor {
            // Expiry comes after the validity ends (it started no later than the
            // acceptance), never while it is still running.
            t = end.adding(days: 1)
            _ = g.emit(.orderLifecycle(OrderLifecycleChange(orderId: order.id, change: .expired, note: "到期未续费")), by: .platform, at: t)
            if rng.chance(50), t.adding(days: 7) < anchor {
                t = t.adding(seconds: 7 * 86_400)
                _ = g.emit(.orderLifecycle(OrderLifecycleChange(orderId: order.id, change: .released, note: "冻结期满，资源已释放")), by: .platform, at: t)
            }
        }
    }

    /// An unsupervised order's validity runs from when it was placed; it
    /// expires only once that period is over (one-time orders never do).
    mutating func unsupervisedAfterlife(_ order: OrderCreation, at t: Timestamp) {
        if rng.chance(order.orderType == .trial ? 80 : 10), let end = Validity.end(from: order.createdAt, chargingMode: order.chargingMode, periodType: order.periodType,
                                                  periodNumber: order.periodNumber), end.adding(days: 1) < anchor {
            _ = g.emit(.orderLifecycle(OrderLifecycleChange(orderId: order.id, change: .expired)), by: .platform, at: end.adding(days: 1))
            if rng.chance(50), end.adding(days: 8) < anchor {
                _ = g.emit(.orderLifecycle(OrderLifecycleChange(orderId: order.id, change: .released, note: "冻结期满，资源已释放")),
                           by: .platform, at: end.adding(days: 8))
            }
        }
    }

    mutating func invoice(_ order: OrderCreation, t: Timestamp) {
        guard order.amount.fen > 0, rng.chance(12) else { return }
        let requested = Timestamp(seconds: min(anchor.seconds - 3600, t.seconds + rng.between(3600, 5 * 86_400)))
        let amount = rng.chance(20) ? Money(fen: min(order.amount.fen, rng.between(1000, 9999))) : order.amount
        let title = index % 17 == 2 ? DemoText.hostileNames[1] : order.customer.name
        let id = "INV-\(order.id)"
        _ = g.emit(.invoiceRequested(InvoiceRequested(requestId: id, orderId: order.id, amount: amount, title: title,
                                                      taxId: rng.chance(70) ? "91110108MA0\(rng.next() % 1_000_000)" : nil)), by: .buyer, at: requested)
        let issuedAt = requested.adding(seconds: rng.between(3600, 6 * 86_400))
        if rng.chance(65), issuedAt < anchor {
            _ = g.emit(.invoiceIssued(InvoiceIssue(requestId: id, number: "No.\(10_000_000 + rng.next() % 89_999_999)")), by: g.main, at: issuedAt)
        }
    }

    mutating func markRead(at t: Timestamp) {
        guard !messages.isEmpty, rng.chance(60) else { return }
        _ = g.emit(.messagesMarked(MessageMark(ids: messages, read: true)), by: g.main, at: Timestamp(seconds: min(anchor.seconds, t.seconds + 3600)))
    }

    func yymmdd(_ t: Timestamp) -> String {
        let c = t.china
        return String(format6: (c.year % 100) * 10_000 + c.month * 100 + c.day)
    }
}
