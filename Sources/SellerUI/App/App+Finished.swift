import SellerCore

/// The runtime's report on an effect (`Msg.effectFinished`): success closes
/// the form and says what was done; a refusal stays on the form and says why.
extension App {
    /// The runtime's report on an effect: success closes the form.
    mutating func finished(_ effect: Effect, error: String?) {
        if case .markMessages(let mark) = effect { noteMark(mark, failed: error != nil) }
        // A write can finish late (it waited for the lock while keys went on):
        // its outcome belongs to the form that sent it, never to another form
        // opened meanwhile (closing that one would drop its typed draft).
        // Nor to whatever else is open now (a `:` line, a filter, help): the
        // mode changes only for the form that sent it, or for the receivers
        // list a removal was made from.
        var own: FormState? = nil
        if case .form(let f) = mode, f.submitted == effect { own = f }
        var fromHere = own != nil
        if case .receiver(.remove) = effect, case .receivers = mode { fromHere = true }
        if let error {
            if var f = own { f.reviewing = false; f.error = error; f.submitted = nil; mode = .form(f) }
            status = (error, true)
            return
        }
        // Only a write that closes its form is held to it; an export or a mark is not.
        let closesAForm = switch effect { case .step, .fileAppeal, .ticket, .issueInvoice, .receiver: true; default: false }
        if closesAForm, !fromHere {
            if let done = doneText(effect) { status = (done, false) }
            return
        }
        switch effect {
        case .step(let o, let e, _, _):
            mode = .normal
            status = (model.lang.t("app.step_done", o, model.lang.term(e)), false)
        case .fileAppeal(let o, _, _):
            mode = .normal
            status = (model.lang.t("app.appeal_filed_on_the_record_is_frozen", o), false)
        case .ticket(let t):
            mode = .normal
            status = (model.lang.t("app.ticket_step_done", t.ticketId, model.lang.term(t.event)), false)
        case .markMessages:
            break
        case .issueInvoice(let id, let number):
            mode = .normal
            status = (model.lang.t("app.invoice_issued", id, number), false)
        case .receiver(let change):
            let n = receiverList.count
            mode = .receivers(selected: min(max(0, n - 1), { if case .receivers(let s, _) = mode { s } else { 0 } }()), confirmRemove: false)
            switch change {
            case .add(let r): status = (model.lang.t("app.receiver_added", r.name), false)
            case .update(let r): status = (model.lang.t("app.receiver_updated", r.name), false)
            case .remove(let id): status = (model.lang.t("app.receiver_removed", id), false)
            }
        case .export(let path, _, let rows):
            status = (model.lang.t("app.exported_rows_to", rows.count, path), false)
        default: break
        }
    }

    /// What a finished write says when its form is no longer open.
    func doneText(_ effect: Effect) -> String? {
        switch effect {
        case .step(let o, let e, _, _): model.lang.t("app.step_done", o, model.lang.term(e))
        case .fileAppeal(let o, _, _): model.lang.t("app.appeal_filed_on_the_record_is_frozen", o)
        case .ticket(let t): model.lang.t("app.ticket_step_done", t.ticketId, model.lang.term(t.event))
        case .issueInvoice(let id, let number): model.lang.t("app.invoice_issued", id, number)
        case .receiver(.add(let r)): model.lang.t("app.receiver_added", r.name)
        case .receiver(.update(let r)): model.lang.t("app.receiver_updated", r.name)
        case .receiver(.remove(let id)): model.lang.t("app.receiver_removed", id)
        default: nil
        }
    }
}
