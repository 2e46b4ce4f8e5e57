import Foundation
import Testing
@testable import SellerCore

/// The store's fast paths against the straightforward ones, on a demo store
/// that carries hostile strings.
@Suite struct FastPathTests {
    /// A compacted demo store: everything in the snapshot.
    static func demoStore(_ tmp: TempDir, orders: Int = 300) throws -> Store {
        let store = try Store.create(at: tmp.store)
        _ = try FeedIngest.run(DemoFeed(.init(seed: 4, orders: orders)), into: store, replay: true)
        _ = try store.compact()
        return store
    }

    @Test func blockwiseParallelSnapshotLoadEqualsAFoldOfEveryEvent() throws {
        let tmp = TempDir()
        let store = try Self.demoStore(tmp, orders: 600)
        let path = tmp.store + "/snapshot.jsonl"
        // The reference: the state folded event by event from the demo feed.
        var folded = SellerState()
        for e in DemoGenerator(.init(seed: 4, orders: 600)) { try folded.apply(e) }
        let whole = try Snapshot.load(fileBytes(path), file: path)
        #expect(whole.state == folded)
        #expect(whole.state == store.state)
        // Blocks smaller than a line, odd sizes, and one block for everything.
        for size in [97, 4096, 1 << 16, 1 << 30] {
            let b = try Snapshot.load(path: path, blockSize: size)
            #expect(b.state == folded, "block size \(size)")
            #expect(b.seq == whole.seq && b.known == whole.known, "block size \(size)")
        }
    }

    /// The snapshot encoded across the cores is byte for byte the serial one.
    @Test func parallelSnapshotEncodingWritesTheSerialBytes() throws {
        let tmp = TempDir()
        let store = try Self.demoStore(tmp)
        let at = Timestamp(seconds: 1_800_000_000)
        let serial = try Snapshot.encode(state: store.state, seq: 9, known: store.known, at: at, minimumChunk: .max / 4)
        for chunk in [1, 7, 100] {
            #expect(try Snapshot.encode(state: store.state, seq: 9, known: store.known, at: at, minimumChunk: chunk) == serial, "chunks of \(chunk)")
        }
        #expect(try Snapshot.load(serial, file: "x").state == store.state)
    }

    /// Chunked work comes back whole and in order, however it is split.
    @Test func parallelChunksKeepOrder() {
        for count in [0, 1, 5, 4095, 4096, 10_001] {
            for minimum in [1, 3, 4096] {
                #expect(Parallel.map(Array(0..<count), minimumChunk: minimum) { $0 * 2 } == (0..<count).map { $0 * 2 }, "\(count)/\(minimum)")
                let ranges = Parallel.chunks(count: count, minimumChunk: minimum) { $0 }
                #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == count)
                #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            }
        }
    }

    /// The order list sorted through index and key arrays equals a plain sort
    /// of the orders by the key, ties by id, for every key both ways.
    @Test func orderSortByKeysEqualsAPlainSortOfOrders() throws {
        let tmp = TempDir()
        let state = try Self.demoStore(tmp).state
        let orders = Array(state.orders.values)
        func key(_ o: Order, _ k: OrderQuery.SortKey) -> String {
            switch k {
            case .id: o.id
            case .customer: o.customer.name
            case .user: o.customer.userName
            case .product: state.products[o.productId]?.name ?? o.productId
            case .type: state.products[o.productId]?.type.rawValue ?? ""
            case .status: o.status.rawValue
            case .supervision: state.records[o.id]?.state.rawValue ?? ""
            case .amount, .created: ""
            }
        }
        for k in OrderQuery.SortKey.allCases {
            for descending in [false, true] {
                var q = OrderQuery()
                q.sort = k
                q.descending = descending
                let asc: (Order, Order) -> Bool = { a, b in
                    switch k {
                    case .amount: a.amount != b.amount ? a.amount < b.amount : a.id < b.id
                    case .created: a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id
                    default: key(a, k) != key(b, k) ? key(a, k) < key(b, k) : a.id < b.id
                    }
                }
                let plain = orders.sorted { descending ? asc($1, $0) : asc($0, $1) }.map(\.id)
                #expect(q.sorted(orders, in: state).map(\.id) == plain, "\(k) descending \(descending)")
            }
        }
        // The facts built across the cores are the serial ones, in order.
        let all = OrderQuery.newestFirst.run(state, account: state.mainAccount!)
        #expect(OrderQuery.newestFirst.rows(state, account: state.mainAccount!) == all.map { OrderRowFacts($0, record: state.records[$0.id]) })
    }

    /// Sorting by key arrays equals sorting the elements by the same rule,
    /// descending keys with ascending ties included.
    @Test func keyedSortEqualsAPlainSort() {
        var rng = SplitMix64(seed: 12)
        struct Item: Equatable { var at: Int; var id: String; var payload: [Int] }
        let items = (0..<3000).map { i in Item(at: Int(rng.next() % 40), id: "ID\(rng.next() % 100_000)-\(i)", payload: [i]) }
        func keyed(_ descending: Bool) -> [Item] {
            KeySort.order(items.map(\.at), descending: descending, ties: items.map(\.id)).map { items[$0] }
        }
        #expect(keyed(false) == items.sorted { $0.at != $1.at ? $0.at < $1.at : $0.id < $1.id })
        #expect(keyed(true) == items.sorted { $0.at != $1.at ? $0.at > $1.at : $0.id < $1.id })
        #expect(KeySort.order([Int](), ties: [String]()).isEmpty)
    }

    /// Runs sorted on the cores and merged give the serial order, ties included.
    @Test func parallelSortEqualsASerialSort() {
        var rng = SplitMix64(seed: 11)
        for count in [0, 1, 40_000, 100_003] {
            let keys = (0..<count).map { _ in Int(rng.next() % 1000) } // many ties
            let less = { @Sendable (a: Int, b: Int) -> Bool in keys[a] != keys[b] ? keys[a] < keys[b] : a < b }
            let got = Parallel.sortedIndices(count: count, minimumChunk: 1000, sortRun: { Array($0).sorted(by: less) }, less: less)
            #expect(got == (0..<count).sorted(by: less), "\(count) keys")
        }
    }

    /// Compaction archives exactly the merchant lines, as the parsing archiver would.
    @Test func compactionArchivesTheMerchantLinesItNoted() throws {
        let tmp = TempDir()
        let store = try Store.create(at: tmp.store)
        _ = try FeedIngest.run(DemoFeed(.init(seed: 6, orders: 200)), into: store, replay: true)
        let journal = fileBytes(tmp.store + "/journal.jsonl")
        let reference = TempDir()
        try FileManager.default.createDirectory(atPath: reference.store, withIntermediateDirectories: true)
        try OutboxArchive.archive(try OutboxArchive.merchantLines(journal: journal, journalPath: "journal"), into: reference.store)
        _ = try store.compact()
        let archived = fileBytes(tmp.store + "/outbox.jsonl")
        #expect(!archived.isEmpty && archived == fileBytes(reference.store + "/outbox.jsonl"))
        // A second compaction with new actions appends only those.
        try store.append(.messagesMarked(MessageMark(all: true, read: true)), by: .account("yunshan"))
        _ = try store.compact()
        let after = try OutboxArchive.read(tmp.store)
        #expect(after.count == (try OutboxArchive.read(reference.store)).count + 1)
        #expect(try OutboxArchive.lastSeq(tmp.store + "/outbox.jsonl") == store.lastSeq)
    }

    @Test func blockwiseLoadReportsTheSameDamagedLineAsAWholeRead() throws {
        let tmp = TempDir()
        _ = try Self.demoStore(tmp)
        let path = tmp.store + "/snapshot.jsonl"
        let original = fileBytes(path)
        var bytes = original
        let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        let target = lineStarts[lineStarts.count / 2] + 30
        bytes[target] ^= 0x01
        writeBytes(path, bytes)
        var reasons: [String] = []
        for load in [{ try Snapshot.load(fileBytes(path), file: path) }, { try Snapshot.load(path: path, blockSize: 1000) }] {
            do { _ = try load(); Issue.record("a flipped bit was not noticed") } catch { reasons.append("\(error)") }
        }
        #expect(reasons.count == 2 && reasons[0] == reasons[1], "\(reasons)")
        #expect(reasons.first?.contains(":\(lineStarts.count / 2 + 1):") == true, "\(reasons)")
        // Cut short: both name the missing newline.
        writeBytes(path, Array(original.dropLast(5)))
        reasons = []
        for load in [{ try Snapshot.load(fileBytes(path), file: path) }, { try Snapshot.load(path: path, blockSize: 777) }] {
            do { _ = try load(); Issue.record("a cut snapshot loaded") } catch { reasons.append("\(error)") }
        }
        #expect(reasons.count == 2 && reasons[0] == reasons[1] && reasons[0].contains("without a newline"), "\(reasons)")
    }
}
