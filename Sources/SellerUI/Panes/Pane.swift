import SellerCore

public enum Tab: Int, CaseIterable, Sendable {
    case dashboard = 0, orders, supervision, tickets, messages, appeals

    public func title(_ lang: Lang) -> String {
        switch self {
        case .dashboard: lang.pick("概览", "Overview")
        case .orders: lang.pick("订单", "Orders")
        case .supervision: lang.pick("服务监管", "Supervision")
        case .tickets: lang.pick("工单", "Tickets")
        case .messages: lang.pick("消息", "Messages")
        case .appeals: lang.pick("申诉", "Appeals")
        }
    }
}

public struct Column: Sendable {
    public var title: String
    public var minWidth: Int
    /// Share of the space left after every column has its minimum.
    public var weight: Int
    public var alignRight = false
    /// When space is short, lower priorities are dropped first.
    public var priority = 5
}

/// One table row: display text already sanitised, plus a lower-cased
/// haystack for filter-as-you-type.
public struct Row: Sendable {
    public var id: String
    public var cells: [String]
    public var emphasis = false
    var haystack: String

    init(id: String, cells: [String], emphasis: Bool = false) {
        self.id = id
        self.cells = cells.map(Sanitizer.line)
        self.emphasis = emphasis
        haystack = self.cells.joined(separator: "\u{1}").lowercased()
    }
}

public struct PaneData: Sendable {
    public var columns: [Column]
    public var rows: [Row]
    /// Sub-queues with their counts (supervision, tickets, messages).
    public var queues: [(label: String, count: Int)] = []
    /// Built by the app when the rows change.
    var search = SearchIndex(haystacks: [])
}

/// Builds what each tab shows from the core's state; every rule (visibility,
/// queues, stalls, validity) is the core's.
enum Panes {
    static func data(_ tab: Tab, _ m: Model, queue: Int, conditions: Conditions = Conditions()) -> PaneData {
        switch tab {
        case .dashboard: PaneData(columns: [], rows: [])
        case .orders: orders(m, conditions.orderQuery, only: conditions.orderIds)
        case .supervision: supervision(m, queue: queue, conditions.recordQuery(now: m.now), stalled: conditions.stalled)
        case .tickets: tickets(m, queue: queue)
        case .messages: messages(m, queue: queue, category: conditions.category)
        case .appeals: appeals(m, age: conditions.appealAge)
        }
    }

    static func queueCount(_ tab: Tab) -> Int {
        switch tab {
        case .supervision: SupervisionQueue.allCases.count
        case .tickets: TicketQueue.allCases.count
        case .messages: 2
        default: 0
        }
    }

    static func orders(_ m: Model, _ q: OrderQuery, only: Set<String>? = nil) -> PaneData {
        let s = m.state, l = m.lang
        let rows = q.run(s, account: m.account).filter { only?.contains($0.id) ?? true }.map { o -> Row in
            let p = s.products[o.productId]
            let r = s.records[o.id]
            let sup = r.map { $0.isFrozen ? "\($0.state.zh)·\(l.pick("申诉中", "appealed"))" : $0.state.zh } ?? "—"
            return Row(id: o.id, cells: [o.id, o.customer.name, o.customer.userName, p?.name ?? o.productId, p?.type.zh ?? "",
                                         o.amount.decimalString, o.createdAt.shortDisplay, o.status.zh, sup])
        }
        return PaneData(columns: [
            Column(title: l.pick("订单号", "Order"), minWidth: 15, weight: 0, priority: 9),
            Column(title: l.pick("客户名称", "Customer"), minWidth: 8, weight: 3, priority: 8),
            Column(title: l.pick("用户名", "User"), minWidth: 8, weight: 1, priority: 1),
            Column(title: l.pick("商品名称", "Product"), minWidth: 8, weight: 3, priority: 7),
            Column(title: l.pick("商品类型", "Type"), minWidth: 6, weight: 1, priority: 2),
            Column(title: l.pick("金额", "Amount"), minWidth: 9, weight: 0, alignRight: true, priority: 6),
            Column(title: l.pick("创建时间", "Created"), minWidth: 16, weight: 0, priority: 3),
            Column(title: l.pick("订单状态", "Status"), minWidth: 6, weight: 0, priority: 4),
            Column(title: l.pick("服务监管状态", "Supervision"), minWidth: 10, weight: 2, priority: 6),
        ], rows: rows)
    }

    static func supervision(_ m: Model, queue: Int, _ q: RecordQuery, stalled: Conditions.StallFilter? = nil) -> PaneData {
        let s = m.state, l = m.lang
        let visible = q.run(s, account: m.account).filter { r in stalled?.matches(r.stallReasons(now: m.now)) ?? true }
        let queues = SupervisionQueue.allCases
        let current = queues[min(queue, queues.count - 1)]
        // Each record's queue once: it walks the flow table, and 100k records
        // times six queues made switching to this pane take seconds.
        let queued = visible.map { ($0, $0.queue) }
        var counts: [SupervisionQueue: Int] = [:]
        for (_, q) in queued { counts[q, default: 0] += 1 }
        let rows = queued.filter { current == .all || $0.1 == current }.map(\.0)
            .sorted { $0.enteredStateAt != $1.enteredStateAt ? $0.enteredStateAt < $1.enteredStateAt : $0.orderId < $1.orderId }
            .map { r -> Row in
                let stall = r.stallReasons(now: m.now)
                return Row(id: r.orderId, cells: [r.orderId, s.products[r.productId]?.name ?? r.productId, r.definition.id.zh, r.state.zh,
                                                  "\(r.enteredStateAt.days(until: m.now))\(l.pick("天", "d"))", "\(r.deliveryRejectionCount)",
                                                  r.isFrozen ? l.pick("冻结", "frozen") : "", stall.map(\.zh).joined(separator: "；")],
                           emphasis: !stall.isEmpty)
            }
        return PaneData(columns: [
            Column(title: l.pick("订单号", "Order"), minWidth: 15, weight: 0, priority: 9),
            Column(title: l.pick("商品名称", "Product"), minWidth: 8, weight: 3, priority: 7),
            Column(title: l.pick("流程", "Flow"), minWidth: 8, weight: 2, priority: 2),
            Column(title: l.pick("当前节点", "Node"), minWidth: 12, weight: 3, priority: 8),
            Column(title: l.pick("停留", "Idle"), minWidth: 5, weight: 0, alignRight: true),
            Column(title: l.pick("驳回", "Rej."), minWidth: 4, weight: 0, alignRight: true),
            Column(title: l.pick("申诉", "Appeal"), minWidth: 4, weight: 0),
            Column(title: l.pick("提醒", "Alerts"), minWidth: 6, weight: 2),
        ], rows: rows, queues: queues.map { q in (q.zh, q == .all ? queued.count : counts[q] ?? 0) })
    }

    static func tickets(_ m: Model, queue: Int) -> PaneData {
        let s = m.state, l = m.lang
        let queues = TicketQueue.allCases
        let names = ticketQueueNames(l)
        let rows = queues[min(queue, queues.count - 1)].run(s, account: m.account).map { t in
            Row(id: t.id, cells: [t.id, t.title, t.customer.name, s.products[t.productId]?.name ?? t.productId, t.status.zh,
                                  s.accounts[t.owner]?.name ?? t.owner, t.updatedAt.shortDisplay])
        }
        return PaneData(columns: [
            Column(title: l.pick("工单号", "Ticket"), minWidth: 8, weight: 0),
            Column(title: l.pick("标题", "Title"), minWidth: 10, weight: 4),
            Column(title: l.pick("客户", "Customer"), minWidth: 8, weight: 2),
            Column(title: l.pick("商品", "Product"), minWidth: 8, weight: 2),
            Column(title: l.pick("状态", "Status"), minWidth: 8, weight: 0),
            Column(title: l.pick("处理人", "Owner"), minWidth: 6, weight: 1),
            Column(title: l.pick("更新时间", "Updated"), minWidth: 16, weight: 0),
        ], rows: rows, queues: zip(queues, names).map { q, n in (n, q.run(s, account: m.account).count) })
    }

    static func ticketQueueNames(_ l: Lang) -> [String] {
        [l.pick("待我处理", "To do"), l.pick("处理中", "In progress"), l.pick("待客户确认", "Awaiting customer"),
         l.pick("已解决/关闭", "Done"), l.pick("全部", "All")]
    }

    static func messages(_ m: Model, queue: Int, category: Int? = nil) -> PaneData {
        let s = m.state, l = m.lang
        let visible = s.messages.values.filter { Permissions.canSee($0, m.account, in: s) && (category == nil || $0.category == category) }
        let unreadOnly = queue == 0
        let rows = visible.filter { !unreadOnly || !$0.read }
            .sorted { $0.at != $1.at ? $0.at > $1.at : $0.id < $1.id }
            .map { msg in
                Row(id: msg.id, cells: [msg.read ? " " : "●", "\(msg.category) \(MessageCategory.zh(msg.category))", msg.title,
                                        msg.orderId ?? msg.productId ?? "", msg.at.shortDisplay], emphasis: !msg.read)
            }
        return PaneData(columns: [
            Column(title: "", minWidth: 1, weight: 0),
            Column(title: l.pick("类别", "Category"), minWidth: 12, weight: 1),
            Column(title: l.pick("标题", "Title"), minWidth: 12, weight: 5),
            Column(title: l.pick("关联", "Related"), minWidth: 8, weight: 1),
            Column(title: l.pick("时间", "Time"), minWidth: 16, weight: 0),
        ], rows: rows, queues: [(l.pick("未读", "Unread"), visible.filter { !$0.read }.count), (l.pick("全部", "All"), visible.count)])
    }

    /// Appeals on records the account may see.
    static func visibleAppeals(_ m: Model) -> [Appeal] {
        let s = m.state
        return s.appeals.values.filter { a in
            s.records[a.orderId].flatMap { s.products[$0.productId] }.map { Permissions.canSee($0, m.account) } ?? false
        }
    }

    static func appeals(_ m: Model, age: AppealAge? = nil) -> PaneData {
        let l = m.lang
        let rows = visibleAppeals(m).filter { a in
            guard let age else { return true }
            return a.status == .pending && age.contains(a.filedAt.days(until: m.now))
        }.sorted { $0.filedAt != $1.filedAt ? $0.filedAt > $1.filedAt : $0.id < $1.id }.map { a in
            Row(id: a.id, cells: [a.id, a.orderId, a.initiator.zh, a.node.zh, a.status.zh, a.filedAt.shortDisplay, a.reason,
                                  a.outcome.map { "\($0.zh)：\(a.resolution ?? "")" } ?? ""], emphasis: a.status == .pending)
        }
        return PaneData(columns: [
            Column(title: l.pick("申诉号", "Appeal"), minWidth: 10, weight: 1),
            Column(title: l.pick("订单号", "Order"), minWidth: 14, weight: 0),
            Column(title: l.pick("发起方", "By"), minWidth: 4, weight: 0),
            Column(title: l.pick("节点", "Node"), minWidth: 8, weight: 1),
            Column(title: l.pick("状态", "Status"), minWidth: 6, weight: 0),
            Column(title: l.pick("发起时间", "Filed"), minWidth: 16, weight: 0),
            Column(title: l.pick("原因", "Reason"), minWidth: 8, weight: 3),
            Column(title: l.pick("处理结果", "Resolution"), minWidth: 6, weight: 2),
        ], rows: rows)
    }
}
