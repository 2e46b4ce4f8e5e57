import Foundation
import Testing
@testable import SellerCore

/// Ingest reads, decodes and encodes a batch ahead on another thread
/// (FeedPipeline) while the store applies the one before: the outcome must
/// be the one reading line by line gives — every line applied in file order,
/// reports in file order with their line numbers, a stop at the line where
/// the input or the store failed with everything before it stored.
@Suite struct IngestPipelineTests {
    /// A small demo feed with bad lines mixed in (undecodable, unknown type,
    /// a duplicate, a blank line), every few lines so they land in many batches.
    static func feed(_ tmp: TempDir) throws -> (path: String, lines: [String]) {
        let demo = DemoFeed(.init(seed: 7, orders: 40))
        var lines: [String] = []
        while let l = try demo.next() { lines.append(String(decoding: l, as: UTF8.self)) }
        var mixed: [String] = []
        for (i, l) in lines.enumerated() {
            mixed.append(l)
            switch i % 37 {
            case 5: mixed.append(#"{"id":"bad-\#(i)","type":"order.created""#)
            case 11: mixed.append(#"{"id":"odd-\#(i)","type":"no.such.type","at":"2026-03-02T10:00:00+08:00"}"#)
            case 17: mixed.append(l) // the same event again: a duplicate
            case 23: mixed.append("   ")
            default: break
            }
        }
        let path = tmp.path + "/feed.jsonl"
        writeBytes(path, Array((mixed.joined(separator: "\n") + "\n").utf8))
        return (path, mixed)
    }

    @Test func smallBatchesGiveTheStateAndReportsOfOneBatch() throws {
        let tmp = TempDir()
        let (path, lines) = try Self.feed(tmp)
        func run(_ dir: String, batch: Int) throws -> (FeedIngest.Summary, [FeedIngest.Rejection], SellerState) {
            let store = try Store.create(at: tmp.path + "/" + dir)
            var heard: [FeedIngest.Rejection] = []
            let s = FeedIngest.ingest(try LineReader(path: path), into: store, batchSize: batch, replay: true, report: { heard.append($0) })
            return (s, heard, store.state)
        }
        let (one, oneHeard, oneState) = try run("one", batch: 100_000)
        let (many, manyHeard, manyState) = try run("many", batch: 3)
        #expect(one.stopped == nil && many.stopped == nil)
        #expect(one.lines == lines.count && many.lines == lines.count)
        #expect(one.applied > 100 && many.applied == one.applied && many.duplicates == one.duplicates && one.duplicates > 0)
        #expect(many.rejected == one.rejected && manyHeard == many.rejected && oneHeard == one.rejected)
        #expect(many.rejected.map(\.line) == many.rejected.map(\.line).sorted())
        #expect(one.rejected.count > 4)
        #expect(many.rejected.first.map { lines[$0.line - 1].hasPrefix(#"{"id":"bad-"#) } == true)
        #expect(manyState == oneState)
        // And the store as reopened from its files is the one ingest left in memory.
        #expect(try Store.open(at: tmp.path + "/many").state == manyState)
    }

    /// A source whose line `failAt` cannot be read, counting what was asked of it.
    final class FailingSource: LineSource {
        let lines: [String]
        let failAt: Int
        var lineNumber = 0
        var calls = 0
        let name = "failing source"
        init(_ lines: [String], failAt: Int) { self.lines = lines; self.failAt = failAt }
        func next() throws(StoreError) -> ArraySlice<UInt8>? {
            calls += 1
            guard lineNumber < lines.count else { return nil }
            if lineNumber + 1 == failAt { throw .io(path: name, operation: "read", errno: EIO) }
            lineNumber += 1
            return ArraySlice(lines[lineNumber - 1].utf8)
        }
    }

    @Test func aReadErrorStoresEveryLineBeforeItAndNoneAfter() throws {
        let tmp = TempDir()
        let (_, lines) = try Self.feed(tmp)
        let source = FailingSource(lines, failAt: 50)
        let store = try Store.create(at: tmp.store)
        let s = FeedIngest.ingest(source, into: store, batchSize: 4, replay: true)
        #expect(s.stopped?.line == 50)
        #expect(s.lines == 49)
        #expect(source.calls == 50, "the reader is not read past the failure, nor after ingest returns")
        let before = try Store.create(at: tmp.path + "/before")
        let whole = FeedIngest.ingest(FailingSource(Array(lines.prefix(49)), failAt: 0), into: before, batchSize: 4, replay: true)
        #expect(whole.stopped == nil && whole.applied == s.applied && whole.rejected == s.rejected)
        #expect(store.state == before.state)
    }

    @Test func aStoreThatCannotBeWrittenStopsAtTheFirstLineOfItsBatch() throws {
        let tmp = TempDir()
        let (path, _) = try Self.feed(tmp)
        _ = try Store.create(at: tmp.store)
        let readOnly = try Store.open(at: tmp.store, readOnly: true)
        let s = FeedIngest.ingest(try LineReader(path: path), into: readOnly, batchSize: 5, replay: true)
        #expect(s.stopped?.line == 1)
        #expect(s.applied == 0)
        #expect(s.lines == 5, "\(s.lines)")
    }

    /// A source that gives `lines` and then waits, as a quiet standard input does, until released.
    final class QuietSource: LineSource, @unchecked Sendable {
        let lines: [String]
        var lineNumber = 0
        let name = "quiet source"
        let release = DispatchSemaphore(value: 0)
        init(_ lines: [String]) { self.lines = lines }
        func next() throws(StoreError) -> ArraySlice<UInt8>? {
            if lineNumber == lines.count { release.wait(); return nil }
            lineNumber += 1
            return ArraySlice(lines[lineNumber - 1].utf8)
        }
    }

    /// A store that fails tells its stop at once, though the input is quiet
    /// (`notice-to-feed … | seller ingest -`): it does not wait for a next line.
    @Test func aStoreThatFailsStopsAtOnceWhileTheInputIsQuiet() throws {
        let tmp = TempDir()
        let (_, lines) = try Self.feed(tmp)
        _ = try Store.create(at: tmp.store)
        let readOnly = try Store.open(at: tmp.store, readOnly: true)
        let source = QuietSource(Array(lines.prefix(12)))
        final class Box: @unchecked Sendable { var summary: FeedIngest.Summary?; let store: Store; init(_ s: Store) { store = s } }
        let box = Box(readOnly), done = DispatchSemaphore(value: 0)
        Thread { box.summary = FeedIngest.ingest(source, into: box.store, batchSize: 5, replay: true); done.signal() }.start()
        let returned = done.wait(timeout: .now() + 20) == .success
        source.release.signal() // whatever happened, nothing is left waiting
        if !returned { _ = done.wait(timeout: .now() + 20) }
        #expect(returned, "the stop is told without a next input line")
        #expect(box.summary?.stopped?.line == 1 && box.summary?.applied == 0)
    }

    /// Issuing reads the order's issued invoice from an index rebuilt when a
    /// snapshot loads: a second request on an invoiced order is still refused
    /// after a compaction and a reopen.
    @Test func anInvoicedOrderStaysInvoicedAcrossASnapshot() throws {
        let tmp = TempDir()
        let store = try Store.create(at: tmp.store)
        _ = try FeedIngest.run(DemoFeed(.init(seed: 3, orders: 300)), into: store, replay: true)
        let issued = try #require(store.state.invoices.values.filter(\.isIssued).min { $0.id < $1.id })
        let main = try #require(store.state.mainAccount)
        func secondRequest(_ s: Store, _ id: String) throws -> StoreError? {
            try s.append(.invoiceRequested(InvoiceRequested(requestId: id, orderId: issued.orderId, amount: issued.amount, title: "张伟")), by: .buyer)
            do { try s.append(.invoiceIssued(InvoiceIssue(requestId: id, number: "No.\(id)")), by: .account(main.id)) } catch { return error }
            return nil
        }
        #expect(try secondRequest(store, "again-1")?.description.contains("already invoiced in full") == true)
        try store.compact()
        let reopened = try Store.open(at: tmp.store)
        #expect(reopened.state.issuedInvoiceByOrder == store.state.issuedInvoiceByOrder)
        #expect(try secondRequest(reopened, "again-2")?.description.contains("already invoiced in full") == true)
    }

    /// Two issued requests of one order (possible under the rules before the
    /// seed reading): the index names the same one live and rebuilt, so a
    /// state and the same state reopened are equal.
    @Test func twoIssuedRequestsOfOneOrderIndexTheSameOneLiveAndRebuilt() throws {
        let tmp = TempDir()
        let store = try Store.create(at: tmp.store)
        _ = try FeedIngest.run(DemoFeed(.init(seed: 3, orders: 300)), into: store, replay: true)
        var s = store.state
        let order = try #require(s.orders.values.filter { o in o.amount > .zero && !s.invoices.values.contains { $0.orderId == o.id } }.min { $0.id < $1.id })
        let main = try #require(s.mainAccount)
        for id in ["aa-first", "zz-second"] {
            try s.apply(EventEnvelope(id: "req-\(id)", at: order.createdAt, actor: .buyer,
                                      event: .invoiceRequested(InvoiceRequested(requestId: id, orderId: order.id, amount: order.amount, title: "张伟"))),
                        rules: .beforeSeedReading)
            try s.apply(EventEnvelope(id: "iss-\(id)", at: order.createdAt, actor: .account(main.id),
                                      event: .invoiceIssued(InvoiceIssue(requestId: id, number: "No.\(id)"))), rules: .beforeSeedReading)
        }
        #expect(s.invoices.values.filter { $0.orderId == order.id && $0.isIssued }.count == 2)
        var rebuilt = s
        rebuilt.rebuildDerivedIndexes()
        #expect(s.issuedInvoiceByOrder[order.id] == "aa-first" && rebuilt.issuedInvoiceByOrder == s.issuedInvoiceByOrder)
        #expect(rebuilt == s)
    }
}
