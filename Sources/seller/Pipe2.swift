#if canImport(Glibc)
import Glibc
#endif

/// A pipe whose both ends are close-on-exec from the start (glibc's `pipe2`,
/// which the Glibc module does not export): an end must not leak into a child
/// another thread spawns meanwhile. A child's dup2 of an end clears the flag there.
@_silgen_name("pipe2") func closeOnExecPipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32
