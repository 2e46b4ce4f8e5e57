import Foundation
import Testing
@testable import SellerCore

/// A fresh temporary directory per test; nothing touches a real store.
final class TempDir {
    let path: String

    init() {
        let base = FileManager.default.temporaryDirectory.path + "/seller-store-test-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var store: String { path + "/store" }
}

/// A binary built beside the test bundle.
func builtProduct(_ name: String) -> String {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path,
        FileManager.default.currentDirectoryPath + "/.build/debug/" + name,
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
}

/// Runs a built binary; returns exit status, stdout and stderr.
func runBinary(_ name: String, _ args: [String], env: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
    Spawn.run(builtProduct(name), args, env: env)
}

enum Probe {
    static var path: String { builtProduct("store-probe") }

    static func start(_ args: [String], env: [String: String] = [:]) -> Spawned {
        Spawn.start(path, args, env: env)
    }

    @discardableResult
    static func run(_ args: [String], env: [String: String] = [:]) throws -> (Int32, String) {
        let r = Spawn.run(path, args, env: env)
        return (r.status, r.out)
    }

    static func acked(_ output: String) -> [String] {
        output.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            return parts.count == 3 && parts[0] == "ack" ? String(parts[1]) : nil
        }
    }
}

extension Store {
    /// Ids of the probe's messages present in the state.
    var probeIds: Set<String> {
        Set(state.messages.keys.filter { $0.hasPrefix("msg-") }.map { String($0.dropFirst(4)) })
    }
}

func fileBytes(_ path: String) -> [UInt8] { (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) ?? [] }

func writeBytes(_ path: String, _ bytes: [UInt8]) { try! Data(bytes).write(to: URL(fileURLWithPath: path)) }
