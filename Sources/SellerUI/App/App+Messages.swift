import SellerCore

/// A question asked on the status line before something that changes a lot at once.
public struct Confirmation: Sendable, Equatable {
    public var prompt: String
    public var effects: [Effect]
}

extension App {
    /// `orders-2026-11-20.csv`, else `orders-2026-11-20-2.csv`, … — the first
    /// name no file has.
    func suggestedExportName() -> String {
        let base = "\(pane.exportName)-\(model.now.dateDisplay)"
        var name = base + ".csv", n = 2
        while fileExists(name), n < 10_000 { name = "\(base)-\(n).csv"; n += 1 }
        return name
    }
}

/// Marking messages: `M` marks what the view shows, after asking; `u` undoes
/// the session's last mark.
extension App {
    /// `M`: the unread messages of the rows shown (queue, category, filter as
    /// on screen) — never messages of other views or other accounts.
    mutating func askToMarkShownRead() {
        let ids = visible.map { data.rows[$0].id }.filter { model.state.messages[$0]?.read == false }
        guard !ids.isEmpty else {
            status = (model.lang.t("app.nothing_unread_here"), false)
            return
        }
        panes[tab]!.keep.formUnion(ids)
        mode = .confirm(Confirmation(prompt: model.lang.t("app.mark_all_confirm", ids.count, bindings.label(.accept)),
                                     effects: [.markMessages(MessageMark(ids: ids, read: true))]))
    }

    /// `u`: the inverse of the last mark. Only the ids that mark changed are
    /// in it (`M` sends only unread ones), so the inverse restores them exactly.
    mutating func undoLastMark() -> [Effect] {
        guard let last = lastMark, !last.ids.isEmpty else {
            status = (model.lang.t("app.nothing_to_undo"), false)
            return []
        }
        undoing = true
        panes[tab]!.keep.formUnion(last.ids)
        return [.markMessages(MessageMark(ids: last.ids, read: !last.read))]
    }

    /// The runtime's report on a mark: remember it for `u`, or forget the undone one.
    mutating func noteMark(_ mark: MessageMark, failed: Bool) {
        defer { undoing = false }
        guard !failed else { return }
        if undoing {
            lastMark = nil
            status = (model.lang.t("app.mark_undone", mark.ids.count), false)
        } else {
            lastMark = mark
            if mark.ids.count > 1 { status = (model.lang.t("app.marked_read_n", mark.ids.count), false) }
        }
    }
}
