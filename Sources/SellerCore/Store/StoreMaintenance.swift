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
        public var outboxLines = 0
        /// Per entity kind, how many the snapshot's header says it holds but
        /// could not be read (a cut-short or damaged snapshot).
        public var snapshotLoss: [(String, Int)] = []
        public var healthy: Bool { damage.isEmpty && gaps.isEmpty && tornTail == nil }
    }

    struct Scan {
        var report: Report
        /// The journal lines that were kept, framed as they were.
        var soundJournalLines: [UInt8] = []
        var state: SellerState
        var known: KnownEventIds
        var tornOffset: Int64?
        /// What the outbox archive should hold after a repair: its sound
        /// lines, then the journal's merchant actions after them (sound lines
        /// and those the snapshot already holds), each sequence once.
        var outbox: [(seq: Int, line: ArraySlice<UInt8>)] = []
        /// The outbox file's bytes as found (nil: none), to rewrite it only if needed.
        var outboxBytes: [UInt8]?
    }

    /// Reads everything it can; never writes. The outbox archive is read
    /// and checked beside the snapshot and journal (`Alongside`); its findings
    /// come after theirs, as when it was read after them.
    static func scan(_ dir: String) throws(StoreError) -> Scan {
        guard FileIO.storeRootKind(dir) == .directory else { throw FileIO.rootProblem(dir) }
        let storeId = try Store.checkFormat(dir + "/" + StoreFormat.fileName, directory: dir).id
        let (history, outboxRead) = try Alongside.run({ () throws(StoreError) in try scanHistory(dir, storeId: storeId) },
                                                      beside: { Result { () throws(StoreError) in try OutboxArchive.scan(dir) } })
        let outbox = try outboxRead.get()
        var report = history.report
        let state = history.state
        report.damage += outbox.damage
        report.outboxLines = outbox.lines
        let archived = outbox.sound.last?.seq ?? 0
        report.keptEvents = state.appliedEvents
        report.counts = [("accounts", state.accounts.count), ("products", state.products.count), ("orders", state.orders.count),
                         ("service records", state.records.count), ("appeals", state.appeals.count), ("tickets", state.tickets.count),
                         ("messages", state.messages.count), ("receivers", state.receivers.count), ("invoice requests", state.invoices.count),
                         ("bills", state.bills.count), ("instances", state.instances.count), ("interface calls", state.calls.count)]
        report.notes += looseEnds(dir, state: state)
        return Scan(report: report, soundJournalLines: history.sound, state: state, known: history.known, tornOffset: history.tornOffset,
                    outbox: outbox.sound + history.journalMerchant.filter { $0.seq > archived }, outboxBytes: outbox.bytes)
    }

    /// What `scanHistory` read: the snapshot, then the journal folded onto it.
    struct History {
        var report: Report
        var state: SellerState
        var known: KnownEventIds
        var sound: [UInt8]
        var tornOffset: Int64?
        var journalMerchant: [(seq: Int, line: ArraySlice<UInt8>)]
    }

    /// The snapshot (read in blocks, never whole) and the journal after it.
    static func scanHistory(_ dir: String, storeId: String?) throws(StoreError) -> History {
        var report = Report(directory: dir)
        let snapPath = dir + "/" + Snapshot.fileName
        let journalPath = dir + "/" + Journal.fileName
        var loaded = Snapshot.Loaded()
        if FileIO.kind(snapPath) == .file {
            loaded = try Snapshot.load(path: snapPath, lenient: true, storeId: storeId)
            report.snapshotLines = loaded.lines
            report.damage += loaded.dropped.map { Finding(file: snapPath, line: $0.line, reason: $0.reason) }
        }
        report.snapshotSeq = loaded.seq
        if let h = loaded.header, let counts = h.counts {
            report.snapshotLoss = lossPerKind(expected: counts, state: loaded.state)
        }
        // Moved out, not copied: a journal line folded onto a table the
        // snapshot's copy still shared would copy the whole table first.
        var state = loaded.state
        loaded.state = SellerState()
        var known = loaded.known
        var seq = loaded.seq
        var tornOffset: Int64?
        var sound: [UInt8] = []
        var journalMerchant: [(seq: Int, line: ArraySlice<UInt8>)] = []
        if FileIO.kind(journalPath) == .file {
            let bytes = try FileIO.readFile(journalPath)
            let (lines, tail) = LineSplitter.split(bytes)
            report.journalLines = lines.count
            for (i, (r, parsed)) in Journal.ParsedLines(bytes, lines, firstLine: 1, file: journalPath, store: storeId).enumerated() {
                let n = i + 1
                let p: Journal.Parsed
                switch parsed {
                case .failure(.damaged(let f, let l, let why)): report.damage.append(Finding(file: f, line: l, reason: why)); continue
                case .failure(let e): report.damage.append(Finding(file: journalPath, line: n, reason: e.description)); continue
                case .success(let v): p = v
                }
                if p.seq <= loaded.seq, seq == loaded.seq {
                    // Held by the snapshot (a compaction or repair stopped before
                    // emptying the journal) — if the snapshot knows the event.
                    guard !p.event.event.keepsItsId || known[p.event.id] == Journal.sum(of: p.event) else {
                        report.damage.append(Finding(file: journalPath, line: n, reason: StoreError.notInSnapshot(p)))
                        continue
                    }
                    if p.event.isMerchantAction { journalMerchant.append((p.seq, bytes[r])) }
                    continue
                }
                if p.seq <= seq {
                    report.damage.append(Finding(file: journalPath, line: n, reason: "sequence \(p.seq) repeats or goes back (expected \(seq + 1))"))
                    continue
                }
                if known[p.event.id] != nil {
                    report.damage.append(Finding(file: journalPath, line: n, reason: "event id \(p.event.id) appears twice"))
                    continue
                }
                if p.seq > seq + 1 {
                    report.gaps.append(Finding(file: journalPath, line: n, reason: Store.gapReason(expected: seq + 1, found: p.seq, snapshotPath: snapPath)))
                }
                do throws(DomainError) { try state.apply(p.event, rules: p.rules) } catch {
                    report.damage.append(Finding(file: journalPath, line: n, reason: "event \(p.event.id) (\(p.event.event.typeName)) cannot be applied: \(error)"))
                    continue
                }
                seq = p.seq
                if p.event.event.keepsItsId { known[p.event.id] = Journal.sum(of: p.event) }
                if p.event.isMerchantAction { journalMerchant.append((p.seq, bytes[r])) }
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
        return History(report: report, state: state, known: known, sound: sound, tornOffset: tornOffset, journalMerchant: journalMerchant)
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
        let referenced = AttachmentReferences.referenced(by: state)
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

    /// The snapshot header's own counts against what was read, per kind.
    static func lossPerKind(expected: [String: Int], state: SellerState) -> [(String, Int)] {
        let have = state.tableCounts
        return expected.keys.sorted().compactMap { k in
            let lost = expected[k]! - (have[k] ?? 0)
            return lost > 0 ? (k, lost) : nil
        }
    }

    /// `seller check`: reads only, under the shared lock, so a compaction
    /// running meanwhile cannot make it count a half-moved store as healthy.
    public static func check(_ dir: String) throws(StoreError) -> Report {
        let dir = Store.normalise(dir)
        guard FileIO.storeRootKind(dir) == .directory else { throw FileIO.rootProblem(dir) }
        let lock = try FileLock(path: dir + "/lock", readOnly: true)
        return try lock.withLock(exclusive: false) { () throws(StoreError) in
            // Freeing a million-order state took seconds on one core, and the
            // caller wants the report only: the state is freed on a thread of
            // its own, not waited for.
            let read = Alongside.Dropped(try scan(dir))
            let report = read.value!.report
            Alongside.drop(read)
            return report
        }
    }
}
