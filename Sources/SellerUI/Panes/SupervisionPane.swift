import SellerCore

extension Tab { public static let supervision = Tab(SupervisionPane.self) }

/// 服务监管: the records in their queues (待我处理 …), with stall alerts; `a` offers the node's actions.
enum SupervisionPane: PaneDescriptor {
    static let id = "supervision"
    static func title(_ l: Lang) -> String { l.t("pane.supervision") }
    /// From the records' fields orders.view carries (Model.recordFields).
    static let listsFromOverviewTables = true
    static var queueCount: Int { SupervisionQueue.allCases.count }
    static let verbs: Set<CommandLineVerb> = [.status, .type]
    static func statusNames(_ l: Lang) -> [String] { SupervisionState.allCases.map { l.term($0) } }

    static func data(_ m: Model, queue: Int, conditions: Conditions, keep: Set<String>) -> PaneData {
        Panes.supervision(m, queue: queue, conditions.recordQuery(now: m.now), stalled: conditions.stalled)
    }

    /// Oldest node entry first, ties by order id: the order `RecordQuery.run` sorts in.
    static let patching: PanePatching? = PanePatching(
        ids: { $0.records },
        subset: { m, k, ids in
            var q = k.conditions.recordQuery(now: m.now)
            q.only = ids
            return Panes.supervision(m, queue: k.queue, q, stalled: k.conditions.stalled)
        },
        precedes: { s in { a, b in
            guard let x = s.records[a]?.enteredStateAt, let y = s.records[b]?.enteredStateAt else { return a < b }
            return x != y ? x < y : a < b
        } })

    static func detail(_ id: String, _ m: Model) -> Details.Lines { Details.record(id, m) }

    static func actions(_ id: String, _ m: Model) -> ActionOffer? {
        let l = m.lang
        guard m.state.records[id] != nil else { return .none(l.t("app.select_a_supervision_record_first"), isError: true) }
        let items = m.state.actions(for: id, account: m.account).map { o in
            switch o.kind {
            case .step(let e): MenuItem(title: "\(l.term(e))  \(e.rawValue)", action: .step(e, o.fields), unavailableReason: o.refusal.map { RefusalText.text($0, l, state: m.state) })
            case .fileAppeal: MenuItem(title: "\(l.t("menu.appeal"))  appeal", action: .appeal, unavailableReason: o.refusal.map { RefusalText.text($0, l, state: m.state) })
            }
        }
        return .menu(items)
    }
}

extension Panes {
    static func supervision(_ m: Model, queue: Int, _ q: RecordQuery, stalled: Conditions.StallFilter? = nil) -> PaneData {
        let s = m.state, l = m.lang
        // Each record's facts once (its queue and stall reasons by the core's
        // rules, and what a row shows), not the records: they are large
        // structs, and copying 100k of them showed in every switch.
        let facts = m.recordFields.map { q.facts($0, in: s, account: m.account) } ?? q.facts(s, account: m.account)
        let visible = facts.filter { f in stalled?.matches(f.stallReasons) ?? true }
        let queues = SupervisionQueue.allCases
        let current = queues[min(queue, queues.count - 1)]
        var counts: [SupervisionQueue: Int] = [:]
        for f in visible { counts[f.queue, default: 0] += 1 }
        // In the query's order (oldest node entry first).
        let shown = visible.indices.filter { current.holds(visible[$0].queue) }
        let (day, frozen, separator) = (l.t("pane.d"), l.t("pane.frozen"), l.t("text.clause_separator"))
        let productNames = s.products.mapValues(\.name)
        let now = m.now
        let rows = RowPacker.rows(shown) { i, packer in
            visible.withUnsafeBufferPointer { b in
                let f = b[i]
                packer.cell(f.orderId); packer.cell(productNames[f.productId] ?? f.productId); packer.cell(l.term(f.flow))
                packer.cell(l.term(f.state)); packer.cell("\(f.enteredStateAt.days(until: now))\(day)")
                packer.cell("\(f.deliveryRejectionCount)"); packer.cell(f.isFrozen ? frozen : "")
                packer.cell(f.stallReasons.isEmpty ? "" : f.stallReasons.map { l.term($0) }.joined(separator: separator))
                return Row(id: f.orderId, packer: &packer, emphasis: f.isStalled)
            }
        }
        return PaneData(columns: [
            Column(title: l.t("pane.order"), minWidth: 15, weight: 0, priority: 9, role: .orderId),
            Column(title: l.t("pane.product"), minWidth: 8, weight: 3, priority: 7),
            Column(title: l.t("pane.flow"), minWidth: 8, weight: 2, priority: 2),
            Column(title: l.t("pane.node"), minWidth: 12, weight: 3, priority: 8),
            Column(title: l.t("pane.idle"), minWidth: 5, weight: 0, alignRight: true),
            Column(title: l.t("pane.rej"), minWidth: 4, weight: 0, alignRight: true),
            Column(title: l.t("pane.appeal"), minWidth: 4, weight: 0),
            Column(title: l.t("pane.alerts"), minWidth: 6, weight: 2),
        ], rows: rows, queues: queues.map { q in (l.term(q), q == .all ? visible.count : counts[q] ?? 0) })
    }

}
