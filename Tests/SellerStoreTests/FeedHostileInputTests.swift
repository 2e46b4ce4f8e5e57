import Foundation
import Testing
@testable import SellerCore

/// Issue 15: hostile feeds — terminal escapes, overlong lines and texts,
/// merchant actions posing as platform facts, BOMs — and a lock held by a
/// stopped process.
@Suite struct FeedHostileInputTests {
    static let env = ["LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TERM": "xterm"]

    static func store(_ tmp: TempDir) throws -> Store { try StoreTests.seeded(tmp.store) }

    static func ingest(_ tmp: TempDir, _ feed: String, _ extra: [String] = []) throws -> (status: Int32, out: String, err: String) {
        let path = tmp.path + "/feed-\(UInt32.random(in: 0...UInt32.max)).jsonl"
        writeBytes(path, Array(feed.utf8))
        return try runBinary("seller", ["ingest"] + extra + [path, "--store", tmp.store], env: env)
    }

    // MARK: 8. nothing from a feed reaches the terminal raw

    @Test func ingestErrorsShowFeedBytesVisibleSafe() throws {
        let tmp = TempDir()
        _ = try Self.store(tmp)
        let feed = #"""
        {"id":"e1","type":"\u001b]52;c;cHduZWQ=\u0007","at":"2026-03-02T10:00:00+08:00"}
        {"id":"e2","type":"message.posted","at":"\u001b]0;title\u0007\u001b[2J","category":901,"title":"t","body":"b"}
        {"id":"e3","type":"supervision.buyer_accepted","at":"2026-03-02T10:00:00+08:00","orderId":"\u009b2J\u001b[31mCS9"}

        """#
        let r = try Self.ingest(tmp, feed)
        #expect(r.status == 1)
        #expect(r.err.contains(":1:") && r.err.contains(":2:") && r.err.contains(":3:"), "\(r.err)")
        let bad = r.err.unicodeScalars.filter { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) }
        #expect(bad.isEmpty, "raw control characters reached the terminal: \(bad.map { String($0.value, radix: 16) })")
        #expect(r.out.contains("applied 0, duplicates 0, rejected 3"))
    }

    // MARK: 9. bounded lines and texts

    @Test func anOverlongLineStopsTheIngestWithItsNumberAndWhatWasApplied() throws {
        let tmp = TempDir()
        _ = try Self.store(tmp)
        var feed = ""
        for i in 1...3 { feed += #"{"id":"ok-\#(i)","type":"message.posted","at":"2026-03-02T10:00:00+08:00","category":901,"title":"t","body":"b"}"# + "\n" }
        feed += #"{"id":"big","type":"message.posted","at":"2026-03-02T10:00:00+08:00","category":901,"title":"t","body":""# + String(repeating: "x", count: 1 << 20) + "\"}\n"
        feed += #"{"id":"after","type":"message.posted","at":"2026-03-02T10:00:00+08:00","category":901,"title":"t","body":"b"}"# + "\n"
        let r = try Self.ingest(tmp, feed)
        #expect(r.status == 1)
        #expect(r.err.contains(":4:") && r.err.contains("longer than 1048576 bytes"), "\(r.err)")
        #expect(r.out.contains("applied 3,") && r.out.contains("stopped at line 4"), "\(r.out)")
        let s = try Store.open(at: tmp.store)
        #expect(s.state.messages["msg-ok-3"] != nil && s.state.messages["msg-after"] == nil)
    }

    @Test func ingestOfDevZeroFailsAtLineOne() throws {
        let tmp = TempDir()
        _ = try Self.store(tmp)
        let r = try runBinary("seller", ["ingest", "/dev/zero", "--store", tmp.store], env: Self.env)
        #expect(r.status == 1)
        #expect(r.err.contains("/dev/zero:1:") && r.err.contains("longer than"), "\(r.err)")
        #expect(r.out.contains("applied 0,") && r.out.contains("stopped at line 1"))
    }

    @Test func textLimitsCountBytesAndCombiningMarks() throws {
        let tmp = TempDir()
        let store = try Self.store(tmp)
        let zalgo = "a" + String(repeating: "\u{0301}", count: 5_000_000)
        #expect(zalgo.count == 1)
        let open = { (title: String) in
            EventEnvelope(id: "t-\(title.utf8.count)", at: Timestamp(china: .init(year: 2026, month: 3, day: 2)), actor: .buyer,
                          event: .ticketOpened(TicketOpening(id: "TK-\(title.utf8.count)", productId: "P1", orderId: nil,
                                                             customer: Customer(id: "c1", name: "n", userName: "u"), title: title, body: "b")))
        }
        for title in [zalgo, "标题" + String(repeating: "\u{0301}", count: 40)] {
            let outcome = try store.appendBatch([open(title)])
            guard case .refused(let why) = outcome.first else { Issue.record("a \(title.utf8.count)-byte title was accepted"); continue }
            #expect(why.description.contains("bytes") || why.description.contains("code points"), "\(why)")
        }
        // Emoji sequences stay within the per-character bound.
        let family = "👨‍👩‍👧‍👦🏴󠁧󠁢󠁳󠁣󠁴󠁿🇨🇳👍🏽"
        #expect(try store.appendBatch([open(family)]).first == .applied(seq: 10))
    }

    // MARK: 10. a feed never acts as the merchant

    @Test func merchantLinesInAFeedAreRefusedUnlessReplayingAnOutbox() throws {
        let tmp = TempDir()
        let store = try Self.store(tmp)
        let line = String(decoding: try EventEnvelope(id: "m1", at: Timestamp(china: .init(year: 2026, month: 3, day: 2)), actor: .account("main"),
                                                      event: .accountAdded(Account(id: "evil", name: "冒充", role: .delivery))).outboxLine(seq: nil), as: UTF8.self)
        let r = try Self.ingest(tmp, line + "\n")
        #expect(r.status == 1 && r.err.contains(":1:") && r.err.contains("merchant action"), "\(r.err)")
        #expect(try Store.open(at: tmp.store).state.accounts["evil"] == nil)
        #expect(store.state.accounts["evil"] == nil)
        let replay = try Self.ingest(tmp, line + "\n", ["--replay-outbox"])
        #expect(replay.status == 0 && replay.out.contains("applied 1,"), "\(replay)")
        #expect(try Store.open(at: tmp.store).state.accounts["evil"] != nil)
    }

    // MARK: 12. BOMs, long ids, implausible times

    @Test func aBOMAndAnOverlongEventIdAreNamed() throws {
        let tmp = TempDir()
        _ = try Self.store(tmp)
        let ok = #"{"id":"e1","type":"message.posted","at":"2026-03-02T10:00:00+08:00","category":901,"title":"t","body":"b"}"#
        let long = ok.replacingOccurrences(of: #""id":"e1""#, with: #""id":""# + String(repeating: "x", count: 129) + #"""#)
        let r = try Self.ingest(tmp, "\u{FEFF}" + ok + "\n" + long + "\n")
        #expect(r.err.contains(":1:") && r.err.contains("byte-order mark"), "\(r.err)")
        #expect(r.err.contains(":2:") && r.err.contains("field id") && r.err.contains("129 bytes"), "\(r.err)")
    }

    // MARK: 13. a lock held by a stopped process

    @Test func aCommandWaitingForTheLockSaysSoAndGivesUp() throws {
        let tmp = TempDir()
        _ = try Self.store(tmp)
        let fd = open(tmp.store + "/lock", O_RDWR)
        #expect(fd >= 0 && flock(fd, LOCK_EX) == 0)
        defer { close(fd) }
        var env = Self.env
        env["SELLER_LOCK_WAIT"] = "2"
        let r = try runBinary("seller", ["orders", "--store", tmp.store], env: env)
        #expect(r.status == 1)
        #expect(r.err.contains("waiting for the store lock") && r.err.contains("held by PID \(getpid())"), "\(r.err)")
        #expect(r.err.contains("gave up after 2 s"), "\(r.err)")
    }
}

/// Issue 15 item 15: evidence files are checked on what is read.
@Suite(.serialized) struct EvidenceFileTests {
    @Test func emptyChangingAndNonRegularFilesAreRefusedWithTheReason() throws {
        let tmp = TempDir()
        let s = try StoreTests.seeded(tmp.store)
        let empty = tmp.path + "/empty.pdf"
        writeBytes(empty, [])
        #expect(throws: StoreError.attachment(path: empty, reason: "is empty; an evidence file must have content")) { _ = try s.importAttachment(path: empty) }

        let fifo = tmp.path + "/pipe", link = tmp.path + "/looks-like.pdf"
        #expect(mkfifo(fifo, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: fifo)
        do { _ = try s.importAttachment(path: link); Issue.record("a pipe behind a link was accepted") } catch {
            #expect(error.description.contains("is not a regular file (a pipe)"))
        }
        let dev = tmp.path + "/zero.pdf"
        try FileManager.default.createSymbolicLink(atPath: dev, withDestinationPath: "/dev/zero")
        do { _ = try s.importAttachment(path: dev); Issue.record("/dev/zero behind a link was accepted") } catch {
            #expect(error.description.contains("a character device"))
        }

        let growing = tmp.path + "/growing.pdf"
        writeBytes(growing, Array("first part".utf8))
        Store.attachmentReadHook = { p in
            if p == growing, let h = FileHandle(forWritingAtPath: p) { h.seekToEndOfFile(); h.write(Data(" and more".utf8)); h.closeFile() }
        }
        defer { Store.attachmentReadHook = nil }
        do { _ = try s.importAttachment(path: growing); Issue.record("a file that changed while read was accepted") } catch {
            #expect(error.description.contains("changed while it was being read"))
        }
        Store.attachmentReadHook = nil
        let ref = try s.importAttachment(path: growing)
        let stored = try s.attachmentBytes(ref)
        #expect(ref.size == 19 && stored == Array("first part and more".utf8))
        let files = try FileManager.default.contentsOfDirectory(atPath: tmp.store + "/attachments")
        #expect(files.count == 1)
    }
}

/// Issue 15 item 8: CSV and JSON show escapes on a terminal, stay byte-exact in a pipe.
@Suite struct DataOutputOnATerminalTests {
    @Test func csvAndJSONToATerminalShowTheEscapes() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            print("DataOutputOnATerminalTests: skipped — no script(1) for a pseudo-terminal")
            return
        }
        let tmp = TempDir()
        _ = try StoreTests.seeded(tmp.store)
        let env = ["LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TERM": "xterm"]
        for format in ["csv", "json"] {
            let piped = try runBinary("seller", ["products", "--format", format, "--store", tmp.store], env: env)
            // JSON escapes ESC itself (\u001b); CSV carries the raw byte.
            let exact = format == "csv" ? "数据迁移服务\u{1B}[31m" : #"数据迁移服务\u001b[31m"#
            #expect(piped.status == 0 && piped.out.contains(exact), "\(format) to a pipe is byte-exact")
            let command = "\(builtProduct("seller")) products --format \(format) --store \(tmp.store)"
            let tty = Spawn.run("/usr/bin/script", ["-qec", command, "/dev/null"], env: env)
            #expect(tty.status == 0 && tty.out.contains("数据迁移服务"), "\(tty)")
            #expect(!tty.out.unicodeScalars.contains("\u{1B}"), "\(format) to a terminal let an ESC through")
        }
    }
}
