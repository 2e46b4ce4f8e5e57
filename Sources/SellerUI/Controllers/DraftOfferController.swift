import SellerCore

/// A draft left from last time, offered back when the console opens: `y`
/// (or Enter) restores it if the core still allows its action, `n` discards it.
enum DraftOfferController: ModeController {
    static let placement = Placement.overlay

    static func handle(_ key: Key, app: inout App) -> [Effect] {
        guard case .draftOffer(let d) = app.mode else { return [] }
        switch app.command(key, in: .draftOffer) {
        case .yes: app.restore(d)
        case .no, .quit:
            app.mode = .normal
            app.status = (app.model.lang.t("app.draft_discarded"), false)
        case .forceQuit: return app.run(.forceQuit)
        default: break
        }
        return []
    }

    static func render(_ app: App, into c: inout Canvas, area: Rect) {
        guard case .draftOffer(let d) = app.mode else { return }
        let l = app.model.lang
        let inner = app.box(&c, title: l.t("render.unfinished_draft"), width: 70, height: 8)
        c.put(l.t("render.you_left_a_draft_unfinished"), x: inner.x, y: inner.y, maxWidth: inner.w)
        c.put("  " + d.title(l), x: inner.x, y: inner.y + 1, style: Style(.accent, bold: true), maxWidth: inner.w)
        // The first field typed in, by key: a dictionary's order would change from run to run.
        let first = d.values.sorted { $0.key < $1.key }.first { !$0.value.isEmpty }?.value ?? ""
        c.put("  " + first, x: inner.x, y: inner.y + 2, style: Style(.muted), maxWidth: inner.w)
        c.put(l.t("render.hint_draft_offer", app.bindings.label(.yes), app.bindings.label(.no)), x: inner.x, y: inner.y + inner.h - 1, style: Style(.footerKey, bold: true))
    }
}

extension App {
    /// Rebuilds the form the draft belongs to, if the core still allows it.
    mutating func restore(_ d: FormDraft) {
        var form: FormState?
        var why: String?
        switch d.purpose {
        case .step(let o, let e):
            let option = model.state.actions(for: o, account: model.account).first { $0.kind == .step(e) }
            why = option == nil ? model.lang.t("app.step_gone", o, model.lang.term(e)) : option?.refusal.map { RefusalText.text($0, model.lang, state: model.state) }
            if let option, why == nil { form = FormState(purpose: d.purpose, rules: option.fields, lang: model.lang) }
        case .appeal(let o):
            why = model.state.appealRefusal(orderId: o, account: model.account).map { RefusalText.text($0, model.lang, state: model.state) }
            if why == nil { form = FormState(purpose: d.purpose, rules: model.state.actions(for: o, account: model.account).first { $0.kind == .fileAppeal }?.fields ?? [], lang: model.lang) }
        case .ticket(let t, let e):
            let option = model.state.ticketActions(for: t, account: model.account).first { $0.event == e }
            why = option == nil ? model.lang.t("app.ticket_step_gone", t, model.lang.term(e)) : option?.refusal.map { RefusalText.text($0, model.lang, state: model.state) }
            if let option, why == nil { form = FormState(ticket: t, option: option, lang: model.lang, accounts: Array(model.state.accounts.values)) }
        case .receiver(let id):
            form = FormState(receiver: id.flatMap { model.state.receivers[$0] }, lang: model.lang)
            if let id, model.state.receivers[id] == nil { form = nil; why = model.lang.t("app.receiver_was_removed", id) }
        case .invoice(let id):
            if let r = model.state.invoices[id], r.issuedAt == nil { form = FormState(invoice: r, lang: model.lang) }
            else { why = model.lang.t("app.no_open_invoice_request") }
        }
        guard var f = form else {
            mode = .normal
            status = (model.lang.t("app.the_draft_cannot_be_restored") + (why ?? ""), true)
            return
        }
        f.fill(from: d)
        mode = .form(f)
    }
}
