#if canImport(Glibc)
import Glibc
#endif

/// `outbox.jsonl`: the merchant actions that compaction folded out of the
/// journal, in the journal's own framed form, so `seller outbox --since` can
/// still hand them to another program. A crash between archiving and
/// emptying the journal archives some lines twice; readers keep the first.
enum OutboxArchive {
    static let fileName = "outbox.jsonl"

    /// Appends the journal's merchant lines (as the store noted them while
    /// writing or reading) not yet archived, then fsyncs.
    static func archive(_ lines: [(seq: Int, line: ArraySlice<UInt8>)], into dir: String) throws(StoreError) {
        guard !lines.isEmpty else { return }
        let path = dir + "/" + fileName
        let last = try lastSeq(path)
        var out: [UInt8] = []
        for (seq, line) in lines where seq > last {
            out += line
            out.append(0x0A)
        }
        guard !out.isEmpty else { return }
        let fd = try FileIO.open(path, O_WRONLY | O_APPEND, create: true)
        defer { FileIO.close(fd) }
        try FileIO.writeAll(fd, out, path: path)
        try FileIO.sync(fd, path: path)
    }

    /// The merchant lines of whole journal bytes (repair: nothing was noted).
    static func archive(journal: [UInt8], journalPath: String, into dir: String) throws(StoreError) {
        var lines: [(seq: Int, line: ArraySlice<UInt8>)] = []
        for (i, r) in LineSplitter.split(journal).lines.enumerated() {
            let p = try Journal.parse(journal[r], line: i + 1, file: journalPath).get()
            if p.event.isMerchantAction { lines.append((p.seq, journal[r])) }
        }
        try archive(lines, into: dir)
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
}
