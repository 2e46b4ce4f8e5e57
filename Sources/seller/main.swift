import Foundation
import SellerCore

enum CLI {
    static let commands: [Command] = [
        OrderCommands.orders, SupervisionCommands.supervision, SupervisionCommands.appeals, SupervisionCommands.appeal,
        TicketCommands.tickets, TicketCommands.ticket, MessageCommands.messages, MessageCommands.receivers,
        AdminCommands.invoices, AdminCommands.invoice, AdminCommands.accounts, AdminCommands.products,
        SettlementCommands.settlement, BillCommands.bills,
        FeedCommands.initStore, FeedCommands.demo, FeedCommands.ingest, FeedCommands.outbox,
        StoreCommands.check, StoreCommands.repair, StoreCommands.compact, BenchCommands.bench, KeysCommand.keys,
        ServeCommand.serve, ProbeCommand.probe, InstanceCommands.instances, InstanceCommands.calls,
    ]
}

func overview() -> String {
    let commands = CLI.commands
    let width = commands.map(\.name.count).max() ?? 0
    let list = commands.map { "  " + $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.summary }
    return """
    seller \(SellerCore.version) — Seller Center console for Huawei Cloud KooGallery (华为云云商店)

    Usage:
      seller [--store DIR] [--as ACCOUNT] [--lang zh|en] [--demo] [--readonly] [--theme T] [--mouse] [--pane P]
                                    the interactive console (? inside lists the keys)
      seller --version
      seller --help
      seller COMMAND [options]      (seller COMMAND --help for its options)

    Commands:
    \(list.joined(separator: "\n"))

    The store is --store DIR, else $SELLER_STORE, else $XDG_DATA_HOME/seller-center,
    else ~/.local/share/seller-center. Exit codes: 0 ok, 1 refused or invalid, 2 usage.

    """
}

let console = Console(environment: ProcessInfo.processInfo.environment)
let given = Array(CommandLine.arguments.dropFirst())

/// The command is the first word that is not an option or an option's value,
/// so `seller --store DIR orders` runs `orders` like `seller orders --store DIR`;
/// with no command word left, the console opens.
let (commandName, argv): (String?, [String]) = {
    let takesValue: Set<String> = ["--store", "--as", "--lang", "--format", "--theme", "--pane"]
    var i = 0
    while i < given.count {
        let a = given[i]
        if takesValue.contains(a) { i += 2; continue }
        if a.hasPrefix("-") { i += 1; continue }
        var rest = given
        rest.remove(at: i)
        return (a, rest)
    }
    return (nil, given)
}()

func finish(_ code: Exit) -> Never { exit(code.rawValue) }

// With no command word, only --version and --help are not the console.
let word = commandName ?? argv.first.flatMap { ["--version", "-V", "--help", "-h"].contains($0) ? $0 : nil }
switch word {
case "--version"?, "-V"?:
    console.out("seller \(SellerCore.version)")
case "--help"?, "-h"?, "help"?:
    console.out(overview())
case nil:
    do {
        let args = try Arguments(argv, valued: ConsoleRunner.command.valued, switches: ConsoleRunner.command.switches)
        finish(try ConsoleRunner.command.run(args, console))
    } catch let e as Arguments.UsageError {
        console.err("\(e.description); see `seller --help`")
        finish(.usage)
    } catch CLIError.usage(let why) {
        console.err(why)
        finish(.usage)
    } catch {
        console.err("\(error)")
        finish(.refused)
    }
case let name?:
    guard let command = CLI.commands.first(where: { $0.name == name }) else {
        let near = Suggest.nearest(name, among: CLI.commands.map(\.name))
        console.err("unknown command '\(name)'" + (near.map { "; did you mean '\($0)'?" } ?? "") + " (see `seller --help`)")
        finish(.usage)
    }
    let rest = commandName == nil ? Array(argv.dropFirst()) : argv
    if rest.contains("--help") || rest.contains("-h") {
        console.out(command.usage)
        finish(.ok)
    }
    // A scripted command waiting for another process's lock says so (the
    // console is a full screen: it shows lock waits its own way).
    Store.lockWaitNotice = { console.err($0) }
    do {
        let args = try Arguments(rest, valued: command.valued, switches: command.switches)
        // --format is accepted everywhere; a command with one output form says which.
        if !command.valued.contains("format"), let f = args.value("format"), f != (name == "keys" ? "json" : "table") {
            throw CLIError.usage("--format \(f): `seller \(name)` prints \(name == "keys" ? "json" : "a table") only")
        }
        // Commands that write without going through a session refuse here.
        if args.readOnly(console.environment), ["init", "demo", "ingest", "repair", "compact"].contains(name),
           !(name == "demo" && args.has("feed")) {
            throw CLIError.refused(Session.readOnlyRefusal)
        }
        finish(try command.run(args, console))
    } catch let e as Arguments.UsageError {
        console.err("\(name): \(e.description); see `seller \(name) --help`")
        finish(.usage)
    } catch CLIError.usage(let why) {
        console.err("\(name): \(why); see `seller \(name) --help`")
        finish(.usage)
    } catch CLIError.refused(let why) {
        console.err(why)
        finish(.refused)
    } catch let e as StoreError {
        console.err(e.description)
        finish(.refused)
    } catch {
        console.err("\(error)")
        finish(.refused)
    }
}
