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
        let bar = ProgressBar.text(fraction, width: barWidth, unicode: unicode)
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

    /// The tab bar: the active pane always in full; the others roomy, tight,
    /// with their names cut shorter and shorter, or as bare numbers — the first
    /// that fits the width (eight panes do not fit 80 columns roomy, nor in
    /// English tight).
    func drawTabs(_ c: inout Canvas) {
        let l = model.lang
        let active = { (t: Tab) in "[ \(t.rawValue) \(t.title(l)) ]" }
        let cut = { (t: Tab, cells: Int) in " \(t.rawValue) " + TextWidth.truncate(t.title(l), to: cells, ellipsis: "") }
        let styles: [(Tab) -> String] = [{ "  \($0.rawValue) \($0.title(l))  " }, { " \($0.rawValue) \($0.title(l))" }]
            + [6, 5, 4, 3].map { cells in { cut($0, cells) } } + [{ " \($0.rawValue)" }]
        let labels = styles.map { inactive in Tab.allCases.map { $0 == tab ? active($0) : inactive($0) } }
        let chosen = labels.first { $0.reduce(0) { $0 + TextWidth.width($1) } <= width } ?? labels.last!
        var x = 0
        for (t, label) in zip(Tab.allCases, chosen) {
            let on = t == tab
            x += c.put(label, x: x, y: 1, style: Style(on ? .activeTab : .tab, bold: on, reverse: on))
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
            // A queue shows whole or not at all, two cells clear of the counter:
            // a label cut to "全部 13" beside "53 / 53" read as one number.
            guard x + TextWidth.width(text) + 2 <= rightX else {
                if x + 1 + 2 <= rightX { c.put("…", x: x, y: 2, style: Style(.muted)) }
                break
            }
            x += c.put(text + " ", x: x, y: 2, style: Style(i == queue ? .accent : .muted, bold: i == queue))
        }
    }

    /// Column widths: each column's minimum, then the rest shared by weight;
    /// columns that do not fit are dropped from the right.
    func columnWidths(total: Int, need: [Int]? = nil) -> [Int] {
        let cols = data.columns
        var widths = cols.map(\.minWidth)
        let gaps = max(0, cols.count - 1) + 2
        // Drop the least important columns (the rightmost among equals) until the rest fit.
        while widths.reduce(0, +) + gaps > total {
            let shown = widths.indices.filter { widths[$0] > 0 }
            guard shown.count > 1, let drop = shown.min(by: { (cols[$0].priority, -$0) < (cols[$1].priority, -$1) }) else { break }
            widths[drop] = 0
        }
        var spare = max(0, total - widths.reduce(0, +) - gaps)
        // First to the text columns whose cells on screen are cut, by weight,
        // each up to what it needs; whatever is left is shared as before.
        if let need {
            while spare > 0 {
                let short = cols.indices.filter { widths[$0] > 0 && cols[$0].weight > 0 && widths[$0] < need[$0] }
                let w = short.map { cols[$0].weight }.reduce(0, +)
                guard w > 0 else { break }
                var given = 0
                for i in short {
                    let add = min(need[i] - widths[i], max(1, spare * cols[i].weight / w), spare - given)
                    widths[i] += add
                    given += add
                }
                guard given > 0 else { break }
                spare -= given
            }
        }
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
        // What the rows on screen need, so spare width goes where text is cut.
        let page = visible.dropFirst(panes[tab]!.scroll).prefix(tableHeight)
        let need = data.columns.indices.map { i in
            page.reduce(TextWidth.width(data.columns[i].title)) { max($0, TextWidth.width(data.rows[$1].cells[i])) }
        }
        let widths = columnWidths(total: area.w, need: need)
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

    /// The footer's hints, whole; when some do not fit, the last place says
    /// `? 更多` (the help lists every key) instead of a hint cut in half.
    /// `? 帮助` stays first either way: it is the one hint everyone needs.
    func drawFooter(_ c: inout Canvas) {
        let hints = CommandRegistry.available(on: tab, readOnly: readOnly).filter(\.footer).compactMap { spec -> (id: CommandID, key: String, title: String)? in
            let keys = bindings.keys(for: spec.id)
            return keys.isEmpty ? nil : (spec.id, keys.map(\.label).joined(separator: "/"), spec.title(model.lang))
        }
        func cells(_ h: (id: CommandID, key: String, title: String)) -> Int { TextWidth.width(h.key) + TextWidth.width(h.title) + 3 }
        let all = hints.reduce(1) { $0 + cells($1) }
        var shown = hints
        var more: (id: CommandID, key: String, title: String)?
        if all > width, let help = bindings.keys(for: .help).first {
            more = (.help, help.label, model.lang.t("render.more"))
            var used = 1 + cells(more!)
            shown = Array(shown.prefix { h in used += cells(h); return used <= width })
        }
        var x = 1
        for h in shown + (more.map { [$0] } ?? []) {
            guard x + cells(h) <= width + 2 else { break }
            x += c.put(h.key, x: x, y: height - 2, style: Style(.footerKey, bold: true))
            x += c.put(" \(h.title)  ", x: x, y: height - 2, style: Style(.muted), maxWidth: max(0, width - x))
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
            let used = c.put(Sanitizer.line(field.value), x: x, y: y, maxWidth: width - x)
            if !completions.isEmpty, x + used + 3 < width {
                c.put(TextWidth.truncate(completions.joined(separator: "  "), to: width - x - used - 3), x: x + used + 3, y: y, style: Style(.muted))
            }
            c.cursor = (min(width - 1, x + field.cursorLine.column), y)
            return
        }
        if case .confirm(let question) = mode {
            c.put(Sanitizer.line(question.prompt), x: 0, y: y, style: Style(.warning, bold: true), maxWidth: width)
            return
        }
        if let s = status {
            // Cut with … so a shortened message does not read as the whole of it,
            // at a word (or CJK character) boundary, never inside a word.
            c.put(WordWrap.truncate(Sanitizer.line(s.text), to: width), x: 0, y: y, style: Style(s.isError ? .error : .normal, bold: s.isError), maxWidth: width)
        }
    }

    /// 概览: sections of figures with bars, in two columns when wide.
    func drawDashboard(_ c: inout Canvas) {
        let l = model.lang
        if let loading {
            drawLoading(&c, fraction: loading, area: (0, bodyTop, width, bodyHeight))
            return
        }
        let (placed, colWidth) = dashboardPlacement()
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

    /// Every overview line with its column and row (sections fill the first
    /// column, then the second), and the column width; `h`/`l` move by it too.
    func dashboardPlacement() -> (lines: [(col: Int, row: Int, text: String, figure: Int?)], colWidth: Int) {
        let l = model.lang
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
        return (placed, colWidth)
    }
}
