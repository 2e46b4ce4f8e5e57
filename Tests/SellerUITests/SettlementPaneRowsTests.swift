import Testing
@testable import SellerCore
@testable import SellerUI

/// 结算's rows (one counting pass, rows only for the queue shown) against the
/// straightforward build: the lines grouped by state, every queue's rows
/// from its group — on a demo with bills and hostile strings, in both languages.
@Suite struct SettlementPaneRowsTests {
    static let state: SellerState = {
        var s = SellerState()
        for e in DemoGenerator(.init(seed: 7, orders: 900)) { try! s.apply(e) }
        return s
    }()

    /// The order queues as first built: grouped by state, each group reversed.
    static func plainRows(_ m: Model, _ lines: [OrderSettlement], _ state: SettlementState) -> [Row] {
        let l = m.lang
        let byState = Dictionary(grouping: lines, by: \.state)
        return (byState[state] ?? []).reversed().map { s in
            Row(id: s.orderId, cells: [s.orderId, s.period?.text ?? "—", l.term(s.productType), s.saleAmount.decimalString,
                                       s.feeRate ?? "—", s.settlementAmount?.decimalString ?? "—",
                                       s.reasons.map(\.text).joined(separator: l.t("text.clause_separator"))])
        }
    }

    @Test(arguments: [Lang.zh, Lang.en])
    func everyQueueIsTheStraightforwardBuild(lang: Lang) throws {
        let s = Self.state
        let m = Model(state: s, account: try #require(s.mainAccount), now: DemoGenerator.Options.defaultAnchor, lang: lang)
        let lines = Settlement.derive(s, asOf: m.now)
        #expect(!s.bills.isEmpty && Set(lines.map(\.state)) == Set(SettlementState.allCases))
        let counts = [Settlement.totals(lines).count, lines.count { $0.state == .billed }, lines.count { $0.state == .pending },
                      lines.count { $0.state == .notBillable }, s.bills.count]
        for queue in 0..<SettlementPane.queueCount {
            // Derived here and handed over (as the background build does) and derived by the pane itself: the same.
            for data in [SettlementPane.data(m, queue: queue), SettlementPane.data(m, queue: queue, derived: lines)] {
                #expect(data.queues.map(\.count) == counts, "queue \(queue)")
                let expected: [Row]
                switch queue {
                case 1: expected = Self.plainRows(m, lines, .billed)
                case 2: expected = Self.plainRows(m, lines, .pending)
                case 3: expected = Self.plainRows(m, lines, .notBillable)
                default: continue   // periods and bills: built from the totals and bills as before
                }
                #expect(data.rows.map(\.id) == expected.map(\.id), "queue \(queue)")
                #expect(data.rows.map(\.cells) == expected.map(\.cells), "queue \(queue)")
                #expect(data.rows.map(\.emphasis) == expected.map(\.emphasis), "queue \(queue)")
            }
        }
        let periods = SettlementPane.data(m, queue: 0)
        #expect(periods.rows.map(\.id) == Settlement.totals(lines).reversed().map { "period:" + $0.period.text })
    }
}
