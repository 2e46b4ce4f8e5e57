import SellerCore

/// Drafts, forms, the receivers screen, `:` lines and the runtime's reports on effects.
extension App {
    /// The form being typed, as a draft to keep on disk (nil when there is
    /// nothing unsaved). The runtime writes it whenever it changes.
    public var draft: FormDraft? {
        switch mode {
        case .form(let f) where f.changed: FormDraft(f)
        case .draftOffer(let d): d
        default: nil
        }
    }

    /// Offers a draft found on disk when the console opens.
    public mutating func offerDraft(_ d: FormDraft) {
        guard !readOnly else { return }
        mode = .draftOffer(d)
    }

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

    /// The receivers, in the order the screen lists them.
    var receiverList: [MessageReceiver] { model.state.receivers.values.sorted { $0.id < $1.id } }

    mutating func handleReceivers(_ key: Key, selected: Int, confirmRemove: Bool) -> [Effect] {
        let list = receiverList
        if confirmRemove {
            mode = .receivers(selected: selected, confirmRemove: false)
            if key == .char("y"), list.indices.contains(selected) { return [.receiver(.remove(id: list[selected].id))] }
            return []
        }
        switch key {
        case .char("j"), .down: mode = .receivers(selected: min(max(0, list.count - 1), selected + 1), confirmRemove: false)
        case .char("k"), .up: mode = .receivers(selected: max(0, selected - 1), confirmRemove: false)
        case .escape, .char("q"), .char("R"): mode = .normal
        case .ctrl("c"): return run(.forceQuit)
        case .char("n") where !readOnly: mode = .form(FormState(receiver: nil, lang: model.lang))
        case .char("e") where !readOnly, .enter where !readOnly:
            if list.indices.contains(selected) { mode = .form(FormState(receiver: list[selected], lang: model.lang)) }
        case .char("d") where !readOnly:
            if list.indices.contains(selected) { mode = .receivers(selected: selected, confirmRemove: true) }
        default: break
        }
        return []
    }

    /// Runs a `:` line: remembers it, then applies filters or asks for an export.
    mutating func runCommandLine(_ text: String) -> [Effect] {
        let line = text.trimmingSpaces
        guard !line.isEmpty else { return [] }
        if commandHistory.last != line { commandHistory.append(line) }
        if commandHistory.count > 200 { commandHistory.removeFirst(commandHistory.count - 200) }
        switch CommandLineParser.parse(line, tab: tab, current: panes[tab]!.conditions, lang: model.lang, columns: data.columns.map(\.title), roles: data.roles) {
        case .sort(let col, let descending):
            panes[tab]!.sortColumn = col
            panes[tab]!.descending = descending
            refilter()
            status = (model.lang.t("app.sorted_by", data.columns[col].title) + (descending ? "↓" : "↑"), false)
        case .error(let why):
            status = (why, true)
        case .conditions(let c):
            panes[tab]!.conditions = c
            panes[tab]!.keep = []
            panes[tab]!.selected = 0
            rebuild()
            status = (c.isEmpty ? model.lang.t("app.conditions_cleared") : c.summary(model.lang), false)
        case .export(let path):
            let rows = visible.map { data.rows[$0].cells }
            return [.export(path: path, headers: data.columns.map(\.title), rows: rows)]
        }
        return []
    }

    mutating func handleForm(_ form: inout FormState, _ key: Key) -> [Effect] {
        if form.confirmingQuit {
            form.confirmingQuit = false
            if key == .char("y") || key == .ctrl("c") { return run(.forceQuit) }
            return []
        }
        if key == .ctrl("c") {
            // The draft is on disk either way; still, say so before leaving it.
            if form.changed { form.confirmingQuit = true; return [] }
            return run(.forceQuit)
        }
        if form.confirmingDiscard {
            if key == .char("y") { mode = .normal; status = (model.lang.t("app.discarded"), false) } else { form.confirmingDiscard = false }
            return []
        }
        if form.reviewing {
            switch key {
            case .char("y"), .enter:
                guard let effect = form.effect else { return [] }
                return [effect]
            case .char("n"), .escape:
                if form.fields.isEmpty { mode = .normal } else { form.reviewing = false }
            default: break
            }
            return []
        }
        switch key {
        case .tab:
            // An account field completes first; Tab moves on once it names one.
            if !form.completeAccount() { form.focus = (form.focus + 1) % form.fields.count }
            return []
        case .backTab: form.focus = (form.focus + form.fields.count - 1) % form.fields.count; return []
        case .ctrl("s"): form.review(inspect: inspectFile); return []
        case .escape:
            if form.changed { form.confirmingDiscard = true } else { mode = .normal }
            return []
        default: break
        }
        let at = form.focus
        var field = form.fields[at]
        // Review runs after the edited field is back in the form.
        var submit = false
        if !field.choices.isEmpty, [Key.left, .right, .char(" ")].contains(key) {
            let i = field.choices.firstIndex(of: field.editor.value) ?? 0
            let next = (i + (key == .left ? field.choices.count - 1 : 1)) % field.choices.count
            field.editor = TextField(field.choices[next])
            form.changed = true
        } else if !field.choices.isEmpty, key == .enter {
            if form.focus == form.fields.count - 1 { submit = true } else { form.focus += 1 }
        } else if !field.choices.isEmpty {
            // Choices are picked, not typed.
        } else if field.kind == .files {
            if key == .enter {
                let path = field.editor.value.trimmingSpaces
                if !path.isEmpty { field.files.append(path); field.editor = TextField(""); form.changed = true }
                else if form.focus == form.fields.count - 1 { submit = true } else { form.focus += 1 }
            } else if key == .backspace, field.editor.text.isEmpty, !field.files.isEmpty {
                field.files.removeLast()
                form.changed = true
            } else if field.editor.handle(key) == .edited {
                form.changed = true
            }
        } else {
            switch field.editor.handle(key) {
            case .submit:
                if form.focus == form.fields.count - 1 { submit = true } else { form.focus += 1 }
            case .edited: form.changed = true
            default: break
            }
        }
        if field.editor.value != form.fields[at].editor.value || field.files != form.fields[at].files {
            // An edit answers what review said about this field; the next review re-checks it.
            if let e = field.error, form.error == e { form.error = nil }
            field.error = nil
            field.hint = nil
        }
        form.fields[at] = field
        if submit { form.review(inspect: inspectFile) }
        return []
    }

    /// The runtime's report on an effect: success closes the form.
    public mutating func finished(_ effect: Effect, error: String?) {
        if case .markMessages(let mark) = effect { noteMark(mark, failed: error != nil) }
        if let error {
            if case .form(var f) = mode { f.reviewing = false; f.error = error; mode = .form(f) }
            status = (error, true)
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
}
