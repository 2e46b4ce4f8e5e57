#if canImport(Glibc)
import Glibc
#endif

/// Why a file offered as evidence or a document was not taken, as a value:
/// the CLI prints `description` (English), the console renders the case
/// through its locale table.
public enum AttachmentProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// open/fstat failed with this errno.
    case unreadable(errno: Int32)
    case notRegular(kind: FileKind)
    case empty
    case tooLarge(bytes: Int64, limit: Int64)
    case changedWhileRead(before: Int64, read: Int64, after: Int64)

    public enum FileKind: String, Hashable, Sendable {
        case directory = "a directory", characterDevice = "a character device", blockDevice = "a block device"
        case pipe = "a pipe", socket = "a socket", other = "not a plain file"

        init(mode: mode_t) {
            switch mode & S_IFMT {
            case S_IFDIR: self = .directory
            case S_IFCHR: self = .characterDevice
            case S_IFBLK: self = .blockDevice
            case S_IFIFO: self = .pipe
            case S_IFSOCK: self = .socket
            default: self = .other
            }
        }
    }

    /// The reason as `StoreError.attachment` has always worded it.
    public var description: String {
        switch self {
        case .unreadable(let e): String(cString: strerror(e))
        case .notRegular(let k): "is not a regular file (\(k.rawValue)); only regular files are accepted, also through a link"
        case .empty: "is empty; an evidence file must have content"
        case .tooLarge(let n, let limit): "is \(n) bytes; at most 20 MiB (\(limit) bytes) are accepted"
        case .changedWhileRead(let b, let r, let a):
            "changed while it was being read (\(b) bytes before, \(r) read, \(a) after); try again when it is complete"
        }
    }
}

/// A file that could not be taken, and why.
public struct AttachmentError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var problem: AttachmentProblem
    public init(path: String, problem: AttachmentProblem) { self.path = path; self.problem = problem }
    public var description: String { StoreError.attachment(path: path, reason: problem.description).description }
}
