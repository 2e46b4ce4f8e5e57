import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why an export file was not written; nothing is left under its name.
public enum ExportFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The name exists: an export never overwrites a file.
    case exists(path: String)
    case cannotCreate(path: String, errno: Int32)
    case writeFailed(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .exists(let p): "\(p) already exists; an export never overwrites a file — choose another --out name"
        case .cannotCreate(let p, let e), .writeFailed(let p, let e): "cannot write \(p): \(String(cString: strerror(e)))"
        }
    }
}

/// The one way an export reaches the disk (`seller … --out`, the console's
/// `x` and `:export`): the whole file goes under a temporary name beside the
/// target, then is hard-linked into place, which fails if the name exists —
/// also when another program created it meanwhile. An existing file is never
/// overwritten and nothing half-written ever shows under the real name.
public enum ExportFile {
    /// Writes `chunks` in order; `progress` hears after each one.
    public static func writeNew(to path: String, chunks: some Sequence<[UInt8]>, progress: (Int) -> Void = { _ in }) throws(ExportFileError) {
        if FileManager.default.fileExists(atPath: path) { throw .exists(path: path) }
        let url = URL(fileURLWithPath: path)
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0..<UInt32.max)).tmp").path
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotCreate(path: path, errno: errno) }
        defer { close(fd); unlink(tmp) }
        var n = 0
        for bytes in chunks {
            var done = 0
            while done < bytes.count {
                let w = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
                if w < 0 { if errno == EINTR { continue }; throw .writeFailed(path: path, errno: errno) }
                done += w
            }
            n += 1
            progress(n)
        }
        // On the disk before its name appears: a crash never leaves a short file under it.
        guard fsync(fd) == 0 else { throw .writeFailed(path: path, errno: errno) }
        if link(tmp, path) != 0 {
            let e = errno
            if e == EEXIST { throw .exists(path: path) }
            // FAT and exFAT (USB sticks) have no hard links: copy into a name
            // created exclusively instead — still never over an existing file.
            guard [EPERM, ENOTSUP, EOPNOTSUPP, ENOSYS, EMLINK].contains(e) else { throw .cannotCreate(path: path, errno: e) }
            try copyExclusively(fd, to: path)
        }
        syncDirectory(of: path)
    }

    /// Copies the finished temporary file into `path`, created with O_EXCL;
    /// on any failure the partial copy is removed.
    static func copyExclusively(_ from: Int32, to path: String) throws(ExportFileError) {
        let out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard out >= 0 else { throw errno == EEXIST ? .exists(path: path) : .cannotCreate(path: path, errno: errno) }
        var complete = false
        defer { close(out); if !complete { unlink(path) } }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var offset: off_t = 0
        while true {
            let r = buffer.withUnsafeMutableBytes { pread(from, $0.baseAddress!, $0.count, offset) }
            if r < 0 { if errno == EINTR { continue }; throw .writeFailed(path: path, errno: errno) }
            if r == 0 { break }
            var done = 0
            while done < r {
                let w = buffer.withUnsafeBytes { Glibc.write(out, $0.baseAddress! + done, r - done) }
                if w < 0 { if errno == EINTR { continue }; throw .writeFailed(path: path, errno: errno) }
                done += w
            }
            offset += off_t(r)
        }
        guard fsync(out) == 0 else { throw .writeFailed(path: path, errno: errno) }
        complete = true
    }

    /// The new name itself is durable once its directory is synced (best effort).
    static func syncDirectory(of path: String) {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    public static func writeNew(_ data: Data, to path: String) throws(ExportFileError) {
        try writeNew(to: path, chunks: [[UInt8](data)])
    }

    /// A table as CSV (UTF-8 with a BOM, so Excel reads the Chinese), written
    /// in chunks of `chunk` rows; `progress` hears the rows written so far.
    public static func writeCSV(to path: String, headers: [String], rows: [[String]], chunk: Int = 5000,
                                progress: (Int) -> Void = { _ in }) throws(ExportFileError) {
        let starts = Array(stride(from: 0, to: rows.count, by: chunk))
        let header = Array(("\u{FEFF}" + CSV.line(headers)).utf8)
        let chunks = (-1..<starts.count).lazy.map { i -> [UInt8] in
            i < 0 ? header : Array(rows[starts[i]..<min(rows.count, starts[i] + chunk)].map(CSV.line).joined().utf8)
        }
        try writeNew(to: path, chunks: chunks) { n in
            if n > 1, rows.count > chunk { progress(min(rows.count, (n - 1) * chunk)) }
        }
    }
}
