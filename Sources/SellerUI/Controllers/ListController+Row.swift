import SellerCore

/// The list's commands on the selected row: open it, its actions, an appeal,
/// a read mark, an invoice, the related order. What a row offers is its
/// pane descriptor's; the rules are the core's.
extension App {
    mutating func runOnRow(_ id: CommandID) -> [Effect] {
        guard let sel = selectedId else {
            if id == .issueInvoice { status = (model.lang.t("app.no_open_invoice_request"), true) }
            return []
        }
        switch id {
        case .open:
            mode = .fullDetail(id: sel, scroll: 0)
            if !readOnly, let effect = pane.opened(sel, model) {
                panes[tab]!.keep.insert(sel)
                return [effect]
            }
        case .actions:
            switch pane.actions(sel, model) {
            case .menu(let items)?:
                mode = .actionMenu(target: sel, items: items, selected: items.firstIndex(where: \.isAvailable) ?? 0)
            case .none(let why, let isError)?: status = (why, isError)
            case nil: break
            }
        case .appeal:
            // Why not, before any typing.
            if let why = model.state.appealRefusal(orderId: sel, account: model.account) {
                status = (RefusalText.text(why, model.lang, state: model.state), true)
                return []
            }
            let rules = model.state.actions(for: sel, account: model.account).first { $0.kind == .fileAppeal }?.fields ?? []
            mode = .form(FormState(purpose: .appeal(orderId: sel), rules: rules, lang: model.lang))
        case .markRead:
            guard let m = model.state.messages[sel] else { return [] }
            panes[tab]!.keep.insert(sel)
            return [.markMessages(MessageMark(ids: [sel], read: !m.read))]
        case .issueInvoice:
            // The order's open invoice request, oldest first (the one due soonest).
            guard let request = model.state.invoices.values.filter({ $0.orderId == sel && $0.issuedAt == nil })
                    .min(by: { ($0.requestedAt, $0.id) < ($1.requestedAt, $1.id) }) else {
                status = (model.lang.t("app.no_open_invoice_request"), true)
                return []
            }
            mode = .form(FormState(invoice: request, lang: model.lang))
        case .openRelated: openRelated(sel)
        default: break
        }
        return []
    }

    /// `o`: the order the row is about, in the pane its descriptor names.
    mutating func openRelated(_ sel: String) {
        guard let (orderId, target) = pane.related(sel, model), model.state.orders[orderId] != nil else {
            status = (model.lang.t("app.nothing_related_to_go_to"), true)
            return
        }
        pushBack(to: target)
        if target == .supervision { panes[.supervision]!.queue = SupervisionQueue.allCases.count - 1 } // 全部
        panes[target]!.filter = ""
        panes[target]!.conditions = Conditions()
        panes[target]!.selectedId = orderId
        if tab == target { rebuild() } else { switchTab(target) }
        if selectedId != orderId { status = (model.lang.t("app.order_is_not_visible_to_this_account", orderId), true) }
    }
}
