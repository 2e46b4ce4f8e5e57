import Foundation
import Testing
@testable import SellerCore

/// A record's history read from a snapshot file stays there (`SnapshotSource`)
/// and is read when asked for: it must be the history a fold of the events
/// gives, take appends as a held one does, write the same snapshot bytes,
/// survive the file being replaced by a rename, and be refused — named —
/// when the file is changed in place under it.
@Suite struct HistoryInFileTests {
    static let at = Timestamp(seconds: 1_800_000_000)

    /// The first half of a demo (with its hostile strings) folded and written
    /// as a snapshot at `path`; the events and where the half ends.
    static func halfWritten(_ path: String) throws -> (events: [EventEnvelope], half: Int, folded: SellerState) {
        let events = Array(DemoGenerator(.init(seed: 4, orders: 300)))
        let half = events.count / 2
        var folded = SellerState()
        for e in events[..<half] { try folded.apply(e) }
        try Data(Snapshot.encode(state: folded, seq: half, known: [:], at: at)).write(to: URL(fileURLWithPath: path))
        return (events, half, folded)
    }

    static func span(_ log: HistoryLog) -> FileSpan? {
        if case .inFile(let s) = log.storage { return s }
        return nil
    }

    @Test func historiesLeftInTheFileAreTheFoldsAndTakeAppends() throws {
        let tmp = TempDir()
        let path = tmp.path + "/snapshot.jsonl"
        let (events, half, folded) = try Self.halfWritten(path)
        // Blocks far smaller than the file, so record lines straddle their
        // boundaries (the carry before a block shifts every offset in it).
        let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        for blockSize in [997, 4096] {
            #expect(size > 20 * blockSize)
            #expect(try Snapshot.load(path: path, blockSize: blockSize).state == folded, "blocks of \(blockSize)")
        }
        var loaded = try Snapshot.load(path: path, blockSize: 1 << 16).state
        #expect(!folded.records.isEmpty)
        #expect(loaded.records.values.allSatisfy { $0.historyLog.isInFile }, "every history stays in the file")
        #expect(loaded.records.values.allSatisfy { $0.historyLog.packedSize.capacity == 0 })
        #expect(loaded == folded)
        // (The mark for a stored file's name: AttachmentReferencesTests, whose histories name some.)
        for r in folded.records.values {
            let l = loaded.records[r.orderId]!
            #expect(try l.readHistory() == r.history, "record \(r.orderId)")
            #expect(try l.historyLog.canonicalBytes() == r.historyLog.canonicalBytes())
            #expect(l.historyLog.mayNameStoredFiles == r.historyLog.mayNameStoredFiles, "record \(r.orderId)")
        }
        // The rest of the demo on both: the records stepped are held from then on.
        var all = folded
        for e in events[half...] { try all.apply(e); try loaded.apply(e) }
        #expect(loaded == all)
        #expect(loaded.records.values.contains { !$0.historyLog.isInFile } && loaded.records.values.contains { $0.historyLog.isInFile })
        #expect(try Snapshot.encode(state: loaded, seq: 1, known: [:], at: Self.at) == Snapshot.encode(state: all, seq: 1, known: [:], at: Self.at))
    }

    @Test func aSnapshotReplacedByARenameIsStillReadFromTheOpenedFile() throws {
        let tmp = TempDir()
        let path = tmp.path + "/snapshot.jsonl"
        let (_, _, folded) = try Self.halfWritten(path)
        let loaded = try Snapshot.load(path: path).state
        // What a compaction does: another file renamed over the path.
        let other = tmp.path + "/other.jsonl"
        try Data(Snapshot.encode(state: SellerState(), seq: 0, known: [:], at: Self.at)).write(to: URL(fileURLWithPath: other))
        #expect(rename(other, path) == 0)
        #expect(loaded == folded)
        for r in folded.records.values { #expect(try loaded.records[r.orderId]!.readHistory() == r.history) }
    }

    @Test func aSnapshotChangedInPlaceIsRefusedWithItsPath() throws {
        let tmp = TempDir()
        let path = tmp.path + "/snapshot.jsonl"
        let (events, half, folded) = try Self.halfWritten(path)
        var loaded = try Snapshot.load(path: path).state
        // One byte inside the history of a record a later event steps, overwritten in place.
        let step = try #require(events[half...].first {
            if case .supervision(let s) = $0.event { return folded.records[s.orderId] != nil }
            return false
        })
        guard case .supervision(let s) = step.event else { return }
        let victim = folded.records[s.orderId]!
        let span = try #require(Self.span(loaded.records[victim.orderId]!.historyLog))
        let fd = open(path, O_WRONLY)
        #expect(fd >= 0)
        var byte = UInt8(ascii: "#")
        #expect(pwrite(fd, &byte, 1, off_t(span.offset) + 2) == 1)
        close(fd)
        let bad = loaded.records[victim.orderId]!
        #expect(throws: SnapshotUnreadable.self) { try bad.readHistory() }
        do { _ = try bad.readHistory() } catch { #expect(error.path == path && error.description.contains(path)) }
        #expect(bad.history.isEmpty)
        #expect(bad != victim)
        // Another record's history is still read (its bytes were not touched).
        let fine = try #require(folded.records.values.first { $0.orderId != victim.orderId && !$0.history.isEmpty })
        #expect(try loaded.records[fine.orderId]!.readHistory() == fine.history)
        // Nothing is written from it: a snapshot cannot be encoded, and an
        // event that steps the record is refused, the state unchanged.
        #expect(throws: (any Error).self) { try Snapshot.encode(state: loaded, seq: 1, known: [:], at: Self.at) }
        let before = loaded
        do { try loaded.apply(step); Issue.record("a step on an unreadable history was applied") } catch {
            #expect("\(error)".contains(path), "the refusal names the snapshot: \(error)")
        }
        // An appeal on it is refused before anything changes: no appeal, record as it was.
        let filing = EventEnvelope(id: "x-appeal", at: Self.at, actor: .buyer,
                                   event: .appealFiled(AppealFiling(appealId: "AP-X", orderId: victim.orderId, reason: "买家申诉")))
        var control = folded
        try control.apply(filing) // accepted where the history reads: the refusal below is the history's
        #expect(throws: DomainError.self) { try loaded.apply(filing) }
        #expect(loaded.appeals["AP-X"] == nil)
        #expect(loaded.records[victim.orderId]!.appealIds == victim.appealIds)
        #expect(loaded.records.count == before.records.count && loaded.appeals.count == before.appeals.count)
    }
}
