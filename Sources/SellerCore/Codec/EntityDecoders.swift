import Foundation

// Hand-written decoders for the snapshot's big entities: orders, service
// records, messages and the known-event lists are nearly every line of a
// large store. Each reads its members in the encoder's byte order through
// `CanonicalMembers` and answers nil when not sure; the snapshot reader then
// decodes the line with `Codable`, which stays the definition (same value,
// same errors). The member lists below are the types' coding keys sorted by
// their bytes, as `FastJSONEncoder` writes them; EntityDecoderTests check
// that every demo line takes this path, so a key left out or misplaced fails.

extension Customer {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let id = m.take("id").flatMap(doc.text),
              let mobile = doc.text(ifAny: m.take("mobile")),
              let name = m.take("name").flatMap(doc.text),
              let userName = m.take("userName").flatMap(doc.text),
              m.isAtEnd else { return nil }
        self.init(id: id, name: name, userName: userName, mobile: mobile)
    }
}

extension Order {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let amount = m.take("amount").flatMap(doc.text).flatMap(Money.init(decimal:)),
              let chargingMode = m.take("chargingMode").flatMap({ doc.word($0, ChargingMode.self) }),
              let createdAt = m.take("createdAt").flatMap(doc.time),
              let customer = m.take("customer").flatMap({ Customer(canonical: doc, $0) }),
              let id = m.take("id").flatMap(doc.text),
              let instanceId = doc.text(ifAny: m.take("instanceId")),
              let lifecycleNote = doc.text(ifAny: m.take("lifecycleNote")),
              let orderType = m.take("orderType").flatMap({ doc.word($0, OrderType.self) }),
              let parentOrderId = doc.text(ifAny: m.take("parentOrderId")),
              let periodNumber = doc.integer(ifAny: m.take("periodNumber"), Int.self),
              let periodType = doc.word(ifAny: m.take("periodType"), PeriodType.self),
              let productId = m.take("productId").flatMap(doc.text),
              let status = m.take("status").flatMap({ doc.word($0, OrderStatus.self) }),
              m.isAtEnd else { return nil }
        self.init(id: id, productId: productId, customer: customer, createdAt: createdAt, chargingMode: chargingMode,
                  periodType: periodType, periodNumber: periodNumber, amount: amount, orderType: orderType,
                  parentOrderId: parentOrderId, instanceId: instanceId, status: status, lifecycleNote: lifecycleNote)
    }
}

extension Message {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let at = m.take("at").flatMap(doc.time),
              let body = m.take("body").flatMap({ MessageBody(canonical: doc, $0) }),
              let category = m.take("category").flatMap({ doc.integer($0, Int.self) }),
              let channels = m.take("channels").flatMap({ doc.array($0) { doc.word($0, Channel.self) } }),
              let id = m.take("id").flatMap(doc.text),
              let orderId = doc.text(ifAny: m.take("orderId")),
              let productId = doc.text(ifAny: m.take("productId")),
              let read = m.take("read").flatMap(doc.bool),
              let title = m.take("title").flatMap(doc.text),
              m.isAtEnd else { return nil }
        self.init(id: id, category: category, title: title, body: body, orderId: orderId, productId: productId,
                  at: at, read: read, channels: channels)
    }
}

extension AttachmentRef {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let name = m.take("name").flatMap(doc.text),
              let sha256 = doc.text(ifAny: m.take("sha256")),
              let size = m.take("size").flatMap({ doc.integer($0, Int64.self) }),
              m.isAtEnd else { return nil }
        self.init(name: name, size: size, sha256: sha256)
    }

    static func canonicalList(_ doc: JSONDocument, _ i: Int) -> [AttachmentRef]? {
        doc.array(i) { AttachmentRef(canonical: doc, $0) }
    }
}

extension ServiceRecord.Requirement {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let attachments = m.take("attachments").flatMap({ AttachmentRef.canonicalList(doc, $0) }),
              let submittedAt = m.take("submittedAt").flatMap(doc.time),
              let text = m.take("text").flatMap(doc.text),
              m.isAtEnd else { return nil }
        self.init(text: text, attachments: attachments, submittedAt: submittedAt)
    }
}

extension ServiceRecord.Delivery {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let actualActivationTime = doc.time(ifAny: m.take("actualActivationTime")),
              let deliveredAt = m.take("deliveredAt").flatMap(doc.time),
              let documents = m.take("documents").flatMap({ AttachmentRef.canonicalList(doc, $0) }),
              let resultDescription = doc.text(ifAny: m.take("resultDescription")),
              m.isAtEnd else { return nil }
        self.init(resultDescription: resultDescription, actualActivationTime: actualActivationTime,
                  documents: documents, deliveredAt: deliveredAt)
    }
}

extension ServiceRecord.Rejection {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let at = m.take("at").flatMap(doc.time),
              let by = m.take("by").flatMap({ doc.word($0, ActorKind.self) }),
              let kind = m.take("kind").flatMap({ doc.word($0, Kind.self) }),
              let reason = m.take("reason").flatMap(doc.text),
              m.isAtEnd else { return nil }
        self.init(kind: kind, by: by, reason: reason, at: at)
    }
}

extension ServiceRecord.Shipping {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let address = doc.text(ifAny: m.take("address")),
              let carrier = doc.text(ifAny: m.take("carrier")),
              let logisticsPhone = doc.text(ifAny: m.take("logisticsPhone")),
              let shippedAt = doc.time(ifAny: m.take("shippedAt")),
              let signedAt = doc.time(ifAny: m.take("signedAt")),
              let trackingNumber = doc.text(ifAny: m.take("trackingNumber")),
              m.isAtEnd else { return nil }
        self.init(address: address, carrier: carrier, trackingNumber: trackingNumber, logisticsPhone: logisticsPhone,
                  shippedAt: shippedAt, signedAt: signedAt)
    }
}

extension ServiceRecord.License {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let activatedAt = doc.time(ifAny: m.take("activatedAt")),
              let activationRequestedAt = doc.time(ifAny: m.take("activationRequestedAt")),
              let code = doc.text(ifAny: m.take("code")),
              let identifier = doc.text(ifAny: m.take("identifier")),
              m.isAtEnd else { return nil }
        self.init(identifier: identifier, code: code, activationRequestedAt: activationRequestedAt, activatedAt: activatedAt)
    }
}

extension ServiceRecord {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let acceptanceRuleSet = m.take("acceptanceRuleSet").flatMap({ doc.word($0, AcceptanceRuleSet.self) }),
              let acceptedAt = doc.time(ifAny: m.take("acceptedAt")),
              let appealIds = m.take("appealIds").flatMap({ doc.array($0, doc.text) }),
              let closedAt = doc.time(ifAny: m.take("closedAt")),
              let delivery = Self.part(m.take("delivery"), { Delivery(canonical: doc, $0) }),
              let enteredStateAt = m.take("enteredStateAt").flatMap(doc.time),
              let flow = m.take("flow").flatMap({ doc.word($0, FlowID.self) }),
              let flowVersion = m.take("flowVersion").flatMap(doc.text),
              let history = m.take("history").flatMap({ HistoryLog(surely: doc, $0) }),
              let license = Self.part(m.take("license"), { License(canonical: doc, $0) }),
              let moreOpenAppealIds = doc.array(ifAny: m.take("moreOpenAppealIds"), doc.text),
              let openAppealId = doc.text(ifAny: m.take("openAppealId")),
              let openedAt = m.take("openedAt").flatMap(doc.time),
              let orderId = m.take("orderId").flatMap(doc.text),
              let productId = m.take("productId").flatMap(doc.text),
              let rejections = m.take("rejections").flatMap({ doc.array($0) { Rejection(canonical: doc, $0) } }),
              let requirement = Self.part(m.take("requirement"), { Requirement(canonical: doc, $0) }),
              let reviewRequired = m.take("reviewRequired").flatMap(doc.bool),
              let shipping = Self.part(m.take("shipping"), { Shipping(canonical: doc, $0) }),
              let state = m.take("state").flatMap({ doc.word($0, SupervisionState.self) }),
              m.isAtEnd else { return nil }
        self.orderId = orderId; self.productId = productId; self.flow = flow; self.flowVersion = flowVersion
        self.state = state; self.openedAt = openedAt; self.enteredStateAt = enteredStateAt
        self.reviewRequired = reviewRequired; self.acceptanceRuleSet = acceptanceRuleSet
        self.requirementBox = requirement.map(Indirect.init); self.deliveryBox = delivery.map(Indirect.init)
        self.rejections = rejections
        self.shippingBox = shipping.map(Indirect.init); self.licenseBox = license.map(Indirect.init)
        self.acceptedAt = acceptedAt; self.closedAt = closedAt; self.openAppealId = openAppealId
        self.moreOpenAppealIds = moreOpenAppealIds; self.appealIds = appealIds; self.historyLog = history
    }

    /// An optional part: absent is `.some(nil)`; present and unreadable is nil.
    private static func part<T>(_ i: Int?, _ read: (Int) -> T?) -> T?? {
        guard let i else { return .some(nil) }
        guard let v = read(i) else { return nil }
        return .some(v)
    }
}

extension Snapshot.KnownEvents {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let ids = m.take("ids").flatMap({ doc.array($0, doc.text) }),
              let sums = m.take("sums").flatMap({ doc.array($0) { doc.integer($0, UInt32.self) } }),
              m.isAtEnd else { return nil }
        self.init(ids: ids, sums: sums)
    }
}
