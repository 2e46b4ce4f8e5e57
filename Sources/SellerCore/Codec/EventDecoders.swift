import Foundation

// Hand-written decoders for journal and outbox lines of the kinds a store
// holds most of: supervision steps, read marks and ticket steps are nearly
// every merchant action (the outbox `seller check` reads whole). Same rule
// as EntityDecoders.swift: members in the encoder's order or nil, and nil
// leaves the line to `Codable` (same value, same error). Other event types
// always go the generic way.

extension Actor {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard let s = doc.text(i), let a = Actor(string: s) else { return nil }
        self = a
    }
}

extension FieldValues {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let actualActivationTime = doc.time(ifAny: m.take("actualActivationTime")),
              let address = doc.text(ifAny: m.take("address")),
              let carrier = doc.text(ifAny: m.take("carrier")),
              let cause = doc.word(ifAny: m.take("cause"), AutoAcceptCause.self),
              let documents = doc.array(ifAny: m.take("documents"), { AttachmentRef(canonical: doc, $0) }),
              let identifier = doc.text(ifAny: m.take("identifier")),
              let licenseCode = doc.text(ifAny: m.take("licenseCode")),
              let logisticsPhone = doc.text(ifAny: m.take("logisticsPhone")),
              let note = doc.text(ifAny: m.take("note")),
              let reason = doc.text(ifAny: m.take("reason")),
              let requirementAttachments = doc.array(ifAny: m.take("requirementAttachments"), { AttachmentRef(canonical: doc, $0) }),
              let requirementText = doc.text(ifAny: m.take("requirementText")),
              let resultDescription = doc.text(ifAny: m.take("resultDescription")),
              let signedAt = doc.time(ifAny: m.take("signedAt")),
              let trackingNumber = doc.text(ifAny: m.take("trackingNumber")),
              m.isAtEnd else { return nil }
        self.init(reason: reason, requirementText: requirementText, requirementAttachments: requirementAttachments,
                  resultDescription: resultDescription, actualActivationTime: actualActivationTime, documents: documents,
                  carrier: carrier, trackingNumber: trackingNumber, logisticsPhone: logisticsPhone, address: address,
                  identifier: identifier, licenseCode: licenseCode, note: note, cause: cause, signedAt: signedAt)
    }
}

extension SupervisionStep {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let event = m.take("event").flatMap({ doc.word($0, FlowEvent.self) }),
              let fields = m.take("fields").flatMap({ FieldValues(canonical: doc, $0) }),
              let orderId = m.take("orderId").flatMap(doc.text),
              m.isAtEnd else { return nil }
        self.init(orderId: orderId, event: event, fields: fields)
    }
}

extension MessageMark {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let all = m.take("all").flatMap(doc.bool),
              let ids = m.take("ids").flatMap({ doc.array($0, doc.text) }),
              let read = m.take("read").flatMap(doc.bool),
              m.isAtEnd else { return nil }
        self.init(ids: ids, all: all, read: read)
    }
}

extension TicketStep {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let access = doc.word(ifAny: m.take("access"), AccessKind.self),
              let assignee = doc.text(ifAny: m.take("assignee")),
              let body = doc.text(ifAny: m.take("body")),
              let event = m.take("event").flatMap({ doc.word($0, TicketEvent.self) }),
              let ticketId = m.take("ticketId").flatMap(doc.text),
              m.isAtEnd else { return nil }
        self.init(ticketId: ticketId, event: event, body: body, access: access, assignee: assignee)
    }
}

extension EventEnvelope {
    init?(canonical doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i),
              let actor = m.take("actor").flatMap({ Actor(canonical: doc, $0) }),
              let at = m.take("at").flatMap(doc.time),
              let data = m.take("data"),
              let id = m.take("id").flatMap(doc.text),
              var type = m.take("type").flatMap(doc.text),
              m.isAtEnd else { return nil }
        if type.hasPrefix(EventEnvelope.outboxPrefix) { type.removeFirst(EventEnvelope.outboxPrefix.count) }
        let event: DomainEvent
        switch type {
        case "supervision.step": guard let p = SupervisionStep(canonical: doc, data) else { return nil }; event = .supervision(p)
        case "messages.marked": guard let p = MessageMark(canonical: doc, data) else { return nil }; event = .messagesMarked(p)
        case "ticket.step": guard let p = TicketStep(canonical: doc, data) else { return nil }; event = .ticket(p)
        default: return nil
        }
        self.init(id: id, at: at, actor: actor, event: event)
    }
}

extension Journal.Entry {
    /// A framed line: its `crc` member is the frame's, checked before and not decoded.
    init?(canonicalLine doc: JSONDocument, _ i: Int) {
        guard var m = CanonicalMembers(doc, i) else { return nil }
        _ = m.take("crc")
        guard let event = m.take("event").flatMap({ EventEnvelope(canonical: doc, $0) }),
              let rules = doc.integer(ifAny: m.take("rules"), Int.self),
              let seq = m.take("seq").flatMap({ doc.integer($0, Int.self) }),
              let store = doc.text(ifAny: m.take("store")),
              m.isAtEnd else { return nil }
        self.init(event: event, rules: rules, seq: seq, store: store)
    }
}
