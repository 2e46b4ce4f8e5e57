/// A framed box in the middle of the screen, for the overlays.
extension App {
    /// Draws the frame and its title; returns the inner area.
    func box(_ c: inout Canvas, title: String, width w: Int, height h: Int) -> Rect {
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
        return Rect(x + 2, y + 1, bw - 4, bh - 2)
    }
}
