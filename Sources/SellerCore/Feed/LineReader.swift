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
/// feed of any length is read in bounded memory. A line longer than
/// `maxLine` stops the read with its number: no feed event is that large,
/// and without a cap `ingest /dev/zero` grew without end.
public final class LineReader: LineSource {
    private let fd: Int32
    private let closeWhenDone: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for the next newline resumes: bytes before it were
    /// already looked at, so a long line is scanned once, not once per chunk.
    private var scanned = 0
    private var eof = false
    public private(set) var lineNumber = 0
    public let name: String
    public let maxLine: Int

    static let chunk = 1 << 20
    /// The default cap on one feed line: 1 MiB.
    public static let defaultMaxLine = 1 << 20

    /// `-` reads standard input.
    public init(path: String, maxLine: Int = LineReader.defaultMaxLine) throws(StoreError) {
        name = path == "-" ? "standard input" : path
        self.maxLine = maxLine
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
            if let nl = buffer[Swift.max(start, scanned)...].firstIndex(of: 0x0A) {
                var line = buffer[start..<nl]
                start = nl + 1
                scanned = start
                lineNumber += 1
                guard line.count <= maxLine else { throw tooLong(line: lineNumber) }
                if line.last == 0x0D { line = line.dropLast() }
                return line
            }
            scanned = buffer.count
            if buffer.count - start > maxLine { throw tooLong(line: lineNumber + 1) }
            if eof {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                lineNumber += 1
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                scanned -= start
                start = 0
            }
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: LineReader.chunk))
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, LineReader.chunk) }
            if n < 0 {
                let e = errno
                buffer.removeLast(LineReader.chunk)
                if e == EINTR { continue }
                throw .io(path: name, operation: "read", errno: e)
            }
            buffer.removeLast(LineReader.chunk - n)
            if n == 0 { eof = true }
        }
    }

    private func tooLong(line: Int) -> StoreError {
        .damaged(file: name, line: line,
                 reason: "line is longer than \(maxLine) bytes (the feed's limit for one event); stopped reading here")
    }
}
