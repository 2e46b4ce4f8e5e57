/// The screens `seller` shows when there is no store at the path yet: the
/// welcome (demo, new store, quit) and the new store's shop name. Drawing
/// only; the console's run loop reads the keys (the registry's `welcome`
/// commands, as keys.json binds them), and the screens name them as bound.
public enum WelcomeScreen {
    public static func render(width w: Int, height h: Int, store dir: String, lang: Lang, bindings: KeyBindings = .defaults) -> Canvas {
        var c = Canvas(width: max(1, w), height: max(1, h))
        let lines = [
            lang.t("console.welcome_title"),
            "",
            lang.t("console.there_is_no_store_here_yet"),
            "  " + Sanitizer.line(dir),
            "",
            lang.t("console.welcome_demo", bindings.label(.openDemo)),
            lang.t("console.welcome_create", bindings.label(.createStore)),
            lang.t("console.welcome_quit", bindings.label(.quit)),
        ]
        for (i, line) in lines.enumerated() {
            c.put(line, x: max(0, (w - 56) / 2), y: max(0, (h - lines.count) / 2) + i, style: Style(i == 0 ? .title : .normal, bold: i == 0))
        }
        return c
    }

    /// The shop-name prompt with what is typed so far and the problem, if any.
    public static func renderShopName(width w: Int, height h: Int, field: TextField, problem: String?, lang: Lang,
                                      bindings: KeyBindings = .defaults) -> Canvas {
        var c = Canvas(width: max(1, w), height: max(1, h))
        let x = max(0, (w - 56) / 2), y = max(0, h / 2 - 3)
        c.put(lang.t("console.shop_name_prompt"), x: x, y: y, style: Style(.title, bold: true), maxWidth: w - x)
        c.put("> " + Sanitizer.line(field.value), x: x, y: y + 2, maxWidth: w - x)
        c.cursor = (min(w - 1, x + 2 + field.cursorLine.column), y + 2)
        if let problem { c.put(problem, x: x, y: y + 4, style: Style(.error, bold: true), maxWidth: w - x) }
        c.put(lang.t("console.shop_name_keys", bindings.label(.submitField), bindings.label(.cancelField)), x: x, y: y + 6, style: Style(.muted), maxWidth: w - x)
        return c
    }
}
