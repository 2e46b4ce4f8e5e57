import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The store's outbox and compaction: folding the journal into a new
/// snapshot and archiving the merchant actions it held.
extension Store {
    // MARK: Outbox

    /// The merchant's own actions with their sequence numbers, oldest first:
    /// those compaction archived, then those still in the journal.
    public func outbox(since: Int = 0) throws(StoreError) -> [(seq: Int, event: EventEnvelope)] {
        try lock.withLock(exclusive: false) { () throws(StoreError) in
            try catchUp()
            var out = try OutboxArchive.read(directory).filter { $0.seq > since }
            let archived = out.last?.seq ?? since
            let bytes = try FileIO.read(journalFD, from: 0, path: journalPath)
            let (lines, _) = LineSplitter.split(bytes)
            for (i, r) in lines.enumerated() {
                let p = try Journal.parse(bytes[r], line: i + 1, file: journalPath, store: storeId).get()
                if p.seq > max(archived, since), p.event.isMerchantAction { out.append((p.seq, p.event)) }
            }
            return out
        }
    }

    // MARK: Compaction

    public struct CompactionReport: Sendable {
        public var seq: Int
        public var journalLinesFolded: Int
        public var snapshotBytes: Int
    }

    /// Folds the journal into a new snapshot. Crash-safe at every step: the
    /// old snapshot + journal, or the new snapshot (+ journal lines it already
    /// holds, skipped on open), always hold every acknowledged event.
    @discardableResult
    public func compact() throws(StoreError) -> CompactionReport {
        guard !readOnly else { throw .refused(.rule(.readOnlyStore)) }
        return try lock.withLock(exclusive: true) { () throws(StoreError) in
            try catchUp()
            return try compactLocked()
        }
    }

    /// Test hook: a process told to crash at a compaction step exits there.
    static let crashStep: CompactionStep? = ProcessInfo.processInfo.environment["SELLER_TEST_CRASH_AT"].flatMap(CompactionStep.init(rawValue:))

    func crashIfAsked(_ step: CompactionStep) throws(StoreError) {
        if Store.crashStep == step { _exit(137) }
        if let e = injectFault?(step) { throw e }
    }

    @discardableResult
    func compactLocked() throws(StoreError) -> CompactionReport {
        let folded = journalLines
        changedFiles = true
        let bytes: [UInt8]
        let pairs = known.sortedPairs()
        do { bytes = try Snapshot.encode(state: state, seq: lastSeq, knownPairs: pairs, at: now(), storeId: storeId) } catch {
            throw .refused(.refused("cannot encode the snapshot: \(error)"))
        }
        try FileIO.replaceAtomically(snapshotPath, with: bytes, directory: directory, crash: crashIfAsked)
        let journal = merchantLines.isEmpty ? [] : try FileIO.read(journalFD, from: 0, path: journalPath)
        try OutboxArchive.archive(merchantLines.filter { $0.range.upperBound <= journal.count }.map { ($0.seq, journal[$0.range]) },
                                  into: directory, crash: { (step) throws(StoreError) in try crashIfAsked(step.outbox) })
        try crashIfAsked(.archivedOutbox)
        guard ftruncate(journalFD, 0) == 0 else { throw FileIO.fail(journalPath, "truncate") }
        try crashIfAsked(.truncatedJournal)
        try FileIO.sync(journalFD, path: journalPath)
        snapshotIdentity = FileIO.identity(snapshotPath)
        snapshotSeq = lastSeq
        journalOffset = 0
        journalLines = 0
        merchantLines = []
        known = KnownEventIds(sorted: pairs) // what the new snapshot holds, so the ids added since do not stay a dictionary
        return CompactionReport(seq: lastSeq, journalLinesFolded: folded, snapshotBytes: bytes.count)
    }
}
