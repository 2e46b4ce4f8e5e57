import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Seeing other processes' writes: torn-tail recovery while catching up,
/// and the live refresh the console polls.
extension Store {
    /// A partial last line seen under a lock was left by a crash mid-write: it
    /// was never acknowledged. Keep a copy in `recovered/`, then cut it away.
    func recoverTornTail(at offset: Int64, bytes: [UInt8], line: Int) throws(StoreError) {
        let note = "\(journalPath):\(line): incomplete last line (\(bytes.count) bytes, a write interrupted by a crash)"
        if readOnly {
            warnings.append(note + "; left in place (read-only)")
            return
        }
        // We hold a shared lock at most: take the exclusive one and look again.
        lock.unlock()
        try lock.lock(exclusive: true)
        defer { lock.unlock(); try? lock.lock(exclusive: false) }
        let size = try FileIO.size(journalFD, path: journalPath)
        let now = try FileIO.read(journalFD, from: offset, path: journalPath)
        guard size > offset, now == bytes else { return } // someone else already dealt with it
        try FileIO.ensureDirectory(recoveredPath)
        let stamp = Timestamp.now.iso8601.replacingOccurrences(of: ":", with: "")
        let copy = "\(recoveredPath)/journal-line\(line)-\(stamp)-\(getpid()).torn"
        let fd = try FileIO.open(copy, O_WRONLY | O_TRUNC, create: true)
        do {
            try FileIO.writeAll(fd, bytes, path: copy)
            try FileIO.sync(fd, path: copy)
        } catch { FileIO.close(fd); throw error }
        FileIO.close(fd)
        try FileIO.syncDirectory(recoveredPath)
        guard ftruncate(journalFD, off_t(offset)) == 0 else { throw FileIO.fail(journalPath, "truncate") }
        try FileIO.sync(journalFD, path: journalPath)
        warnings.append(note + "; copied to \(copy) and removed")
    }

    // MARK: Live

    /// True when another process appended or compacted since the last read
    /// (two `stat` calls: cheap enough to ask every tick).
    public func hasExternalChanges() -> Bool {
        guard let size = try? FileIO.size(journalFD, path: journalPath) else { return true }
        if size != journalOffset { return true }
        return FileIO.identity(snapshotPath) != snapshotIdentity
    }

    /// What another process changed, as seen by `refresh`.
    public struct Change: Sendable {
        /// Events applied, in order.
        public var events: [EventEnvelope]
        /// The store was compacted elsewhere and reloaded whole: redraw everything.
        public var reloaded: Bool
        public var isEmpty: Bool { events.isEmpty && !reloaded }
    }

    /// Applies what other processes appended.
    @discardableResult
    public func refresh() throws(StoreError) -> Change {
        guard hasExternalChanges() else { return Change(events: [], reloaded: false) }
        let identity = snapshotIdentity
        let events = try lock.withLock(exclusive: false) { () throws(StoreError) in try catchUp() }
        return Change(events: events, reloaded: identity != snapshotIdentity)
    }

    /// What the console's idle tick calls (on its store worker, every 250 ms,
    /// so others' actions appear within a second): the changes since the last look.
    @discardableResult
    public func poll() throws(StoreError) -> Change { try refresh() }
}

extension Store {
    /// The other processes holding this store's lock now (Linux /proc/locks):
    /// what a console says while its write waits.
    public func lockHolders() -> [Int] { FileLock.holders(of: lock.path) }
}
