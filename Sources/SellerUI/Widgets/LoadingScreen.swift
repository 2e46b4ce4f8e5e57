/// The frame shown at once while a store loads: the console's title and a
/// progress bar, so a large store never greets the user with a blank terminal.
public enum LoadingScreen {
    public static func render(width: Int, height: Int, store: String, fraction: Double, lang: Lang, unicode: Bool = true) -> Canvas {
        var c = Canvas(width: max(1, width), height: max(1, height))
        guard width >= 20, height >= 3 else {
            c.put("\(Int(fraction * 100))%", x: 0, y: 0)
            return c
        }
        c.fill(x: 0, y: 0, width: width, height: 1, style: Style(.title, reverse: true))
        c.put(" Seller Center │ \(store) ", x: 0, y: 0, style: Style(.title, reverse: true), maxWidth: width)
        let f = min(1, max(0, fraction))
        let barWidth = min(60, width - 10)
        let (done, left) = ProgressBar.parts(f, width: barWidth, unicode: unicode)
        let y = height / 2
        let label = lang.t("loadingScreen.opening_the_store")
        c.put(label, x: max(0, (width - TextWidth.width(label)) / 2), y: y - 1, style: Style(.normal, bold: true))
        let x = max(0, (width - barWidth - 6) / 2)
        // Filled and empty cells differ in glyph, so the bar reads without colour.
        c.put(done, x: x, y: y, style: Style(.accent, reverse: false))
        c.put(left, x: x + done.count, y: y, style: Style(.muted))
        c.put(String(format3(f * 100)) + "%", x: x + barWidth + 1, y: y)
        return c
    }

    private static func format3(_ v: Double) -> String {
        let n = Int(v.rounded(.down))
        return String(repeating: " ", count: max(0, 3 - String(n).count)) + String(n)
    }
}
