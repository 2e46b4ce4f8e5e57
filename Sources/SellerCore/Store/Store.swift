import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A Seller Center store: snapshot + append-only journal in one directory,
/// shared safely by several processes.
///
/// - Every action is one journal line, written with a single `write(2)` under
///   an exclusive `flock` and `fsync`ed before `append` returns.
/// - Before writing, a writer catches up on what others appended and
///   re-validates its event against that state, so nothing is overwritten and a
///   command made invalid meanwhile is refused with the reason.
/// - Readers catch up under a shared lock, so they never see a line being
///   written; a partial last line seen under a lock is a crash remnant.
public final class Store {
    public let directory: String
    public let readOnly: Bool
    /// FORMAT's id for this store (nil for stores made before ids existed).
    public let storeId: String?
    public internal(set) var state: SellerState
    /// Sequence number of the last event applied.
    public internal(set) var lastSeq: Int
    /// Things opening had to fix or wants the user to know (a torn line recovered).
    public internal(set) var warnings: [String] = []
    /// Journal lines above this count trigger a compaction after an append.
    public var compactionThreshold = 10_000
    /// The clock for merchant actions; tests pin it.
    public var now: () -> Timestamp = { .now }

    var known: KnownEventIds
    /// Test hook (in-process, per store): the error a compaction step should
    /// fail with, as a full disk would make it fail.
    var injectFault: ((CompactionStep) -> StoreError?)?
    let lock: FileLock
    var journalFD: Int32
    var journalOffset: Int64 = 0
    var journalLines = 0
    /// Journal lines holding merchant actions (sequence number, byte range
    /// without the newline), noted as they are written or read, so that a
    /// compaction archives them without parsing the journal again.
    var merchantLines: [(seq: Int, range: Range<Int>)] = []
    var handovers: [Handover] = [] // states a reader holds, to take back (Store+Handover.swift)
    var snapshotSeq = 0
    var snapshotIdentity: FileIO.Identity?

    var journalPath: String { directory + "/" + Journal.fileName }
    var snapshotPath: String { directory + "/" + Snapshot.fileName }
    var formatPath: String { directory + "/" + StoreFormat.fileName }
    var attachmentsPath: String { directory + "/attachments" }
    var recoveredPath: String { directory + "/recovered" }

    /// Hears, once per wait, that this process has waited about a second for
    /// another's lock, and who holds it (the CLI prints it).
    public static var lockWaitNotice: ((String) -> Void)? {
        get { FileLock.waitNotice }
        set { FileLock.waitNotice = newValue }
    }
    /// Asked while waiting for the lock: true gives up (`StoreError.lockTimeout`).
    public static var lockWaitGiveUp: (() -> Bool)? { get { FileLock.giveUp } set { FileLock.giveUp = newValue } }

    // MARK: Opening

    /// Creates an empty store (or opens the one already there).
    public static func create(at directory: String) throws(StoreError) -> Store {
        let dir = Store.normalise(directory)
        switch FileIO.storeRootKind(dir) {
        case .missing:
            try FileIO.ensureDirectory(dir)
        case .directory:
            let fm = FileManager.default
            if FileIO.kind(dir + "/" + StoreFormat.fileName) == .missing,
               let items = try? fm.contentsOfDirectory(atPath: dir), !items.isEmpty {
                throw .notAStore(path: dir, reason: "the directory is not empty and has no FORMAT file; refusing to write into it")
            }
        case .symlink:
            throw .unsafePath(path: dir, reason: "is a symbolic link that does not lead to a directory")
        default:
            throw .unsafePath(path: dir, reason: "exists and is not a directory")
        }
        let format = dir + "/" + StoreFormat.fileName
        if FileIO.kind(format) == .missing {
            let fd = try FileIO.open(format, O_WRONLY | O_EXCL, create: true)
            defer { FileIO.close(fd) }
            try FileIO.writeAll(fd, StoreFormat.marker(id: StoreFormat.newId()), path: format)
            try FileIO.sync(fd, path: format)
            try FileIO.ensureDirectory(dir + "/attachments")
            try FileIO.syncDirectory(dir)
        }
        return try Store(directory: dir, readOnly: false)
    }

    /// Opens an existing store: snapshot plus replay of the journal.
    /// `progress` hears the share of the snapshot read so far (0…1), for a
    /// progress bar while a large store loads.
    public static func open(at directory: String, readOnly: Bool = false,
                            progress: ((Double) -> Void)? = nil) throws(StoreError) -> Store {
        try Store(directory: Store.normalise(directory), readOnly: readOnly, progress: progress)
    }

    static func normalise(_ p: String) -> String {
        var s = p
        while s.count > 1, s.hasSuffix("/") { s.removeLast() }
        return s
    }

    private init(directory: String, readOnly: Bool, progress: ((Double) -> Void)? = nil) throws(StoreError) {
        self.directory = directory
        self.readOnly = readOnly
        guard FileIO.storeRootKind(directory) == .directory else { throw FileIO.rootProblem(directory) }
        storeId = try Store.checkFormat(directory + "/" + StoreFormat.fileName, directory: directory).id
        for name in [Journal.fileName, Snapshot.fileName, "lock", "attachments", "recovered", OutboxArchive.fileName] {
            if FileIO.kind(directory + "/" + name) == .symlink {
                throw .unsafePath(path: directory + "/" + name, reason: "is a symbolic link; the store never follows links for its own files")
            }
        }
        lock = try FileLock(path: directory + "/lock", readOnly: readOnly)
        journalFD = try FileIO.open(directory + "/" + Journal.fileName, readOnly ? O_RDONLY : (O_RDWR | O_APPEND), create: !readOnly)
        state = SellerState()
        lastSeq = 0
        known = [:]
        try lock.withLock(exclusive: false) { () throws(StoreError) in try reload(progress: progress) }
    }

    /// Set by anything that changes the store's files (appends, compaction):
    /// the orders view is then rewritten when this store closes.
    var changedFiles = false

    deinit {
        // Derived data (a failure means a slow next start); start.view only when stale or far behind.
        if changedFiles, !readOnly { writeViewsAtClose() }
        FileIO.close(journalFD)
    }

    /// Rewrites `orders.view` from the state at the store's current end (see
    /// OrdersView). Consoles call it after a slow open; writers get it when
    /// they close.
    public func writeOrdersView() throws(StoreError) {
        guard !readOnly else { return }
        try lock.withLock(exclusive: false) { () throws(StoreError) in
            try catchUp()
            try writeOrdersViewLocked()
        }
    }

    @discardableResult
    static func checkFormat(_ path: String, directory: String) throws(StoreError) -> StoreFormat.Marker {
        guard FileIO.kind(path) == .file else {
            throw .notAStore(path: directory, reason: FileIO.kind(path) == .missing ? "no FORMAT file" : "FORMAT is not a regular file")
        }
        let bytes = try FileIO.readFile(path)
        guard let m = try? JSONDecoder().decode(StoreFormat.Marker.self, from: Data(bytes)), m.app == "seller-center" else {
            throw .damaged(file: path, line: 1, reason: "not a Seller Center format marker")
        }
        if m.format > StoreFormat.current { throw .newerFormat(path: directory, found: m.format, supported: StoreFormat.current) }
        // Format 1 is the first: there is nothing older to migrate yet. A
        // format-2 seller adds its migration of format-1 stores here.
        if let id = m.id, id.isEmpty || id.utf8.count > 64 || !id.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) {
            throw .damaged(file: path, line: 1, reason: "the store id must be 1–64 lower-case hex digits")
        }
        return m
    }

    /// Loads the snapshot and replays the whole journal (caller holds a lock).
    func reload(progress: ((Double) -> Void)? = nil) throws(StoreError) {
        var loaded = Snapshot.Loaded()
        if FileIO.kind(snapshotPath) == .file {
            loaded = try Snapshot.load(path: snapshotPath, storeId: storeId, progress: progress)
        }
        snapshotIdentity = FileIO.identity(snapshotPath)
        state = loaded.state
        known = loaded.known
        snapshotSeq = loaded.seq
        lastSeq = loaded.seq
        journalOffset = 0
        journalLines = 0
        (merchantLines, handovers) = ([], [])
        try catchUp()
    }

    // MARK: Catching up

    /// Applies journal lines appended since the last read (caller holds a lock).
    /// Returns the events applied.
    @discardableResult
    func catchUp() throws(StoreError) -> [EventEnvelope] {
        if FileIO.identity(snapshotPath) != snapshotIdentity {
            // Another process compacted: our offsets point into an older journal.
            let before = lastSeq
            try reload()
            warnings.append("the store was compacted by another process; reloaded at event \(lastSeq) (was \(before))")
            return []
        }
        let size = try FileIO.size(journalFD, path: journalPath)
        if size < journalOffset {
            throw .damaged(file: journalPath, line: journalLines, reason: "the journal shrank from \(journalOffset) to \(size) bytes without a compaction")
        }
        let bytes = try FileIO.read(journalFD, from: journalOffset, path: journalPath)
        let (lines, tail) = LineSplitter.split(bytes)
        var (applied, seq, newKnown, lineNo): ([EventEnvelope], Int, KnownEventIds, Int) = ([], lastSeq, [:], journalLines)
        // Folded in place (a copy duplicated each table an event writes: 208k messages for one mark); newKnown by id (a list searched
        // per line made opening a long journal quadratic). `apply` changes nothing when it throws: on any exit the position moves past
        // the lines applied, so none applies twice.
        var (doneBytes, doneLines) = (0, journalLines)
        defer { (lastSeq, journalLines, journalOffset) = (seq, doneLines, journalOffset + Int64(doneBytes)); known.merge(newKnown) }
        for (r, parsed) in Journal.ParsedLines(bytes, lines, firstLine: journalLines + 1, file: journalPath, store: storeId) {
            (doneBytes, doneLines) = (r.lowerBound - bytes.startIndex, lineNo)
            lineNo += 1
            let p = try parsed.get()
            let at = Int(journalOffset) + r.lowerBound - bytes.startIndex
            let merchant = { if p.event.isMerchantAction { self.merchantLines.append((p.seq, at..<(at + r.count))) } } // once taken
            if p.seq <= snapshotSeq, seq == snapshotSeq {
                // Already in the snapshot (a compaction stopped before truncating)
                // — but only if the snapshot knows the event: otherwise the line
                // is not this store's history and skipping it would lose it.
                guard !p.event.event.keepsItsId || known[p.event.id] == Journal.sum(of: p.event) else {
                    throw .damaged(file: journalPath, line: lineNo, reason: StoreError.notInSnapshot(p))
                }
                merchant()
                continue
            }
            guard p.seq == seq + 1 else {
                throw .damaged(file: journalPath, line: lineNo,
                               reason: p.seq > seq + 1 ? Store.gapReason(expected: seq + 1, found: p.seq, snapshotPath: snapshotPath)
                                   : "sequence \(p.seq) repeats or goes back (expected \(seq + 1))")
            }
            if known[p.event.id] != nil || newKnown[p.event.id] != nil {
                throw .damaged(file: journalPath, line: lineNo, reason: "event id \(p.event.id) appears twice")
            }
            do throws(DomainError) { try state.apply(p.event, rules: p.rules); folded(p.event, p.rules) } catch {
                throw .damaged(file: journalPath, line: lineNo, reason: "event \(p.event.id) (\(p.event.event.typeName)) cannot be applied: \(error)")
            }
            seq = p.seq
            if p.event.event.keepsItsId { newKnown[p.event.id] = Journal.sum(of: p.event) }
            applied.append(p.event)
            merchant()
        }
        (doneBytes, doneLines) = (tail.lowerBound - bytes.startIndex, lineNo)
        if !tail.isEmpty { try recoverTornTail(at: journalOffset + Int64(tail.lowerBound), bytes: Array(bytes[tail]), line: lineNo + 1) }
        return applied
    }

    // MARK: Writing

    public struct Appended: Sendable {
        public var seq: Int
        public var event: EventEnvelope
        /// Events other processes had appended, applied first.
        public var caughtUp: [EventEnvelope]
    }

    /// Appends one event, built from the freshest state under the lock. The
    /// event is validated by applying it; a refusal leaves the store unchanged.
    @discardableResult
    public func append(_ make: (SellerState) throws(StoreError) -> EventEnvelope) throws(StoreError) -> Appended {
        guard !readOnly else { throw .refused(.rule(.readOnlyStore)) }
        return try lock.withLock(exclusive: true) { () throws(StoreError) -> Appended in
            let others = try catchUp()
            let event = try make(state)
            if known[event.id] != nil { throw .duplicateEvent(id: event.id) }
            // Encoded before anything changes, so no failure can leave memory
            // ahead of the disk.
            let json = try Journal.eventJSON(event)
            // In place, not on a copy: a copy would duplicate every table the
            // event touches (milliseconds at 100k orders). `apply` checks
            // before it mutates, so a refusal leaves the state as it was.
            do throws(DomainError) { try state.apply(event) } catch { throw .refused(error) }
            let seq = lastSeq + 1
            let line = Journal.line(seq: seq, eventJSON: json, store: storeId)
            try commitLocked(line, lastSeq: seq, added: event.event.keepsItsId ? [(event.id, CRC32.checksum(json))] : [],
                             merchant: event.isMerchantAction ? [(seq, 0..<(line.count - 1))] : [], compact: true)
            return Appended(seq: seq, event: event, caughtUp: others)
        }
    }

    /// What became of one event of a batch.
    public enum BatchOutcome: Equatable, Sendable {
        case applied(seq: Int)
        /// Already stored with identical content: nothing to do.
        case duplicate
        /// Already stored with different content: reported, not applied.
        case conflict
        case refused(DomainError)
    }

    /// Appends many events under one lock with one write and one `fsync`:
    /// each is checked against the state left by those before it, and only
    /// the ones that apply are written. Returns one outcome per event.
    public func appendBatch(_ events: [EventEnvelope], compactAfter: Bool = true) throws(StoreError) -> [BatchOutcome] {
        // Encoding needs no state: the cores do it for the whole batch first.
        try appendBatch(encoded: Array(zip(events, Parallel.map(events, minimumChunk: 256) { Journal.encoded($0) })), compactAfter: compactAfter)
    }

    /// `appendBatch` of events already encoded (`Journal.encoded`): ingest encodes the next batch while this one applies.
    func appendBatch(encoded batch: [(EventEnvelope, Result<[UInt8], StoreError>)], compactAfter: Bool = true) throws(StoreError) -> [BatchOutcome] {
        guard !readOnly else { throw .refused(.rule(.readOnlyStore)) }
        return try lock.withLock(exclusive: true) { () throws(StoreError) -> [BatchOutcome] in
            try catchUp()
            var outcomes: [BatchOutcome] = []
            outcomes.reserveCapacity(batch.count)
            var bytes: [UInt8] = []
            var added: [(String, UInt32)] = []
            var addedIndex: KnownEventIds = [:]
            var merchant: [(seq: Int, range: Range<Int>)] = []
            var seq = lastSeq
            for (e, result) in batch {
                let json = try result.get()
                let sum = CRC32.checksum(json)
                if let have = known[e.id] ?? addedIndex[e.id] {
                    outcomes.append(have == sum ? .duplicate : .conflict)
                    continue
                }
                do throws(DomainError) { try state.apply(e) } catch {
                    // A notification re-sent under a new id for an entity already
                    // stored with the same content is a duplicate, as by event id.
                    outcomes.append(error.isIdenticalResend ? .duplicate : .refused(error))
                    continue
                }
                seq += 1
                let line = Journal.line(seq: seq, eventJSON: json, store: storeId)
                if e.isMerchantAction { merchant.append((seq, bytes.count..<(bytes.count + line.count - 1))) }
                bytes += line
                if e.event.keepsItsId { added.append((e.id, sum)) }
                addedIndex[e.id] = sum
                outcomes.append(.applied(seq: seq))
            }
            guard !bytes.isEmpty else { return outcomes }
            try commitLocked(bytes, lastSeq: seq, added: added, merchant: merchant, compact: compactAfter)
            return outcomes
        }
    }

    /// A gap at the very start with no snapshot is a missing snapshot: say so.
    static func gapReason(expected: Int, found: Int, snapshotPath: String) -> String {
        if expected == 1, FileIO.kind(snapshotPath) == .missing {
            return "sequence gap: the journal starts at event \(found) but \(snapshotPath) is missing (it held events 1…\(found - 1))"
        }
        return "sequence gap: expected \(expected), found \(found)"
    }

    /// Lines in the journal since the last snapshot.
    public var journalLineCount: Int { journalLines }

    /// Writes complete journal lines with one `write(2)` and `fsync`s them
    /// (caller holds the exclusive lock and has applied the events to `state`).
    /// If the write fails, the state is rebuilt from what the disk holds, so
    /// memory never shows an event that was not stored.
    private func commitLocked(_ bytes: [UInt8], lastSeq seq: Int, added: [(String, UInt32)],
                              merchant: [(seq: Int, range: Range<Int>)], compact: Bool) throws(StoreError) {
        do throws(StoreError) {
            let before = try FileIO.size(journalFD, path: journalPath)
            guard before == journalOffset else {
                throw StoreError.damaged(file: journalPath, line: journalLines + 1, reason: "unexpected bytes after the last complete line")
            }
            try FileIO.writeOnce(journalFD, bytes, path: journalPath, undoTo: before)
            try FileIO.sync(journalFD, path: journalPath)
        } catch {
            try? reload()
            throw error
        }
        let before = journalOffset
        changedFiles = true
        journalLines += seq - lastSeq // every line, the interface's calls too (they keep no id: not in `added`)
        lastSeq = seq
        for (id, sum) in added { known[id] = sum }
        let base = Int(before)
        merchantLines += merchant.map { ($0.seq, ($0.range.lowerBound + base)..<($0.range.upperBound + base)) }
        journalOffset = before + Int64(bytes.count)
        if compact, journalLines >= compactionThreshold { compactAfterWrite() }
    }

    /// The automatic compaction after a write. The write is already fsynced
    /// and so acknowledged: a failure here (a full disk) is a warning, never
    /// the command's error — reporting it as one made users retry a reply the
    /// customer already had. The journal stays over the threshold, so the
    /// next write tries again.
    private func compactAfterWrite() {
        do throws(StoreError) { try compactLocked() } catch {
            // Whatever step failed, the files hold every event: a renamed
            // snapshot is noticed by its identity and reloaded on the next read.
            warnings.append("the journal was not compacted (\(error)); nothing is lost, the next write tries again")
        }
    }

    /// Appends a merchant action or a platform fact stamped now, with a fresh id.
    @discardableResult
    public func append(_ event: DomainEvent, by actor: Actor, id: String? = nil, at: Timestamp? = nil) throws(StoreError) -> Appended {
        let (time, eventId) = (at ?? now(), id ?? "local-" + UUID().uuidString.lowercased())
        return try append { _ in EventEnvelope(id: eventId, at: time, actor: actor, event: event) }
    }

    /// Whether an event id is already stored, and whether with the same content.
    public enum Known: Equatable { case unknown, identical, conflicting }

    public func knowledge(of event: EventEnvelope) -> Known {
        guard let sum = known[event.id] else { return .unknown }
        return sum == Journal.sum(of: event) ? .identical : .conflicting
    }
}
