import Foundation
import Testing
@testable import SellerCore

/// `seller check` reads the outbox archive on both cores and beside the
/// snapshot, and the snapshot in blocks: it must report exactly what a serial
/// read of the whole files reported — every damaged line, its file, its line
/// number and its reason, in line order.
@Suite struct CheckInParallelTests {
    /// A compacted store whose outbox holds `actions` merchant lines.
    static func withOutbox(_ dir: String, actions: Int) throws {
        let s = try StoreTests.seeded(dir)
        for i in 0..<actions { try s.append(.messagesMarked(MessageMark(all: true, read: i % 2 == 0)), by: .account("main")) }
        try s.compact()
    }

    /// What the archive's scan found when it read one line after another.
    static func serialOutboxFindings(_ dir: String) -> (damage: [StoreMaintenance.Finding], sound: [Int]) {
        let path = dir + "/" + OutboxArchive.fileName
        let bytes = fileBytes(path)
        let (lines, tail) = LineSplitter.split(bytes)
        var damage: [StoreMaintenance.Finding] = []
        var sound: [Int] = []
        for (i, r) in lines.enumerated() {
            switch Journal.parse(bytes[r], line: i + 1, file: path) {
            case .failure(let e): damage.append(.init(file: path, line: i + 1, reason: e.reasonText))
            case .success(let p): if p.seq > (sound.last ?? 0) { sound.append(p.seq) }
            }
        }
        if !tail.isEmpty { damage.append(.init(file: path, line: lines.count + 1, reason: "incomplete last line (\(tail.count) bytes): an interrupted write")) }
        return (damage, sound)
    }

    @Test func damagedOutboxLinesAreFoundInLineOrderWhenScannedOnBothCores() throws {
        let tmp = TempDir()
        try Self.withOutbox(tmp.store, actions: 60)
        let path = tmp.store + "/" + OutboxArchive.fileName
        // A flipped bit, a line whose JSON lacks a field (checksum made good),
        // a repeated sequence number, and a torn last line.
        DamageTests.damage(path, line: 3, refresh: false) { l in var c = l; c[40] ^= 0x01; return c }
        DamageTests.damage(path, line: 17, refresh: true) { DamageTests.replace($0, "\"seq\":", "\"sequence\":") }
        var ls = DamageTests.lines(path)
        ls.insert(ls[30], at: 31)
        writeBytes(path, DamageTests.join(ls) + Array(ls[40].prefix(25)))
        let serial = Self.serialOutboxFindings(tmp.store)
        #expect(serial.damage.count == 3)

        for chunk in [1, 7, 1000] {
            let scan = try OutboxArchive.scan(tmp.store, minimumChunk: chunk)
            #expect(scan.damage == serial.damage, "chunks of \(chunk)")
            #expect(scan.sound.map(\.seq) == serial.sound, "chunks of \(chunk)")
            #expect(scan.bytes == fileBytes(path))
        }
        let report = try StoreMaintenance.check(tmp.store)
        #expect(report.damage == serial.damage)
        #expect(report.damage.map(\.line) == [3, 17, ls.count])
        #expect(report.outboxLines == ls.count - 1)
    }

    /// The journal is parsed a block at a time on both cores (Journal.ParsedLines)
    /// and folded in line order: each line's result — its event, or its damage
    /// with file, line number and reason — is the one parsing it alone gives,
    /// whatever the block and chunk sizes; `check` and an open report the same.
    @Test func journalLinesParsedInBlocksAreTheLinesParsedOneByOne() throws {
        let tmp = TempDir()
        let s = try StoreTests.seeded(tmp.store, orders: 20)
        for i in 0..<30 { try s.append(.messagesMarked(MessageMark(all: true, read: i % 2 == 0)), by: .account("main")) }
        let path = tmp.store + "/" + Journal.fileName
        DamageTests.damage(path, line: 5, refresh: false) { l in var c = l; c[30] ^= 0x01; return c }
        DamageTests.damage(path, line: 41, refresh: true) { DamageTests.replace($0, "\"seq\":", "\"sequence\":") }
        let bytes = fileBytes(path)
        let (lines, _) = LineSplitter.split(bytes)
        #expect(lines.count > 60)
        func key(_ r: Result<Journal.Parsed, StoreError>) -> String {
            switch r {
            case .success(let p): "\(p.line) \(p.seq) \(p.event.id) \(p.rules)"
            case .failure(let e): "\(e)"
            }
        }
        let one = lines.enumerated().map { i, r in Journal.parse(bytes[r], line: 10 + i, file: path, store: nil) }
        let serial = one.map(key)
        // Lines 5 and 41 of the file, numbered from 10 here.
        #expect(one.enumerated().compactMap { i, r in if case .failure(.damaged(path, 10 + i, _)) = r { i + 1 } else { nil } } == [5, 41])
        for (block, chunk) in [(1, 1), (7, 1), (7, 3), (64, 2), (32_768, 1024)] {
            let blocked = Journal.ParsedLines(bytes, lines, firstLine: 10, file: path, store: nil, block: block, minimumChunk: chunk)
            #expect(blocked.map { key($0.parsed) } == serial, "blocks of \(block), chunks of \(chunk)")
            #expect(Journal.ParsedLines(bytes, lines, firstLine: 10, file: path, store: nil, block: block, minimumChunk: chunk).map(\.range) == lines)
        }
        let report = try StoreMaintenance.check(tmp.store)
        #expect(report.damage.map(\.line) == [5, 41])
        #expect(report.damage.allSatisfy { $0.file == path })
    }

    /// The snapshot read in blocks reports what the whole file read at once
    /// reported: the same lines, numbered the same, and the same count.
    @Test func snapshotDamageIsTheSameReadInBlocks() throws {
        let tmp = TempDir()
        try Self.withOutbox(tmp.store, actions: 4)
        let path = tmp.store + "/" + Snapshot.fileName
        DamageTests.damage(path, line: 2, refresh: false) { l in var c = l; c[30] ^= 0x02; return c }
        DamageTests.damage(path, line: 4, refresh: true) { DamageTests.replace($0, "\"kind\":", "\"sort\":") }
        let whole = try Snapshot.load(fileBytes(path), file: path, lenient: true)
        let lineCount = LineSplitter.split(fileBytes(path)).lines.count
        #expect(whole.dropped.count == 2)
        for block in [64, 1000, 16 << 20] {
            let blocks = try Snapshot.load(path: path, lenient: true, blockSize: block)
            #expect(blocks.dropped.map(\.line) == whole.dropped.map(\.line), "blocks of \(block)")
            #expect(blocks.dropped.map(\.reason) == whole.dropped.map(\.reason), "blocks of \(block)")
            #expect(blocks.lines == lineCount && blocks.state == whole.state, "blocks of \(block)")
        }
        // A strict read (the store's open) stops at the first, block by block as whole.
        for block in [64, 1000, 16 << 20] {
            #expect(throws: StoreError.damaged(file: path, line: 2, reason: whole.dropped[0].reason), "blocks of \(block)") {
                try Snapshot.load(path: path, blockSize: block)
            }
        }
        let report = try StoreMaintenance.check(tmp.store)
        #expect(report.snapshotLines == lineCount)
        #expect(report.damage.filter { $0.file == path }.map(\.line) == [2, 4])
    }

    /// The loader reserves its tables from the header's counts, but no more
    /// than the file has room for: a forged count is a loss to report, not an
    /// allocation to attempt.
    @Test func aForgedHeaderCountReservesNoMoreThanTheFileHolds() throws {
        let tmp = TempDir()
        try Self.withOutbox(tmp.store, actions: 2)
        let path = tmp.store + "/" + Snapshot.fileName
        DamageTests.damage(path, line: 1, refresh: true) { l in
            var t = String(decoding: l, as: UTF8.self)
            let r = try! #require(t.range(of: #""message":\d+"#, options: .regularExpression))
            t.replaceSubrange(r, with: #""message":1152921504606846976"#)
            return Array(t.utf8)
        }
        let loaded = try Snapshot.load(path: path, lenient: true)
        #expect(loaded.dropped.isEmpty)
        // Counts that add up to more lines than the file has room for reserve nothing.
        let room = fileBytes(path).count / (LineFrame.headerLength + 24), st = loaded.state
        let reserved = st.orders.capacity + st.records.capacity + st.messages.capacity + st.tickets.capacity + st.appeals.capacity + st.invoices.capacity
        #expect(reserved <= room, "\(reserved) reserved, room for \(room) lines")
        let report = try StoreMaintenance.check(tmp.store)
        #expect(report.snapshotLoss.contains { $0.0 == "message" && $0.1 > 1 << 59 })
    }
}
