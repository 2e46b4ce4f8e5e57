#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// How a derived file (orders.view, start.view) is replaced: written whole to
/// a temporary file of this process's own, then renamed over the old one. Two
/// writers may do it at once (they hold the store's lock shared): each has
/// its own temporary file, so neither renames the other's half-written one
/// into place. No fsync: a crash leaves the old file or the new one, and a
/// torn one fails its checksum. Temporary files left by processes that died
/// are removed by the next writer.
enum DerivedFile {
    static func replace(_ path: String, with bytes: [UInt8]) throws(StoreError) {
        removeOrphans(of: path)
        let tmp = "\(path).tmp.\(getpid())"
        if FileIO.kind(tmp) == .file { _ = unlink(tmp) }
        let fd = try FileIO.open(tmp, O_WRONLY | O_TRUNC | O_EXCL, create: true)
        do { try FileIO.writeAll(fd, bytes, path: tmp) } catch { FileIO.close(fd); _ = unlink(tmp); throw error }
        FileIO.close(fd)
        guard rename(tmp, path) == 0 else { _ = unlink(tmp); throw FileIO.fail(path, "rename \(tmp) to") }
    }

    /// `path.tmp` (earlier builds) and `path.tmp.PID` of a process no longer running.
    static func removeOrphans(of path: String) {
        let dir = (path as NSString).deletingLastPathComponent, base = (path as NSString).lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name == base + ".tmp" || name.hasPrefix(base + ".tmp.") {
            if let pid = Int32(name.dropFirst(base.count + 5)), pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH { continue }
            _ = unlink(dir + "/" + name)
        }
    }
}
