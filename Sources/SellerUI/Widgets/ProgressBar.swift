/// The one progress bar (loading screen, loading pane, export): block
/// characters in a UTF-8 terminal, `#` and `-` where the locale is not
/// UTF-8 and blocks would show as mojibake.
public enum ProgressBar {
    /// The filled and the empty part, `width` cells together.
    public static func parts(_ fraction: Double, width: Int, unicode: Bool) -> (filled: String, empty: String) {
        let w = max(0, width)
        let n = Int((Double(w) * min(1, max(0, fraction))).rounded(.down))
        return unicode ? (String(repeating: "█", count: n), String(repeating: "░", count: w - n))
                       : (String(repeating: "#", count: n), String(repeating: "-", count: w - n))
    }

    public static func text(_ fraction: Double, width: Int, unicode: Bool) -> String {
        let (a, b) = parts(fraction, width: width, unicode: unicode)
        return a + b
    }
}
