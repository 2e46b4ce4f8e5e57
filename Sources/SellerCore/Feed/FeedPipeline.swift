import Foundation

/// The reading side of `FeedIngest`: one thread reads the feed's lines,
/// decodes and encodes them a batch at a time (across the cores), and hands
/// the batches over in file order, at most `ahead` batches ahead of the
/// writer. Decoding needs no state, so while the store applies and writes
/// one batch the next is being prepared: the two cores each do half the work
/// instead of taking turns. Nothing is stored here; the caller applies,
/// reports and stops exactly as it would reading the lines itself.
final class FeedPipeline: @unchecked Sendable {
    /// One feed line, decoded and (when it decoded) encoded as the journal writes it.
    struct Line: Sendable {
        var line: Int
        var item: Result<(EventEnvelope, Result<[UInt8], StoreError>), FeedDecoder.LineError>
    }

    /// Why a batch is the last one.
    enum End: Sendable {
        case finished
        /// The input failed at `line` (a read error, an overlong line): the lines before it are in the batches.
        case failed(line: Int, error: StoreError)
    }

    struct Batch: Sendable {
        var lines: [Line]
        /// The number of the last line read (blank ones count) when this batch was cut.
        var linesRead: Int
        var end: End?
    }

    private let cond = NSCondition()
    private var ready: [Batch] = []
    private var cancelled = false
    private var running = true
    private let ahead: Int

    /// Starts reading at once. The caller must call `finish()` (or, after its
    /// store failed, `abandon()`) before it returns, and not read the reader after.
    init(_ reader: some LineSource, batchSize: Int, replay: Bool, ahead: Int = 2) {
        self.ahead = max(1, ahead)
        let source = Unchecked(reader)
        let thread = Thread { [self] in
            produce(source.value, batchSize: max(1, batchSize), replay: replay)
            cond.withLock { running = false; cond.broadcast() }
        }
        thread.name = "seller-ingest-read"
        // Deep enough for the store's JSON, as the dispatch pool's threads are.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The next batch in file order (blocks while it is being prepared).
    func next() -> Batch {
        cond.withLock {
            while ready.isEmpty { cond.wait() }
            let b = ready.removeFirst()
            cond.broadcast()
            return b
        }
    }

    /// Stops reading without waiting: after the store failed, the stop is told
    /// at once even while the reading thread waits for a quiet standard input's
    /// next line. The thread holds the reader (the caller reads it no more) and
    /// ends at that line, before reading another.
    func abandon() {
        cond.withLock {
            cancelled = true
            cond.broadcast()
        }
    }

    /// Stops reading and waits until the reading thread has let go of the reader
    /// (at most the line being read: a quiet standard input holds it that long).
    func finish() {
        cond.withLock {
            cancelled = true
            cond.broadcast()
            while running { cond.wait() }
        }
    }

    private func produce(_ reader: some LineSource, batchSize: Int, replay: Bool) {
        var linesRead = 0
        while true {
            var raw: [(line: Int, bytes: ArraySlice<UInt8>)] = []
            raw.reserveCapacity(batchSize)
            var end: End?
            while raw.count < batchSize {
                // A writer that stopped (its store failed) waits in `finish()`: read no further.
                if cond.withLock({ cancelled }) { return }
                do throws(StoreError) {
                    guard let line = try reader.next() else { end = .finished; break }
                    linesRead = reader.lineNumber
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue } // blank lines carry nothing
                    raw.append((reader.lineNumber, line))
                } catch {
                    end = .failed(line: error.lineNumber ?? reader.lineNumber + 1, error: error)
                    break
                }
            }
            let lines = Parallel.map(raw, minimumChunk: 256) { r in
                Line(line: r.line, item: FeedDecoder.decode(r.bytes, replay: replay).map { e in (e, Journal.encoded(e)) })
            }
            let delivered = cond.withLock { () -> Bool in
                while ready.count >= ahead && !cancelled { cond.wait() }
                guard !cancelled else { return false }
                ready.append(Batch(lines: lines, linesRead: linesRead, end: end))
                cond.broadcast()
                return true
            }
            if !delivered || end != nil { return }
        }
    }

    /// The reader crosses to the reading thread once and is used only there
    /// until `finish()` returns.
    private final class Unchecked<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }
}
