import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The access key (访问密钥) file: a regular file, readable by its owner only,
/// holding the key on its first line. The key is never printed.
enum KeyFile {
    static func load(_ path: String) throws -> [UInt8] {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw CLIError.refused("--key-file \(path): \(String(cString: strerror(errno)))") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw CLIError.refused("--key-file \(path): not a regular file") }
        guard st.st_mode & 0o077 == 0 else {
            throw CLIError.refused("--key-file \(path): readable by group or others (mode \(String(st.st_mode & 0o777, radix: 8))); run `chmod 600 \(path)`")
        }
        guard st.st_size <= 4096, let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.refused("--key-file \(path): cannot be read, or longer than 4096 bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError.refused("--key-file \(path): not UTF-8 text") }
        let key = text.split(separator: "\n", omittingEmptySubsequences: false).first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        guard !key.isEmpty else { throw CLIError.refused("--key-file \(path): line 1 is empty; it must hold the access key") }
        return Array(key.utf8)
    }
}
