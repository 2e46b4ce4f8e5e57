import Testing
@testable import SellerCore
@testable import SellerUI

/// The supervision pane and the overview's record, ticket and trend figures,
/// built from the core's one-pass facts (and the messages pane), against builds
/// written out the straightforward way (a copy of each record or message,
/// each rule asked per record), on a demo state with the demo's hostile
/// strings, for every account, queue and filter.
@Suite struct PaneBuildFastPathTests {
    static let state: SellerState = {
        var s = SellerState()
        for e in DemoGenerator(.init(seed: 5, orders: 400)) { try! s.apply(e) }
        // Ties on the time, so the order by id is exercised.
        for id in s.messages.keys.sorted().prefix(25) { s.messages[id]!.at = DemoGenerator.Options.defaultAnchor }
        return s
    }()
    static let times = [Demo.now, Demo.now.adding(days: 8)]

    static func models() -> [Model] {
        state.accounts.values.sorted { $0.id < $1.id }.flatMap { a in
            times.flatMap { now in [Lang.zh, .en].map { Model(state: state, account: a, now: now, lang: $0) } }
        }
    }

    static func lines(_ d: PaneData) -> [[String]] { d.rows.map { [$0.id] + $0.cells + [$0.emphasis ? "!" : ""] } }
    static func queues(_ d: PaneData) -> [String] { d.queues.map { "\($0.label)=\($0.count)" } }

    /// The supervision pane as it was built before the facts: every record copied, each rule asked per record.
    static func supervision(_ m: Model, queue: Int, _ q: RecordQuery, stalled: Conditions.StallFilter?) -> ([[String]], [String]) {
        let s = m.state, l = m.lang, a = m.account
        let visible = s.records.values.filter { r in
            s.sees(r, a) && (q.state.map { r.state == $0 } ?? true) && (q.type.map { s.products[r.productId]?.type == $0 } ?? true)
                && (q.closedFrom.map { from in r.state == .completed && r.closedAt.map { $0 >= from && $0 <= q.now } ?? false } ?? true)
                && (stalled?.matches(r.stallReasons(now: m.now)) ?? true)
        }.sorted { $0.enteredStateAt != $1.enteredStateAt ? $0.enteredStateAt < $1.enteredStateAt : $0.orderId < $1.orderId }
        let queues = SupervisionQueue.allCases
        let current = queues[min(queue, queues.count - 1)]
        let rows = visible.filter { current == .all || $0.queue(for: a, in: s) == current }.map { r in
            let stall = r.stallReasons(now: m.now)
            let cells = [r.orderId, s.products[r.productId]?.name ?? r.productId, l.term(r.flow), l.term(r.state),
                         "\(r.enteredStateAt.days(until: m.now))\(l.t("pane.d"))", "\(r.deliveryRejectionCount)",
                         r.isFrozen ? l.t("pane.frozen") : "", stall.map { l.term($0) }.joined(separator: l.t("text.clause_separator"))]
            return [r.orderId] + cells.map(Sanitizer.line) + [stall.isEmpty ? "" : "!"]
        }
        let counts = queues.map { q in q == .all ? visible.count : visible.count { $0.queue(for: a, in: s) == q } }
        return (rows, zip(queues, counts).map { "\(l.term($0))=\($1)" })
    }

    @Test func supervisionPaneEqualsTheRecordByRecordBuild() {
        for m in Self.models() {
            for queue in 0..<SupervisionQueue.allCases.count {
                for stalled in [nil, Conditions.StallFilter.any, .buyerIdle, .rejections] {
                    var c = Conditions(); c.stalled = stalled
                    let built = Panes.supervision(m, queue: queue, c.recordQuery(now: m.now), stalled: stalled)
                    let (rows, queues) = Self.supervision(m, queue: queue, c.recordQuery(now: m.now), stalled: stalled)
                    #expect(Self.lines(built) == rows, "\(m.account.id) queue \(queue) \(String(describing: stalled))")
                    #expect(Self.queues(built) == queues)
                }
            }
            var closed = Conditions(); closed.closedFrom = m.now.adding(days: -30)
            var typed = Conditions(); typed.type = .hardware
            var status = Conditions(); status.status = SupervisionState.awaitingDelivery.zh
            for c in [closed, typed, status] {
                for queue in [0, SupervisionQueue.allCases.count - 1] {
                    let built = Panes.supervision(m, queue: queue, c.recordQuery(now: m.now))
                    let (rows, queues) = Self.supervision(m, queue: queue, c.recordQuery(now: m.now), stalled: nil)
                    #expect(Self.lines(built) == rows && Self.queues(built) == queues, "\(m.account.id) \(c)")
                }
            }
        }
    }

    @Test func messagesPaneEqualsTheMessageByMessageBuild() {
        for m in Self.models() {
            let s = m.state, l = m.lang
            let keep = Set(s.messages.values.filter(\.read).prefix(5).map(\.id))
            for queue in [0, 1] {
                for category in [nil, 101, 901] {
                    for only in [nil, Set(s.messages.keys.sorted().prefix(40) + ["no-such-message"])] {
                        let built = Panes.messages(m, queue: queue, category: category, keep: keep, only: only)
                        let q = MessageQuery(category: category)
                        let visible = (only.map { $0.compactMap { s.messages[$0] } } ?? Array(s.messages.values))
                            .filter { q.matches($0, account: m.account, in: s) }
                            .sorted { $0.at != $1.at ? $0.at > $1.at : $0.id < $1.id }
                        let shown = queue == 0 ? visible.filter { !$0.read || keep.contains($0.id) } : visible
                        let rows = shown.map { msg in
                            [msg.id] + [msg.read ? " " : "●", "\(msg.category) \(l.term(CategoryTerm(msg.category)))", msg.title,
                                        msg.orderId ?? msg.productId ?? "", msg.at.shortDisplay].map(Sanitizer.line) + [msg.read ? "" : "!"]
                        }
                        #expect(Self.lines(built) == rows, "\(m.account.id) queue \(queue) \(String(describing: category)) \(only == nil)")
                        #expect(Self.queues(built) == ["\(l.t("pane.unread"))=\(visible.count { !$0.read })", "\(l.t("pane.all"))=\(visible.count)"])
                    }
                }
            }
        }
    }

    /// The overview's supervision, type, stall, ticket and trend figures.
    @Test func overviewFiguresEqualTheRecordByRecordCounts() {
        for m in Self.models() {
            let s = m.state, now = m.now, a = m.account
            let figures = Dashboard.figures(m)
            func counts(_ section: DashboardFigure.Section) -> [Int] { figures.filter { $0.section == section }.map(\.count) }
            let records = s.records.values.filter { s.sees($0, a) }
            #expect(counts(.supervision) == SupervisionQueue.allCases.filter { $0 != .all }.map { q in records.count { $0.queue(for: a, in: s) == q } })
            #expect(counts(.productTypes) == ProductType.allCases.map { t in records.count { s.products[$0.productId]?.type == t } }.filter { $0 > 0 })
            #expect(counts(.stalled) == [Conditions.StallFilter.buyerIdle, .rejections, .any].map { f in records.count { f.matches($0.stallReasons(now: now)) } })
            #expect(counts(.tickets) == TicketQueue.allCases.filter { $0 != .all }.map { q in s.tickets.values.count { q.matches($0, account: a) } })
            let today = Timestamp(china: .init(year: now.china.year, month: now.china.month, day: now.china.day))
            let start = today.adding(days: -(Dashboard.trendDays - 1))
            func series(_ times: [Timestamp]) -> [Int] {
                (0..<Dashboard.trendDays).map { d in times.count { $0 >= start && $0 <= now && min(Dashboard.trendDays - 1, start.days(until: $0)) == d } }
            }
            let trends = figures.filter { $0.section == .trends }.map(\.series)
            let orders = s.orders.values.filter { OrderQuery.isListed($0) && Permissions.canSee(order: $0, a, in: s) }.map(\.createdAt)
            let closed = records.filter { $0.state == .completed }.compactMap(\.closedAt).filter { $0 >= start && $0 <= now }
            #expect(trends == [series(orders), series(closed)], "\(a.id)")
            #expect(counts(.supervision).reduce(0, +) > 0 || records.isEmpty)
        }
    }
}
