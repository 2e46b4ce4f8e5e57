import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `seller check` and `seller repair`: a lenient read of the whole store that
/// lists every problem with file and line, and — for repair only — a rewrite
/// made after a backup, saying exactly what was dropped.
public enum StoreMaintenance {
    public struct Finding: Sendable, Equatable {
        public var file: String
        public var line: Int
        public var reason: String
        public var text: String { line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)" }
    }

    public struct Report: Sendable {
        public var directory: String
        public var snapshotSeq = 0
        public var snapshotLines = 0
        public var journalLines = 0
        public var lastSeq = 0
        /// Events the readable state holds (snapshot and journal together).
        public var keptEvents = 0
        public var counts: [(String, Int)] = []
        /// Lines a strict open refuses, each dropped by a repair.
        public var damage: [Finding] = []
        /// Sound lines after a missing sequence number: a strict open refuses
        /// them too, a repair keeps them.
        public var gaps: [Finding] = []
        /// An interrupted last write, recovered by any writer's open.
        public var tornTail: Finding?
        /// Facts worth knowing that lose nothing (gaps, loose files, modes).
        public var notes: [String] = []
        public var healthy: Bool { damage.isEmpty && gaps.isEmpty && tornTail == nil }
    }

    struct Scan {
        var report: Report
        /// The journal lines that were kept, framed as they were.
        var soundJournalLines: [UInt8] = []
        var state: SellerState
        var known: [String: UInt32]
        var tornOffset: Int64?
    }

    /// Reads everything it can; never writes.
    static func scan(_ dir: String) throws(StoreError) -> Scan {
        guard FileIO.kind(dir) == .directory else { throw .notFound(path: dir) }
        try Store.checkFormat(dir + "/" + StoreFormat.fileName, directory: dir)
        var report = Report(directory: dir)
        let snapPath = dir + "/" + Snapshot.fileName
        let journalPath = dir + "/" + Journal.fileName
        var loaded = Snapshot.Loaded()
        if FileIO.kind(snapPath) == .file {
            let bytes = try FileIO.readFile(snapPath)
            loaded = try Snapshot.load(bytes, file: snapPath, lenient: true)
            report.snapshotLines = LineSplitter.split(bytes).lines.count
            report.damage += loaded.dropped.map { Finding(file: snapPath, line: $0.line, reason: $0.reason) }
        }
        report.snapshotSeq = loaded.seq
        var state = loaded.state
        var known = loaded.known
        var seq = loaded.seq
        var tornOffset: Int64?
        var sound: [UInt8] = []
        if FileIO.kind(journalPath) == .file {
            let bytes = try FileIO.readFile(journalPath)
            let (lines, tail) = LineSplitter.split(bytes)
            report.journalLines = lines.count
            for (i, r) in lines.enumerated() {
                let n = i + 1
                let p: Journal.Parsed
                switch Journal.parse(bytes[r], line: n, file: journalPath) {
                case .failure(.damaged(let f, let l, let why)): report.damage.append(Finding(file: f, line: l, reason: why)); continue
                case .failure(let e): report.damage.append(Finding(file: journalPath, line: n, reason: e.description)); continue
                case .success(let v): p = v
                }
                if p.seq <= loaded.seq, seq == loaded.seq { continue }
                if p.seq <= seq {
                    report.damage.append(Finding(file: journalPath, line: n, reason: "sequence \(p.seq) repeats or goes back (expected \(seq + 1))"))
                    continue
                }
                if known[p.event.id] != nil {
                    report.damage.append(Finding(file: journalPath, line: n, reason: "event id \(p.event.id) appears twice"))
                    continue
                }
                if p.seq > seq + 1 {
                    report.gaps.append(Finding(file: journalPath, line: n, reason: "sequence gap: expected \(seq + 1), found \(p.seq)"))
                }
                do throws(DomainError) { try state.apply(p.event) } catch {
                    report.damage.append(Finding(file: journalPath, line: n, reason: "event \(p.event.id) (\(p.event.event.typeName)) cannot be applied: \(error)"))
                    continue
                }
                seq = p.seq
                known[p.event.id] = Journal.sum(of: p.event)
                sound += bytes[r]
                sound.append(0x0A)
            }
            if !tail.isEmpty {
                report.tornTail = Finding(file: journalPath, line: lines.count + 1,
                                          reason: "incomplete last line (\(tail.count) bytes): a write interrupted by a crash, never acknowledged")
                tornOffset = Int64(tail.lowerBound)
            }
        }
        report.lastSeq = seq
        report.keptEvents = state.appliedEvents
        report.counts = [("accounts", state.accounts.count), ("products", state.products.count), ("orders", state.orders.count),
                         ("service records", state.records.count), ("appeals", state.appeals.count), ("tickets", state.tickets.count),
                         ("messages", state.messages.count), ("receivers", state.receivers.count), ("invoice requests", state.invoices.count)]
        report.notes += looseEnds(dir, state: state)
        return Scan(report: report, soundJournalLines: sound, state: state, known: known, tornOffset: tornOffset)
    }

    /// Things that lose nothing but deserve a look.
    static func looseEnds(_ dir: String, state: SellerState) -> [String] {
        var notes: [String] = []
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] {
            let path = dir + "/" + name
            if name.hasSuffix(".tmp") { notes.append("\(path): left over from an interrupted compaction; harmless, removed by the next one") }
            switch FileIO.kind(path) {
            case .symlink: notes.append("\(path): a symbolic link inside the store; it is never followed")
            case .file: if let m = FileIO.mode(path), m & 0o077 != 0 { notes.append("\(path): mode \(String(m, radix: 8)); the store's files should be 600") }
            case .directory: if let m = FileIO.mode(path), m & 0o077 != 0 { notes.append("\(path): mode \(String(m, radix: 8)); the store's directories should be 700") }
            default: break
            }
        }
        var referenced = Set<String>()
        for r in state.records.values {
            for d in r.delivery?.documents ?? [] { if let s = d.sha256 { referenced.insert(s) } }
            for h in r.history { for d in h.fields?.documents ?? [] { if let s = d.sha256 { referenced.insert(s) } } }
        }
        for a in state.appeals.values { for d in a.evidence { if let s = d.sha256 { referenced.insert(s) } } }
        let attDir = dir + "/attachments"
        let present = Set(((try? fm.contentsOfDirectory(atPath: attDir)) ?? []).filter { $0.count == 64 })
        for sha in referenced.subtracting(present).sorted() { notes.append("\(attDir)/\(sha): referenced by an event but missing") }
        for sha in present.sorted() {
            if let bytes = try? FileIO.readFile(attDir + "/" + sha), SHA256.hex(bytes) != sha {
                notes.append("\(attDir)/\(sha): content does not match its SHA-256 name")
            }
        }
        return notes
    }

    /// `seller check`: reads only.
    public static func check(_ dir: String) throws(StoreError) -> Report {
        try scan(Store.normalise(dir)).report
    }

    public struct RepairResult: Sendable {
        public var report: Report
        public var backup: String?
        public var changed: Bool
    }

    /// `seller repair`: backs up FORMAT, snapshot and journal, then writes the
    /// state that could be read as a fresh snapshot with an empty journal. The
    /// report says what was dropped; a healthy store is left untouched.
    public static func repair(_ directory: String, now: Timestamp) throws(StoreError) -> RepairResult {
        let dir = Store.normalise(directory)
        let lock = try FileLock(path: dir + "/lock")
        return try lock.withLock(exclusive: true) { () throws(StoreError) -> RepairResult in
            let s = try scan(dir)
            guard !s.report.healthy else { return RepairResult(report: s.report, backup: nil, changed: false) }
            let stamp = now.iso8601.replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "+", with: "p")
            try FileIO.ensureDirectory(dir + "/backups")
            var backup = dir + "/backups/" + stamp
            var k = 1
            while FileIO.exists(backup) { backup = dir + "/backups/\(stamp)-\(k)"; k += 1 }
            try FileIO.ensureDirectory(backup)
            for name in [StoreFormat.fileName, Snapshot.fileName, Journal.fileName] where FileIO.kind(dir + "/" + name) == .file {
                let bytes = try FileIO.readFile(dir + "/" + name)
                let fd = try FileIO.open(backup + "/" + name, O_WRONLY | O_TRUNC | O_EXCL, create: true)
                do throws(StoreError) { try FileIO.writeAll(fd, bytes, path: backup + "/" + name); try FileIO.sync(fd, path: backup + "/" + name) }
                catch { FileIO.close(fd); throw error }
                FileIO.close(fd)
            }
            try FileIO.syncDirectory(backup)
            try FileIO.syncDirectory(dir + "/backups")
            let bytes: [UInt8]
            do { bytes = try Snapshot.encode(state: s.state, seq: s.report.lastSeq, known: s.known, at: now) } catch {
                throw .refused(.refused("cannot encode the repaired snapshot: \(error)"))
            }
            try FileIO.replaceAtomically(dir + "/" + Snapshot.fileName, with: bytes, directory: dir)
            let journal = dir + "/" + Journal.fileName
            if FileIO.kind(journal) == .file {
                // Keep the merchant actions of the sound lines for `seller outbox`.
                try OutboxArchive.archive(journal: s.soundJournalLines, journalPath: journal, into: dir)
                let fd = try FileIO.open(journal, O_WRONLY)
                defer { FileIO.close(fd) }
                guard ftruncate(fd, 0) == 0 else { throw FileIO.fail(journal, "truncate") }
                try FileIO.sync(fd, path: journal)
            }
            return RepairResult(report: s.report, backup: backup, changed: true)
        }
    }
}
