import SellerCore

extension Tab { public static let messages = Tab(MessagesPane.self) }

/// 消息: the message centre, 未读 and 全部; a message is read when opened.
enum MessagesPane: PaneDescriptor {
    static let id = "messages"
    static func title(_ l: Lang) -> String { l.t("pane.messages") }
    static let queueCount = 2
    static let verbs: Set<CommandLineVerb> = [.category]
    /// From the messages' rows orders.view carries (Model.messageFields).
    static let listsFromOverviewTables = true

    static func data(_ m: Model, queue: Int, conditions: Conditions, keep: Set<String>) -> PaneData {
        Panes.messages(m, queue: queue, category: conditions.category, keep: keep)
    }

    /// Newest first, ties by id: the order `Panes.messages` sorts in.
    static let patching: PanePatching? = PanePatching(
        ids: { $0.messages },
        subset: { m, k, ids in Panes.messages(m, queue: k.queue, category: k.conditions.category, keep: k.keep, only: ids) },
        precedes: { s in { a, b in
            guard let x = s.messages[a]?.at, let y = s.messages[b]?.at else { return a < b }
            return x != y ? x > y : a < b
        } })

    static func detail(_ id: String, _ m: Model) -> Details.Lines { Details.message(id, m) }

    /// A message's order opens in 订单, whatever its record.
    static func related(_ id: String, _ m: Model) -> (orderId: String, tab: Tab)? {
        m.state.messages[id]?.orderId.map { ($0, .orders) }
    }

    static func opened(_ id: String, _ m: Model) -> Effect? {
        m.state.messages[id]?.read == false ? .markMessages(MessageMark(ids: [id], read: true)) : nil
    }
}

extension Panes {
    /// `only`: just these messages' rows and counts (a patch after another
    /// process's append, see PanePatching); the rules are the same either way.
    static func messages(_ m: Model, queue: Int, category: Int? = nil, keep: Set<String> = [], only: Set<String>? = nil) -> PaneData {
        let s = m.state, l = m.lang
        // The fields shown, read in place (copying each message out whole was most of this build).
        // Before the start view is in, from the fields orders.view carries (Model.messageFields).
        let q = MessageQuery(category: category)
        let visible = m.messageFields.map { f in q.facts(only.map { ids in f.filter { ids.contains($0.id) } } ?? f, account: m.account, products: s.products) }
            ?? q.facts(s, account: m.account, only: only)
        let unreadOnly = queue == 0
        let shown = unreadOnly ? visible.filter { !$0.read || keep.contains($0.id) } : visible
        // A category's label once per code, not once per message.
        let labels = Dictionary(uniqueKeysWithValues: Set(shown.map(\.category)).map { ($0, "\($0) \(l.term(CategoryTerm($0)))") })
        let order = KeySort.order(shown.map(\.at), descending: true, ties: shown.map(\.id))
        let rows = RowPacker.rows(order) { i, packer in
            let msg = shown[i]
            packer.cell(msg.read ? " " : "●"); packer.cell(labels[msg.category]!); packer.cell(msg.title)
            packer.cell(msg.orderId ?? msg.productId ?? ""); packer.cell(msg.at.shortDisplay)
            return Row(id: msg.id, packer: &packer, emphasis: !msg.read)
        }
        return PaneData(columns: [
            Column(title: "", minWidth: 1, weight: 0),
            Column(title: l.t("pane.category"), minWidth: 12, weight: 1),
            Column(title: l.t("pane.title"), minWidth: 12, weight: 5),
            Column(title: l.t("pane.related"), minWidth: 8, weight: 1),
            Column(title: l.t("pane.time"), minWidth: 16, weight: 0),
        ], rows: rows, queues: [(l.t("pane.unread"), visible.count { !$0.read }), (l.t("pane.all"), visible.count)])
    }

}
