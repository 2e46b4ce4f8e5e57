/// `seller ingest`: applies a feed to a store, line by line in file order.
/// Each line is applied, or counted as a duplicate, or rejected with its line
/// number and reason; the other lines still apply.
public enum FeedIngest {
    public struct Rejection: Sendable, Equatable {
        public var line: Int
        public var eventId: String?
        public var reason: String
    }

    public struct Summary: Sendable {
        public var applied = 0
        public var duplicates = 0
        public var conflicts = 0
        public var rejected: [Rejection] = []
        public var lines = 0
        public var rejectedCount: Int { rejected.count }
    }

    /// Reads `reader` to the end. `report` hears of each rejection as it
    /// happens; `progress` of each batch. Lines are written in batches of
    /// `batchSize` (one lock, one write, one fsync each); the store compacts
    /// once at the end if its journal grew past the threshold.
    public static func run(_ reader: some LineSource, into store: Store, batchSize: Int = 2000,
                           report: (Rejection) -> Void = { _ in },
                           progress: (Summary) -> Void = { _ in }) throws(StoreError) -> Summary {
        var summary = Summary()
        // Lines are read in order and decoded a batch at a time across the
        // cores; decode failures wait in the batch so reports come in file order.
        var raw: [(line: Int, bytes: ArraySlice<UInt8>)] = []
        func reject(_ r: Rejection) {
            summary.rejected.append(r)
            report(r)
        }
        func flush() throws(StoreError) {
            guard !raw.isEmpty else { return }
            let lines = raw
            let pending = zip(lines, Parallel.map(lines, minimumChunk: 256) { FeedDecoder.decode($0.bytes) }).map { (line: $0.line, item: $1) }
            raw.removeAll(keepingCapacity: true)
            let events = pending.compactMap { try? $0.item.get() }
            var outcomes = try store.appendBatch(events, compactAfter: false).makeIterator()
            for p in pending {
                switch p.item {
                case .failure(let e):
                    reject(Rejection(line: p.line, eventId: nil, reason: e.reason))
                case .success(let e):
                    switch outcomes.next()! {
                    case .applied: summary.applied += 1
                    case .duplicate: summary.duplicates += 1
                    case .conflict:
                        summary.conflicts += 1
                        reject(Rejection(line: p.line, eventId: e.id,
                                         reason: "conflict: event \(e.id) is already stored with different content; not applied"))
                    // A bill re-sent under a new event id with the same content changes nothing either.
                    case .refused(.duplicate(.bill, _)): summary.duplicates += 1
                    case .refused(let d):
                        // A re-sent entity with other content names the fields that differ.
                        if d.isConflictingResend { summary.conflicts += 1 }
                        reject(Rejection(line: p.line, eventId: e.id, reason: d.description))
                    }
                }
            }
            progress(summary)
        }
        while let line = try reader.next() {
            summary.lines = reader.lineNumber
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue } // blank lines carry nothing
            raw.append((reader.lineNumber, line))
            if raw.count >= batchSize { try flush() }
        }
        try flush()
        if store.journalLineCount >= store.compactionThreshold { try store.compact() }
        return summary
    }
}
