import Foundation
import Testing
@testable import SellerCore
@testable import SellerUI
@testable import seller

/// The console's start (ConsoleStartup) is one path that the console and
/// `seller bench --probe-open` both drive: orders view → preview console →
/// the store opened behind it with progress → the loaded state handed over.
@Suite struct ConsoleStartupTests {
    @Test func theStartListsTheViewThenHandsTheLoadedStoreOver() throws {
        let tmp = TempDir()
        let store = try FastPathTests.demoStore(tmp, orders: 400)
        try store.writeOrdersView()
        let expected = store.state.orders.values.count(where: OrderQuery.isListed)
        var resolvedFrom: Account?
        let begun = try #require(try ConsoleStartup.begin(directory: tmp.store, readOnly: true, lang: .zh, now: Timestamp(iso8601: "2026-11-20 10:00")!, size: (120, 40),
                                                         storeLabel: tmp.store, startTab: .orders) { _, main in
            resolvedFrom = main
            guard let main else { throw CocoaError(.featureUnsupported) }
            return main
        }, "a current view starts the preview")
        var app = begun.app
        #expect(resolvedFrom?.id == store.state.mainAccount?.id && begun.startup.account.id == resolvedFrom?.id)
        #expect(app.loading != nil && app.rowCount == expected, "the order list is there before the store loads")
        var opened: Store?
        for _ in 0..<12_000 where opened == nil {
            opened = try begun.startup.step(&app, now: Timestamp(iso8601: "2026-11-20 10:00")!)
            if opened == nil { Thread.sleep(forTimeInterval: 0.005) }
        }
        #expect(opened != nil, "the store opened behind the preview")
        #expect(app.loading == nil && app.rowCount == expected, "the loaded state replaced the preview")
        #expect(try begun.startup.step(&app, now: Timestamp(iso8601: "2026-11-20 10:00")!) == nil, "handed over once")
        // No view: the console opens the store first, and says so by a nil start.
        try FileManager.default.removeItem(atPath: tmp.store + "/" + OrdersView.fileName)
        #expect(try ConsoleStartup.begin(directory: tmp.store, readOnly: true, lang: .zh, now: Timestamp(iso8601: "2026-11-20 10:00")!, size: (120, 40),
                                         storeLabel: tmp.store) { _, main in main! } == nil)
    }

    /// The orders view, when current, is the preview (the order list at once,
    /// the start view read behind it); without one, a start view with a short
    /// tail is the preview itself (every pane); one made over another snapshot,
    /// or with more journal after it than the keys' thread folds, is not read
    /// before the first frame (the console loads with its progress bar).
    @Test func theOrdersViewFirstElseAUsableStartViewIsThePreview() throws {
        let tmp = TempDir()
        let store = try FastPathTests.demoStore(tmp, orders: 300)
        try store.writeOrdersView()
        try store.writeStartView()
        let now = Timestamp(iso8601: "2026-11-20 10:00")!
        func begin() throws -> App? {
            try ConsoleStartup.begin(directory: tmp.store, readOnly: true, lang: .zh, now: now, size: (120, 40), storeLabel: tmp.store) { _, main in main! }?.app
        }
        let listed = store.state.orders.values.count(where: OrderQuery.isListed)
        let fromOrders = try #require(try begin())
        #expect(!fromOrders.isPreview && fromOrders.loading != nil, "the orders view is the preview")
        try FileManager.default.removeItem(atPath: tmp.store + "/" + OrdersView.fileName)
        #expect(StartView.usableAtOnce(directory: tmp.store, foldLimit: ConsoleStartup.keysFoldLimit))
        let fromStart = try #require(try begin())
        #expect(fromStart.isPreview, "without an orders view the start view is the preview")
        var orders = fromStart
        _ = orders.update(.key(.char("1")))
        #expect(orders.rowCount == listed, "the orders listed from it")
        #expect(!StartView.usableAtOnce(directory: tmp.store, foldLimit: -1), "a tail longer than the limit")
        // Begun without a usable orders view, the console wants one; its store worker writes it once the store is in.
        let begun = try #require(try ConsoleStartup.begin(directory: tmp.store, readOnly: false, lang: .zh, now: now, size: (120, 40),
                                                          storeLabel: tmp.store) { _, main in main! })
        #expect(begun.startup.wantsOrdersView && OrdersView.load(directory: tmp.store) == nil)
        var app = begun.app
        var opened: Store?
        for _ in 0..<12_000 where opened == nil {
            opened = try begun.startup.step(&app, now: now)
            if opened == nil { Thread.sleep(forTimeInterval: 0.005) }
        }
        let worker = StoreWorker(store: try #require(opened), actor: .account("yunshan"))
        worker.submit(.writeOrdersView)
        _ = worker.waitUntilIdle(seconds: 30)
        #expect(OrdersView.load(directory: tmp.store)?.rows.count == listed, "written for the next console")
        try FileManager.default.removeItem(atPath: tmp.store + "/" + OrdersView.fileName)
        // A view over another snapshot (its stamp's snapshot size changed) is not read first.
        var bytes = try FileIO.readFile(tmp.store + "/" + StartView.fileName)
        bytes[StartView.magic.count + 12 + 12] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: tmp.store + "/" + StartView.fileName))
        #expect(!StartView.usableAtOnce(directory: tmp.store, foldLimit: ConsoleStartup.keysFoldLimit))
        #expect(try begin() == nil, "no preview: the console loads first")
    }

    /// The worker's view-writing jobs poll first: what another process appended
    /// reaches the console as a change, instead of being folded in unseen by
    /// the write (after which no poll would find it new).
    @Test func writingTheViewsHandsOverWhatOthersAppendedFirst() throws {
        let tmp = TempDir()
        let mine = try FastPathTests.demoStore(tmp, orders: 200)
        let other = try Store.open(at: tmp.store)
        let worker = StoreWorker(store: mine, actor: .account("yunshan"))
        for job in [StoreWorker.Job.writeOrdersView, .writeStartView] {
            let id = try #require(other.state.messages.values.first { !$0.read }?.id)
            try other.append(.messagesMarked(MessageMark(ids: [id], read: true)), by: .account("yunshan"))
            worker.submit(job)
            #expect(worker.waitForOutcome(seconds: 30))
            let polled = worker.take().compactMap { o -> (SellerState?, Touched?)? in if case .polled(let s, let t) = o { (s, t) } else { nil } }
            #expect(polled.count == 1 && polled[0].0?.messages[id]?.read == true && polled[0].1?.messages.contains(id) == true, "\(job)")
            _ = worker.waitUntilIdle(seconds: 30)
            if case .writeOrdersView = job { #expect(OrdersView.load(directory: tmp.store) != nil, "and the view was written from that state") }
        }
        #expect(try StartView.load(directory: tmp.store).get().stamp.lastSeq == other.lastSeq)
    }

    /// Both callers go through it, and neither keeps a copy of the hand-over.
    @Test func theConsoleAndTheBenchProbeShareTheStart() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let runner = try String(contentsOf: root.appendingPathComponent("Sources/seller/Console/ConsoleRunner.swift"), encoding: .utf8)
        let probe = try String(contentsOf: root.appendingPathComponent("Sources/seller/CLI/BenchProbe.swift"), encoding: .utf8)
        let from = try #require(probe.range(of: "func probeOpen")), to = try #require(probe.range(of: "static func filterOnce"))
        let probeOpen = String(probe[from.lowerBound..<to.lowerBound])
        for (name, text) in [("ConsoleRunner", runner), ("probeOpen", probeOpen)] {
            #expect(text.contains("ConsoleStartup.begin(") && text.contains(".step(&app"), "\(name) drives ConsoleStartup")
            #expect(!text.contains("BackgroundOpen(") && !text.contains("ConsoleStart.loaded(") && !text.contains("OrdersView.load("),
                    "\(name) repeats the start-up itself")
        }
        #expect(!probeOpen.contains("Store.open("), "the probe opens the store its own way")
    }
}
