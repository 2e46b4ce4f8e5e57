import Foundation
import SellerCore

/// Exit codes are part of the CLI contract: 0 ok, 1 refused or invalid, 2 usage.
enum Exit: Int32 { case ok = 0, refused = 1, usage = 2 }

let usage = """
seller \(SellerCore.version) — Seller Center console for Huawei Cloud KooGallery (华为云云商店)

Usage:
  seller --version        print the version
  seller --help           this help

The interactive console, the store and the scripted commands (orders,
supervision, appeals, tickets, messages, ingest, demo) arrive in the
following releases; see README.md.

"""

func fail(_ message: String, _ code: Exit) -> Never {
    FileHandle.standardError.write(Data("seller: \(message)\n".utf8))
    exit(code.rawValue)
}

let args = Array(CommandLine.arguments.dropFirst())
switch args.first {
case "--version", "-V":
    print("seller \(SellerCore.version)")
case "--help", "-h", "help":
    print(usage, terminator: "")
case nil:
    fail("the interactive console is not built yet; see `seller --help`", .usage)
case let other?:
    fail("unknown command '\(other)'; see `seller --help`", .usage)
}
