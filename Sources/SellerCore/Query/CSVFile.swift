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
        guard link(tmp, path) == 0 else {
            let e = errno
            throw e == EEXIST ? .exists(path: path) : .cannotCreate(path: path, errno: e)
        }
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
