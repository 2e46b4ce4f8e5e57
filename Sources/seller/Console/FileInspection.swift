#if canImport(Glibc)
import Glibc
#endif
import SellerUI

/// The console's answer to "what is at this path?" for a form's review:
/// stat follows links, so a link to a directory is a directory and a
/// dangling link is missing, as the filing's open would find them. Only the path's metadata is read; the file itself is read when filed,
/// by Store.prepareAttachment, which checks again on the open descriptor.
enum FileInspection {
    static let inspect: FileInspector = { path in
        var st = stat()
        guard stat(path, &st) == 0 else {
            // Only "nothing there" is missing; a file that exists but cannot be
            // reached (EACCES, ENOTDIR, ELOOP…) says why.
            let e = errno
            return e == ENOENT ? FileFacts(kind: .missing) : FileFacts(kind: .inaccessible, errno: e)
        }
        let kind: FileFacts.Kind = switch st.st_mode & S_IFMT {
        case S_IFREG: .regular
        case S_IFDIR: .directory
        case S_IFCHR, S_IFBLK: .device
        case S_IFIFO: .fifo
        case S_IFSOCK: .socket
        default: .other
        }
        return FileFacts(kind: kind, size: Int64(st.st_size))
    }

}
