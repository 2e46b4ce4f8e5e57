import Testing
@testable import SellerCore

/// The settlement derivation (lines sorted by key arrays, bases kept as
/// facts and spelled on demand) against the straightforward one it replaced
/// (SettlementReference), on demo stores with bills, hostile strings,
/// renewals and unsubscribes — and on their facts bent into every branch.
@Suite struct SettlementFastPathTests {
    static let anchor = DemoGenerator.Options.defaultAnchor

    static func demo(seed: UInt64, orders: Int) throws -> SellerState {
        var s = SellerState()
        for e in DemoGenerator(.init(seed: seed, orders: orders)) { try s.apply(e) }
        return s
    }

    static let policies: [SettlementPolicy] = {
        var joint = SettlementPolicy()
        joint.saleModelRates = [.joint: 3000]
        joint.billingDay = 7
        var product = SettlementPolicy()
        product.productRates = ["P-IM-01": 1000]
        product.thresholdFen = 5_000_000
        return [SettlementPolicy(), joint, product]
    }()

    static let moments = [anchor, anchor.adding(days: -75), anchor.adding(days: 400)]

    static func expectSame(_ facts: [SettlementFacts], _ bills: [Bill], _ note: String) {
        for policy in policies {
            for asOf in moments {
                let fast = Settlement.derive(facts, bills: bills, policy: policy, asOf: asOf).map(SettlementReference.Line.init)
                let plain = SettlementReference.derive(facts, bills: bills, policy: policy, asOf: asOf)
                #expect(fast.count == plain.count, "\(note) at \(asOf)")
                let first = fast.indices.first { $0 < plain.count && fast[$0] != plain[$0] }
                #expect(first == nil, "\(note) at \(asOf): line \(first ?? -1): \(first.map { "\(fast[$0]) vs \(plain[$0])" } ?? "")")
            }
        }
    }

    @Test(arguments: [(UInt64(4), 1500), (UInt64(9), 400)])
    func theDemosSettlementIsTheStraightforwardOne(seed: UInt64, orders: Int) throws {
        let state = try Self.demo(seed: seed, orders: orders)
        let facts = state.settlementFacts()
        // What makes the demo a fair test: bills (按需 lines among them), renewals, unsubscribes, open and cancelled supervision.
        #expect(!state.bills.isEmpty && facts.contains { $0.chargingMode == .onDemand })
        // (The demo's unsubscribes close supervision — 退订关闭; unsubscribe orders netting a refund are in bentFactsStillMatch.)
        #expect(facts.contains { $0.orderType == .renew })
        #expect(facts.contains { $0.supervision == .cancelled } && facts.contains { if case .open = $0.supervision { true } else { false } })
        Self.expectSame(facts, Array(state.bills.values), "demo \(seed)")
        // Through the state, and one product type at a time.
        let whole = Settlement.derive(state, asOf: Self.anchor).map(SettlementReference.Line.init)
        #expect(whole == SettlementReference.derive(facts, bills: Array(state.bills.values), policy: .init(), asOf: Self.anchor))
        for type in ProductType.allCases {
            let one = Settlement.derive(state, productType: type, asOf: Self.anchor).map(SettlementReference.Line.init)
            #expect(one == whole.filter { $0.productType == type }, "\(type)")
        }
    }

    /// The list order — keys sorted a half per core and merged, the lines
    /// moved into place along the permutation's cycles — against a plain
    /// stable sort, on more lines than the one-core cut-off (32 768), with
    /// ids repeated, lines already in place, and (the fallback by the
    /// period's text) an id that is not ASCII.
    @Test func theListOrderIsAPlainStableSort() throws {
        let state = try Self.demo(seed: 4, orders: 1500)
        let base = Settlement.derive(state, asOf: Self.anchor)
        var rng = SystemRandomNumberGenerator()
        var lines: [OrderSettlement] = []
        for copy in 0..<30 {
            for var l in base {
                // Short ASCII ids (the keys' path); copy 3, 10, …: one id repeated across copies.
                l.orderId = String(l.orderId.suffix(8)) + (copy % 7 != 3 ? "-" + String(copy) : "")
                lines.append(l)
            }
        }
        lines.shuffle(using: &rng)
        lines += base // already sorted, at the end
        #expect(lines.count > 32_768 && Settlement.ListKey.all(lines) != nil)
        func plain(_ ls: [OrderSettlement]) -> [String] {
            ls.enumerated().sorted { a, b in
                let (x, y) = ((a.element.period?.text ?? "999999", a.element.orderId), (b.element.period?.text ?? "999999", b.element.orderId))
                return x != y ? x < y : a.offset < b.offset
            }.map { "\($0.element.orderId)|\($0.element.period?.text ?? "-")|\($0.element.saleAmount.fen)|\($0.offset)" }
        }
        func tagged(_ ls: [OrderSettlement]) -> [OrderSettlement] {
            // The original place rides in the sale amount, so a stable order is checked too.
            ls.enumerated().map { var l = $0.element; l.saleAmount = Money(fen: Int64($0.offset)); return l }
        }
        let notASCII = lines.map { var l = $0; l.orderId = l.orderId.replacingOccurrences(of: "-1", with: "-订"); return l }
        #expect(Settlement.ListKey.all(notASCII) == nil)
        for input in [lines, notASCII] {
            var sorted = tagged(input)
            Settlement.inListOrder(&sorted)
            let expected = plain(tagged(input))
            #expect(sorted.map { "\($0.orderId)|\($0.period?.text ?? "-")|\($0.saleAmount.fen)|\($0.saleAmount.fen)" } == expected)
        }
    }

    /// The demo's facts bent into the branches a demo rarely takes: trials,
    /// zero amounts, cancelled supervision netted by a refund, refunds of
    /// renewals not yet in effect, unknown rates, clocks far outside four-digit
    /// years (the period text then sorts unlike its number), ids twice.
    @Test func bentFactsStillMatch() throws {
        let state = try Self.demo(seed: 4, orders: 1500)
        var facts = state.settlementFacts().sorted { $0.orderId < $1.orderId }
        for i in facts.indices {
            switch i % 29 {
            case 1: facts[i].orderType = .trial
            case 2: facts[i].amount = .zero
            case 3: facts[i].supervision = .cancelled
            case 4, 6:
                // An unsubscribe of the order before it: a cancelled supervision (3), a renewal not in effect yet (5).
                facts[i].orderType = .unsubscribe
                facts[i].parentOrderId = facts[i - 1].orderId
                facts[i].amount = Money(fen: -facts[i - 1].amount.fen / 2)
            case 5: facts[i].orderType = .renew; facts[i].supervision = .notInvolved; facts[i].effectiveAt = Self.anchor.adding(days: 30)
            case 7: facts[i].saleModel = .joint
            case 8: facts[i].createdAt = Timestamp(seconds: 400_000_000_000); facts[i].effectiveAt = facts[i].createdAt
            case 9: facts[i].supervision = .completed(Timestamp(seconds: -70_000_000_000))
            case 10: facts[i].chargingMode = .onDemand
            default: break
            }
        }
        facts += facts.prefix(40)   // the same order twice: both lines, in place
        // Every basis (so every branch) occurs.
        let bases = Set(Settlement.derive(facts, bills: Array(state.bills.values), policy: .init(), asOf: Self.anchor)
            .map { String("\($0.basisKind)".prefix { $0 != "(" }) })
        #expect(bases == ["onDemandPoint", "onDemandIncome", "trial", "unsubscribe", "zeroAmount", "supervisionClosed", "withUnsubscribe",
                          "supervisionOpen", "supervisionCompleted", "renewalUnsubscribed", "renewalEffectiveTime", "renewalEffective", "activated"])
        Self.expectSame(facts, Array(state.bills.values), "bent facts")
        // Ids that differ only in what pads them (the integer keys), then ids the keys cannot hold (by the text).
        var odd = Array(state.settlementFacts().sorted { $0.orderId < $1.orderId }.prefix(300))
        // (Copies of one order, so they share its period; the longer first, so a key without the length would keep them so.)
        let one = odd[0]
        for (k, id) in ["CS1\u{0}\u{0}", "CS10", "CS1\u{0}", "CS1", "", "C", "CS1\u{7f}", "0123456789abcdef", "0123456789abcde"].enumerated() {
            odd[k * 7] = one
            odd[k * 7].orderId = id
        }
        Self.expectSame(odd, Array(state.bills.values), "ids of up to 16 ASCII bytes")
        odd[100].orderId = "订单\u{1b}[31m-é"
        Self.expectSame(odd, Array(state.bills.values), "a non-ASCII id")
        odd[100].orderId = "0123456789abcdef0"
        Self.expectSame(odd, Array(state.bills.values), "an id of 17 bytes")
        Self.expectSame([], Array(state.bills.values), "no orders")
        Self.expectSame(Array(facts.prefix(3)), [], "three orders, no bills")
    }
}

extension SettlementFastPathTests {
    /// Every field of a reconciliation, differences in order.
    static func same(_ a: Reconciliation, _ b: Reconciliation) -> Bool {
        a.billId == b.billId && a.period == b.period && a.productType == b.productType && a.billLines == b.billLines
            && a.consoleLines == b.consoleLines && a.billSettlement == b.billSettlement && a.consoleSettlement == b.consoleSettlement
            && a.consoleUnknownRate == b.consoleUnknownRate && a.onDemandLines == b.onDemandLines && a.onDemandIncome == b.onDemandIncome
            && a.differences == b.differences
    }

    /// All bills reconciled in one pass over the lines, against each bill
    /// reconciled through a dictionary of every line: the demo's bills (one
    /// misses a line), and bills bent to list unknown orders, wrong amounts and
    /// settlements, other periods and types, an order twice among the lines.
    @Test func billsReconciledTogetherAsOneByOne() throws {
        let state = try Self.demo(seed: 4, orders: 1500)
        var bills = state.bills.values.sorted { $0.id < $1.id }
        #expect(bills.count >= 3)
        var bent = bills[0]
        bent.id = "bent"
        bent.lines[0].amount = bent.lines[0].amount + Money(fen: 1)
        if bent.lines.count > 1 { bent.lines[1].settlement = Money(fen: 7) }
        bent.lines.append(BillLine(orderId: "CS-unknown\u{1b}[2J", amount: Money(yuan: 3), settlement: Money(yuan: 2)))
        bent.lines += bills[1].lines.prefix(3)   // another period's or type's orders
        bent.lines.append(bent.lines[0])          // listed twice
        bills.append(bent)
        var other = bills[1]
        other.id = "other-type"
        other.productType = ProductType.allCases.first { $0 != other.productType }!
        bills.append(other)
        for asOf in Self.moments {
            var lines = Settlement.derive(state, asOf: asOf)
            lines += lines.suffix(20)   // an order twice among the lines: the first counts, as before
            let together = Settlement.reconcile(bills, with: lines)
            #expect(together.count == bills.count)
            for (b, r) in zip(bills, together) {
                let plain = SettlementReference.reconcile(b, with: lines)
                #expect(Self.same(r, plain), "bill \(b.id) at \(asOf)")
                #expect(Self.same(Settlement.reconcile(b, with: lines), plain), "bill \(b.id) alone at \(asOf)")
            }
            #expect(together.contains { !$0.agrees } && together.contains { $0.agrees })
        }
    }
}
