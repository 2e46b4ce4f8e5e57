import SellerCore

/// A form: a step's fields, an appeal, a ticket step, a receiver, an invoice.
/// Tab / Shift-Tab move between fields, Ctrl-S reviews, the review files it
/// with `y`; Esc on a changed form asks first. The field editing keys are
/// the TextField's.
enum FormController: ModeController {
    static let placement = Placement.overlay

    static func handle(_ key: Key, app: inout App) -> [Effect] {
        guard case .form(var form) = app.mode else { return [] }
        let effects = app.handleForm(&form, key)
        if case .form = app.mode { app.mode = .form(form) }
        return effects
    }

    static func render(_ app: App, into c: inout Canvas, area: Rect) {
        guard case .form(let f) = app.mode else { return }
        app.drawForm(&c, f)
    }
}

extension App {
    mutating func handleForm(_ form: inout FormState, _ key: Key) -> [Effect] {
        let quits = command(key, in: .form) == .forceQuit
        if form.confirmingQuit {
            form.confirmingQuit = false
            if command(key, in: .confirm) == .accept || quits { return run(.forceQuit) }
            return []
        }
        if quits {
            // The draft is on disk either way; still, say so before leaving it.
            if form.changed { form.confirmingQuit = true; return [] }
            return run(.forceQuit)
        }
        if form.confirmingDiscard {
            if command(key, in: .confirm) == .accept { mode = .normal; status = (model.lang.t("app.discarded"), false) } else { form.confirmingDiscard = false }
            return []
        }
        if form.reviewing {
            switch command(key, in: .formReview) {
            case .yes:
                guard let effect = form.effect else { return [] }
                // Confirmed once already: the write waits (for the lock); a
                // second confirm would file it twice.
                if form.submitted != nil { status = (model.lang.t("app.write_already_sent"), false); return [] }
                form.submitted = effect
                return [effect]
            case .no:
                if form.fields.isEmpty { mode = .normal } else { form.reviewing = false }
            default: break
            }
            return []
        }
        switch command(key, in: .form) {
        case .nextField:
            // An account field completes first; Tab moves on once it names one.
            if !form.completeAccount() { form.focus = (form.focus + 1) % form.fields.count }
            return []
        case .prevField: form.focus = (form.focus + form.fields.count - 1) % form.fields.count; return []
        case .review: form.review(inspect: inspectFile); return []
        case .back:
            if form.changed { form.confirmingDiscard = true } else { mode = .normal }
            return []
        default: break
        }
        // The rest are the field's: a choice cycled (choiceNext/choicePrev), files
        // added and removed (addFile/removeFile), else text editing (TextField's commands).
        let at = form.focus
        var field = form.fields[at]
        // Review runs after the edited field is back in the form.
        var submit = false
        let own = command(key, in: .form)
        let edit = bindings.command(key, in: .textEdit)
        if !field.choices.isEmpty, own == .choiceNext || own == .choicePrev {
            let i = field.choices.firstIndex(of: field.editor.value) ?? 0
            let next = (i + (own == .choicePrev ? field.choices.count - 1 : 1)) % field.choices.count
            field.editor = TextField(field.choices[next])
            form.changed = true
        } else if !field.choices.isEmpty, edit == .submitField {
            if form.focus == form.fields.count - 1 { submit = true } else { form.focus += 1 }
        } else if !field.choices.isEmpty {
            // Choices are picked, not typed.
        } else if field.kind == .files {
            let path = field.editor.value.trimmingSpaces
            if own == .addFile, !path.isEmpty {
                field.files.append(path)
                field.editor = TextField("")
                form.changed = true
            } else if own == .removeFile, field.editor.text.isEmpty, !field.files.isEmpty {
                field.files.removeLast()
                form.changed = true
            } else {
                // With no path typed, the add key (or the field's submit key) moves on.
                switch own == .addFile ? .submit : field.editor.handle(key, as: edit) {
                case .submit: if form.focus == form.fields.count - 1 { submit = true } else { form.focus += 1 }
                case .edited: form.changed = true
                default: break
                }
            }
        } else {
            switch field.editor.handle(key, as: edit) {
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

    func drawForm(_ c: inout Canvas, _ f: FormState) {
        let l = model.lang
        let title: String = switch f.purpose {
        case .step(let o, let e): l.t("render.step_title", l.term(e), o)
        case .appeal(let o): l.t("render.file_an_appeal_order", o)
        case .ticket(let t, let e): l.t("render.ticket_step_title", l.term(e), t)
        case .receiver(let id): id.map { l.t("render.edit_receiver", $0) } ?? l.t("render.add_a_message_receiver")
        case .invoice(let id): l.t("form.issue_invoice", id)
        }
        let inner = box(&c, title: title, width: 76, height: height - 4)
        defer {
            if f.confirmingQuit {
                c.fill(x: inner.x, y: inner.y + inner.h - 2, width: inner.w, height: 1)
                c.put(l.t("render.quit_question", bindings.label(.accept)), x: inner.x, y: inner.y + inner.h - 2, style: Style(.warning, bold: true), maxWidth: inner.w)
            }
        }
        var y = inner.y
        if f.reviewing || f.confirmingDiscard {
            c.put(f.confirmingDiscard ? l.t("render.discard_question", bindings.label(.accept))
                                      : l.t("render.this_will_be_filed"), x: inner.x, y: y, style: Style(.warning, bold: true))
            y += 2
            for fld in f.fields {
                let value = fld.kind == .files ? (fld.files.isEmpty ? "—" : fld.files.joined(separator: l.t("list.separator"))) : (fld.editor.value.isEmpty ? "—" : fld.shownValue)
                for line in Details.wrap([(fld.label, value)], width: inner.w) where y < inner.y + inner.h - 2 {
                    c.put(line, x: inner.x, y: y, maxWidth: inner.w)
                    y += 1
                }
            }
            if let e = f.error { drawFormError(&c, e, inner: inner) }
            if !f.confirmingDiscard {
                c.put(l.t("render.hint_review", bindings.label(.yes), bindings.label(.no)), x: inner.x, y: inner.y + inner.h - 1, style: Style(.footerKey, bold: true))
            }
            return
        }
        for (i, fld) in f.fields.enumerated() {
            guard y < inner.y + inner.h - 2 else { break }
            let focused = i == f.focus
            var label = (fld.required ? "* " : "  ") + fld.label
            if let max = fld.editor.maxLength, fld.kind == .multilineText { label += l.t("render.length_count", fld.editor.text.count, max) }
            if fld.key == FieldID.actualActivationTime.rawValue { label += l.t("render.empty_validity_starts_at_acceptance") }
            c.put((focused ? "▶" : " ") + label, x: inner.x, y: y, style: Style(focused ? .accent : .header, bold: true), maxWidth: inner.w)
            y += 1
            // Review's finding (or the open completions) beside the field it is about.
            if let note = fld.error ?? fld.hint, y < inner.y + inner.h - 2 {
                c.put("    " + note, x: inner.x, y: y, style: Style(fld.error != nil ? .error : .muted), maxWidth: inner.w)
                y += 1
            }
            if fld.kind == .files {
                for file in fld.files where y < inner.y + inner.h - 2 {
                    c.put("    📎 " + file, x: inner.x, y: y, maxWidth: inner.w)
                    y += 1
                }
            }
            let lines = fld.shownValue.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let shown = fld.editor.multiline ? Array(lines.suffix(4)) : [lines.last ?? ""]
            let firstShown = lines.count - shown.count
            for (k, line) in shown.enumerated() where y < inner.y + inner.h - 2 {
                c.put("    " + line, x: inner.x, y: y, style: Style(focused ? .normal : .muted, underline: focused), maxWidth: inner.w)
                if focused, fld.choiceNames.isEmpty, firstShown + k == fld.editor.cursorLine.line {
                    c.cursor = (inner.x + 4 + fld.editor.cursorLine.column, y)
                }
                y += 1
            }
            y += 1
        }
        if let e = f.error { drawFormError(&c, e, inner: inner) }
        c.put(l.t("render.hint_form", bindings.label(.nextField), bindings.label(.addFile), bindings.label(.review), bindings.label(.back)),
              x: inner.x, y: inner.y + inner.h - 1, style: Style(.muted), maxWidth: inner.w)
    }
}

extension App {
    /// A form's error, wrapped at word boundaries upwards from the line above
    /// the keys (at most three lines), so a long refusal is read whole.
    func drawFormError(_ c: inout Canvas, _ e: String, inner: Rect) {
        var lines = WordWrap.lines(e, width: inner.w)
        if lines.count > 3 { lines = Array(lines.prefix(2)) + [WordWrap.truncate(lines[2...].joined(separator: " "), to: inner.w)] }
        let bottom = inner.y + inner.h - 2
        for (i, line) in lines.enumerated() {
            let y = bottom - (lines.count - 1 - i)
            // Clear the row first: the field drawn there would show through the gaps.
            c.fill(x: inner.x, y: y, width: inner.w, height: 1, style: .normal)
            c.put(line, x: inner.x, y: y, style: Style(.error, bold: true), maxWidth: inner.w)
        }
    }
}
