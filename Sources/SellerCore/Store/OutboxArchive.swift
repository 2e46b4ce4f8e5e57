#if canImport(Glibc)
import Glibc
#endif

/// `outbox.jsonl`: the merchant actions that compaction folded out of the
/// journal, in the journal's own framed form, so `seller outbox --since` can
/// still hand them to another program. A crash between archiving and
/// emptying the journal archives some lines twice; readers keep the first.
enum OutboxArchive {
    static let fileName = "outbox.jsonl"

    /// Appends the merchant lines of `journal` not yet archived, then fsyncs.
    static func archive(journal: [UInt8], journalPath: String, into dir: String) throws(StoreError) {
        let path = dir + "/" + fileName
        let last = try read(dir).last?.seq ?? 0
        var out: [UInt8] = []
        let (lines, _) = LineSplitter.split(journal)
        for (i, r) in lines.enumerated() {
            let p = try Journal.parse(journal[r], line: i + 1, file: journalPath).get()
            guard p.seq > last, p.event.isMerchantAction else { continue }
            out += journal[r]
            out.append(0x0A)
        }
        guard !out.isEmpty else { return }
        let fd = try FileIO.open(path, O_WRONLY | O_APPEND, create: true)
        defer { FileIO.close(fd) }
        try FileIO.writeAll(fd, out, path: path)
        try FileIO.sync(fd, path: path)
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
