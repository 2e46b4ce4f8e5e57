import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The store's file primitives over POSIX: owner-only permissions, no
/// symlinks followed for the store's own files, whole writes, fsync.
enum FileIO {
    static let fileMode: mode_t = 0o600
    static let dirMode: mode_t = 0o700

    static func fail(_ path: String, _ op: String) -> StoreError { .io(path: path, operation: op, errno: errno) }

    enum Kind { case missing, file, directory, symlink, other }

    static func kind(_ path: String) -> Kind {
        var st = stat()
        guard lstat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    static func exists(_ path: String) -> Bool { kind(path) != .missing }

    /// The kind of a store directory given by the user: a link to a directory
    /// counts as the directory (a data directory moved to another disk and
    /// linked back is common). Links are refused only for the store's own
    /// files and subdirectories, never followed there.
    static func storeRootKind(_ path: String) -> Kind {
        let k = kind(path)
        guard k == .symlink else { return k }
        var st = stat()
        guard stat(path, &st) == 0 else { return .symlink }
        return st.st_mode & S_IFMT == S_IFDIR ? .directory : .symlink
    }

    static func rootProblem(_ path: String) -> StoreError {
        switch storeRootKind(path) {
        case .missing: return .notFound(path: path)
        case .symlink: return .unsafePath(path: path, reason: "is a symbolic link that does not lead to a directory")
        default: return .unsafePath(path: path, reason: "is not a directory")
        }
    }

    /// Creates a directory with mode 0700, or checks an existing one is a real directory.
    static func ensureDirectory(_ path: String) throws(StoreError) {
        switch kind(path) {
        case .directory: return
        case .missing:
            guard mkdir(path, dirMode) == 0 || errno == EEXIST else { throw fail(path, "create directory") }
            _ = chmod(path, dirMode)
        case .symlink: throw .unsafePath(path: path, reason: "is a symbolic link; the store never follows links for its own files")
        default: throw .unsafePath(path: path, reason: "exists and is not a directory")
        }
    }

    /// Opens one of the store's own files, never through a symlink.
    static func open(_ path: String, _ flags: Int32, create: Bool = false) throws(StoreError) -> Int32 {
        var f = flags | O_NOFOLLOW | O_CLOEXEC
        if create { f |= O_CREAT }
        let fd = Glibc.open(path, f, fileMode)
        guard fd >= 0 else {
            if errno == ELOOP { throw .unsafePath(path: path, reason: "is a symbolic link; the store never follows links for its own files") }
            throw fail(path, "open")
        }
        if create { _ = fchmod(fd, fileMode) }
        return fd
    }

    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    /// Writes all bytes with one `write(2)`; a short write is undone so that
    /// a partial line never stays behind a successful return.
    static func writeOnce(_ fd: Int32, _ bytes: [UInt8], path: String, undoTo size: Int64?) throws(StoreError) {
        let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        if n == bytes.count { return }
        let err = n < 0 ? errno : ENOSPC
        if let size { _ = ftruncate(fd, off_t(size)) }
        throw .io(path: path, operation: "write", errno: err)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StoreError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(path, "write")
            }
            done += n
        }
    }

    static func sync(_ fd: Int32, path: String) throws(StoreError) {
        guard fsync(fd) == 0 else { throw fail(path, "fsync") }
    }

    static func syncDirectory(_ path: String) throws(StoreError) {
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw fail(path, "open directory") }
        defer { close(fd) }
        try sync(fd, path: path)
    }

    static func size(_ fd: Int32, path: String) throws(StoreError) -> Int64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw fail(path, "stat") }
        return Int64(st.st_size)
    }

    /// Device and inode: a renamed-in snapshot is a different file.
    struct Identity: Equatable { var device: UInt64; var inode: UInt64 }

    static func identity(_ path: String) -> Identity? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        return Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    static func mode(_ path: String) -> mode_t? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        return st.st_mode & 0o777
    }

    /// Reads `[offset, end)` of an open file, at most `max` bytes of it.
    static func read(_ fd: Int32, from offset: Int64, max: Int = .max, path: String) throws(StoreError) -> [UInt8] {
        let end = try size(fd, path: path)
        guard end > offset else { return [] }
        let want = Int(Swift.min(end - offset, Int64(max)))
        var failed: Int32? = nil
        // Read straight into the array's storage: no zeroing pass over it first.
        let out = [UInt8](unsafeUninitializedCapacity: want) { buffer, count in
            guard let base = buffer.baseAddress else { return }
            var done = 0
            while done < want {
                let n = pread(fd, base + done, want - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = errno
                    break
                }
                if n == 0 { break }
                done += n
            }
            count = done
        }
        if let failed { throw StoreError.io(path: path, operation: "read", errno: failed) }
        return out
    }

    /// The file's last line that ends in a newline (without it); nil for an
    /// empty file or one whose every byte belongs to an unfinished line.
    static func lastCompleteLine(_ fd: Int32, path: String) throws(StoreError) -> [UInt8]? {
        let size = try size(fd, path: path)
        guard size > 0 else { return nil }
        var window: Int64 = 64 * 1024
        while true {
            let from = Swift.max(0, size - window)
            let bytes = try read(fd, from: from, path: path)
            // Drop a partial tail: the last complete line ends at the last newline.
            guard let end = bytes.lastIndex(of: 0x0A) else {
                if from == 0 { return nil }
                window *= 4; continue
            }
            if let nl = bytes[..<end].lastIndex(of: 0x0A) { return Array(bytes[(nl + 1)..<end]) }
            if from == 0 { return Array(bytes[..<end]) }
            window *= 4
        }
    }

    static func readFile(_ path: String) throws(StoreError) -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        return try read(fd, from: 0, path: path)
    }

    /// Writes a whole file durably under a temporary name, then renames it into
    /// place and syncs the directory: readers see the old file or the new one.
    static func replaceAtomically(_ path: String, with bytes: [UInt8], directory: String,
                                  crash: (CompactionStep) throws(StoreError) -> Void = { _ in }) throws(StoreError) {
        let tmp = path + ".tmp"
        try clearLeftover(tmp)
        let fd = try open(tmp, O_WRONLY | O_TRUNC | O_EXCL, create: true)
        do {
            try crash(.writingTemporary)
            try writeAll(fd, bytes, path: tmp)
            try crash(.wroteTemporary)
            try sync(fd, path: tmp)
        } catch {
            close(fd)
            _ = unlink(tmp)
            throw error
        }
        close(fd)
        try crash(.syncedTemporary)
        guard rename(tmp, path) == 0 else { throw fail(path, "rename \(tmp) to") }
        try crash(.renamed)
        try syncDirectory(directory)
        try crash(.syncedDirectory)
    }

    /// Removes what an interrupted write left at a temporary name: a file, a
    /// link (the link itself, never its target) or an empty directory. A
    /// directory with content is not ours to delete: refused, saying so.
    static func clearLeftover(_ tmp: String) throws(StoreError) {
        switch kind(tmp) {
        case .missing: return
        case .file, .symlink, .other:
            guard unlink(tmp) == 0 else { throw fail(tmp, "remove leftover") }
        case .directory:
            guard rmdir(tmp) == 0 else {
                throw .unsafePath(path: tmp, reason: "is a directory with content where the store writes a temporary file; move it away")
            }
        }
    }
}

/// The points of a compaction at which tests simulate a crash.
public enum CompactionStep: String, CaseIterable, Sendable {
    case writingTemporary = "writing-temporary"
    case wroteTemporary = "wrote-temporary"
    case syncedTemporary = "synced-temporary"
    case renamed
    case syncedDirectory = "synced-directory"
    case archivedOutbox = "archived-outbox"
    case truncatedJournal = "truncated-journal"
    // The outbox archive's own atomic rewrite, inside a compaction.
    case outboxWroteTemporary = "outbox-wrote-temporary"
    case outboxRenamed = "outbox-renamed"

    /// A step of the outbox's rewrite, named apart from the snapshot's.
    var outbox: CompactionStep {
        switch self {
        case .writingTemporary, .wroteTemporary, .syncedTemporary: .outboxWroteTemporary
        case .renamed, .syncedDirectory: .outboxRenamed
        default: self
        }
    }
}

/// An advisory whole-file lock (`flock`): shared for reading, exclusive for writing.
final class FileLock {
    let fd: Int32
    let path: String

    /// A read-only opener that finds no lock file (a store on read-only
    /// media) reads without locking rather than creating one.
    init(path: String, readOnly: Bool = false) throws(StoreError) {
        self.path = path
        if readOnly, FileIO.kind(path) == .missing {
            fd = -1
        } else {
            fd = try FileIO.open(path, readOnly ? O_RDONLY : O_RDWR, create: !readOnly)
        }
    }

    deinit { if fd >= 0 { FileIO.close(fd) } }

    /// Told once, after about a second, that this process is waiting for
    /// the lock, with who holds it: the CLI prints it, so a stopped process
    /// holding the store never freezes a command without a word.
    nonisolated(unsafe) static var waitNotice: ((String) -> Void)?
    /// How long to wait before giving up (`SELLER_LOCK_WAIT` seconds; 30 by default).
    static let patience: Double = ProcessInfo.processInfo.environment["SELLER_LOCK_WAIT"].flatMap(Double.init) ?? 30
    /// Asked while waiting: true gives up at once, as if patience ran out
    /// (the console quitting with a write still waiting, so "not made" is true).
    nonisolated(unsafe) static var giveUp: (() -> Bool)?

    func lock(exclusive: Bool) throws(StoreError) {
        guard fd >= 0 else { return }
        let op = exclusive ? LOCK_EX : LOCK_SH
        // Polling, not a blocking flock: a blocked flock cannot say why it
        // waits, nor give up. Short steps first, so writers taking turns
        // (a few milliseconds each) interleave as they would blocking.
        let start = DispatchTime.now().uptimeNanoseconds
        var told = false
        var tries = 0
        while flock(fd, op | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            guard errno == EWOULDBLOCK else { throw FileIO.fail(path, "lock") }
            let waited = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if waited >= 1, !told {
                told = true
                FileLock.waitNotice?("waiting for the store lock \(path)\(holderText)…")
            }
            if waited >= FileLock.patience || FileLock.giveUp?() == true {
                throw .lockTimeout(path: path, seconds: Int(FileLock.patience), holder: holderText)
            }
            tries += 1
            usleep(tries < 200 ? 500 : 10_000)
        }
    }

    /// " held by PID n" from /proc/locks, when the holder can be found.
    var holderText: String {
        let pids = FileLock.holders(of: path)
        return pids.isEmpty ? "" : " held by PID " + pids.map { "\($0)" }.joined(separator: ", ")
    }

    /// PIDs holding a flock on the file (Linux /proc/locks: `n: FLOCK ADVISORY WRITE pid maj:min:inode start end`).
    static func holders(of path: String) -> [Int] {
        var st = stat()
        guard stat(path, &st) == 0, let text = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return [] }
        let inode = String(st.st_ino)
        var out: [Int] = []
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 6, f[1] == "FLOCK", f[5].split(separator: ":").last.map(String.init) == inode, let pid = Int(f[4]) else { continue }
            if pid != Int(getpid()), !out.contains(pid) { out.append(pid) }
        }
        return out
    }

    func unlock() { if fd >= 0 { _ = flock(fd, LOCK_UN) } }

    func withLock<T>(exclusive: Bool, _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try lock(exclusive: exclusive)
        defer { unlock() }
        return try body()
    }
}
