#if canImport(Glibc)
import Glibc
#endif

/// The snapshot file a state was read from, kept open so that the big bodies
/// it holds (a record's history) are read from it when asked for rather than
/// held in memory: at 1M orders the histories were 366 MB of the heap.
///
/// The descriptor keeps the inode it opened: every writer replaces the
/// snapshot by a rename (compaction, repair), never in place, so the bytes
/// at an offset stay the bytes that were checked when the state was read —
/// even after another process compacts. Each span carries the CRC-32 of its
/// bytes, so a file changed in place behind the store (an editor writing
/// over it, a truncation) is noticed and named, never read as a history.
/// The descriptor closes when the last entity that points into it goes;
/// until then a replaced snapshot's blocks stay allocated on disk.
public final class SnapshotSource: Sendable {
    public let path: String
    private let fd: Int32
    /// For the reader that opened it; closed with the source, never by the caller.
    var descriptor: Int32 { fd }

    /// Takes over `fd` (opened O_CLOEXEC, read-only).
    init(adopting fd: Int32, path: String) { self.fd = fd; self.path = path }
    deinit { close(fd) }

    /// The bytes of `span`, nil when they cannot be read or are not the bytes
    /// that were checked (the file was changed in place, or cut short).
    func read(_ span: FileSpan) -> [UInt8]? {
        guard let out = try? FileIO.read(fd, from: span.offset, max: Int(span.count), path: path),
              out.count == Int(span.count), CRC32.checksum(out) == span.crc else { return nil }
        return out
    }
}

/// Where a body's bytes sit in a snapshot file, and their checksum; one
/// bit beside the offset is left to the body's owner (24 bytes in all).
struct FileSpan: Sendable {
    let source: SnapshotSource
    private let offsetAndMark: UInt64
    let count: UInt32
    let crc: UInt32

    init(source: SnapshotSource, offset: Int64, count: UInt32, crc: UInt32, mark: Bool = false) {
        precondition(offset >= 0 && offset < 1 << 62, "a snapshot offset out of range")
        self.source = source; self.count = count; self.crc = crc
        offsetAndMark = UInt64(offset) | (mark ? 1 << 63 : 0)
    }

    var offset: Int64 { Int64(offsetAndMark & ~(1 << 63)) }
    var mark: Bool { offsetAndMark >> 63 == 1 }
    var bytes: [UInt8]? { source.read(self) }
    var unreadable: SnapshotUnreadable { SnapshotUnreadable(path: source.path, offset: offset) }
}

/// A body that could not be read back from its snapshot file.
public struct SnapshotUnreadable: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let offset: Int64
    public var description: String {
        "\(path): the bytes at offset \(offset) are no longer those read there (the file was changed in place after the store read it); reopen the store and run `seller check`"
    }
}

/// Set on a document being decoded from a snapshot file: token offsets
/// plus `base` are the file's own offsets.
struct SnapshotOrigin {
    let source: SnapshotSource
    let base: Int64

    /// The span of token `tok`'s bytes, nil when it is too long for one.
    func span(of tok: JSONToken, crc: UInt32, mark: Bool) -> FileSpan? {
        let n = tok.end - tok.start
        guard n >= 0, n <= Int(UInt32.max) else { return nil }
        return FileSpan(source: source, offset: base + Int64(tok.start), count: UInt32(n), crc: crc, mark: mark)
    }
}
