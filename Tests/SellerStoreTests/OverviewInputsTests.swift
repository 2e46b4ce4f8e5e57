import Foundation
import Testing
@testable import SellerCore
@testable import SellerUI

/// The overview's inputs that `orders.view` carries: the figures computed from
/// them are the full state's, for every account and at any time — fresh,
/// after another process's appends, after compaction, with hostile texts — the
/// console on the orders view draws the full console's overview, and a forged
/// or damaged section makes the view unusable, never a wrong figure.
@Suite struct OverviewInputsTests {
    static let now = DemoGenerator.Options.defaultAnchor
    /// Stall reasons, appeal ages, invoice deadlines and the 30-day trends all move with the time.
    static let times = [now, now.adding(days: 3), now.adding(days: -20), now.adding(days: 45)]

    /// A demo store without bills (with them, orders.view carries no inputs: see OverviewPreviewTests).
    static func billFreeStore(_ tmp: TempDir, orders: Int = 300) throws -> Store {
        let store = try Store.create(at: tmp.store)
        _ = try store.appendBatch(billFree(StartViewTests.events(orders: orders)))
        _ = try store.compact()
        return store
    }

    /// A demo store (with or without bills) with the hostile texts appended, and the orders view written from it.
    static func hostileStoreAndView(_ tmp: TempDir, bills: Bool) throws -> (Store, OrdersView) {
        let store = bills ? try FastPathTests.demoStore(tmp) : try billFreeStore(tmp)
        _ = try store.appendBatch(StartViewTests.hostileEvents(store.state, tag: "h"))
        try store.writeOrdersView()
        return (store, try #require(OrdersView.load(directory: tmp.store)))
    }

    static func billFree(_ events: [EventEnvelope]) -> [EventEnvelope] {
        events.filter {
            switch $0.event {
            case .billPublished, .billStatusChanged, .billInvoiced: false
            default: true
            }
        }
    }

    static func expectSameFigures(_ view: OrdersView, _ state: SellerState, _ what: String) {
        guard let inputs = view.overview else { Issue.record("\(what): the view carries no overview inputs"); return }
        for id in state.accounts.keys.sorted() {
            for t in times {
                let m = Model(state: state, account: state.accounts[id]!, now: t, lang: .zh)
                let fromView = Dashboard.figures(inputs, m), full = Dashboard.figures(m)
                #expect(fromView == full, "\(what): \(id) at \(t.shortDisplay)")
                #expect(!full.isEmpty)
                #expect(inputs.unreadCount(m.account) == MessageQuery.unreadCount(state, account: m.account), "\(what): \(id) ✉")
            }
        }
    }

    @Test func theOrdersViewsFiguresAreTheFullStatesForEveryAccountAtEveryTime() throws {
        let tmp = TempDir()
        let store = try FastPathTests.demoStore(tmp)
        _ = try store.appendBatch(StartViewTests.hostileEvents(store.state, tag: "o"))
        #expect(!store.state.bills.isEmpty, "the settlement figures are counted from the facts the view carries")
        try store.writeOrdersView()
        let view = try #require(OrdersView.load(directory: tmp.store))
        Self.expectSameFigures(view, store.state, "fresh view")
        // What it carries is what the state gives, and the bytes round-trip.
        let inputs = try #require(view.overview)
        let straight = OverviewInputs(store.state)
        #expect(inputs.records == straight.records && inputs.appeals == straight.appeals && inputs.tickets == straight.tickets)
        #expect(inputs.messages == straight.forTheView().messages && inputs.listedOrders == straight.listedOrders)
        #expect(Set(inputs.messages.map(\.id)) == Set(straight.messages.map(\.id)))
        #expect(zip(inputs.messages, inputs.messages.dropFirst()).allSatisfy { a, b in a.at != b.at ? a.at > b.at : a.id < b.id },
                "in 消息's order: newest first, ties by id")
        #expect(inputs.state.accounts == store.state.accounts && inputs.state.products == store.state.products
                && inputs.state.invoices == store.state.invoices && inputs.state.callStats == store.state.callStats)
        #expect(try OverviewInputs.decode(inputs.encode()[...]) == inputs)
        // Made from the state, not decoded: its tables in another order than a decode's, equal all the same.
        let fresh = straight.forTheView()
        #expect(fresh.state.records.count > 1)
        #expect(try OverviewInputs.decode(fresh.encode()[...]) == fresh)
        #expect(inputs.records.count == store.state.records.count && inputs.messages.count == store.state.messages.count)
        #expect(inputs.state.messages.isEmpty && inputs.state.orders.count < 5, "only the small tables travel whole")
        #expect(Set(inputs.state.records.keys) == Set(store.state.appeals.values.map(\.orderId)), "and the records the appeals list is scoped by")
        #expect(inputs.settlement == store.state.settlementFacts() && !(inputs.huaweiInvoiceRequired ?? []).isEmpty)
        // Without bills, nothing of the settlement travels and the figures still agree.
        let bare = TempDir()
        let billFree = try Self.billFreeStore(bare)
        try billFree.writeOrdersView()
        let noBills = try #require(OrdersView.load(directory: bare.store))
        #expect(noBills.overview?.settlement == billFree.state.settlementFacts() && noBills.overview?.huaweiInvoiceRequired == [])
        Self.expectSameFigures(noBills, billFree.state, "without bills")
        // The demo covers what the figures count: frozen and stalled records, open appeals, unread messages of every kind.
        #expect(inputs.records.contains(where: \.isFrozen) && inputs.records.contains { $0.closedAt != nil })
        #expect(inputs.appeals.contains { $0.status == .pending } && inputs.messages.contains { !$0.read && $0.productId == nil })
        #expect(store.state.tickets["T-o-0"] != nil && inputs.tickets.count == store.state.tickets.count, "the hostile tickets are counted")
    }

    @Test func afterAnotherProcessAppendsAndAfterCompactionTheRewrittenViewAgrees() throws {
        let tmp = TempDir()
        let all = StartViewTests.events()
        let cut = all.count / 2
        do {
            let writer = try Store.create(at: tmp.store)
            _ = try writer.appendBatch(Array(all[..<cut]))
        } // a writer closing rewrites the view
        #expect(OrdersView.load(directory: tmp.store)?.overview != nil)
        do {
            let other = try Store.open(at: tmp.store)
            _ = try other.appendBatch(Array(all[cut...]))
            _ = try other.appendBatch(StartViewTests.hostileEvents(other.state, tag: "p"))
            #expect(OrdersView.load(directory: tmp.store) == nil, "stale at once after another handle's append")
        }
        let fresh = try Store.open(at: tmp.store, readOnly: true)
        Self.expectSameFigures(try #require(OrdersView.load(directory: tmp.store)), fresh.state, "after another handle's appends")
        do {
            let compacting = try Store.open(at: tmp.store)
            _ = try compacting.compact()
        }
        let compacted = try Store.open(at: tmp.store, readOnly: true)
        Self.expectSameFigures(try #require(OrdersView.load(directory: tmp.store)), compacted.state, "after compaction")
    }

    @Test(arguments: [(80, 24), (120, 40)], ["yunshan", "li.na"])
    func theConsoleOnTheOrdersViewDrawsTheFullConsolesOverview(size: (Int, Int), account: String) throws {
        let tmp = TempDir()
        let (store, view) = try Self.hostileStoreAndView(tmp, bills: false)
        let s = store.state, a = try #require(s.accounts[account])
        var p = App(preview: view, account: a, now: Self.now, lang: .zh, width: size.0, height: size.1, storeLabel: "/tmp/x")
        var f = App(model: Model(state: s, account: a, now: Self.now, lang: .zh), width: size.0, height: size.1, storeLabel: "/tmp/x")
        #expect(p.loading != nil && !p.isPreview && p.overviewCounts)
        #expect(!p.screenText.contains("正在加载店铺的其余数据"), "the figures, not the loading screen")
        #expect(!p.screenLines[0].contains("✉ …"), "the unread count is the inputs'")
        // From the title bar down to above the status line, figure by figure as the selection moves.
        for keys in [[Key](), [.char("j"), .char("j")], [.char("l")], [.char("G")]] {
            for k in keys { p.press(k); f.press(k) }
            #expect(Array(p.screenLines[0..<(size.1 - 2)]) == Array(f.screenLines[0..<(size.1 - 2)]), "\(account) after \(keys)")
        }
        // Enter opens the figure's list: the tab is the full console's; its rows wait for the state.
        p.press(.enter); f.press(.enter)
        #expect(p.tab == f.tab && p.tab != .dashboard)
        // The order list is built from the view when first shown.
        var p2 = App(preview: view, account: a, now: Self.now, lang: .zh, width: size.0, height: size.1, storeLabel: "/tmp/x")
        var f2 = App(model: Model(state: s, account: a, now: Self.now, lang: .zh), width: size.0, height: size.1, storeLabel: "/tmp/x")
        p2.press(.char("1")); f2.press(.char("1"))
        #expect(p2.data.rows.map(\.cells) == f2.data.rows.map(\.cells) && !p2.data.rows.isEmpty)
        p2.press(.char("/"), .char("C"), .char("S")); f2.press(.char("/"), .char("C"), .char("S"))
        #expect(p2.rowCount == f2.rowCount && p2.rowCount > 0, "and filtered")
    }

    /// 服务监管, 工单, 消息, 申诉, 结算 and 接口 list from what the view carries,
    /// before the start view is in: rows, queues, sorts and filters as on the full state.
    @Test(arguments: ["yunshan", "li.na", "wang.fang"])
    func everyPaneListsFromTheViewAsOnTheFullState(account: String) throws {
        let tmp = TempDir()
        let (store, view) = try Self.hostileStoreAndView(tmp, bills: true)
        let s = store.state, a = try #require(s.accounts[account])
        let small = Model(state: try #require(view.overview).state, account: a, now: Self.now, lang: .zh,
                          recordFields: try #require(view.overview).records, messageFields: try #require(view.overview).messages)
        let full = Model(state: s, account: a, now: Self.now, lang: .zh)
        for tab in Tab.allCases where Panes.descriptor(tab).listsFromOverviewTables {
            // 结算 from the settlement facts carried, as the console builds it at that stage.
            let derived = tab == .settlement ? try #require(view.overview).derivedSettlement(asOf: Self.now) : nil
            for q in 0..<max(1, Panes.queueCount(tab)) {
                let k = PaneKey(queue: q, conditions: Conditions(), keep: [])
                let (x, y) = (Panes.build(tab, small, k, derived: derived).0, Panes.build(tab, full, k).0)
                #expect(x.rows.map(\.cells) == y.rows.map(\.cells) && x.rows.map(\.id) == y.rows.map(\.id), "\(account) \(tab) queue \(q)")
                #expect(x.queues.map(\.count) == y.queues.map(\.count), "\(account) \(tab) queue \(q) counts")
            }
        }
        if a.isMain {
            #expect(Panes.data(.tickets, full, queue: Panes.queueCount(.tickets) - 1).rows.contains { $0.id == "T-h-0" }, "the hostile tickets are listed")
        }
        var p = App(preview: view, account: a, now: Self.now, lang: .zh, width: 120, height: 40, storeLabel: "/tmp/x")
        var f = App(model: full, width: 120, height: 40, storeLabel: "/tmp/x")
        #expect(Tab.allCases.filter { $0 != .dashboard && $0 != .orders }.allSatisfy { Panes.descriptor($0).listsFromOverviewTables })
        for key in ["2", "3", "4", "5", "6", "7"] {
            p.press(.char(Character(key))); f.press(.char(Character(key)))
            #expect(p.listsNow(p.tab) && p.loading != nil)
            if key == "2" {
                // Without the detail pane (one switch for every pane): details wait for the state (its bodies).
                #expect(p.selectedId == nil || p.screenLines.joined().contains("详情在加载完成后显示"))
                p.press(.char("p")); f.press(.char("p"))
            }
            for keys in [[Key](), [.char("]")], [.char("]"), .char("s")], [.char("["), .char("/"), .char("1"), .enter], [.escape], [.char("j"), .char("j")]] {
                for k in keys { p.press(k); f.press(k) }
                #expect(Array(p.screenLines[1..<36]) == Array(f.screenLines[1..<36]), "\(account) pane \(key) after \(keys)")
                #expect(p.selectedId == f.selectedId)
            }
        }
        // A message opens (and is marked read) only on the state: Enter says the store is still loading.
        p.press(.char("4"))
        #expect(p.selectedId != nil || !a.isMain, "the main account sees messages")
        if p.selectedId != nil {
            let unread = p.unread
            p.press(.enter)
            #expect(p.status?.text.contains("仍在加载") == true && p.unread == unread)
        }
    }

    @Test func aForgedOrDamagedOverviewSectionMakesTheViewUnusable() throws {
        let tmp = TempDir()
        let store = try Self.billFreeStore(tmp)
        try store.writeOrdersView()
        let path = tmp.store + "/" + OrdersView.fileName
        let good = fileBytes(path)
        let view = try #require(OrdersView.decode(good) as OrdersView?)
        // Encoded by the writer's own code, so every checksum holds: only the decoder's checks stand between it and a figure.
        var unroutable = view
        let first = view.overview!.records[0]
        let states = FlowCatalog.definition(first.flow, version: first.flowVersion)!.states
        unroutable.overview!.records[0].state = try #require(SupervisionState.allCases.first { !states.contains($0) })
        // The string table's count forged to 2^31 (the body's checksum recomputed).
        func forgedTableCount() -> [UInt8] {
            var b = good
            let body = try! OrdersView.bodyStart(good)
            let headLength = Int(b[(body + 12)..<(body + 16)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
            let inputs = body + 16 + headLength + 8
            withUnsafeBytes(of: UInt32(1 << 31).littleEndian) { b.replaceSubrange(inputs..<(inputs + 4), with: $0) }
            withUnsafeBytes(of: CRC32.checksum(Array(b[body...])).littleEndian) { b.replaceSubrange((body - 4)..<body, with: $0) }
            return b
        }
        // The row table after the overview section: a row count the bytes cannot hold, a first chunk not at 0.
        func forgedRows(_ edit: (inout [UInt8], Int) -> Void) -> [UInt8] {
            var b = good
            let body = try! OrdersView.bodyStart(good)
            let headLength = Int(b[(body + 12)..<(body + 16)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
            let at = body + 16 + headLength
            let inputs = Int(b[at..<(at + 8)].withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
            edit(&b, at + 8 + inputs)
            withUnsafeBytes(of: CRC32.checksum(Array(b[body...])).littleEndian) { b.replaceSubrange((body - 4)..<body, with: $0) }
            return b
        }
        let manyRows = forgedRows { b, rows in withUnsafeBytes(of: UInt32(OrdersView.rowsPerChunk).littleEndian) { b.replaceSubrange(rows..<(rows + 4), with: $0) } }
        let offChunk = forgedRows { b, rows in withUnsafeBytes(of: UInt64(9).littleEndian) { b.replaceSubrange((rows + 8)..<(rows + 16), with: $0) } }
        var flipped = good
        flipped[OrdersView.magic.count + 12 + 40] ^= 0x20
        let cases: [(String, [UInt8])] = [("an unroutable record", unroutable.encode()), ("a forged table count", forgedTableCount()),
                                          ("a flipped byte", flipped), ("a row count the bytes cannot hold", manyRows),
                                          ("a first chunk not at 0", offChunk)]
        for (what, bytes) in cases {
            #expect(bytes != good)
            #expect(throws: (any Error).self, "\(what)") { try OrdersView.decode(bytes) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(OrdersView.load(directory: tmp.store) == nil, "\(what)")
            #expect(OrdersView.checkLine(directory: tmp.store).contains("damaged"), "\(what): \(OrdersView.checkLine(directory: tmp.store))")
            #expect(try Store.open(at: tmp.store, readOnly: true).state == store.state, "\(what): the store opens as before")
        }
        #expect(try OrdersView.rebuildIfUnusable(directory: tmp.store) != nil)
        #expect(OrdersView.load(directory: tmp.store)?.overview?.sortedColumns == view.overview?.sortedColumns, "repair rebuilt it")
    }
}

extension App {
    /// Keys in, as the console's key loop hands them over.
    @discardableResult
    mutating func press(_ keys: Key...) -> [Effect] { keys.flatMap { handle($0) } }
    var screenLines: [String] { render().lines() }
}

extension OverviewInputs {
    /// The columns in one order (a state loaded again iterates its tables in another; the figures never depend on it).
    var sortedColumns: [String] {
        records.map { "\($0)" }.sorted() + appeals.map { "\($0)" }.sorted() + tickets.map { "\($0)" }.sorted()
            + messages.map { "\($0)" }.sorted() + listedOrders.map { "\($0)" }.sorted() + (settlement ?? []).map { "\($0)" }.sorted()
            + (huaweiInvoiceRequired ?? []).sorted()
    }
}
