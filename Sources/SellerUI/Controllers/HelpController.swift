/// `?`: every key of this pane, from the registry and the live key map —
/// the list's, by group, then the overlays' own — so what it lists is what works.
enum HelpController: ModeController {
    static let placement = Placement.overlay

    static func handle(_ key: Key, app: inout App) -> [Effect] {
        guard case .help(let scroll) = app.mode else { return [] }
        switch app.command(key, in: .help) {
        case .down: app.mode = .help(scroll: scroll + 1)
        case .up: app.mode = .help(scroll: max(0, scroll - 1))
        case .forceQuit: return app.run(.forceQuit)
        default: app.mode = .normal
        }
        return []
    }

    /// Headings, then `  key  title` lines.
    static func lines(_ app: App) -> [String] {
        let l = app.model.lang
        func entry(_ spec: CommandSpec) -> String {
            let keys = app.bindings.keys(for: spec.id).map(\.label).joined(separator: " ")
            return "  " + TextWidth.fit(keys.isEmpty ? "—" : keys, to: 16) + spec.title(l)
        }
        var lines: [String] = []
        for group in [CommandSpec.Group.global, .navigation, .pane] {
            lines.append(["global": l.t("render.global"), "navigation": l.t("render.navigation"), "pane": l.t("render.this_pane")][group.rawValue]!)
            for spec in CommandRegistry.available(on: app.tab, readOnly: app.readOnly) where spec.group == group { lines.append(entry(spec)) }
        }
        // The overlays' own keys; the others they read (j/k, Esc, q, Enter…) are listed above.
        // Then the keys read while typing, under the mode that reads them.
        let typing: [(context: KeyContext, heading: String)] = [
            (.filter, l.t("render.help_while_filtering")), (.commandLine, l.t("render.help_on_command_line")), (.textEdit, l.t("render.help_in_text_fields")),
        ]
        let offered = { (spec: CommandSpec) in
            KeyContext.allCases.contains { CommandRegistry.available(on: app.tab, readOnly: app.readOnly, in: $0).contains { $0.id == spec.id } } }
        // The welcome screen's own keys are on that screen (there is no help before a store exists).
        let own = CommandRegistry.all.filter { !$0.contexts.contains(.list) && $0.contexts.isDisjoint(with: typing.map(\.context))
            && !$0.contexts.isSubset(of: [.welcome]) && offered($0) }
        if !own.isEmpty {
            lines.append(l.t("render.in_overlays"))
            lines += own.map(entry)
        }
        for (context, heading) in typing {
            let specs = CommandRegistry.all.filter { $0.contexts.contains(context) && offered($0) }
            guard !specs.isEmpty else { continue }
            lines.append(heading)
            lines += specs.map(entry)
        }
        return lines
    }

    /// The title names the keys that scroll it, as they are bound now.
    static func title(_ app: App) -> String {
        let key = { (id: CommandID) in app.bindings.keys(for: id).first?.label ?? "—" }
        return app.model.lang.t("render.help_title", app.tab.title(app.model.lang), key(.down), key(.up))
    }

    static func render(_ app: App, into c: inout Canvas, area: Rect) {
        guard case .help(let scroll) = app.mode else { return }
        let l = app.model.lang
        let lines = lines(app)
        // Two columns when one would not fit and the screen is wide enough.
        let columns = lines.count > app.height - 6 && app.width >= 110 ? 2 : 1
        let inner = app.box(&c, title: title(app),
                            width: columns == 2 ? 124 : 64, height: app.height - 4)
        let colWidth = inner.w / columns
        // Balanced columns when both fit; else the first column full, so the
        // lists' keys (first) show whole and the typing keys (last) scroll.
        let perColumn = columns == 2 && lines.count > 2 * inner.h ? inner.h : (lines.count + columns - 1) / columns
        for col in 0..<columns {
            let part = lines.dropFirst(col * perColumn).prefix(perColumn)
            for (i, line) in part.dropFirst(min(scroll, max(0, part.count - inner.h))).prefix(inner.h).enumerated() {
                c.put(line, x: inner.x + col * colWidth, y: inner.y + i, style: Style(line.hasPrefix("  ") ? .normal : .header, bold: !line.hasPrefix("  ")),
                      maxWidth: colWidth - 1)
            }
        }
    }
}
