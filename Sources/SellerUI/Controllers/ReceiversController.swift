import SellerCore

/// `R` on 消息: the message receivers (消息接收人), and who receives each
/// category; `n` adds, `e`/Enter edits, `d` removes (after `y`).
enum ReceiversController: ModeController {
    static let placement = Placement.overlay

    static func handle(_ key: Key, app: inout App) -> [Effect] {
        guard case .receivers(let selected, let confirmRemove) = app.mode else { return [] }
        let list = app.receiverList
        if confirmRemove {
            app.mode = .receivers(selected: selected, confirmRemove: false)
            if app.command(key, in: .confirm) == .accept, list.indices.contains(selected) { return [.receiver(.remove(id: list[selected].id))] }
            return []
        }
        let lang = app.model.lang
        // Read-only consoles have no add, edit or remove (the registry drops mutating commands).
        switch app.command(key, in: .receivers) {
        case .down: app.mode = .receivers(selected: min(max(0, list.count - 1), selected + 1), confirmRemove: false)
        case .up: app.mode = .receivers(selected: max(0, selected - 1), confirmRemove: false)
        case .back, .quit, .receivers: app.mode = .normal
        case .forceQuit: return app.run(.forceQuit)
        case .addReceiver: app.mode = .form(FormState(receiver: nil, lang: lang))
        case .editReceiver:
            if list.indices.contains(selected) { app.mode = .form(FormState(receiver: list[selected], lang: lang)) }
        case .removeReceiver:
            if list.indices.contains(selected) { app.mode = .receivers(selected: selected, confirmRemove: true) }
        default: break
        }
        return []
    }

    static func render(_ app: App, into c: inout Canvas, area: Rect) {
        guard case .receivers(let selected, let confirm) = app.mode else { return }
        app.drawReceivers(&c, selected: selected, confirmRemove: confirm)
    }
}

extension App {
    /// The receivers, in the order the screen lists them.
    var receiverList: [MessageReceiver] { model.state.receivers.values.sorted { $0.id < $1.id } }

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
            for line in Details.breakLine(text, width: inner.w) { c.put(line, x: inner.x, y: y, style: Style(.warning)); y += 1 }
        } else {
            c.put(TextWidth.fit(l.t("render.id"), to: 12) + TextWidth.fit(l.t("render.name"), to: 14) + TextWidth.fit(l.t("render.mobile"), to: 13)
                  + TextWidth.fit(l.t("render.email_2"), to: 24) + TextWidth.fit(l.t("render.categories"), to: 14) + l.t("render.channels"),
                  x: inner.x, y: y, style: Style(.header, bold: true), maxWidth: inner.w)
            y += 1
            for (i, r) in list.enumerated() where y < inner.y + inner.h - 3 {
                let cats = r.categories.isEmpty ? l.t("render.all") : r.categories.map(String.init).joined(separator: ",")
                let row = TextWidth.fit(r.id, to: 12) + TextWidth.fit(r.name, to: 14) + TextWidth.fit(r.mobile ?? "—", to: 13)
                    + TextWidth.fit(r.email ?? "—", to: 24) + TextWidth.fit(cats, to: 14) + r.channels.map { model.lang.term($0) }.joined(separator: model.lang.t("list.separator"))
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
                let names = entry.receivers.map { r in r.id == "default" ? l.t("render.bound_contacts") : r.name }
                let who = names.isEmpty ? l.t("render.contacts_none_bound") : names.joined(separator: l.t("list.separator"))
                c.put("  " + TextWidth.fit("\(entry.category) \(l.term(CategoryTerm(entry.category)))", to: 26) + who,
                      x: inner.x, y: y, style: entry.receivers.first?.id == "default" ? Style(.warning) : .normal, maxWidth: inner.w)
                y += 1
            }
        }
        if confirmRemove, list.indices.contains(selected) {
            c.put(l.t("render.remove_receiver_question", list[selected].name, bindings.label(.accept)),
                  x: inner.x, y: inner.y + inner.h - 2, style: Style(.warning, bold: true), maxWidth: inner.w)
        }
        // The keys as bound now (keys.json), not as shipped.
        let b = bindings
        let keys = readOnly ? l.t("render.hint_receivers_read_only", b.label(.down), b.label(.up), b.label(.back))
                            : l.t("render.hint_receivers", b.label(.addReceiver), b.label(.editReceiver, all: true), b.label(.removeReceiver),
                                  b.label(.down), b.label(.up), b.label(.back))
        c.put(keys, x: inner.x, y: inner.y + inner.h - 1, style: Style(.footerKey, bold: true), maxWidth: inner.w)
    }
}
