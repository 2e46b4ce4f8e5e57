/// The three big tables of the start view, field by field. What lists and
/// figures never read is left out (StartView.listed says which), so a
/// decoded record or message is the state's own type with those parts empty.
extension ByteWriter {
    mutating func order(_ o: Order) {
        text(o.id); text(o.productId)
        text(o.customer.id); text(o.customer.name); text(o.customer.userName); optText(o.customer.mobile)
        time(o.createdAt); text(o.chargingMode.rawValue); optText(o.periodType?.rawValue); optInt(o.periodNumber)
        i64(o.amount.fen); text(o.orderType.rawValue); optText(o.parentOrderId); optText(o.instanceId)
        text(o.status.rawValue); optText(o.lifecycleNote)
    }

    mutating func record(_ r: ServiceRecord) {
        text(r.orderId); text(r.productId); text(r.flow.rawValue); text(r.flowVersion); text(r.state.rawValue)
        time(r.openedAt); time(r.enteredStateAt); flag(r.reviewRequired); text(r.acceptanceRuleSet.rawValue)
        flag(r.requirement != nil); if let q = r.requirement { time(q.submittedAt) }
        flag(r.delivery != nil); if let d = r.delivery { optTime(d.actualActivationTime); time(d.deliveredAt) }
        u32(UInt32(r.rejections.count))
        for j in r.rejections { text(j.kind.rawValue); text(j.by.rawValue); time(j.at) }
        flag(r.shipping != nil)
        if let s = r.shipping {
            optText(s.address); optText(s.carrier); optText(s.trackingNumber); optText(s.logisticsPhone); optTime(s.shippedAt); optTime(s.signedAt)
        }
        flag(r.license != nil)
        if let l = r.license { optText(l.identifier); optText(l.code); optTime(l.activationRequestedAt); optTime(l.activatedAt) }
        optTime(r.acceptedAt); optTime(r.closedAt); optText(r.openAppealId)
        flag(r.moreOpenAppealIds != nil); if let m = r.moreOpenAppealIds { texts(m) }
        texts(r.appealIds)
    }

    mutating func message(_ m: Message) {
        text(m.id); i64(Int64(m.category)); text(m.title); optText(m.orderId); optText(m.productId)
        // Channels by their index in Channel.allCases: an array of strings per message cost more than the rest of it.
        time(m.at); flag(m.read); u32(UInt32(m.channels.count))
        for c in m.channels { out.append(UInt8(Channel.allCases.firstIndex(of: c)!)) }
    }
}

extension OrdersView.Cursor {
    mutating func order() throws(StartView.DecodeError) -> Order {
        let id = try str(), product = try str()
        let customer = Customer(id: try str(), name: try str(), userName: try str(), mobile: try optText())
        let created = try time(), mode = try raw(ChargingMode.self, "charging mode"), period = try optRaw(PeriodType.self, "period type")
        let periods = try optInt(), amount = try money(), type = try raw(OrderType.self, "order type")
        let parent = try optText(), instance = try optText(), status = try raw(OrderStatus.self, "order status"), note = try optText()
        return Order(id: id, productId: product, customer: customer, createdAt: created, chargingMode: mode, periodType: period,
                     periodNumber: periods, amount: amount, orderType: type, parentOrderId: parent, instanceId: instance,
                     status: status, lifecycleNote: note)
    }

    mutating func record() throws(StartView.DecodeError) -> ServiceRecord {
        let order = try str(), product = try str(), flow = try raw(FlowID.self, "flow"), version = try str()
        let state = try raw(SupervisionState.self, "record state") // routed by StartView.routable
        let opened = try time(), entered = try time(), review = try flag(), rules = try raw(AcceptanceRuleSet.self, "acceptance rules")
        let requirement = try flag() ? ServiceRecord.Requirement(text: "", attachments: [], submittedAt: try time()) : nil
        var delivery: ServiceRecord.Delivery?
        if try flag() { delivery = .init(resultDescription: nil, actualActivationTime: try optTime(), documents: [], deliveredAt: try time()) }
        var rejections: [ServiceRecord.Rejection] = []
        for _ in 0..<(try count()) {
            rejections.append(.init(kind: try raw(ServiceRecord.Rejection.Kind.self, "rejection"), by: try raw(ActorKind.self, "actor kind"),
                                    reason: "", at: try time()))
        }
        var shipping: ServiceRecord.Shipping?
        if try flag() {
            shipping = .init(address: try optText(), carrier: try optText(), trackingNumber: try optText(), logisticsPhone: try optText(),
                             shippedAt: try optTime(), signedAt: try optTime())
        }
        var license: ServiceRecord.License?
        if try flag() { license = .init(identifier: try optText(), code: try optText(), activationRequestedAt: try optTime(), activatedAt: try optTime()) }
        let accepted = try optTime(), closed = try optTime(), open = try optText()
        let more = try flag() ? try texts() : nil
        let appeals = try texts()
        return ServiceRecord(orderId: order, productId: product, flow: flow, flowVersion: version, state: state, openedAt: opened,
                             enteredStateAt: entered, reviewRequired: review, acceptanceRuleSet: rules, requirementBox: requirement.map(Indirect.init),
                             deliveryBox: delivery.map(Indirect.init), rejections: rejections, shippingBox: shipping.map(Indirect.init),
                             licenseBox: license.map(Indirect.init), acceptedAt: accepted, closedAt: closed, openAppealId: open,
                             moreOpenAppealIds: more, appealIds: appeals, historyLog: HistoryLog())
    }

    mutating func message() throws(StartView.DecodeError) -> Message {
        let id = try str(), category = Int(try i64()), title = try str(), order = try optText(), product = try optText()
        let at = try time(), read = try flag()
        let n = try count(minimum: 1)
        var channels: [Channel] = []
        channels.reserveCapacity(n)
        for _ in 0..<n {
            let i = Int(try w8())
            guard i < Channel.allCases.count else { throw .badField("channel \(i)") }
            channels.append(Channel.allCases[i])
        }
        return Message(id: id, category: category, title: title, body: "", orderId: order, productId: product, at: at, read: read, channels: channels)
    }
}

extension StartView {
    /// What the start view keeps of each entity: everything the lists, queue
    /// counts and the overview read, the bulky texts and lists left empty
    /// (the equivalence tests prove the panes and figures do not read them).
    /// The binary tables drop the same parts as they are written.
    static func listed(_ s: SellerState) -> SellerState {
        var out = s
        out.appeals = s.appeals.mapEntities { var a = $0; a.evidence = []; return a }
        out.tickets = s.tickets.mapEntities { t in
            var t = t
            // The thread: only ever appended to, never read by the fold or the lists.
            t.posts = []
            t.accessRequests = t.accessRequests.map { var r = $0; r.note = nil; return r }
            return t
        }
        return out
    }
}
