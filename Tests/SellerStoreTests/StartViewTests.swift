import Foundation
import Testing
@testable import SellerCore
@testable import SellerUI

/// The start view: a partial state on which every pane, every queue and the
/// overview's figures come out as on the full state — fresh, after other
/// processes append (the reader folds the tail) and after compaction — and a
/// bad view is refused with the store untouched.
@Suite struct StartViewTests {
    static let now = DemoGenerator.Options.defaultAnchor

    /// What a console shows, as comparable text: every pane in every queue,
    /// the figures, and the list behind each figure, for every account.
    static func screens(_ s: SellerState) -> [String] {
        var out: [String] = []
        for id in s.accounts.keys.sorted() {
            let m = Model(state: s, account: s.accounts[id]!, now: now, lang: .zh)
            func show(_ d: PaneData) -> String {
                d.columns.map(\.title).joined(separator: "|") + "\n" + d.queues.map { "\($0.label) \($0.count)" }.joined(separator: ",") + "\n"
                    + d.rows.map { "\($0.id)\u{1}\($0.emphasis)\u{1}" + $0.cells.joined(separator: "\u{1}") }.joined(separator: "\n")
            }
            for tab in Tab.allCases {
                for q in 0..<max(1, Panes.queueCount(tab)) { out.append("\(id) \(tab) \(q)\n" + show(Panes.data(tab, m, queue: q))) }
            }
            for f in Dashboard.figures(m) {
                // A set prints in an order of its own: the ids sorted, the rest as printed.
                var c = f.target.conditions
                let ids = c.orderIds?.sorted()
                c.orderIds = nil
                out.append("\(id) figure \(f.section) \(f.label) \(f.count) \(f.series) \(f.target.tab) \(f.target.queue) \(c) \(ids ?? [])")
                out.append(show(Panes.data(f.target.tab, m, queue: f.target.queue, conditions: f.target.conditions)))
            }
            out.append("\(id) unread \(MessageQuery.unreadCount(s, account: m.account))")
        }
        return out
    }

    static func expectSameScreens(_ partial: SellerState, _ full: SellerState, _ what: String) {
        let p = screens(partial), f = screens(full)
        #expect(p.count == f.count, "\(what)")
        for (a, b) in zip(p, f) where a != b {
            Issue.record("\(what): differs at \(b.prefix(200))")
            return
        }
    }

    /// Hostile texts where the lists show them: tickets with CJK, emoji, bidi
    /// and control characters in titles and names, a buyer's appeal whose
    /// reason is a 504-character line (the appeals list shows reasons).
    static func hostileEvents(_ s: SellerState, tag: String) -> [EventEnvelope] {
        let product = s.products.keys.sorted().first!
        let record = s.records.values.filter(\.isOpen).map(\.orderId).sorted().first!
        var out: [EventEnvelope] = []
        for (i, h) in DemoText.hostile.enumerated() {
            let name = String(h.prefix(60))
            out.append(EventEnvelope(id: "hostile-\(tag)-t\(i)", at: now, actor: .platform, event: .ticketOpened(TicketOpening(
                id: "T-\(tag)-\(i)", productId: product, customer: Customer(id: "hc-\(tag)-\(i)", name: name, userName: "hu\(i)"),
                title: name + " 工单", body: h + h))))
        }
        out.append(EventEnvelope(id: "hostile-\(tag)-appeal", at: now, actor: .buyer, event: .appealFiled(AppealFiling(
            appealId: "AP-\(tag)", orderId: record, reason: DemoText.hostile.last!, demands: DemoText.hostile[0]))))
        return out
    }

    static func events(orders: Int = 300) -> [EventEnvelope] { Array(DemoGenerator(.init(seed: 4, orders: orders))) }

    @Test func thePartialStateListsAndCountsAsTheFullStateDoes() throws {
        let tmp = TempDir()
        let store = try FastPathTests.demoStore(tmp)
        let outcomes = try store.appendBatch(Self.hostileEvents(store.state, tag: "a"))
        #expect(outcomes.allSatisfy { if case .applied = $0 { true } else { false } }, "\(outcomes)")
        try store.writeStartView()
        let view = try StartView.load(directory: tmp.store).get()
        Self.expectSameScreens(view.state, store.state, "fresh view")
        // It is partial: the bodies are not in it (else it would be the snapshot again)…
        #expect(store.state.records.values.contains { !$0.history.isEmpty } && view.state.records.values.allSatisfy { $0.history.isEmpty })
        #expect(store.state.messages.values.contains { !$0.body.isEmpty } && view.state.messages.values.allSatisfy { $0.body.isEmpty })
        #expect(view.state.tickets.values.allSatisfy { $0.posts.allSatisfy(\.body.isEmpty) })
        // …and every entity is (the lists need them all).
        #expect(view.state.tableCounts == store.state.tableCounts)
        // The mid-sized tables, entity by entity, are what `listed` keeps of them.
        let listed = StartView.listed(store.state)
        #expect(view.state.invoices == listed.invoices && view.state.appeals == listed.appeals)
        #expect(view.state.tickets == listed.tickets && view.state.renewals == listed.renewals)
        #expect(!listed.renewals.isEmpty && listed.tickets.values.contains { !$0.accessRequests.isEmpty }
                && listed.invoices.values.contains { $0.issuedAmount != nil } && listed.appeals.values.contains { $0.outcome != nil },
                "the demo has what the tables' fields hold")
        // The demo's hostile strings (escapes, bidi overrides, emoji, very long lines) travel unchanged.
        let names = view.state.orders.values.map(\.customer.name)
        #expect(names.contains { $0.unicodeScalars.contains { $0.value == 0x1B } } && names.contains { $0.unicodeScalars.contains { $0.value == 0x202E } })
        #expect(view.state.appeals.values.contains { $0.reason.count > 500 && $0.reason.hasPrefix("很长") }, "the 504-character appeal reason the list shows")
        // The same state gives the same bytes, and they decode to it.
        let again = try StartView.decode(view.encode())
        #expect(again.encode() == view.encode())
    }

    @Test func aPartEndingInAMessageWithOneChannelDecodes() throws {
        // Channels are one byte each: a bound meant for strings once refused the last message of a part.
        var s = SellerState()
        for (i, channels) in [[Channel](), [.inApp], [.inApp, .email, .sms], [.sms]].enumerated() {
            s.messages["m\(i)"] = Message(id: "m\(i)", category: 101, title: "标题 \(i) 😀\u{202E}", body: "", orderId: nil, productId: nil,
                                         at: Self.now, read: i % 2 == 0, channels: channels)
        }
        let view = StartView(stamp: .init(journalBytes: 0, lastLineCRC: 0, snapshotBytes: 0, snapshotHeaderCRC: 0, lastSeq: 0), state: s)
        #expect(try StartView.decode(view.encode()).state.messages == s.messages)
    }

    /// A view whose checksums hold but whose times or amounts no store can
    /// hold (written by anything but this code) is damaged, not a trap later.
    @Test func aTimeOrAmountNoStoreCanHoldIsRefused() throws {
        let stamp = StartView.Stamp(journalBytes: 0, lastLineCRC: 0, snapshotBytes: 0, snapshotHeaderCRC: 0, lastSeq: 0)
        var late = SellerState()
        late.messages["m"] = Message(id: "m", category: 101, title: "t", body: "", orderId: nil, productId: nil,
                                     at: Timestamp(seconds: .max), read: false, channels: [.inApp])
        var rich = SellerState()
        rich.invoices["i"] = InvoiceRequest(id: "i", orderId: "o", amount: Money(fen: .max), title: "抬头", taxId: nil,
                                            requestedAt: Self.now, issuedAt: nil, number: nil, issuedAmount: nil)
        for (what, state) in [("time", late), ("amount", rich)] {
            #expect(throws: StartView.DecodeError.self, "a forged \(what)") { try StartView.decode(StartView(stamp: stamp, state: state).encode()) }
        }
        // The bounds themselves decode.
        var edge = SellerState()
        edge.invoices["i"] = InvoiceRequest(id: "i", orderId: "o", amount: Money(fen: Money.storableFen.upperBound), title: "抬头", taxId: nil,
                                            requestedAt: Timestamp(seconds: Timestamp.storable.upperBound), issuedAt: nil, number: nil, issuedAmount: nil)
        #expect(try StartView.decode(StartView(stamp: stamp, state: edge).encode()).state.invoices == edge.invoices)
    }

    @Test func aReaderFoldsWhatAnotherProcessAppendedAfterTheView() throws {
        let tmp = TempDir()
        let all = Self.events()
        let cut = all.count * 3 / 5
        let writer = try Store.create(at: tmp.store)
        _ = try writer.appendBatch(Array(all[..<cut]))
        _ = try writer.compact()
        _ = try writer.appendBatch(Array(all[cut..<(cut + 50)]))
        try writer.writeStartView()
        let stamped = try #require(StartView.peekStamp(directory: tmp.store))
        #expect(stamped.journalBytes > 0, "the view names a prefix of a non-empty journal")
        // A second handle (another process's view of the files) appends the rest: every kind of event.
        let other = try Store.open(at: tmp.store)
        _ = try other.appendBatch(Array(all[(cut + 50)...]))
        _ = try other.appendBatch(Self.hostileEvents(other.state, tag: "b"))
        #expect(other.state.appeals["AP-b"] != nil && other.state.tickets["T-b-0"] != nil, "the hostile tail is in")
        let view = try StartView.load(directory: tmp.store).get()
        #expect(view.stamp.lastSeq == other.lastSeq && view.stamp.lastSeq > stamped.lastSeq)
        let fresh = try Store.open(at: tmp.store, readOnly: true)
        Self.expectSameScreens(view.state, fresh.state, "after another handle's appends")
        // After a compaction the view names another snapshot: refused, then rewritten.
        _ = try other.compact()
        guard case .failure(.stale) = StartView.load(directory: tmp.store) else { Issue.record("a view over the old snapshot is stale"); return }
        try other.writeStartView()
        let compacted = try StartView.load(directory: tmp.store).get()
        Self.expectSameScreens(compacted.state, try Store.open(at: tmp.store, readOnly: true).state, "after compaction")
    }

    @Test func aWriterClosingWithASmallTailLeavesTheViewAndALargeOneRewritesIt() throws {
        let tmp = TempDir()
        do { _ = try FastPathTests.demoStore(tmp) } // closing after its compaction writes the view
        let path = tmp.store + "/" + StartView.fileName
        let before = fileBytes(path)
        #expect(!before.isEmpty, "the demo store's writer left a view")
        do {
            let store = try Store.open(at: tmp.store)
            let id = try #require(store.state.messages.keys.sorted().first)
            try store.append(.messagesMarked(MessageMark(ids: [id], all: false, read: true)), by: .account("yunshan"))
        }
        #expect(fileBytes(path) == before, "one CLI write does not rewrite the view")
        let view = try StartView.load(directory: tmp.store).get()
        #expect(view.stamp.lastSeq == (try Store.open(at: tmp.store, readOnly: true)).lastSeq, "the reader folded the write")
        Self.expectSameScreens(view.state, try Store.open(at: tmp.store, readOnly: true).state, "after one write")
        // Past the threshold the closing writer rewrites it.
        do {
            let store = try Store.open(at: tmp.store)
            let ids = store.state.messages.keys.sorted()
            var i = 0
            let limit = StartView.rewriteAfter(snapshotBytes: Int64(fileBytes(tmp.store + "/snapshot.jsonl").count))
            while Int64(fileBytes(tmp.store + "/journal.jsonl").count) <= limit {
                try store.append(.messagesMarked(MessageMark(ids: [ids[i % ids.count]], all: false, read: i % 2 == 0)), by: .account("yunshan"))
                i += 1
            }
        }
        let rewritten = try #require(StartView.peekStamp(directory: tmp.store))
        #expect(rewritten.journalBytes == Int64(fileBytes(tmp.store + "/journal.jsonl").count), "rewritten at the store's end")
    }

    @Test func aTruncatedFlippedForeignOrStaleViewIsRefusedAndTheStoreIsUntouched() throws {
        let tmp = TempDir(), elsewhere = TempDir()
        let store = try FastPathTests.demoStore(tmp)
        try store.writeStartView()
        let other = try FastPathTests.demoStore(elsewhere, orders: 120)
        try other.writeStartView()
        let path = tmp.store + "/" + StartView.fileName
        let good = fileBytes(path)
        let files = ["snapshot.jsonl", "journal.jsonl", "FORMAT", "outbox.jsonl"].map { fileBytes(tmp.store + "/" + $0) }
        let state = try Store.open(at: tmp.store, readOnly: true).state
        var flipped = good; flipped[good.count - 10] ^= 0x40
        var header = good; header[StartView.magic.count + 2] ^= 1
        var foreign = good; foreign[3] = UInt8(ascii: "X")
        let cases: [(String, [UInt8])] = [
            ("empty", []), ("truncated", Array(good.prefix(good.count / 2))), ("one byte longer", good + [0]),
            ("bit flipped", flipped), ("length flipped", header), ("foreign magic", foreign),
            ("another store's view", fileBytes(elsewhere.store + "/" + StartView.fileName)),
        ]
        for (what, bytes) in cases {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            guard case .failure(let problem) = StartView.load(directory: tmp.store) else { Issue.record("\(what) was used"); continue }
            #expect(what == "another store's view" ? problem.description.hasPrefix("stale") : problem.description.hasPrefix("damaged"), "\(what): \(problem)")
            #expect(StartView.checkLine(directory: tmp.store).contains("not used"), "\(what)")
            #expect(try Store.open(at: tmp.store, readOnly: true).state == state, "\(what): the store opens as before")
            #expect(["snapshot.jsonl", "journal.jsonl", "FORMAT", "outbox.jsonl"].map { fileBytes(tmp.store + "/" + $0) } == files, "\(what): nothing else changed")
        }
        // A journal that does not continue the view's prefix (same length, other last line) is stale too.
        try Data(good).write(to: URL(fileURLWithPath: path))
        try store.append(.messagesMarked(MessageMark(ids: [try #require(state.messages.keys.sorted().first)], all: false, read: true)), by: .account("yunshan"))
        try store.writeStartView()
        let journal = tmp.store + "/journal.jsonl"
        let lines = fileBytes(journal)
        var edited = lines; edited[edited.count - 5] ^= 0x01
        try Data(edited).write(to: URL(fileURLWithPath: journal))
        guard case .failure(.stale) = StartView.load(directory: tmp.store) else { Issue.record("a view over another journal was used"); return }
        try Data(lines).write(to: URL(fileURLWithPath: journal))
        #expect(StartView.checkLine(directory: tmp.store).contains("current"))
        // `seller repair`'s step: an unusable view is rebuilt, a usable one left alone.
        try Data(flipped).write(to: URL(fileURLWithPath: path))
        #expect(try StartView.rebuildIfUnusable(directory: tmp.store) != nil)
        #expect(try StartView.rebuildIfUnusable(directory: tmp.store) == nil)
        #expect(fileBytes(journal) == lines, "the record of truth is never rewritten for the view's sake")
    }

    /// A checksum is no proof against a forged file: a view whose head was
    /// edited and its CRC recomputed — a negative length, a sequence number at
    /// Int.max, a part claiming millions of rows — is refused as damaged, never
    /// a trap or a huge allocation.
    @Test func aForgedHeadWithItsChecksumRecomputedIsRefused() throws {
        let tmp = TempDir()
        let store = try FastPathTests.demoStore(tmp)
        try store.writeStartView()
        let path = tmp.store + "/" + StartView.fileName
        let good = fileBytes(path)
        let headStart = StartView.magic.count + 12
        // The head: journal bytes, last-line CRC, snapshot bytes, header CRC, last seq, applied, main account, part count, parts.
        func base(_ b: [UInt8]) -> Int {
            var at = headStart + 8 + 4 + 8 + 4 + 8 + 8
            if b[at] == 1 { at += 1; at += 4 + Int(b[at..<(at + 4)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }) } else { at += 1 }
            let n = Int(b[at..<(at + 4)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
            return at + 4 + n * 25
        }
        func forged(_ edit: (inout [UInt8]) -> Void) -> [UInt8] {
            var b = good
            edit(&b)
            let crc = CRC32.checksum(Array(b[headStart..<base(b)]))
            withUnsafeBytes(of: crc.littleEndian) { b.replaceSubrange((headStart - 4)..<headStart, with: $0) }
            return b
        }
        func put64(_ b: inout [UInt8], _ at: Int, _ v: Int64) { withUnsafeBytes(of: v.littleEndian) { b.replaceSubrange(at..<(at + 8), with: $0) } }
        // A head edited without recomputing its CRC is already refused; these recompute it.
        let cases: [(String, [UInt8])] = [
            ("negative journal length", forged { put64(&$0, headStart, -(1 << 40)) }),
            ("sequence at Int.max", forged { put64(&$0, headStart + 24, .max) }),
            ("negative snapshot size", forged { put64(&$0, headStart + 12, -5) }),
            // The last part's row count (a part entry: kind, count, offset, length, CRC).
            ("a part of 4 billion rows", forged { b in
                let at = base(b) - 25 + 1
                withUnsafeBytes(of: UInt32.max.littleEndian) { b.replaceSubrange(at..<(at + 4), with: $0) }
            }),
        ]
        for (what, bytes) in cases {
            #expect(bytes != good, "\(what): the forgery changed something")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            guard case .failure(let problem) = StartView.load(directory: tmp.store) else { Issue.record("\(what) was used"); continue }
            #expect(problem.description.hasPrefix("damaged"), "\(what): \(problem)")
        }
    }
}
