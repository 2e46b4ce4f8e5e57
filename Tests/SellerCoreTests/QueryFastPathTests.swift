import Testing
@testable import SellerCore

/// The supervision queries' one-pass path (RecordFacts) against the
/// straightforward reading, record by record, on a demo state (it carries
/// the demo's hostile strings) for every account, at several times.
@Suite struct QueryFastPathTests {
    static let state: SellerState = {
        var s = SellerState()
        for e in DemoGenerator(.init(seed: 7, orders: 500)) { try! s.apply(e) }
        return s
    }()
    static let anchor = DemoGenerator.Options.defaultAnchor
    static let times = [anchor, anchor.adding(days: 6), anchor.adding(days: 45)]

    // MARK: The straightforward rules, written out here (not the core's helpers the fast path shares)

    static func queue(_ r: ServiceRecord, _ a: Account, _ s: SellerState) -> SupervisionQueue {
        if r.openAppealId != nil { return .appealed }
        if r.state.isTerminal { return .done }
        let waiting = FlowCatalog.definition(r.flow, version: r.flowVersion)!.waitingOn(r.state)
        if waiting.contains(.merchant) {
            if a.isMain { return .needsMe }
            guard let p = s.products[r.productId] else { return .colleague }
            return Permissions.mayAct(onRecordOf: p, account: a) ? .needsMe : .colleague
        }
        return waiting.contains(.reviewer) ? .review : .waiting
    }

    static func stall(_ r: ServiceRecord, _ now: Timestamp) -> [StallReason] {
        guard !r.state.isTerminal else { return [] }
        var out: [StallReason] = []
        let waiting = FlowCatalog.definition(r.flow, version: r.flowVersion)!.waitingOn(r.state)
        if r.openAppealId == nil, waiting.contains(.buyer), r.enteredStateAt.days(until: now) > 5 {
            out.append(.buyerIdle(days: r.enteredStateAt.days(until: now)))
        }
        let rejections = r.rejections.filter { $0.kind == .delivery }.count
        if rejections >= 3 { out.append(.repeatedRejections(count: rejections)) }
        return out
    }

    static func sees(_ r: ServiceRecord, _ a: Account, _ s: SellerState) -> Bool {
        a.isMain || s.products[r.productId].map { $0.authorizedTo == a.id } ?? false
    }

    static func run(_ q: RecordQuery, _ s: SellerState, _ a: Account) -> [ServiceRecord] {
        let pool = q.only.map { ids in ids.compactMap { s.records[$0] } } ?? Array(s.records.values)
        return pool.filter { r in
            guard sees(r, a, s) else { return false }
            if let st = q.state, r.state != st { return false }
            if let t = q.type, s.products[r.productId]?.type != t { return false }
            if q.queue != .all, queue(r, a, s) != q.queue { return false }
            if q.stalled, stall(r, q.now).isEmpty { return false }
            if let from = q.closedFrom {
                guard r.state == .completed, let c = r.closedAt, c >= from, c <= q.now else { return false }
            }
            if q.mine, !s.validActions(for: r.orderId, account: a).contains(where: { $0.kind != .fileAppeal }) { return false }
            return true
        }.sorted { $0.enteredStateAt != $1.enteredStateAt ? $0.enteredStateAt < $1.enteredStateAt : $0.orderId < $1.orderId }
    }

    // MARK: Tests

    @Test func theDemoHasWhatTheRulesTell() {
        let s = Self.state, now = Self.anchor
        let main = s.mainAccount!
        let queues = Set(s.records.values.map { Self.queue($0, main, s) })
        #expect(queues.isSuperset(of: [.needsMe, .waiting, .done, .appealed]), "\(queues)")
        #expect(s.records.values.contains { !Self.stall($0, now).isEmpty })
        #expect(s.accounts.values.contains { a in !a.isMain && s.records.values.contains { Self.sees($0, a, s) } })
        #expect(s.accounts.values.contains { a in !a.isMain && s.records.values.contains { !Self.sees($0, a, s) } })
    }

    @Test func recordFactsEqualEachRecordsRules() {
        let s = Self.state
        for a in s.accounts.values {
            for now in Self.times {
                let facts = s.recordFacts(for: a, now: now)
                let byId = Dictionary(uniqueKeysWithValues: facts.map { ($0.orderId, $0) })
                #expect(byId.count == facts.count, "one fact per record")
                let visible = s.records.values.filter { Self.sees($0, a, s) }
                #expect(Set(byId.keys) == Set(visible.map(\.orderId)), "\(a.id)")
                for r in visible {
                    let f = byId[r.orderId]
                    #expect(f == RecordFacts(r, account: a, in: s, now: now))
                    #expect(f?.queue == Self.queue(r, a, s) && f?.stallReasons == Self.stall(r, now), "\(a.id) \(r.orderId)")
                    #expect(f?.type == s.products[r.productId]?.type && f?.deliveryRejectionCount == r.rejections.count { $0.kind == .delivery })
                    #expect(f?.closedAt == r.closedAt && f?.isFrozen == (r.openAppealId != nil) && f?.enteredStateAt == r.enteredStateAt)
                }
                // Some records only, some of them unknown.
                let some = Set(visible.prefix(9).map(\.orderId) + s.records.keys.suffix(9) + ["no-such-order"])
                let only = s.recordFacts(for: a, now: now, only: some)
                #expect(Set(only.map(\.orderId)) == some.intersection(visible.map(\.orderId)))
                #expect(only.allSatisfy { byId[$0.orderId] == $0 })
            }
        }
    }

    @Test func recordQueryEqualsAFilterAndSortOfTheRecords() {
        let s = Self.state
        var queries: [RecordQuery] = []
        for now in Self.times {
            for q in SupervisionQueue.allCases { var r = RecordQuery(now: now); r.queue = q; queries.append(r) }
            for st in SupervisionState.allCases { var r = RecordQuery(now: now); r.state = st; queries.append(r) }
            for t in ProductType.allCases { var r = RecordQuery(now: now); r.type = t; r.queue = .needsMe; queries.append(r) }
            var stalled = RecordQuery(now: now); stalled.stalled = true; queries.append(stalled)
            var closed = RecordQuery(now: now); closed.closedFrom = now.adding(days: -30); queries.append(closed)
            var some = RecordQuery(now: now); some.only = Set(s.records.keys.prefix(40) + ["no-such-order"]); some.queue = .waiting; queries.append(some)
        }
        var mine = RecordQuery(now: Self.anchor); mine.mine = true; queries.append(mine)
        for a in s.accounts.values {
            for q in queries {
                let expected = Self.run(q, s, a)
                #expect(q.run(s, account: a) == expected, "\(a.id) \(q)")
                #expect(q.facts(s, account: a).map(\.orderId) == expected.map(\.orderId))
                if q.only == nil {
                    #expect(q.select(s.recordFacts(for: a, now: q.now), in: s, account: a).map(\.orderId) == expected.map(\.orderId))
                }
            }
        }
    }
}
