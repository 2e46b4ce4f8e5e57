import SellerCore

extension Effect {
    /// The write this effect asks for, as the core's one write path takes it;
    /// nil for effects that write nothing to the store (export, redraw…).
    public var writeRequest: WriteRequest? {
        switch self {
        case .step(let o, let e, let f, let docs): .step(orderId: o, event: e, fields: f, documents: docs, requirementAttachments: [])
        case .fileAppeal(let o, let reason, let evidence): .fileAppeal(orderId: o, reason: reason, evidence: evidence)
        case .ticket(let t): .event(.ticket(t))
        case .markMessages(let m): .event(.messagesMarked(m))
        case .issueInvoice(let id, let number): .event(.invoiceIssued(InvoiceIssue(requestId: id, number: number)))
        case .receiver(let change): .event(change.event)
        case .export, .reload, .redraw, .suspend, .quit: nil
        }
    }
}

/// The runtime's reports on writes (`Msg.writeFinished`, `.waitingForLock`, `.lockWaitEnded`).
extension App {
    /// The runtime's report on a write: the refusal, if any, as a value,
    /// shown in the console's language.
    mutating func finished(_ effect: Effect, refusal: WriteRefusal?) {
        finished(effect, error: refusal.map { RefusalText.text($0, model.lang, state: model.state) })
    }

    /// Writes are waiting for another process's lock: say so, and who holds it.
    mutating func waitingForLock(holders: [Int]) {
        status = (App.lockWaitText(holders, model.lang), true)
    }

    /// The wait is over: its notice leaves the status line (the outcome, if
    /// it says anything, replaces it); anything said since stays.
    mutating func lockWaitEnded(holders: [Int]) {
        if let shown = status?.text, shown == App.lockWaitText(holders, model.lang) { status = nil }
    }

    /// The status line while writes wait for the lock.
    public static func lockWaitText(_ holders: [Int], _ l: Lang) -> String {
        holders.isEmpty ? l.t("console.waiting_for_lock") : l.t("console.waiting_for_lock_held", holders.map(String.init).joined(separator: ", "))
    }
}
