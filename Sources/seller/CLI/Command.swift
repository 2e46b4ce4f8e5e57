import Foundation
import SellerCore

/// Exit codes are part of the CLI contract: 0 ok, 1 refused or invalid, 2 usage.
/// A console ended by a signal exits as a shell expects of a killed program:
/// 128 + the signal (Ctrl-C 130, SIGTERM 143, hang-up 129), after cleaning up.
enum Exit: Int32 {
    case ok = 0, refused = 1, usage = 2, hangup = 129, interrupted = 130, terminated = 143

    static func after(signal: Int32) -> Exit {
        switch signal {
        case SIGINT: .interrupted
        case SIGTERM: .terminated
        default: .hangup
        }
    }
}

/// One CLI command, declared once: its name, one-line summary, help text,
/// options, and what it runs.
struct Command: Sendable {
    var name: String
    var summary: String
    var usage: String
    var valued: Set<String> = []
    var switches: Set<String> = []
    var run: @Sendable (Arguments, Console) throws -> Exit
}

/// Where output goes, so tests and commands share one path.
struct Console: Sendable {
    var environment: [String: String]

    func out(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }
    func err(_ s: String) { FileHandle.standardError.write(Data(("seller: " + s + "\n").utf8)) }
    /// A line on stderr without the `seller:` prefix (file:line: reason reports).
    func errPlain(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

    func storePath(_ args: Arguments) -> String {
        StoreLocation.resolve(flag: args.value("store"), environment: environment)
    }
}
