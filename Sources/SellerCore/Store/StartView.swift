#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A derived copy of what the console's lists, queue counts and overview read
/// (`start.view` in the store): every entity, with the bulky texts left out
/// (record histories, message bodies, ticket thread texts, requirement and
/// delivery texts, attachment lists — see `listed`). Decoded into the core's
/// own types, it is a partial `SellerState` on which the panes and the
/// overview's figures are computed by the same code as on the full state,
/// while the full store loads behind.
///
/// Like `orders.view` it is never the record of anything. Unlike it, it need
/// not match the store's end: its stamp names a prefix of the journal (the
/// bytes and the CRC of the line ending there) and the snapshot it was made
/// over; a reader folds the journal lines after that prefix onto it with the
/// core's own `apply`, so a writer does not rewrite it on every append. It is
/// rewritten when a writer closes only once that tail is large (`rewriteAfter`),
/// and after a compaction (a new snapshot makes it stale). Anything else —
/// missing, damaged, another snapshot, a journal that does not continue it —
/// means "load the store the slow way"; the store's files are never touched.
public struct StartView: Sendable {
    public static let fileName = "start.view"

    public struct Stamp: Sendable, Equatable {
        /// The journal's length when the view was made, and the CRC-32 of the
        /// line ending there (0 when the journal was empty).
        public var journalBytes: Int64
        public var lastLineCRC: UInt32
        /// The snapshot it was made over: its size and the CRC-32 of its
        /// header line (which holds its sequence number and time of writing).
        public var snapshotBytes: Int64
        public var snapshotHeaderCRC: UInt32
        /// The sequence number of the last event in the view.
        public var lastSeq: Int
    }

    public var stamp: Stamp
    /// The partial state (see the type's comment).
    public var state: SellerState

    init(stamp: Stamp, state: SellerState) { self.stamp = stamp; self.state = state }

    /// The longest journal tail folded at start before the view is worth
    /// rewriting: a writer closing with more than this since the view's stamp
    /// rewrites it. 1 MiB of journal lines folds in tens of milliseconds —
    /// a small part of the start budget — and is a thousand or more CLI
    /// writes, each of which then pays nothing; small stores (under 20 MiB of
    /// snapshot) use 5 % of the snapshot, at least 64 KiB, since rewriting
    /// them is cheap.
    static func rewriteAfter(snapshotBytes: Int64) -> Int64 { min(1 << 20, max(64 << 10, snapshotBytes / 20)) }
    /// A tail longer than this is not folded at all (the slow path is used).
    public static let foldLimit: Int64 = 64 << 20

    // MARK: Files

    /// Why a view on disk is not used (one line, for `seller check`).
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case missing
        case damaged(String)
        case stale(String)
        public var description: String {
            switch self {
            case .missing: "missing"
            case .damaged(let why): "damaged (\(why))"
            case .stale(let why): "stale (\(why))"
            }
        }
    }

    /// The snapshot's identity now (0, 0 without one); nil when it cannot be read.
    static func snapshotIdentity(directory: String) -> (bytes: Int64, headerCRC: UInt32)? {
        let path = directory + "/" + Snapshot.fileName
        guard FileIO.kind(path) == .file else { return FileIO.kind(path) == .missing ? (0, 0) : nil }
        var st = stat()
        guard stat(path, &st) == 0, let header = OrdersView.firstLine(path) else { return nil }
        return (Int64(st.st_size), CRC32.checksum(header))
    }

    /// The view on disk, brought up to the journal's last complete line, or why not.
    /// `foldLimit`: the most journal after the view a reader folds (the keys'
    /// thread, reading it before the first frame, asks for less).
    public static func load(directory: String, foldLimit: Int64 = StartView.foldLimit) -> Result<StartView, Problem> {
        let path = directory + "/" + fileName
        guard FileIO.kind(path) == .file else { return .failure(FileIO.kind(path) == .missing ? .missing : .damaged("not a regular file")) }
        guard let bytes = try? FileIO.readFile(path) else { return .failure(.damaged("cannot be read")) }
        var view: StartView
        do { view = try decode(bytes) } catch { return .failure(.damaged("\(error)")) }
        do throws(Problem) { try view.catchUp(directory: directory, foldLimit: foldLimit) } catch { return .failure(error) }
        return .success(view)
    }

    /// Checks that the journal continues the view's prefix over the same
    /// snapshot, then folds the lines after it with the state's own `apply`.
    mutating func catchUp(directory: String, foldLimit: Int64 = StartView.foldLimit) throws(Problem) {
        guard let snap = StartView.snapshotIdentity(directory: directory) else { throw .stale("the snapshot cannot be read") }
        guard snap.bytes == stamp.snapshotBytes, snap.headerCRC == stamp.snapshotHeaderCRC else {
            throw .stale("made over another snapshot")
        }
        let journal = directory + "/" + Journal.fileName
        guard let fd = try? FileIO.open(journal, O_RDONLY) else { throw .stale("the journal cannot be read") }
        defer { FileIO.close(fd) }
        guard let size = try? FileIO.size(fd, path: journal) else { throw .stale("the journal cannot be read") }
        guard size >= stamp.journalBytes else { throw .stale("the journal is shorter than the view's \(stamp.journalBytes) bytes") }
        if stamp.journalBytes > 0 {
            guard StartView.lineCRC(fd, endingAt: stamp.journalBytes, path: journal) == stamp.lastLineCRC else {
                throw .stale("the journal does not continue the view at byte \(stamp.journalBytes)")
            }
        }
        guard size - stamp.journalBytes <= foldLimit else { throw .stale("\(size - stamp.journalBytes) journal bytes after it") }
        guard let tail = try? FileIO.read(fd, from: stamp.journalBytes, path: journal) else { throw .stale("the journal cannot be read") }
        // Only complete lines: a partial last one is being written (or is a crash remnant the store's open repairs).
        let (lines, _) = LineSplitter.split(tail)
        let storeId = try? Store.checkFormat(directory + "/" + StoreFormat.fileName, directory: directory).id
        var s = state, seq = stamp.lastSeq
        for (i, r) in lines.enumerated() {
            guard case .success(let p) = Journal.parse(tail[r], line: i + 1, file: journal, store: storeId) else {
                throw .stale("journal line \(i + 1) after the view cannot be read")
            }
            guard p.seq == seq + 1 else { throw .stale("journal line \(i + 1) after the view has sequence \(p.seq), expected \(seq + 1)") }
            do throws(DomainError) { try s.apply(p.event, rules: p.rules) } catch {
                throw .stale("event \(p.event.id) after the view does not apply to it")
            }
            seq = p.seq
        }
        state = s
        let end = stamp.journalBytes + Int64(lines.last?.upperBound ?? -1) + 1
        if !lines.isEmpty { stamp = Stamp(journalBytes: end, lastLineCRC: CRC32.checksum(tail[lines.last!]), snapshotBytes: stamp.snapshotBytes,
                                          snapshotHeaderCRC: stamp.snapshotHeaderCRC, lastSeq: seq) }
    }

    /// The CRC-32 of the journal line that ends (with its newline) at `offset`.
    static func lineCRC(_ fd: Int32, endingAt offset: Int64, path: String) -> UInt32? {
        var window: Int64 = 16 << 10
        while true {
            let from = max(0, offset - window)
            guard let bytes = try? FileIO.read(fd, from: from, max: Int(offset - from), path: path),
                  bytes.count == Int(offset - from), bytes.last == 0x0A else { return nil }
            let body = bytes[..<(bytes.count - 1)]
            if let nl = body.lastIndex(of: 0x0A) { return CRC32.checksum(body[(nl + 1)...]) }
            if from == 0 { return CRC32.checksum(body) }
            // Journal lines are bounded by the events' own limits; a longer run is not a line.
            guard window < 64 << 20 else { return nil }
            window *= 4
        }
    }

    /// The stamp of a view on disk, read from its first bytes only (its body
    /// is not checked: this is for deciding whether to rewrite it).
    static func peekStamp(directory: String) -> Stamp? {
        let path = directory + "/" + fileName
        guard let fd = try? FileIO.open(path, O_RDONLY) else { return nil }
        defer { FileIO.close(fd) }
        guard let head = try? FileIO.read(fd, from: 0, max: magic.count + 12 + 32, path: path),
              head.count == magic.count + 12 + 32, head.starts(with: magic) else { return nil }
        return head.withUnsafeBytes { raw in
            var c = OrdersView.Cursor(raw: raw, at: magic.count + 12, end: raw.count)
            guard let jb = try? c.u64(), let crc = try? c.u32(), let sb = try? c.u64(), let scrc = try? c.u32(), let seq = try? c.u64() else { return nil }
            return Stamp(journalBytes: Int64(bitPattern: jb), lastLineCRC: crc, snapshotBytes: Int64(bitPattern: sb),
                         snapshotHeaderCRC: scrc, lastSeq: Int(Int64(bitPattern: seq)))
        }
    }

    /// Whether the view on disk is worth reading before the first frame: made
    /// over this snapshot, with at most `foldLimit` bytes of journal after it.
    /// From its head and the files' sizes only (its body is checked as it is read).
    public static func usableAtOnce(directory: String, foldLimit: Int64) -> Bool {
        guard let (have, _) = stampOverThisSnapshot(directory: directory) else { return false }
        var st = stat()
        guard stat(directory + "/" + Journal.fileName, &st) == 0 else { return false }
        let size = Int64(st.st_size)
        return size >= have.journalBytes && size - have.journalBytes <= foldLimit
    }

    /// Whether a closing writer should rewrite the view: none usable for
    /// this snapshot and journal, or the tail since it is over `rewriteAfter`.
    static func wantsRewrite(directory: String, journalBytes: Int64) -> Bool {
        guard let (have, snapshotBytes) = stampOverThisSnapshot(directory: directory), journalBytes >= have.journalBytes else { return true }
        return journalBytes - have.journalBytes > rewriteAfter(snapshotBytes: snapshotBytes)
    }

    /// The view's stamp (from its head only) and the snapshot's size, when the
    /// view on disk was made over the snapshot there now; nil otherwise.
    static func stampOverThisSnapshot(directory: String) -> (Stamp, snapshotBytes: Int64)? {
        guard let have = peekStamp(directory: directory), let snap = snapshotIdentity(directory: directory),
              have.snapshotBytes == snap.bytes, have.snapshotHeaderCRC == snap.headerCRC else { return nil }
        return (have, snap.bytes)
    }

    /// Replaces the view atomically (derived data: no fsync; a torn file fails its checksum).
    static func write(_ view: StartView, directory: String) throws(StoreError) {
        try DerivedFile.replace(directory + "/" + fileName, with: view.encode())
    }
}

extension Store {
    /// Rewrites `start.view` from the state at the store's end (caller may hold no lock).
    public func writeStartView() throws(StoreError) {
        guard !readOnly else { return }
        try lock.withLock(exclusive: false) { () throws(StoreError) in
            try catchUp()
            try writeStartViewLocked()
        }
    }

    func writeStartViewLocked() throws(StoreError) {
        guard let stamp = startViewStampLocked() else { return }
        try StartView.write(StartView(stamp: stamp, state: StartView.listed(state)), directory: directory)
    }

    /// The stamp of the files as this state has read them; nil when they cannot be read.
    func startViewStampLocked() -> StartView.Stamp? {
        guard let snap = StartView.snapshotIdentity(directory: directory) else { return nil }
        var crc: UInt32 = 0
        if journalOffset > 0 {
            guard let c = StartView.lineCRC(journalFD, endingAt: journalOffset, path: journalPath) else { return nil }
            crc = c
        }
        return StartView.Stamp(journalBytes: journalOffset, lastLineCRC: crc, snapshotBytes: snap.bytes,
                               snapshotHeaderCRC: snap.headerCRC, lastSeq: lastSeq)
    }

}

extension StartView {
    /// `seller check`'s line about the view: derived data, so never damage
    /// of the store, only whether the next console can start from it.
    public static func checkLine(directory: String) -> String {
        switch load(directory: Store.normalise(directory)) {
        case .success(let v): "\(fileName) current (event \(v.stamp.lastSeq))"
        case .failure(let p): "\(fileName) \(p): not used; the next writer or `seller repair` rebuilds it"
        }
    }

    /// `seller repair`: rewrites the view when it cannot be used; says why, or nil when it could.
    public static func rebuildIfUnusable(directory: String) throws(StoreError) -> Problem? {
        guard case .failure(let problem) = load(directory: Store.normalise(directory)) else { return nil }
        try Store.open(at: directory).writeStartView()
        return problem
    }
}
