import SellerCore

/// The list's table (columns sized to what the rows on screen need) and the
/// detail of the selected row.
enum TableView {
    /// Column widths: each column's minimum, then the rest shared by weight;
    /// columns that do not fit are dropped from the right.
    static func columnWidths(_ cols: [Column], total: Int, need: [Int]? = nil) -> [Int] {
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

    static func drawTable(_ app: App, _ c: inout Canvas) {
        let area = app.tableArea, data = app.data, p = app.panes[app.tab]!
        // What the rows on screen need, so spare width goes where text is cut.
        let page = app.visible.dropFirst(p.scroll).prefix(app.tableHeight)
        let need = data.columns.indices.map { i in
            page.reduce(TextWidth.width(data.columns[i].title)) { max($0, TextWidth.width(data.rows[$1].cell(i))) }
        }
        let widths = columnWidths(data.columns, total: area.w, need: need)
        func drawRow(_ cells: [String], y: Int, style: Style) {
            var x = area.x + 2
            for (i, w) in widths.enumerated() where w > 0 {
                let text = TextWidth.fit(cells[i], to: w, alignRight: data.columns[i].alignRight)
                c.put(text, x: x, y: y, style: style, maxWidth: w)
                x += w + 1
            }
        }
        drawRow(data.columns.map(\.title), y: area.y, style: Style(.header, bold: true, underline: true))
        if let loading = app.loading, !app.listsNow(app.tab) {
            Chrome.drawLoading(app, &c, fraction: loading, area: area)
            return
        }
        if app.visible.isEmpty {
            let l = app.model.lang
            let empty = app.filterText.isEmpty ? l.t("render.nothing_here") : l.t("render.nothing_matches", app.filterText)
            c.put(empty, x: area.x + 2, y: area.y + 2, style: Style(.muted))
            return
        }
        for line in 0..<min(app.tableHeight, app.visible.count - p.scroll) {
            let index = p.scroll + line
            let row = data.rows[app.visible[index]]
            let y = area.y + 1 + line
            let selected = index == p.selected
            let style = selected ? Style(.selected, bold: true, reverse: true) : Style(row.emphasis ? .accent : .normal, bold: row.emphasis)
            if selected { c.fill(x: area.x, y: y, width: area.w, height: 1, style: style) }
            // The marker keeps the selection visible without colour or reverse video.
            c.put(selected ? "▶" : " ", x: area.x, y: y, style: style)
            drawRow(row.cells, y: y, style: style)
        }
    }

    static func drawSeparator(_ app: App, _ c: inout Canvas) {
        let d = app.detailArea
        if app.wide {
            for y in d.y..<(d.y + d.h) { c.put("│", x: d.x - 1, y: y, style: Style(.muted)) }
        } else {
            c.put(String(repeating: "─", count: app.width), x: 0, y: d.y - 1, style: Style(.muted))
        }
    }

    /// The detail of `shown`, else of the selected row, from line `scroll`.
    static func drawDetail(_ app: App, _ c: inout Canvas, area: Rect, scroll: Int, id shown: String? = nil) {
        guard area.h > 0, area.w > 4 else { return }
        guard let id = shown ?? app.selectedId else { return }
        if app.loading != nil {
            c.put(app.model.lang.t("render.details_after_loading"), x: area.x + 1, y: area.y, style: Style(.muted), maxWidth: area.w - 1)
            return
        }
        let lines = Details.wrap(Details.lines(app.tab, id: id, app.model), width: area.w - 2)
        for (i, line) in lines.dropFirst(min(scroll, max(0, lines.count - 1))).prefix(area.h).enumerated() {
            c.put(line, x: area.x + 1, y: area.y + i, maxWidth: area.w - 1)
        }
    }
}
