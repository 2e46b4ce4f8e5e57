import SellerCore

extension Tab { public static let orders = Tab(OrdersPane.self) }

/// 订单: every order the account may see (按需 ones only when a figure names them).
enum OrdersPane: PaneDescriptor {
    static let id = "orders"
    static func title(_ l: Lang) -> String { l.t("pane.orders") }
    static let verbs: Set<CommandLineVerb> = [.status, .from, .to, .type, .user, .product]
    static func statusNames(_ l: Lang) -> [String] { OrderStatus.allCases.map { l.term($0) } }
    static let listsWhileLoading = true

    /// The order query applies `:id` and `:customer` itself (as the CLI's does).
    static let queriesIdAndCustomer = true

    static func data(_ m: Model, queue: Int, conditions: Conditions, keep: Set<String>) -> PaneData {
        // The overview's 发票 figures list the orders' open invoice requests with their deadlines.
        conditions.invoiceDeadlines ? Panes.invoiceRequests(m, conditions.orderQuery, only: conditions.orderIds)
                                    : Panes.orders(m, conditions.orderQuery, only: conditions.orderIds)
    }

    static func detail(_ id: String, _ m: Model) -> Details.Lines { Details.order(id, m) }

    /// The order query's own order. The invoice-deadline list (an overview
    /// figure's) is not patched: it is small, and rebuilt.
    static let patching: PanePatching? = PanePatching(
        ids: { $0.orders },
        subset: { m, k, ids in Panes.orders(m, k.conditions.orderQuery, only: k.conditions.orderIds.map { $0.intersection(ids) } ?? ids) },
        precedes: { s in { a, b in
            guard let x = s.orders[a], let y = s.orders[b] else { return a < b }
            return OrderQuery.newestFirst.precedes(x, y, in: s) // every console order query sorts so (Conditions.orderQuery)
        } },
        applies: { !$0.conditions.invoiceDeadlines })
}

extension Panes {
    static func orders(_ m: Model, _ q: OrderQuery, only: Set<String>? = nil) -> PaneData {
        // Few ids (a patch, or a figure's few orders): read just those.
        if let only, only.count * 8 < m.state.orders.count {
            return orders(q.rows(m.state, account: m.account, only: only), products: m.state.products, lang: m.lang)
        }
        let facts = q.rows(m.state, account: m.account)
        return orders(only.map { ids in facts.filter { ids.contains($0.id) } } ?? facts, products: m.state.products, lang: m.lang)
    }

    /// The order table from row facts: the state's (above) or the store's
    /// orders view while the rest of the state loads.
    static func orders(_ facts: [OrderRowFacts], products: [String: Product], lang l: Lang) -> PaneData {
        // Names looked up once per product and per state, not per row.
        let appealed = l.t("pane.appealed")
        let named = products.mapValues { ($0.name, l.term($0.type)) }
        let statuses = Dictionary(uniqueKeysWithValues: OrderStatus.allCases.map { ($0, l.term($0)) })
        let nodes = Dictionary(uniqueKeysWithValues: SupervisionState.allCases.map { ($0, (l.term($0), "\(l.term($0))·\(appealed)")) })
        let instances = Dictionary(uniqueKeysWithValues: InstanceStatus.allCases.map { ($0, l.t("details.instance_\($0.rawValue)")) })
        let rows = RowPacker.rows(facts) { f, packer in
            let p = named[f.productId]
            packer.cell(f.id); packer.cell(f.customerName); packer.cell(f.userName)
            packer.cell(p?.0 ?? f.productId); packer.cell(p?.1 ?? ""); packer.cell(f.amount); packer.cell(f.created)
            packer.cell(statuses[f.status]!)
            packer.cell(f.recordState.map { f.frozen ? nodes[$0]!.1 : nodes[$0]!.0 } ?? "—")
            packer.cell(f.instanceStatus.map { instances[$0]! } ?? "")
            return Row(id: f.id, packer: &packer)
        }
        return PaneData(columns: [
            Column(title: l.t("pane.order"), minWidth: 15, weight: 0, priority: 9, role: .orderId),
            Column(title: l.t("pane.customer"), minWidth: 8, weight: 3, priority: 8, role: .customer),
            Column(title: l.t("pane.user"), minWidth: 8, weight: 1, priority: 1),
            Column(title: l.t("pane.product"), minWidth: 8, weight: 3, priority: 7),
            Column(title: l.t("pane.type"), minWidth: 6, weight: 1, priority: 2),
            Column(title: l.t("pane.amount"), minWidth: 9, weight: 0, alignRight: true, priority: 6),
            Column(title: l.t("pane.created"), minWidth: 16, weight: 0, priority: 3),
            Column(title: l.t("pane.status"), minWidth: 6, weight: 0, priority: 4),
            Column(title: l.t("pane.supervision_2"), minWidth: 10, weight: 2, priority: 6),
            // The SaaS instance (正常 / 已冻结 / 已释放) the production interface made.
            Column(title: l.t("pane.instance"), minWidth: 6, weight: 0, priority: 0),
        ], rows: rows)
    }

}
