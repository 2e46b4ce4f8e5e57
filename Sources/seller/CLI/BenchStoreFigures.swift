import Foundation
import SellerCore

/// The figures over a whole store's files rather than the console: `seller
/// check` of it, and `seller ingest` of a feed into a fresh store — with the
/// demo store and the feed those are built from.
extension Bench {
    /// `seller check` of the whole store (a target at 1M orders and over).
    func checkFigure(_ dir: String) throws -> Figure {
        let big = try Self.orderCount(dir) >= 500_000
        let checks = try checkTimes(dir).map { $0 / 1000 }
        return Figure(name: "seller check of the whole store", samples: checks, unit: "s", target: big ? "≤ 30 s" : "no target: ≤ 30 s at 1M orders",
                      ok: !big || Figure.median(checks) <= 30, info: !big)
    }

    /// `seller check` of the whole store, in this process: the same reads
    /// as the command, the derived views' checks beside the store's
    /// (timing the store's alone left out a core's worth of the views).
    func checkTimes(_ dir: String) throws -> [Double] {
        try (0..<max(1, min(3, repeats))).map { _ in try timed { _ = try StoreCommands.readAll(dir) } }
    }

    /// 1M (or --ingest-events) feed events into a fresh store, K times. With
    /// --ingest-feed FILE the feed is kept there and reused when it exists
    /// (so a tuning session writes it once; it is the same feed each time).
    func ingestFigure(scratch: String) throws -> Figure {
        let events = try Parse.int(args.value("ingest-events") ?? "1000000", "--ingest-events", range: 1...100_000_000)
        let feed = args.value("ingest-feed") ?? scratch + "/feed.jsonl"
        if !FileManager.default.fileExists(atPath: feed) {
            note("writing a feed of \(events) events…")
            try writeFeed(feed, events: events)
        }
        var times: [Double] = []
        for i in 0..<repeats {
            note("ingest \(i + 1)/\(repeats)…")
            let target = scratch + "/ingest-\(i)"
            times.append(try timed {
                let s = try Store.create(at: target)
                _ = try FeedIngest.run(try LineReader(path: feed), into: s, replay: true)
                withExtendedLifetime(s) {} // its close (the derived views written) is part of the figure
            } / 1000)
            try? FileManager.default.removeItem(atPath: target)
        }
        return Figure(name: "ingest \(events) feed events", samples: times, unit: "s", target: "≤ 30 s (issue 19)", ok: Figure.median(times) <= 30)
    }

    func makeDemo(_ dir: String, orders: Int) throws {
        let store = try Store.create(at: dir)
        _ = try FeedIngest.run(DemoFeed(.init(seed: 1, orders: orders)), into: store, replay: true)
    }

    func writeFeed(_ path: String, events: Int) throws {
        guard let f = fopen(path, "w") else { throw CLIError.refused("cannot write \(path)") }
        defer { fclose(f) }
        // Roughly six events per order: ask for enough orders, stop at `events`.
        let feed = DemoFeed(.init(seed: 3, orders: max(1, events / 5 + 10)))
        var n = 0
        while n < events, let line = try feed.next() {
            line.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, f) }
            fputc(0x0A, f)
            n += 1
        }
    }

    /// The store's orders, from its orders view's first page when it has a
    /// current one (a whole open just to count takes a minute at 1M).
    static func orderCount(_ dir: String) throws -> Int {
        if let page = OrdersView.firstPage(directory: dir) { return page.listedPerProduct.values.reduce(0, +) }
        return try Store.open(at: dir, readOnly: true).state.orders.count
    }
}
