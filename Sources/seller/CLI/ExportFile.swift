import Foundation

/// Writing an export without ever replacing a file: the whole file goes
/// under a temporary name beside the target, then is hard-linked into place,
/// which fails if the name exists — also when another program created it
/// meanwhile. Nothing is left half-written under the real name.
enum ExportFile {
    static func existsRefusal(_ path: String) -> String {
        "\(path) already exists; an export never overwrites a file — choose another --out name"
    }

    static func writeNew(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0..<UInt32.max)).tmp").path
        do { try data.write(to: URL(fileURLWithPath: tmp), options: .withoutOverwriting) } catch {
            throw CLIError.refused("cannot write \(path): \(error.localizedDescription)")
        }
        defer { unlink(tmp) }
        guard link(tmp, path) == 0 else {
            let e = errno
            if e == EEXIST { throw CLIError.refused(existsRefusal(path)) }
            throw CLIError.refused("cannot write \(path): \(String(cString: strerror(e)))")
        }
    }
}
