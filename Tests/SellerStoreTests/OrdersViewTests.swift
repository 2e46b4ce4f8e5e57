import Foundation
import Testing
@testable import SellerCore

/// The orders view: the rows a console lists before the full state loads.
@Suite struct OrdersViewTests {
    static func view(_ dir: String) -> OrdersView? { OrdersView.load(directory: dir) }

    @Test func theViewHoldsExactlyTheRowsTheStateGivesForEveryAccount() throws {
        let tmp = TempDir()
        let store = try FastPathTests.demoStore(tmp, orders: 400)
        try store.writeOrdersView()
        let view = try #require(Self.view(tmp.store), "a fresh view loads")
        #expect(view.rows.count == store.state.orders.values.count(where: OrderQuery.isListed), "the list: no 按需 orders")
        for account in store.state.accounts.values {
            #expect(view.rows(for: account) == OrderQuery.newestFirst.rows(store.state, account: account), "\(account.id)")
        }
        #expect(view.rows.contains { $0.customerName.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E } },
                "the demo's hostile names travel through the view unchanged")
        #expect(try OrdersView.decode(view.encode()) == view)
        // Empty and single-chunk views round-trip too.
        var small = view
        for n in [0, 1, OrdersView.rowsPerChunk, OrdersView.rowsPerChunk + 1] {
            small.rows = Array(repeating: view.rows[0], count: n)
            #expect(try OrdersView.decode(small.encode()) == small, "\(n) rows")
        }
    }

    @Test func aWriterLeavesACurrentViewAndAnyLaterAppendMakesItStale() throws {
        let tmp = TempDir()
        do {
            let store = try FastPathTests.demoStore(tmp)
            _ = store
        } // closing after the compaction writes the view
        #expect(Self.view(tmp.store) != nil)
        let order: String
        do {
            let store = try Store.open(at: tmp.store)
            order = try #require(store.state.orders.values.first { $0.status == .processing }?.id)
            let other = try Store.open(at: tmp.store)
            try other.append(.messagesMarked(MessageMark(ids: [try #require(other.state.messages.keys.first)], read: true)), by: .account("yunshan"))
            #expect(Self.view(tmp.store) == nil, "an append makes the view stale at once")
            _ = store
        }
        let view = try #require(Self.view(tmp.store), "the writer rewrote it when it closed")
        let store = try Store.open(at: tmp.store, readOnly: true)
        #expect(view.rows == OrderQuery.newestFirst.rows(store.state, account: store.state.mainAccount!))
        #expect(view.rows.contains { $0.id == order })
    }

    @Test func aDamagedOrForeignViewIsIgnoredAndNothingElseChanges() throws {
        let tmp = TempDir()
        let store = try FastPathTests.demoStore(tmp)
        try store.writeOrdersView()
        let path = tmp.store + "/" + OrdersView.fileName
        let good = fileBytes(path)
        let state = store.state
        var cases: [[UInt8]] = [[], Array("not a view".utf8), Array(good.prefix(good.count / 2)), good + [0]]
        var flipped = good; flipped[good.count - 10] ^= 0x40; cases.append(flipped)
        var header = good; header[OrdersView.magic.count + 2] ^= 1; cases.append(header)
        for bytes in cases {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(Self.view(tmp.store) == nil, "\(bytes.count) bytes")
            #expect(throws: (any Error).self) { try OrdersView.decode(bytes) }
            #expect(try Store.open(at: tmp.store, readOnly: true).state == state, "the store opens as before")
        }
        try Data(good).write(to: URL(fileURLWithPath: path))
        #expect(Self.view(tmp.store) != nil)
        // A journal that ends in a partial line is not a stamp to trust.
        let journal = tmp.store + "/journal.jsonl"
        try Data("{\"seq\":".utf8).write(to: URL(fileURLWithPath: journal))
        #expect(OrdersView.currentStamp(directory: tmp.store) == nil)
    }
}
