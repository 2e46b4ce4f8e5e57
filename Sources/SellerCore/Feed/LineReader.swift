#if canImport(Glibc)
import Glibc
#endif

/// Where feed lines come from: a file, standard input, or a generator.
public protocol LineSource: AnyObject {
    /// The next line without its newline, or nil at the end.
    func next() throws(StoreError) -> ArraySlice<UInt8>?
    /// The 1-based number of the line last returned.
    var lineNumber: Int { get }
    var name: String { get }
}

/// Reads a file or standard input line by line in fixed-size chunks, so a
/// feed of any length is read in bounded memory.
public final class LineReader: LineSource {
    private let fd: Int32
    private let closeWhenDone: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    public private(set) var lineNumber = 0
    public let name: String

    static let chunk = 1 << 20

    /// `-` reads standard input.
    public init(path: String) throws(StoreError) {
        name = path == "-" ? "standard input" : path
        if path == "-" {
            fd = 0
            closeWhenDone = false
        } else {
            var st = stat()
            guard stat(path, &st) == 0 else { throw .io(path: path, operation: "open", errno: errno) }
            guard st.st_mode & S_IFMT != S_IFDIR else { throw .unsafePath(path: path, reason: "is a directory") }
            let f = open(path, O_RDONLY | O_CLOEXEC)
            guard f >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
            fd = f
            closeWhenDone = true
        }
    }

    deinit { if closeWhenDone { close(fd) } }

    /// The next line without its newline (a final line without one counts),
    /// or nil at the end. A trailing `\r` is dropped.
    public func next() throws(StoreError) -> ArraySlice<UInt8>? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                var line = buffer[start..<nl]
                start = nl + 1
                lineNumber += 1
                if line.last == 0x0D { line = line.dropLast() }
                return line
            }
            if eof {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                lineNumber += 1
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: LineReader.chunk))
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, LineReader.chunk) }
            if n < 0 {
                if errno == EINTR { buffer.removeLast(LineReader.chunk); continue }
                throw .io(path: name, operation: "read", errno: errno)
            }
            buffer.removeLast(LineReader.chunk - n)
            if n == 0 { eof = true }
        }
    }
}
