import SellerCore

/// Layout: title bar, tabs, queue bar, body (table + detail), footer, status
/// line; the mode's controller draws where its placement says.
extension App {
    var bodyTop: Int { 3 }
    var bodyHeight: Int { max(0, height - 5) }
    var body: Rect { Rect(0, bodyTop, width, bodyHeight) }
    var wide: Bool { width >= 120 }
    var tableArea: Rect {
        guard showDetail else { return body }
        if wide { return Rect(0, bodyTop, width * 3 / 5, bodyHeight) }
        return Rect(0, bodyTop, width, max(6, bodyHeight * 11 / 20))
    }
    var detailArea: Rect {
        let t = tableArea
        if wide { return Rect(t.w + 1, bodyTop, width - t.w - 1, bodyHeight) }
        return Rect(0, bodyTop + t.h + 1, width, max(0, bodyHeight - t.h - 1))
    }
    func columnWidths(total: Int, need: [Int]? = nil) -> [Int] { TableView.columnWidths(data.columns, total: total, need: need) }
    /// Data rows the table shows at once (one line is its header).
    var tableHeight: Int { max(1, tableArea.h - 1) }

    public func render() -> Canvas {
        var c = Canvas(width: width, height: height)
        guard width >= App.minWidth, height >= App.minHeight else { Chrome.drawTooSmall(self, &c); return c }
        let mode = controller
        Chrome.drawTitle(self, &c)
        Chrome.drawTabs(self, &c)
        Chrome.drawQueues(self, &c)
        // The overview and the lists draw the body unless the mode takes it (the full detail).
        if mode.placement == .body {
            mode.render(self, into: &c, area: body)
        } else if tab == .dashboard {
            DashboardController.render(self, into: &c, area: body)
        } else {
            ListController.render(self, into: &c, area: body)
        }
        Chrome.drawFooter(self, &c)
        let statusLine = Rect(0, height - 1, width, 1)
        if mode.placement == .statusLine { mode.render(self, into: &c, area: statusLine) } else { Chrome.drawStatus(self, &c, area: statusLine) }
        if mode.placement == .overlay { mode.render(self, into: &c, area: Rect(0, 0, width, height)) }
        return c
    }
}
