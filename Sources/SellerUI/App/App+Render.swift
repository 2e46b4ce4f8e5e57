import SellerCore

/// Layout: title bar, tabs, queue bar, body (table + detail), footer, status.
extension App {
    var bodyTop: Int { 3 }
    var bodyHeight: Int { max(0, height - 5) }
    var wide: Bool { width >= 120 }
    var tableArea: (x: Int, y: Int, w: Int, h: Int) {
        guard showDetail else { return (0, bodyTop, width, bodyHeight) }
        if wide { return (0, bodyTop, width * 3 / 5, bodyHeight) }
        return (0, bodyTop, width, max(6, bodyHeight * 11 / 20))
    }
    var detailArea: (x: Int, y: Int, w: Int, h: Int) {
        let t = tableArea
        if wide { return (t.w + 1, bodyTop, width - t.w - 1, bodyHeight) }
        return (0, bodyTop + t.h + 1, width, max(0, bodyHeight - t.h - 1))
    }
    /// Data rows the table shows at once (one line is its header).
    var tableHeight: Int { max(1, tableArea.h - 1) }

    public func render() -> Canvas {
        var c = Canvas(width: width, height: height)
        guard width >= App.minWidth, height >= App.minHeight else { drawTooSmall(&c); return c }
        drawTitle(&c)
        drawTabs(&c)
        drawQueues(&c)
        if tab == .dashboard {
            drawDashboard(&c)
        } else if case .fullDetail(let id, let scroll) = mode {
            drawDetail(&c, area: (0, bodyTop, width, bodyHeight), scroll: scroll, id: id)
        } else {
            drawTable(&c)
            if showDetail { drawSeparator(&c); drawDetail(&c, area: detailArea, scroll: 0) }
        }
        drawFooter(&c)
        drawStatus(&c)
        switch mode {
        case .help(let scroll): drawHelp(&c, scroll: scroll)
        case .actionMenu(let target, let items, let selected): drawActionMenu(&c, target: target, items: items, selected: selected)
        case .form(let f): drawForm(&c, f)
        case .receivers(let selected, let confirm): drawReceivers(&c, selected: selected, confirmRemove: confirm)
        case .draftOffer(let d):
            let l = model.lang
            let inner = box(&c, title: l.t("render.unfinished_draft"), width: 70, height: 8)
            c.put(l.t("render.you_left_a_draft_unfinished"), x: inner.x, y: inner.y, maxWidth: inner.w)
            c.put("  " + Sanitizer.line(d.title(l)), x: inner.x, y: inner.y + 1, style: Style(.accent, bold: true), maxWidth: inner.w)
            let first = d.values.values.first { !$0.isEmpty }.map { Sanitizer.line($0) } ?? ""
            c.put("  " + first, x: inner.x, y: inner.y + 2, style: Style(.muted), maxWidth: inner.w)
            c.put(l.t("render.y_continue_editing_n_discard"), x: inner.x, y: inner.y + inner.h - 1, style: Style(.footerKey, bold: true))
        default: break
        }
        return c
    }

    /// The rest of the store still loading: a bar, and where to go meanwhile.
    func drawLoading(_ c: inout Canvas, fraction: Double, area: (x: Int, y: Int, w: Int, h: Int)) {
        let l = model.lang
        let barWidth = max(10, min(50, area.w - 10))
        let filled = Int((Double(barWidth) * fraction).rounded(.down))
        let bar = (unicode ? String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
                           : String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled))
        let y = area.y + max(1, area.h / 3)
        c.put(l.t("render.loading_the_rest"), x: area.x + 2, y: y, style: Style(.header, bold: true), maxWidth: area.w - 3)
        c.put("\(bar) \(Int(fraction * 100))%", x: area.x + 2, y: y + 2, style: Style(.accent), maxWidth: area.w - 3)
        c.put(l.t("render.orders_ready_meanwhile"), x: area.x + 2, y: y + 4, style: Style(.muted), maxWidth: area.w - 3)
    }

    func drawTooSmall(_ c: inout Canvas) {
        let l = model.lang
        let lines = [l.t("render.terminal_too_small"),
                     l.t("render.need_have", App.minWidth, App.minHeight, width, height),
                     l.t("render.q_quits")]
        for (i, s) in lines.enumerated() {
            let y = max(0, height / 2 - 1) + i
            let x = max(0, (width - TextWidth.width(s)) / 2)
            c.put(s, x: x, y: y, style: Style(i == 0 ? .warning : .normal, bold: i == 0))
        }
    }

    func drawTitle(_ c: inout Canvas) {
        let l = model.lang
        c.fill(x: 0, y: 0, width: width, height: 1, style: Style(.title, reverse: true))
        var x = c.put(" \(l.t("render.app_title")) ", x: 0, y: 0, style: Style(.title, bold: true, reverse: true))
        for b in badges + (readOnly ? ["RO"] : []) { x += c.put("[\(b)] ", x: x, y: 0, style: Style(.badge, bold: true, reverse: true)) }
        let account = l.t("text.parenthetical", Sanitizer.line(model.account.name), model.lang.term(model.account.role))
        let right = " ✉ \(loading == nil ? "\(unread)" : "…") \(l.t("render.unread"))  \(model.now.shortDisplay) "
        let middle = "│ \(account) │ \(Sanitizer.line(storeLabel)) "
        c.put(middle, x: x, y: 0, style: Style(.title, reverse: true), maxWidth: max(0, width - x - TextWidth.width(right)))
        c.put(right, x: max(x, width - TextWidth.width(right)), y: 0, style: Style(.title, reverse: true))
    }

    func drawTabs(_ c: inout Canvas) {
        var x = 0
        for t in Tab.allCases {
            let label = " \(t.rawValue) \(t.title(model.lang)) "
            let active = t == tab
            x += c.put(active ? "[\(label)]" : " \(label) ", x: x, y: 1, style: Style(active ? .activeTab : .tab, bold: active, reverse: active))
        }
    }

    func drawQueues(_ c: inout Canvas) {
        if tab == .dashboard {
            c.put(model.lang.t("render.jk_pick_a_figure_enter_opens_its_list"), x: 1, y: 2, style: Style(.muted), maxWidth: width - 2)
            return
        }
        let l = model.lang
        var right = "\(visible.count) / \(data.rows.count)"
        if !filterText.isEmpty { right = "/\(Sanitizer.line(filterText))  " + right }
        let conditions = panes[tab]!.conditions
        if !conditions.isEmpty { right = Sanitizer.line(conditions.summary(model.lang)) + "  " + right }
        if let col = panes[tab]!.sortColumn, col < data.columns.count {
            right = "\(l.t("render.sort")) \(data.columns[col].title)\(panes[tab]!.descending ? "↓" : "↑")  " + right
        }
        // The counter always shows; queue labels get the room that is left.
        let rightWidth = min(width - 2, TextWidth.width(right))
        let rightX = width - rightWidth - 1
        c.put(right, x: rightX, y: 2, style: Style(.muted), maxWidth: rightWidth)
        var x = 1
        let queue = panes[tab]!.queue
        for (i, q) in data.queues.enumerated() {
            let text = i == queue ? "[\(q.label) \(q.count)]" : " \(q.label) \(q.count) "
            let room = rightX - 1 - x
            guard room > 0 else { break }
            x += c.put(text + " ", x: x, y: 2, style: Style(i == queue ? .accent : .muted, bold: i == queue), maxWidth: room)
        }
    }

    /// Column widths: each column's minimum, then the rest shared by weight;
    /// columns that do not fit are dropped from the right.
    func columnWidths(total: Int) -> [Int] {
        let cols = data.columns
        var widths = cols.map(\.minWidth)
        let gaps = max(0, cols.count - 1) + 2
        // Drop the least important columns (the rightmost among equals) until the rest fit.
        while widths.reduce(0, +) + gaps > total {
            let shown = widths.indices.filter { widths[$0] > 0 }
            guard shown.count > 1, let drop = shown.min(by: { (cols[$0].priority, -$0) < (cols[$1].priority, -$1) }) else { break }
            widths[drop] = 0
        }
        let spare = max(0, total - widths.reduce(0, +) - gaps)
        let weight = cols.indices.filter { widths[$0] > 0 }.map { cols[$0].weight }.reduce(0, +)
        if weight > 0 {
            var given = 0
            for i in cols.indices where widths[i] > 0 && cols[i].weight > 0 {
                let add = spare * cols[i].weight / weight
                widths[i] += add
                given += add
            }
            if let i = cols.indices.last(where: { widths[$0] > 0 && cols[$0].weight > 0 }) { widths[i] += spare - given }
        }
        return widths
    }

    func drawTable(_ c: inout Canvas) {
        let area = tableArea
        let widths = columnWidths(total: area.w)
        func drawRow(_ cells: [String], y: Int, style: Style) {
            var x = area.x + 2
            for (i, w) in widths.enumerated() where w > 0 {
                let text = TextWidth.fit(cells[i], to: w, alignRight: data.columns[i].alignRight)
                c.put(text, x: x, y: y, style: style, maxWidth: w)
                x += w + 1
            }
        }
        drawRow(data.columns.map(\.title), y: area.y, style: Style(.header, bold: true, underline: true))
        let p = panes[tab]!
        if let loading, tab != .orders {
            drawLoading(&c, fraction: loading, area: area)
            return
        }
        if visible.isEmpty {
            let empty = filterText.isEmpty ? model.lang.t("render.nothing_here") : model.lang.t("render.nothing_matches", Sanitizer.line(filterText))
            c.put(empty, x: area.x + 2, y: area.y + 2, style: Style(.muted))
            return
        }
        for line in 0..<min(tableHeight, visible.count - p.scroll) {
            let index = p.scroll + line
            let row = data.rows[visible[index]]
            let y = area.y + 1 + line
            let selected = index == p.selected
            let style = selected ? Style(.selected, bold: true, reverse: true) : Style(row.emphasis ? .accent : .normal, bold: row.emphasis)
            if selected { c.fill(x: area.x, y: y, width: area.w, height: 1, style: style) }
            // The marker keeps the selection visible without colour or reverse video.
            c.put(selected ? "▶" : " ", x: area.x, y: y, style: style)
            drawRow(row.cells, y: y, style: style)
        }
    }

    func drawSeparator(_ c: inout Canvas) {
        let d = detailArea
        if wide {
            for y in d.y..<(d.y + d.h) { c.put("│", x: d.x - 1, y: y, style: Style(.muted)) }
        } else {
            c.put(String(repeating: "─", count: width), x: 0, y: d.y - 1, style: Style(.muted))
        }
    }

    func drawDetail(_ c: inout Canvas, area: (x: Int, y: Int, w: Int, h: Int), scroll: Int, id shown: String? = nil) {
        guard area.h > 0, area.w > 4 else { return }
        guard let id = shown ?? selectedId else { return }
        if loading != nil {
            c.put(model.lang.t("render.details_after_loading"), x: area.x + 1, y: area.y, style: Style(.muted), maxWidth: area.w - 1)
            return
        }
        let lines = Details.wrap(Details.lines(tab, id: id, model), width: area.w - 2)
        for (i, line) in lines.dropFirst(min(scroll, max(0, lines.count - 1))).prefix(area.h).enumerated() {
            c.put(line, x: area.x + 1, y: area.y + i, maxWidth: area.w - 1)
        }
    }

    func drawFooter(_ c: inout Canvas) {
        var x = 1
        for spec in CommandRegistry.available(on: tab, readOnly: readOnly) where spec.footer {
            let keys = bindings.keys(for: spec.id)
            guard !keys.isEmpty else { continue }
            let keyText = keys.map(\.label).joined(separator: "/")
            let w = TextWidth.width(keyText) + TextWidth.width(spec.title(model.lang)) + 3
            guard x + w <= width else { break }
            x += c.put(keyText, x: x, y: height - 2, style: Style(.footerKey, bold: true))
            x += c.put(" \(spec.title(model.lang))  ", x: x, y: height - 2, style: Style(.muted))
        }
    }

    func drawStatus(_ c: inout Canvas) {
        let y = height - 1
        if case .filter(let field) = mode {
            let x = c.put("/", x: 0, y: y, style: Style(.accent, bold: true))
            c.put(Sanitizer.line(field.value), x: x, y: y, maxWidth: width - x)
            c.cursor = (min(width - 1, x + field.cursorLine.column), y)
            return
        }
        if case .commandLine(let field, _) = mode {
            let x = c.put(":", x: 0, y: y, style: Style(.accent, bold: true))
            c.put(Sanitizer.line(field.value), x: x, y: y, maxWidth: width - x)
            c.cursor = (min(width - 1, x + field.cursorLine.column), y)
            return
        }
        if case .confirm(let question) = mode {
            c.put(Sanitizer.line(question.prompt), x: 0, y: y, style: Style(.warning, bold: true), maxWidth: width)
            return
        }
        if let s = status {
            c.put(Sanitizer.line(s.text), x: 0, y: y, style: Style(s.isError ? .error : .normal, bold: s.isError), maxWidth: width)
        }
    }

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
                let value = fld.kind == .files ? (fld.files.isEmpty ? "—" : fld.files.joined(separator: l.t("list.separator"))) : (fld.editor.value.isEmpty ? "—" : fld.editor.value)
                for line in Details.wrap([(fld.label, value)], width: inner.w) where y < inner.y + inner.h - 2 {
                    c.put(line, x: inner.x, y: y, maxWidth: inner.w)
                    y += 1
                }
            }
            if let e = f.error { c.put(Sanitizer.line(e), x: inner.x, y: inner.y + inner.h - 2, style: Style(.error, bold: true), maxWidth: inner.w) }
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
            if fld.kind == .files {
                for file in fld.files where y < inner.y + inner.h - 2 {
                    c.put("    📎 " + Sanitizer.line(file), x: inner.x, y: y, maxWidth: inner.w)
                    y += 1
                }
            }
            let lines = fld.editor.value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let shown = fld.editor.multiline ? Array(lines.suffix(4)) : [lines.last ?? ""]
            let firstShown = lines.count - shown.count
            for (k, line) in shown.enumerated() where y < inner.y + inner.h - 2 {
                c.put("    " + Sanitizer.line(line), x: inner.x, y: y, style: Style(focused ? .normal : .muted, underline: focused), maxWidth: inner.w)
                if focused, firstShown + k == fld.editor.cursorLine.line {
                    c.cursor = (inner.x + 4 + fld.editor.cursorLine.column, y)
                }
                y += 1
            }
            y += 1
        }
        if let e = f.error { c.put(Sanitizer.line(e), x: inner.x, y: inner.y + inner.h - 2, style: Style(.error, bold: true), maxWidth: inner.w) }
        c.put(l.t("render.tab_next_enter_newline_add_file_ctrl_s_r"),
              x: inner.x, y: inner.y + inner.h - 1, style: Style(.muted), maxWidth: inner.w)
    }

    func drawReceivers(_ c: inout Canvas, selected: Int, confirmRemove: Bool) {
        let l = model.lang
        let list = receiverList
        let inner = box(&c, title: l.t("render.message_receivers"), width: 100, height: max(12, list.count + 10))
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
        }
        if confirmRemove, list.indices.contains(selected) {
            c.put(l.t("render.remove_y_removes_any_other_key_keeps", Sanitizer.line(list[selected].name)),
                  x: inner.x, y: inner.y + inner.h - 2, style: Style(.warning, bold: true), maxWidth: inner.w)
        }
        let keys = readOnly ? l.t("render.j_k_select_esc_close_read_only")
                            : l.t("render.n_add_e_enter_edit_d_remove_j_k_select_e")
        c.put(keys, x: inner.x, y: inner.y + inner.h - 1, style: Style(.footerKey, bold: true), maxWidth: inner.w)
    }

    /// 概览: sections of figures with bars, in two columns when wide.
    func drawDashboard(_ c: inout Canvas) {
        let l = model.lang
        if let loading {
            drawLoading(&c, fraction: loading, area: (0, bodyTop, width, bodyHeight))
            return
        }
        let columns = width >= 120 ? 2 : 1
        let colWidth = (width - 2) / columns
        let sections = DashboardFigure.Section.allCases.filter { s in figures.contains { $0.section == s } }
        // Sections fill the first column, then the second.
        var blocks: [[(text: String, figure: Int?)]] = []
        for s in sections {
            var lines: [(String, Int?)] = [(Dashboard.sectionTitle(s, l), nil)]
            let members = figures.indices.filter { figures[$0].section == s }
            let top = members.map { figures[$0].count }.max() ?? 0
            let labelWidth = min(24, members.map { TextWidth.width(figures[$0].label) }.max() ?? 0)
            for i in members {
                let f = figures[i]
                let label = TextWidth.fit(Sanitizer.line(f.label), to: labelWidth)
                let number = TextWidth.fit(String(f.count), to: 7, alignRight: true)
                let room = max(0, colWidth - labelWidth - 7 - 8)
                let graph = f.series.isEmpty ? Blocks.bar(f.count, max: top, width: min(room, 30), ascii: !unicode)
                                             : Blocks.sparkline(f.series, ascii: !unicode)
                lines.append(("  \(label) \(number)  \(graph)", i))
            }
            lines.append(("", nil))
            blocks.append(lines)
        }
        let total = blocks.reduce(0) { $0 + $1.count }
        let perColumn = columns == 2 ? (total + 1) / 2 : total
        // Place every line (column, row), then scroll the column holding the
        // selection so it is on screen.
        var placed: [(col: Int, row: Int, text: String, figure: Int?)] = []
        var col = 0, row = 0
        for block in blocks {
            if columns == 2, col == 0, row > 0, row + block.count > perColumn { col = 1; row = 0 }
            for line in block { placed.append((col, row, line.text, line.figure)); row += 1 }
        }
        var offset = [0, 0]
        if let sel = placed.first(where: { $0.figure == figureSelected }), sel.row >= bodyHeight {
            offset[sel.col] = sel.row - bodyHeight + 1
        }
        for p in placed {
            let y = bodyTop + p.row - offset[p.col]
            guard y >= bodyTop, y < bodyTop + bodyHeight else { continue }
            let x = 1 + p.col * colWidth
            if let i = p.figure {
                let selected = i == figureSelected
                c.put(p.text, x: x, y: y, style: selected ? Style(.selected, bold: true, reverse: true) : .normal, maxWidth: colWidth - 1)
                if selected { c.put("▶", x: x, y: y, style: Style(.selected, bold: true, reverse: true)) }
            } else {
                c.put(p.text, x: x, y: y, style: Style(.header, bold: true), maxWidth: colWidth - 1)
            }
        }
    }
}
