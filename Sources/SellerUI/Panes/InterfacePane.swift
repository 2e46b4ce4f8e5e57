import SellerCore

extension Tab { public static let interface = Tab(InterfacePane.self) }

/// The 接口 pane: every production-interface call (`seller serve`), newest
/// first; the detail adds the month's failures per product against the
/// delisting rule and the last 拨测 calls. Facts come from `InterfaceReport`.
enum InterfacePane: PaneDescriptor {
    static let id = "interface"
    static func title(_ l: Lang) -> String { l.t("pane.interface") }
    static let listsFromOverviewTables = true

    static func data(_ m: Model, queue: Int, conditions: Conditions, keep: Set<String>) -> PaneData { Panes.interface(m) }

    static func detail(_ id: String, _ m: Model) -> Details.Lines { Details.call(id, m) }
}

extension Panes {
    static func interface(_ m: Model) -> PaneData {
        let l = m.lang, calls = m.state.calls, base = m.state.callStats.dropped
        let (yes, no) = (l.t("pane.test_yes"), "")
        let rows = Parallel.map(Array(calls.indices.reversed())) { i -> Row in
            let c = calls[i]
            // Numbered over every call kept, so a selection survives the oldest being cut.
            return Row(id: String(base + i), cells: [c.at.shortDisplay, c.activity, c.resultCode, c.orderId ?? "", c.instanceId ?? "",
                                              c.test ? yes : no, String(c.ms)],
                       emphasis: !c.succeeded)
        }
        return PaneData(columns: [
            Column(title: l.t("pane.time"), minWidth: 16, weight: 0, priority: 9),
            Column(title: l.t("pane.activity"), minWidth: 12, weight: 1, priority: 8),
            Column(title: l.t("pane.result"), minWidth: 6, weight: 0, priority: 9),
            Column(title: l.t("pane.order"), minWidth: 10, weight: 2, priority: 6, role: .orderId),
            Column(title: l.t("pane.instance"), minWidth: 8, weight: 2, priority: 5),
            Column(title: l.t("pane.test"), minWidth: 4, weight: 1, priority: 3),
            Column(title: l.t("pane.ms"), minWidth: 4, weight: 0, alignRight: true, priority: 2),
        ], rows: rows)
    }
}

extension Details {
    static func call(_ id: String, _ m: Model) -> Lines {
        let s = m.state, l = m.lang
        guard let n = Int(id), case let i = n - s.callStats.dropped, s.calls.indices.contains(i) else { return [] }
        let c = s.calls[i]
        var lines: Lines = [
            (l.t("pane.time"), c.at.shortDisplay), (l.t("details.call_peer"), c.peer), (l.t("pane.activity"), c.activity),
            (l.t("pane.result"), c.resultCode), (l.t("details.call_message"), c.resultMsg),
            (l.t("pane.order"), c.orderId ?? "—"), (l.t("pane.instance"), c.instanceId ?? "—"),
            (l.t("pane.test"), c.test ? l.t("details.call_test") : "—"), (l.t("pane.ms"), String(c.ms)),
        ]
        if let inst = c.instanceId.flatMap({ s.instances[$0] }) {
            let status = switch inst.status {
            case .normal: l.t("details.instance_normal")
            case .frozen: l.t("details.instance_frozen")
            case .released: l.t("details.instance_released")
            }
            lines.append((l.t("details.saas_instance"), l.t("details.saas_instance_value", inst.id, status)))
        }
        for f in InterfaceReport.failuresThisMonth(s, now: m.now) {
            let name = s.products[f.productId]?.name ?? f.productId
            lines.append((l.t("pane.product"), l.t("details.interface_failures", name, f.failedOrders, InterfaceReport.delistingLimit)
                          + l.t("details.delisting_rule", InterfaceReport.delistingLimit)))
        }
        let probes = InterfaceReport.lastProbes(s, limit: 5)
        lines.append((l.t("details.last_probes"), probes.isEmpty ? l.t("details.none")
                      : probes.map { "\($0.at.shortDisplay) \($0.activity) \($0.resultCode)" }.joined(separator: "\n")))
        return lines
    }
}
