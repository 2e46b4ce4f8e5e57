#if canImport(Glibc)
import Glibc
#endif

/// `outbox.jsonl`: the merchant actions that compaction folded out of the
/// journal, in the journal's own framed form, so `seller outbox --since` can
/// still hand them to another program.
///
/// It is rewritten whole, like the snapshot (temporary file, fsync, rename,
/// directory fsync), never appended to in place: an append cut short by a
/// full disk used to leave a torn line that every later read refused. A
/// crash before the rename leaves the old archive, after it the new one; the
/// journal still holds the lines until it is emptied, and lines already
/// archived (by sequence number) are never added twice.
enum OutboxArchive {
    static let fileName = "outbox.jsonl"

    /// Adds the journal's merchant lines (as the store noted them while
    /// writing or reading) not yet archived.
    static func archive(_ lines: [(seq: Int, line: ArraySlice<UInt8>)], into dir: String,
                        crash: (CompactionStep) throws(StoreError) -> Void = { _ in }) throws(StoreError) {
        guard !lines.isEmpty else { return }
        let path = dir + "/" + fileName
        let last = try lastSeq(path)
        var added: [UInt8] = []
        for (seq, line) in lines where seq > last {
            added += line
            added.append(0x0A)
        }
        guard !added.isEmpty else { return }
        var out = FileIO.kind(path) == .file ? try FileIO.readFile(path) : []
        // An archive torn by an older seller's interrupted append: keep its
        // complete lines only (the torn one is still in the journal or a backup).
        if let nl = out.lastIndex(of: 0x0A) { out.removeSubrange((nl + 1)...) } else { out = [] }
        out += added
        try FileIO.replaceAtomically(path, with: out, directory: dir, crash: crash)
    }

    /// The merchant lines of whole journal bytes (repair: nothing was noted).
    static func merchantLines(journal: [UInt8], journalPath: String) throws(StoreError) -> [(seq: Int, line: ArraySlice<UInt8>)] {
        var lines: [(seq: Int, line: ArraySlice<UInt8>)] = []
        for (i, r) in LineSplitter.split(journal).lines.enumerated() {
            let p = try Journal.parse(journal[r], line: i + 1, file: journalPath).get()
            if p.event.isMerchantAction { lines.append((p.seq, journal[r])) }
        }
        return lines
    }

    /// The sequence number of the last archived line: only that line is read.
    static func lastSeq(_ path: String) throws(StoreError) -> Int {
        guard FileIO.kind(path) == .file else { return 0 }
        let fd = try FileIO.open(path, O_RDONLY)
        defer { FileIO.close(fd) }
        guard let line = try FileIO.lastCompleteLine(fd, path: path) else { return 0 }
        return try Journal.parse(line[...], line: 0, file: path).get().seq
    }

    /// Archived actions in sequence order, each once.
    static func read(_ dir: String) throws(StoreError) -> [(seq: Int, event: EventEnvelope)] {
        let path = dir + "/" + fileName
        guard FileIO.kind(path) == .file else { return [] }
        let bytes = try FileIO.readFile(path)
        let (lines, _) = LineSplitter.split(bytes)
        var out: [(seq: Int, event: EventEnvelope)] = []
        for (i, r) in lines.enumerated() {
            let p = try Journal.parse(bytes[r], line: i + 1, file: path).get()
            if p.seq > (out.last?.seq ?? 0) { out.append((p.seq, p.event)) }
        }
        return out
    }

    /// What `check` and `repair` see of the archive: its sound lines
    /// (framed, each sequence once, in order) and every damaged one.
    struct Scan {
        var sound: [(seq: Int, line: ArraySlice<UInt8>)] = []
        var damage: [StoreMaintenance.Finding] = []
        var lines = 0
        /// The file's bytes as read (nil: no file), so a repair need not read them again.
        var bytes: [UInt8]?
    }

    static func scan(_ dir: String, minimumChunk: Int = 1000) throws(StoreError) -> Scan {
        let path = dir + "/" + fileName
        var s = Scan()
        switch FileIO.kind(path) {
        case .missing: return s
        case .file: break
        default:
            s.damage.append(.init(file: path, line: 0, reason: "is not a regular file"))
            return s
        }
        let bytes = try FileIO.readFile(path)
        s.bytes = bytes
        let (lines, tail) = LineSplitter.split(bytes)
        s.lines = lines.count
        // Each line is checked and decoded on whichever core is free (only its
        // sequence number or its reason comes back), then taken in line order
        // as a serial read would.
        let parsed = Parallel.chunks(count: lines.count, minimumChunk: minimumChunk) { range in
            range.map { i -> Result<Int, StoreError> in Journal.parse(bytes[lines[i]], line: i + 1, file: path).map(\.seq) }
        }
        var i = 0
        for chunk in parsed {
            for result in chunk {
                switch result {
                case .failure(let e):
                    s.damage.append(.init(file: path, line: i + 1, reason: e.reasonText))
                case .success(let seq):
                    if seq > (s.sound.last?.seq ?? 0) { s.sound.append((seq, bytes[lines[i]])) }
                }
                i += 1
            }
        }
        if !tail.isEmpty {
            s.damage.append(.init(file: path, line: lines.count + 1, reason: "incomplete last line (\(tail.count) bytes): an interrupted write"))
        }
        return s
    }
}

extension StoreError {
    /// The reason alone, without the file and line a finding already names.
    var reasonText: String {
        if case .damaged(_, _, let why) = self { return why }
        return description
    }
}
