import SellerCore

/// What the UI asks the runtime to do (`App.update` returns them); the
/// runtime reports back with `Msg.effectFinished`. The app itself never
/// touches the store or files.
public enum Effect: Sendable, Equatable {
    /// A supervision step; `documents` are file paths to copy into the store.
    case step(orderId: String, event: FlowEvent, fields: FieldValues, documents: [String])
    case fileAppeal(orderId: String, reason: String, evidence: [String])
    case ticket(TicketStep)
    case markMessages(MessageMark)
    /// 开具发票: records the invoice issued for a request.
    case issueInvoice(requestId: String, number: String)
    case receiver(ReceiverChange)
    /// Writes the rows as CSV to `path` (the runtime shows progress).
    case export(path: String, headers: [String], rows: [[String]])
    case reload
    /// Ctrl-L: repaint every cell of the terminal, whatever it holds now.
    case redraw
    case suspend
    case quit
}

/// A change to the message receivers (消息接收人).
public enum ReceiverChange: Sendable, Equatable {
    case add(MessageReceiver)
    case update(MessageReceiver)
    case remove(id: String)

    public var event: DomainEvent {
        switch self {
        case .add(let r): .receiverAdded(r)
        case .update(let r): .receiverUpdated(r)
        case .remove(let id): .receiverRemoved(EntityRef(id: id))
        }
    }
}
