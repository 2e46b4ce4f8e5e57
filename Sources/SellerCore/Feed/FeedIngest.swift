/// `seller ingest`: applies a feed to a store, line by line in file order.
/// Each line is applied, or counted as a duplicate, or rejected with its line
/// number and reason; the other lines still apply.
public enum FeedIngest {
    public struct Rejection: Sendable, Equatable {
        public var line: Int
        public var eventId: String?
        public var reason: String
    }

    /// Why an ingest ended before the end of its input (a full disk, a read
    /// error, an overlong line): every line before `line` was handled and
    /// stored; `line` and those after it were not.
    public struct Stop: Sendable {
        public var line: Int
        public var error: StoreError
    }

    public struct Summary: Sendable {
        public var applied = 0
        public var duplicates = 0
        public var conflicts = 0
        public var rejected: [Rejection] = []
        public var lines = 0
        public var rejectedCount: Int { rejected.count }
        /// Set when the input was not read to its end.
        public var stopped: Stop?
        /// Things that lose nothing (a compaction after the last batch failed).
        public var warnings: [String] = []
    }

    /// `ingest` for callers that treat a stop as an error (the demo, bench).
    public static func run(_ reader: some LineSource, into store: Store, batchSize: Int = 2000, replay: Bool = false,
                           report: (Rejection) -> Void = { _ in },
                           progress: (Summary) -> Void = { _ in }) throws(StoreError) -> Summary {
        let s = ingest(reader, into: store, batchSize: batchSize, replay: replay, report: report, progress: progress)
        if let stop = s.stopped { throw stop.error }
        return s
    }

    /// Reads `reader` to the end, or to the first error that stops it
    /// (`Summary.stopped`, with what was applied before it). `replay`
    /// accepts `merchant.*` lines (another console's outbox); a plain feed
    /// never acts as the merchant. `report` hears of each rejection as it
    /// happens; `progress` of each batch. Lines are written in batches of
    /// `batchSize` (one lock, one write, one fsync each); the store compacts
    /// once at the end if its journal grew past the threshold.
    public static func ingest(_ reader: some LineSource, into store: Store, batchSize: Int = 2000, replay: Bool = false,
                              report: (Rejection) -> Void = { _ in },
                              progress: (Summary) -> Void = { _ in }) -> Summary {
        var summary = Summary()
        func reject(_ r: Rejection) {
            summary.rejected.append(r)
            report(r)
        }
        // Lines are read, decoded and encoded a batch ahead on another thread
        // (FeedPipeline) and handed over in file order; decode failures wait
        // in their batch so reports come in file order.
        func apply(_ lines: [FeedPipeline.Line]) throws(StoreError) {
            let events = lines.compactMap { try? $0.item.get() }
            var outcomes = try store.appendBatch(encoded: events, compactAfter: false).makeIterator()
            for p in lines {
                switch p.item {
                case .failure(let e):
                    reject(Rejection(line: p.line, eventId: nil, reason: e.reason))
                case .success(let (e, _)):
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
        let pipeline = FeedPipeline(reader, batchSize: batchSize, replay: replay)
        var storeFailed = false
        defer { storeFailed ? pipeline.abandon() : pipeline.finish() }
        while true {
            let batch = pipeline.next()
            summary.lines = batch.linesRead
            if !batch.lines.isEmpty {
                do throws(StoreError) { try apply(batch.lines) } catch {
                    // The batch that failed was not written (a failed write is undone):
                    // its first line is where a resumed ingest starts.
                    summary.stopped = Stop(line: batch.lines[0].line, error: error)
                    storeFailed = true
                    return summary
                }
            }
            guard let end = batch.end else { continue }
            // The input failed at this line: what came before it is stored.
            if case .failed(let line, let error) = end {
                summary.stopped = Stop(line: line, error: error)
                return summary
            }
            break
        }
        if store.journalLineCount >= store.compactionThreshold {
            // Every line is already stored and fsynced: a failed compaction
            // loses nothing and the next writer retries it.
            do throws(StoreError) { try store.compact() } catch {
                summary.warnings.append("the journal was not compacted (\(error)); nothing is lost, the next write retries")
            }
        }
        return summary
    }
}

extension StoreError {
    /// An error about one particular input line (it carries its number).
    var lineNumber: Int? { if case .damaged(_, let line, _) = self { line } else { nil } }
}
