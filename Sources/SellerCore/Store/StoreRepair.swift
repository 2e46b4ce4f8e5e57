import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The steps of `seller repair`, in order, at which tests simulate a crash.
public enum RepairStep: String, CaseIterable, Sendable {
    case backedUp = "backed-up"
    case outboxWroteTemporary = "outbox-wrote-temporary"
    case outboxRenamed = "outbox-renamed"
    case snapshotWroteTemporary = "snapshot-wrote-temporary"
    case snapshotSyncedTemporary = "snapshot-synced-temporary"
    case snapshotRenamed = "snapshot-renamed"
    case snapshotSyncedDirectory = "snapshot-synced-directory"
    case truncatedJournal = "truncated-journal"

    static func snapshot(_ c: CompactionStep) -> RepairStep? {
        switch c {
        case .wroteTemporary: .snapshotWroteTemporary
        case .syncedTemporary: .snapshotSyncedTemporary
        case .renamed: .snapshotRenamed
        case .syncedDirectory: .snapshotSyncedDirectory
        default: nil
        }
    }

    static func outbox(_ c: CompactionStep) -> RepairStep? {
        switch c {
        case .wroteTemporary: .outboxWroteTemporary
        case .renamed: .outboxRenamed
        default: nil
        }
    }
}

extension StoreMaintenance {
    public struct RepairResult: Sendable {
        public var report: Report
        public var backup: String?
        public var changed: Bool
    }

    /// Test hook: a process told to crash at a repair step exits there.
    static let repairCrashStep: RepairStep? = ProcessInfo.processInfo.environment["SELLER_TEST_REPAIR_CRASH_AT"].flatMap(RepairStep.init(rawValue:))

    static func crash(at step: RepairStep?) {
        if let step, step == repairCrashStep { _exit(137) }
    }

    /// `seller repair`: backs up FORMAT, snapshot, journal and outbox, then
    /// writes the state that could be read as a fresh snapshot with an empty
    /// journal. A healthy store is left untouched.
    ///
    /// Restartable at every step: the outbox is completed first (atomically;
    /// lines are added by sequence number, so a second run adds nothing), then
    /// the snapshot is replaced (atomically), then the journal emptied. A
    /// crash before the snapshot's rename leaves the old snapshot and journal;
    /// after it, the journal's lines are the snapshot's own (checked against
    /// its known events) and a re-run only empties the journal. Either way a
    /// re-run ends with the store and outbox an uninterrupted repair writes.
    public static func repair(_ directory: String, now: Timestamp) throws(StoreError) -> RepairResult {
        let dir = Store.normalise(directory)
        guard FileIO.storeRootKind(dir) == .directory else { throw FileIO.rootProblem(dir) }
        let lock = try FileLock(path: dir + "/lock")
        return try lock.withLock(exclusive: true) { () throws(StoreError) -> RepairResult in
            let s = try scan(dir)
            guard !s.report.healthy else { return RepairResult(report: s.report, backup: nil, changed: false) }
            let storeId = try Store.checkFormat(dir + "/" + StoreFormat.fileName, directory: dir).id
            let backup = try backUp(dir, now: now)
            crash(at: .backedUp)
            var outbox: [UInt8] = []
            for (_, line) in s.outbox { outbox += line; outbox.append(0x0A) }
            if outbox != (s.outboxBytes ?? []) {
                try FileIO.replaceAtomically(dir + "/" + OutboxArchive.fileName, with: outbox, directory: dir,
                                             crash: { step in crash(at: RepairStep.outbox(step)) })
            }
            let bytes: [UInt8]
            do { bytes = try Snapshot.encode(state: s.state, seq: s.report.lastSeq, known: s.known, at: now, storeId: storeId) } catch {
                throw .refused(.refused("cannot encode the repaired snapshot: \(error)"))
            }
            try FileIO.replaceAtomically(dir + "/" + Snapshot.fileName, with: bytes, directory: dir,
                                         crash: { step in crash(at: RepairStep.snapshot(step)) })
            let journal = dir + "/" + Journal.fileName
            if FileIO.kind(journal) == .file {
                let fd = try FileIO.open(journal, O_WRONLY)
                defer { FileIO.close(fd) }
                guard ftruncate(fd, 0) == 0 else { throw FileIO.fail(journal, "truncate") }
                try FileIO.sync(fd, path: journal)
            }
            crash(at: .truncatedJournal)
            return RepairResult(report: s.report, backup: backup, changed: true)
        }
    }

    /// Copies the store's record files into a new `backups/<time>/`.
    static func backUp(_ dir: String, now: Timestamp) throws(StoreError) -> String {
        let stamp = now.iso8601.replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "+", with: "p")
        try FileIO.ensureDirectory(dir + "/backups")
        var backup = dir + "/backups/" + stamp
        var k = 1
        while FileIO.exists(backup) { backup = dir + "/backups/\(stamp)-\(k)"; k += 1 }
        try FileIO.ensureDirectory(backup)
        for name in [StoreFormat.fileName, Snapshot.fileName, Journal.fileName, OutboxArchive.fileName] where FileIO.kind(dir + "/" + name) == .file {
            let bytes = try FileIO.readFile(dir + "/" + name)
            let fd = try FileIO.open(backup + "/" + name, O_WRONLY | O_TRUNC | O_EXCL, create: true)
            do throws(StoreError) { try FileIO.writeAll(fd, bytes, path: backup + "/" + name); try FileIO.sync(fd, path: backup + "/" + name) }
            catch { FileIO.close(fd); throw error }
            FileIO.close(fd)
        }
        try FileIO.syncDirectory(backup)
        try FileIO.syncDirectory(dir + "/backups")
        return backup
    }
}
