import Foundation
import SellerCore
import SellerUI

/// `seller init`, `ingest`, `outbox`, `demo`.
enum FeedCommands {
    static let initStore = Command(
        name: "init", summary: "create an empty store with its main account",
        usage: """
        seller init --name NAME [--id ID] [--mobile 1XXXXXXXXXX] [--email ADDRESS] [--store DIR]

        Creates the store directory and the merchant's main account (主账号). The
        mobile and email bound to the account receive notices while no message
        receiver is configured.

        \(Common.help)
        """,
        valued: Common.valued.union(["name", "id", "mobile", "email"])
    ) { args, console in
        guard let name = args.value("name") else { throw CLIError.usage("init needs --name") }
        let dir = console.storePath(args)
        let store = try Store.create(at: dir)
        if let main = store.state.mainAccount {
            throw CLIError.refused("the store at \(dir) already has its main account '\(main.name)' (\(main.id))")
        }
        let id = args.value("id") ?? "main"
        let account = Account(id: id, name: name, role: .main, mobile: args.value("mobile"), email: args.value("email"))
        if case .failure(let refusal) = WriteService(store, actor: .account(id)).perform(.event(.accountAdded(account))) { throw refusal.storeError }
        console.out("created store \(dir) with main account '\(name)' (\(id))")
        return .ok
    }

    static let ingest = Command(
        name: "ingest", summary: "apply a feed of platform events (FEED.md) from a file or -",
        usage: """
        seller ingest FILE|- [--store DIR]
        seller ingest --replay-outbox FILE|- [--store DIR]

        Applies JSON Lines platform events in file order. An event id already stored
        with the same content is a duplicate (nothing happens); with different
        content it is a conflict (reported, not applied). A line that cannot be
        read or applied is rejected with its line number and reason; the other lines
        still apply. A feed carries platform facts only: `merchant.*` lines are
        refused. Exit 1 when anything was rejected.

        If the input cannot be read to its end (a full disk, a read error, a line
        over 1 MiB), the summary says how many lines were applied and the line it
        stopped at; ingesting again from there (or the whole file: applied lines
        count as duplicates) resumes.

          --replay-outbox   the input is another store's `seller outbox`: its
                            merchant.* lines are applied as that merchant's actions
                            (platform lines apply as usual)

        \(Common.help)
        """,
        valued: ["store"], switches: ["replay-outbox"]
    ) { args, console in
        guard args.positionals.count == 1 else { throw CLIError.usage("ingest needs one FILE or - (standard input)") }
        let path = args.positionals[0]
        let store = try Store.open(at: console.storePath(args))
        for w in store.warnings { console.err(w) }
        let reader = try LineReader(path: path)
        let label = path == "-" ? "-" : Sanitizer.line(path)
        let tty = isatty(2) == 1
        // Reasons quote the feed's own bytes (ids, types, times): made
        // visible-safe, so a hostile feed cannot drive the terminal.
        let summary = FeedIngest.ingest(reader, into: store, replay: args.has("replay-outbox"), report: { r in
            if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            console.errPlain("\(label):\(r.line): \(Sanitizer.line(r.reason))")
        }, progress: { s in
            if tty { FileHandle.standardError.write(Data("\r\(s.lines) lines read, \(s.applied) applied…".utf8)) }
        })
        if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        for w in summary.warnings { console.err(Sanitizer.line(w)) }
        if summary.applied == 0, summary.rejected.isEmpty, summary.duplicates > 0, summary.stopped == nil {
            console.out("nothing new: all \(summary.duplicates) events were already in the store; nothing changed")
        }
        let counts = "applied \(summary.applied), duplicates \(summary.duplicates), rejected \(summary.rejectedCount)"
            + (summary.conflicts > 0 ? " (\(summary.conflicts) conflicts)" : "")
        if let stop = summary.stopped {
            console.errPlain("\(label):\(stop.line): stopped: \(Sanitizer.line(stop.error.description))")
            console.out(counts + "; stopped at line \(stop.line): lines before it are stored, it and the rest are not — ingest again from line \(stop.line) to resume")
            return .refused
        }
        console.out(counts)
        return summary.rejected.isEmpty ? .ok : .refused
    }

    static let outbox = Command(
        name: "outbox", summary: "the merchant's own actions as JSON Lines, with sequence numbers",
        usage: """
        seller outbox [--since SEQ] [--store DIR]

        Prints every merchant action (confirmations, deliveries, appeals, ticket
        replies, invoices, …) after sequence number SEQ as JSON Lines:
        {"seq":…,"id":…,"type":"merchant.…","at":…,"actor":…,"data":…}.
        Forward them with `--since` set to the last seq you handled. `seller ingest
        --replay-outbox` replays them into another store (a plain ingest refuses them).

        \(Common.help)
        """,
        valued: ["store", "since"]
    ) { args, console in
        let since = try args.value("since").map { v -> Int in
            guard let n = Int(v), n >= 0 else { throw CLIError.usage("--since \(v): expected a sequence number") }
            return n
        } ?? 0
        let store = try Store.open(at: console.storePath(args), readOnly: true)
        for (seq, e) in try store.outbox(since: since) {
            console.out(String(decoding: try e.outboxLine(seq: seq), as: UTF8.self))
        }
        return .ok
    }

    static let demo = Command(
        name: "demo", summary: "build a realistic demo store, or print its feed",
        usage: """
        seller demo [--store DIR] [--orders N] [--seed S] [--anchor DATE]
        seller demo --feed [--orders N] [--seed S] [--anchor DATE]

        Generates events (platform facts and merchant actions) covering every
        product type, sale model and supervision state, appeals, renewals, tickets
        in every status, messages of every category and invoices — mostly Chinese,
        some English, a few hostile strings — and writes them into a new store
        (merchant actions as the demo merchant's own, through the store's write
        path). --feed prints the platform facts only, as FEED.md lines: a feed
        never carries merchant actions. The same seed gives the same store. --anchor is the
        demo's "now" (default 2026-11-20 10:00 +08:00). --orders defaults to 300.

          --store DIR   where to create the store (must not exist or be empty)
        """,
        valued: ["store", "orders", "seed", "anchor"], switches: ["feed"]
    ) { args, console in
        var options = DemoGenerator.Options()
        if let v = args.value("orders") {
            guard let n = Int(v), n >= 0 else { throw CLIError.usage("--orders \(v): expected a number") }
            options.orders = n
        }
        if let v = args.value("seed") {
            guard let n = UInt64(v) else { throw CLIError.usage("--seed \(v): expected a non-negative number") }
            options.seed = n
        }
        if let v = args.value("anchor") {
            guard let t = Timestamp(iso8601: v) else { throw CLIError.usage("--anchor \(v): expected a date such as 2026-11-20 or 2026-11-20T10:00+08:00") }
            options.anchor = t
        }
        if args.has("feed") {
            let feed = DemoFeed(options, platformOnly: true)
            var buffer = Data()
            while let line = try feed.next() {
                buffer.append(contentsOf: line)
                buffer.append(0x0A)
                if buffer.count > 1 << 20 { FileHandle.standardOutput.write(buffer); buffer.removeAll(keepingCapacity: true) }
            }
            FileHandle.standardOutput.write(buffer)
            return .ok
        }
        let dir = console.storePath(args)
        if FileManager.default.fileExists(atPath: dir + "/FORMAT") {
            throw CLIError.refused("\(dir) already holds a store; the demo only creates new stores (choose another --store)")
        }
        let store = try Store.create(at: dir)
        let tty = isatty(2) == 1
        let summary = try FeedIngest.run(DemoFeed(options), into: store, replay: true, report: { r in
            console.errPlain("demo feed:\(r.line): \(r.reason)")
        }, progress: { s in
            if tty { FileHandle.standardError.write(Data("\rgenerating demo: \(s.applied) events…".utf8)) }
        })
        if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let s = store.state
        console.out("demo store \(dir): \(summary.applied) events, \(s.orders.count) orders, \(s.records.count) service records, "
                    + "\(s.appeals.count) appeals, \(s.tickets.count) tickets, \(s.messages.count) messages (seed \(options.seed))")
        return summary.rejected.isEmpty ? .ok : .refused
    }
}
