import SellerCore

/// What is drawn over the lists: boxes, help, the action menu, forms, receivers.
extension App {
    /// A framed box in the middle of the screen; returns its inner area.
    func box(_ c: inout Canvas, title: String, width w: Int, height h: Int) -> (x: Int, y: Int, w: Int, h: Int) {
        let bw = min(width - 2, w), bh = min(height - 2, h)
        let x = (width - bw) / 2, y = (height - bh) / 2
        c.fill(x: x, y: y, width: bw, height: bh)
        c.put("┌" + String(repeating: "─", count: bw - 2) + "┐", x: x, y: y, style: Style(.accent))
        for row in (y + 1)..<(y + bh - 1) {
            c.put("│", x: x, y: row, style: Style(.accent))
            c.put("│", x: x + bw - 1, y: row, style: Style(.accent))
        }
        c.put("└" + String(repeating: "─", count: bw - 2) + "┘", x: x, y: y + bh - 1, style: Style(.accent))
        c.put(" \(title) ", x: x + 2, y: y, style: Style(.accent, bold: true), maxWidth: bw - 4)
        return (x + 2, y + 1, bw - 4, bh - 2)
    }

    func drawHelp(_ c: inout Canvas, scroll: Int) {
        let l = model.lang
        var lines: [String] = []
        for group in [CommandSpec.Group.global, .navigation, .pane] {
            lines.append(["global": l.t("render.global"), "navigation": l.t("render.navigation"), "pane": l.t("render.this_pane")][group.rawValue]!)
            for spec in CommandRegistry.available(on: tab, readOnly: readOnly) where spec.group == group {
                let keys = bindings.keys(for: spec.id).map(\.label).joined(separator: " ")
                lines.append("  " + TextWidth.fit(keys.isEmpty ? "—" : keys, to: 16) + spec.title(l))
            }
        }
        // Two columns when one would not fit and the screen is wide enough.
        let columns = lines.count > height - 6 && width >= 110 ? 2 : 1
        let inner = box(&c, title: l.t("render.keys_j_k_scroll_any_other_key_closes", tab.title(l)),
                        width: columns == 2 ? 124 : 64, height: height - 4)
        let colWidth = inner.w / columns
        let perColumn = (lines.count + columns - 1) / columns
        for col in 0..<columns {
            let part = lines.dropFirst(col * perColumn).prefix(perColumn)
            for (i, line) in part.dropFirst(min(scroll, max(0, part.count - inner.h))).prefix(inner.h).enumerated() {
                c.put(line, x: inner.x + col * colWidth, y: inner.y + i, style: Style(line.hasPrefix("  ") ? .normal : .header, bold: !line.hasPrefix("  ")),
                      maxWidth: colWidth - 1)
            }
        }
    }

    func drawActionMenu(_ c: inout Canvas, target: String, items: [MenuItem], selected: Int) {
        let l = model.lang
        let title = tab == .tickets ? l.t("render.actions_ticket", target) : l.t("render.actions_order", target)
        let inner = box(&c, title: title, width: 70, height: items.count + 6)
        for (i, item) in items.enumerated() {
            let mark = i == selected ? "▶ " : "  "
            let style = !item.isAvailable ? Style(.muted) : i == selected ? Style(.selected, bold: true, reverse: true) : Style.normal
            c.put(mark + item.title + (item.isAvailable ? "" : l.t("render.unavailable")), x: inner.x, y: inner.y + i, style: style, maxWidth: inner.w)
        }
        if items.indices.contains(selected), let why = items[selected].unavailableReason {
            for (i, line) in Details.breakLine(Sanitizer.line(why), width: inner.w).prefix(2).enumerated() {
                c.put(line, x: inner.x, y: inner.y + items.count + 1 + i, style: Style(.warning))
            }
        }
        c.put(l.t("render.enter_choose_esc_cancel"), x: inner.x, y: inner.y + inner.h - 1, style: Style(.muted))
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
                c.put(l.t("render.quit_with_unsaved_form"), x: inner.x, y: inner.y + inner.h - 2, style: Style(.warning, bold: true), maxWidth: inner.w)
            }
        }
        var y = inner.y
        if f.reviewing || f.confirmingDiscard {
            c.put(f.confirmingDiscard ? l.t("render.discard_your_changes_y_discards_any_othe")
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
                c.put(l.t("render.y_files_it_n_goes_back"), x: inner.x, y: inner.y + inner.h - 1, style: Style(.footerKey, bold: true))
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
                c.put("    " + Sanitizer.line(note), x: inner.x, y: y, style: Style(fld.error != nil ? .error : .muted), maxWidth: inner.w)
                y += 1
            }
            if fld.kind == .files {
                for file in fld.files where y < inner.y + inner.h - 2 {
                    c.put("    📎 " + Sanitizer.line(file), x: inner.x, y: y, maxWidth: inner.w)
                    y += 1
                }
            }
            let lines = fld.shownValue.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let shown = fld.editor.multiline ? Array(lines.suffix(4)) : [lines.last ?? ""]
            let firstShown = lines.count - shown.count
            for (k, line) in shown.enumerated() where y < inner.y + inner.h - 2 {
                c.put("    " + Sanitizer.line(line), x: inner.x, y: y, style: Style(focused ? .normal : .muted, underline: focused), maxWidth: inner.w)
                if focused, fld.choiceNames.isEmpty, firstShown + k == fld.editor.cursorLine.line {
                    c.cursor = (inner.x + 4 + fld.editor.cursorLine.column, y)
                }
                y += 1
            }
            y += 1
        }
        if let e = f.error { drawFormError(&c, e, inner: inner) }
        c.put(l.t("render.tab_next_enter_newline_add_file_ctrl_s_r"),
              x: inner.x, y: inner.y + inner.h - 1, style: Style(.muted), maxWidth: inner.w)
    }

    func drawReceivers(_ c: inout Canvas, selected: Int, confirmRemove: Bool) {
        let l = model.lang
        let list = receiverList
        let byCategory = list.isEmpty ? [] : model.state.receiversByCategory()
        let inner = box(&c, title: l.t("render.message_receivers"), width: 100, height: max(12, list.count + 10 + (byCategory.isEmpty ? 0 : byCategory.count + 2)))
        var y = inner.y
        if list.isEmpty {
            // DOMAIN §5: with no receiver, notices go to the main account's bound phone and email.
            let fallback = model.state.effectiveReceivers(for: 101).first
            let contacts = [fallback?.mobile.map { l.t("render.phone", $0) }, fallback?.email.map { l.t("render.email", $0) }]
                .compactMap { $0 }.joined(separator: l.t("list.separator"))
            let text = l.t("render.no_receivers_fallback", contacts.isEmpty ? l.t("render.contacts_none_bound") : contacts)
            for line in Details.breakLine(Sanitizer.line(text), width: inner.w) { c.put(line, x: inner.x, y: y, style: Style(.warning)); y += 1 }
        } else {
            c.put(TextWidth.fit(l.t("render.id"), to: 12) + TextWidth.fit(l.t("render.name"), to: 14) + TextWidth.fit(l.t("render.mobile"), to: 13)
                  + TextWidth.fit(l.t("render.email_2"), to: 24) + TextWidth.fit(l.t("render.categories"), to: 14) + l.t("render.channels"),
                  x: inner.x, y: y, style: Style(.header, bold: true), maxWidth: inner.w)
            y += 1
            for (i, r) in list.enumerated() where y < inner.y + inner.h - 3 {
                let cats = r.categories.isEmpty ? l.t("render.all") : r.categories.map(String.init).joined(separator: ",")
                let row = TextWidth.fit(Sanitizer.line(r.id), to: 12) + TextWidth.fit(Sanitizer.line(r.name), to: 14) + TextWidth.fit(r.mobile ?? "—", to: 13)
                    + TextWidth.fit(Sanitizer.line(r.email ?? "—"), to: 24) + TextWidth.fit(cats, to: 14) + r.channels.map { model.lang.term($0) }.joined(separator: model.lang.t("list.separator"))
                c.put((i == selected ? "▶ " : "  ") + row, x: inner.x, y: y, style: i == selected ? Style(.selected, bold: true, reverse: true) : .normal, maxWidth: inner.w)
                y += 1
            }
            // Who receives each category: a category no receiver takes falls back
            // to the account's bound phone and email [S2], category by category.
            y += 1
            if y < inner.y + inner.h - 3 {
                c.put(l.t("render.receivers_by_category"), x: inner.x, y: y, style: Style(.header, bold: true), maxWidth: inner.w)
                y += 1
            }
            for entry in byCategory where y < inner.y + inner.h - 3 {
                let names = entry.receivers.map { r in r.id == "default" ? l.t("render.bound_contacts") : Sanitizer.line(r.name) }
                let who = names.isEmpty ? l.t("render.contacts_none_bound") : names.joined(separator: l.t("list.separator"))
                c.put("  " + TextWidth.fit("\(entry.category) \(l.term(CategoryTerm(entry.category)))", to: 26) + who,
                      x: inner.x, y: y, style: entry.receivers.first?.id == "default" ? Style(.warning) : .normal, maxWidth: inner.w)
                y += 1
            }
        }
        if confirmRemove, list.indices.contains(selected) {
            c.put(l.t("render.remove_y_removes_any_other_key_keeps", Sanitizer.line(list[selected].name)),
                  x: inner.x, y: inner.y + inner.h - 2, style: Style(.warning, bold: true), maxWidth: inner.w)
        }
        let keys = readOnly ? l.t("render.j_k_select_esc_close_read_only")
                            : l.t("render.n_add_e_enter_edit_d_remove_j_k_select_e")
        c.put(keys, x: inner.x, y: inner.y + inner.h - 1, style: Style(.footerKey, bold: true), maxWidth: inner.w)
    }
}

extension App {
    /// A form's error, wrapped at word boundaries upwards from the line above
    /// the keys (at most three lines), so a long refusal is read whole.
    func drawFormError(_ c: inout Canvas, _ e: String, inner: (x: Int, y: Int, w: Int, h: Int)) {
        var lines = WordWrap.lines(Sanitizer.line(e), width: inner.w)
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
