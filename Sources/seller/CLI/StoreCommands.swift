import SellerCore

/// `seller check`, `seller repair`, `seller compact`.
enum StoreCommands {
    static func contents(_ r: StoreMaintenance.Report) -> String {
        r.counts.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
    }

    static let storeHelp = "  --store DIR   the store (default: $SELLER_STORE, else $XDG_DATA_HOME/seller-center,\n                else ~/.local/share/seller-center)"

    /// What `seller check` reads (and `seller bench` times): the store, and
    /// the derived views checked beside it (they read only their own files,
    /// as they did after it): each fills the other's serial stretches.
    static func readAll(_ dir: String) throws(StoreError) -> (StoreMaintenance.Report, [String]) {
        try Alongside.run({ () throws(StoreError) in try StoreMaintenance.check(dir) },
                          beside: { [StartView.checkLine(directory: dir), OrdersView.checkLine(directory: dir)] })
    }

    static let check = Command(
        name: "check", summary: "report the state of a store; changes nothing",
        usage: "seller check [--store DIR]\n\nReads the whole store and lists every damaged line with its file and line number,\nan interrupted last write, and loose ends. Exit 0 when healthy, 1 when damaged.\n\n\(storeHelp)",
        valued: ["store"]
    ) { args, console in
        let dir = console.storePath(args)
        let (r, views) = try readAll(dir)
        console.out("store     \(r.directory)")
        console.out("format    \(StoreFormat.current)")
        console.out("snapshot  \(r.snapshotLines) lines, up to event \(r.snapshotSeq)")
        console.out("journal   \(r.journalLines) lines, last event \(r.lastSeq)")
        console.out("outbox    \(r.outboxLines) archived merchant actions")
        console.out("contents  " + contents(r))
        for n in r.notes { console.out("note      \(n)") }
        for v in views { console.out("view      " + v) }
        if let t = r.tornTail { console.out("torn      \(t.text) — the next writer moves it to recovered/") }
        for d in r.damage { console.out("damaged   \(d.text)") }
        for g in r.gaps { console.out("gap       \(g.text)") }
        if !r.snapshotLoss.isEmpty {
            console.out("missing   from the snapshot, by its own header's counts: " + r.snapshotLoss.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
        }
        if r.healthy {
            console.out("ok        the store opens cleanly")
            return .ok
        }
        let broken = !r.damage.isEmpty || !r.gaps.isEmpty
        if broken { console.out("run `seller repair` to back up the store, drop the damaged lines and close the gaps") }
        return broken ? .refused : .ok
    }

    static let repair = Command(
        name: "repair", summary: "back up a damaged store, then rewrite it without the damaged lines",
        usage: "seller repair [--store DIR]\n\nCopies FORMAT, snapshot and journal to backups/<time>/ first, then writes what\ncould be read as a new snapshot and lists exactly what was dropped. A healthy\nstore is left untouched.\n\n\(storeHelp)",
        valued: ["store"]
    ) { args, console in
        let dir = console.storePath(args)
        let now = Timestamp.now
        let result = try StoreMaintenance.repair(dir, now: now)
        // The derived start view after the record of truth: rebuilt when it cannot be used.
        defer {
            if let why = try? StartView.rebuildIfUnusable(directory: dir) { console.out("rebuilt   \(StartView.fileName) (it was \(why))") }
            if let why = try? OrdersView.rebuildIfUnusable(directory: dir) { console.out("rebuilt   \(OrdersView.fileName) (it was \(why))") }
        }
        guard result.changed, let backup = result.backup else {
            console.out("the store is healthy; nothing to repair")
            return .ok
        }
        console.out("backup    \(backup)")
        for d in result.report.damage { console.out("dropped   \(d.text)") }
        for g in result.report.gaps { console.out("kept      \(g.text) (the line is sound; only its predecessor is missing)") }
        if let t = result.report.tornTail { console.out("dropped   \(t.text)") }
        if !result.report.snapshotLoss.isEmpty {
            console.out("lost      from the snapshot, by its own header's counts: "
                        + result.report.snapshotLoss.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
        }
        console.out("kept      \(result.report.keptEvents) events, up to sequence \(result.report.lastSeq); " + contents(result.report))
        return .ok
    }

    static let compact = Command(
        name: "compact", summary: "fold the journal into a new snapshot",
        usage: "seller compact [--store DIR]\n\nWrites a new snapshot (temporary file, fsync, rename, directory fsync) and empties\nthe journal, under the store's lock. Safe to interrupt at any point.\n\n\(storeHelp)",
        valued: ["store"]
    ) { args, console in
        let store = try Store.open(at: console.storePath(args))
        for w in store.warnings { console.err(w) }
        let r = try store.compact()
        console.out("compacted \(r.journalLinesFolded) journal lines into a snapshot of \(r.snapshotBytes) bytes, up to event \(r.seq)")
        return .ok
    }
}

import Foundation
