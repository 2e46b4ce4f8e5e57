import SellerCore

extension Tab { public static let appeals = Tab(AppealsPane.self) }

/// 申诉: appeals on records the account may see, newest first.
enum AppealsPane: PaneDescriptor {
    static let id = "appeals"
    static func title(_ l: Lang) -> String { l.t("pane.appeals") }
    static let listsFromOverviewTables = true

    static func data(_ m: Model, queue: Int, conditions: Conditions, keep: Set<String>) -> PaneData { Panes.appeals(m, age: conditions.appealAge) }

    static func detail(_ id: String, _ m: Model) -> Details.Lines { Details.appeal(id, m) }

    static func related(_ id: String, _ m: Model) -> (orderId: String, tab: Tab)? {
        m.state.appeals[id].map { ($0.orderId, Panes.home(ofOrder: $0.orderId, m)) }
    }
}

extension Panes {
    /// Appeals on records the account may see.
    static func visibleAppeals(_ m: Model) -> [Appeal] {
        let s = m.state
        // The rule asked of the one field it reads: an appeal handed to it whole is copied first.
        return s.appeals.values.filter { AppealQuery.isVisible(onOrder: $0.orderId, to: m.account, in: s) }
    }

    static func appeals(_ m: Model, age: AppealAge? = nil) -> PaneData {
        let l = m.lang
        let shown = visibleAppeals(m).filter { a in
            guard let age else { return true }
            return a.status == .pending && age.contains(a.filedAt.days(until: m.now))
        }
        let rows = KeySort.order(shown.map(\.filedAt), descending: true, ties: shown.map(\.id)).map { shown[$0] }.map { a in
            Row(id: a.id, cells: [a.id, a.orderId, l.term(a.initiator), l.term(a.node), l.term(a.status), a.filedAt.shortDisplay, a.reason,
                                  a.outcome.map { l.t("text.label_value", l.term($0), a.resolution ?? "") } ?? ""], emphasis: a.status == .pending)
        }
        return PaneData(columns: [
            Column(title: l.t("pane.appeal_2"), minWidth: 10, weight: 1),
            Column(title: l.t("pane.order"), minWidth: 14, weight: 0, role: .orderId),
            Column(title: l.t("pane.by"), minWidth: 4, weight: 0),
            Column(title: l.t("pane.node_2"), minWidth: 8, weight: 1),
            Column(title: l.t("pane.status_2"), minWidth: 6, weight: 0),
            Column(title: l.t("pane.filed"), minWidth: 16, weight: 0),
            Column(title: l.t("pane.reason"), minWidth: 8, weight: 3),
            Column(title: l.t("pane.resolution"), minWidth: 6, weight: 2),
        ], rows: rows)
    }
}
