import Foundation
import Testing
@testable import SellerCore
@testable import SellerUI

/// Another process's appends reach a console as touched ids and patch its
/// panes row by row (PaneCache). Each step is checked against the same app
/// told "unknown change" (a whole rebuild) from the same state: rows in
/// order, cells, emphasis, queue counts, the search index, the selection,
/// the overview's figures, and every pane cached behind the screen.
@Suite struct LivePatchTests {
    static let now = DemoGenerator.Options.defaultAnchor.adding(days: 1)

    /// A store holding the first part of a demo's events; the rest are what
    /// "another console" appends later (every kind of event, hostile strings included).
    static func split(_ tmp: TempDir, orders: Int = 200, kept: Double = 0.8) throws -> (store: Store, rest: [EventEnvelope]) {
        let events = Array(DemoGenerator(.init(seed: 7, orders: orders)))
        let cut = Int(Double(events.count) * kept)
        let store = try Store.create(at: tmp.store)
        _ = try store.appendBatch(Array(events[..<cut]), compactAfter: false)
        return (store, Array(events[cut...]))
    }

    /// Messages and tickets with text meant to break a table: CJK, emoji, RTL and bidi controls, C0/C1 controls, escapes.
    static func hostile(_ state: SellerState, _ i: Int) -> [EventEnvelope] {
        let texts = ["深圳云帆软件有限公司 第\(i)条", "👩‍💻🇨🇳 emoji \(i) 😀", "\u{202E}evil\u{202C} RTL \u{05D0}\u{05D1} \(i)",
                     "ctl\u{1B}[31m\u{07}\u{0}\u{85}x\(i)", "tab\tnew\nline\r\(i)", "\u{200F}\u{2066}bidi\u{2069} \(i)"]
        let t = texts[i % texts.count]
        let order = state.orders.keys.sorted()[i % max(1, state.orders.count)]
        let product = state.orders[order]!.productId
        var out = [EventEnvelope(id: "hostile-m\(i)", at: now.adding(days: -1), actor: .platform,
                                 event: .messagePosted(MessagePost(category: [101, 501, 901][i % 3], title: t, body: t, orderId: order)))]
        if i % 2 == 0 {
            let customer = state.orders[order]!.customer
            out.append(EventEnvelope(id: "hostile-t\(i)", at: now.adding(days: -1), actor: .buyer,
                                     event: .ticketOpened(TicketOpening(id: "T-hostile-\(i)", productId: product, orderId: order, customer: customer,
                                                                        title: t, body: t))))
        }
        return out
    }

    /// The consoles under test: one per pane and a few queues, each with a row selected.
    static func consoles(_ m: Model) -> [App] {
        var out: [App] = []
        for tab in Tab.allCases {
            for queue in Set([0, max(0, Panes.queueCount(tab) - 1)]).sorted() {
                var a = App(model: m, width: 120, height: 40, storeLabel: "/tmp/x", startTab: tab)
                for _ in 0..<queue { a.handle(.char("]")) }
                a.handle(.char("j")); a.handle(.char("j"))
                out.append(a)
            }
        }
        // Filtered as you type and sorted by a column: both kept across a patch.
        for tab in [Tab.orders, .supervision, .messages] {
            var a = App(model: m, width: 120, height: 40, storeLabel: "/tmp/x", startTab: tab)
            a.handle(.char("/")); a.handle(.char("1")); a.handle(.enter)
            a.handle(.char("s")); a.handle(.char("s")); a.handle(.char("j"))
            out.append(a)
        }
        return out
    }

    /// What differs between the patched app and the rebuilt one (nil: nothing).
    static func mismatch(_ a: App, _ b: App) -> String? {
        func rows(_ d: PaneData) -> [String] { d.rows.map { "\($0.id)|\($0.cells.joined(separator: "|"))|\($0.emphasis)" } }
        func queues(_ d: PaneData) -> [String] { d.queues.map { "\($0.label)=\($0.count)" } }
        if rows(a.data) != rows(b.data) {
            let (x, y) = (rows(a.data), rows(b.data)); let i = zip(x, y).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(x.count, y.count)
            return "tab \(a.tab) rows differ (\(a.data.rows.count) vs \(b.data.rows.count)) from row \(i)"
        }
        if queues(a.data) != queues(b.data) { return "tab \(a.tab) queues \(queues(a.data)) vs \(queues(b.data))" }
        if a.data.search != b.data.search { return "tab \(a.tab) search index differs" }
        if a.visible != b.visible { return "tab \(a.tab) visible rows differ" }
        if a.selectedId != b.selectedId { return "tab \(a.tab) selection \(a.selectedId ?? "nil") vs \(b.selectedId ?? "nil")" }
        if a.figures != b.figures { return "tab \(a.tab) overview figures differ" }
        if a.unread != b.unread { return "unread \(a.unread) vs \(b.unread)" }
        // Every pane kept behind the screen equals its whole build.
        for (t, built) in a.cache.panes where built.generation == a.cache.generation {
            var m = a.model
            m.now = built.at
            let (whole, figures) = Panes.build(t, m, built.key)
            if rows(built.data) != rows(whole) || queues(built.data) != queues(whole) || built.data.search != whole.search || built.figures != figures {
                return "cached tab \(t) differs from its whole build"
            }
        }
        return nil
    }

    /// The rebuilt twin: the same app told the change with its reach unknown.
    static func rebuilt(_ a: App, _ m: Model) -> App {
        var b = a
        _ = b.update(.storeChanged(m, touched: nil))
        return b
    }

    /// Runs the background build the runtime would, to completion.
    static func settle(_ a: inout App) {
        if let job = a.prebuild { _ = a.update(.prebuilt(job.run())) }
    }

    @Test func patchedPanesEqualAWholeRebuildAfterEveryAppendFromAnotherProcess() throws {
        let tmp = TempDir()
        let (writer, rest) = try Self.split(tmp)
        let mine = try Store.open(at: tmp.store, readOnly: true)
        let main = try #require(mine.state.mainAccount)
        func model() -> Model { Model(state: mine.state, account: mine.state.accounts[main.id] ?? main, now: Self.now, lang: .zh) }
        var apps = Self.consoles(model())
        #expect(apps.contains { !$0.filterText.isEmpty && $0.panes[$0.tab]!.sortColumn != nil })
        for i in apps.indices { Self.settle(&apps[i]) }
        var patchedSteps = 0
        let chunks = stride(from: 0, to: rest.count, by: 9).map { Array(rest[$0..<min(rest.count, $0 + 9)]) }
        for (step, chunk) in chunks.enumerated() {
            var batch = chunk
            batch += Self.hostile(writer.state, step)
            // Another console marks a message it sees read, then unread again.
            if let id = writer.state.messages.keys.sorted().dropFirst(step).first {
                batch.append(EventEnvelope(id: "mark-\(step)", at: Self.now.adding(days: -1), actor: .account(main.id),
                                           event: .messagesMarked(MessageMark(ids: [id], read: step % 2 == 0))))
            }
            _ = try writer.appendBatch(batch, compactAfter: false)
            let change = try mine.poll()
            #expect(!change.isEmpty && !change.reloaded)
            let touched = Touched(events: change.events, in: mine.state)
            if !touched.everything { patchedSteps += 1 }
            let m = model()
            for i in apps.indices {
                let reference = Self.rebuilt(apps[i], m)
                _ = apps[i].update(.storeChanged(m, touched: touched))
                // Some background builds finish late, a change or two after the state they were built from.
                if step % 3 == 1 { Self.settle(&apps[i]) }
                var patched = apps[i]
                var whole = reference
                if apps[i].pane.rebuildsInBackground { Self.settle(&patched); Self.settle(&whole) }
                let problem = Self.mismatch(patched, whole)
                #expect(problem == nil, "step \(step): \(problem ?? "")")
                if problem != nil { return }
            }
        }
        // Most steps patched (an account, product or receiver event rebuilds whole).
        #expect(patchedSteps > chunks.count / 2, "\(patchedSteps) of \(chunks.count) steps patched")
    }

    /// A background build that finishes after later changes is patched forward with them.
    @Test func aLateBackgroundBuildIsBroughtForward() throws {
        let tmp = TempDir()
        let (writer, _) = try Self.split(tmp, kept: 1)
        let mine = try Store.open(at: tmp.store, readOnly: true)
        let main = try #require(mine.state.mainAccount)
        var app = App(model: Model(state: mine.state, account: main, now: Self.now, lang: .zh), width: 120, height: 40, storeLabel: "/tmp/x",
                      startTab: .orders)
        let job = try #require(app.prebuild)
        for i in 0..<3 {
            _ = try writer.appendBatch(Self.hostile(writer.state, i), compactAfter: false)
            let change = try mine.poll()
            _ = app.update(.storeChanged(Model(state: mine.state, account: main, now: Self.now, lang: .zh),
                                         touched: Touched(events: change.events, in: mine.state)))
        }
        _ = app.update(.prebuilt(job.run()))
        let messages = try #require(app.cache.panes[.messages])
        #expect(messages.generation == app.cache.generation)
        // Switching there takes the cached rows, and they equal a whole build.
        app.handle(.char("4"))
        let whole = Self.rebuilt(app, app.model)
        #expect(Self.mismatch(app, whole) == nil)
    }

    /// The overview's figures move with the clock (stall days, trends, deadlines):
    /// a minute on, the tick has them built again behind the screen, the old
    /// ones shown meanwhile; then they equal a whole build at the new time.
    @Test func theOverviewIsBuiltAgainWhenTheClockMovesOn() throws {
        let tmp = TempDir()
        let (_, _) = try Self.split(tmp, kept: 1)
        let mine = try Store.open(at: tmp.store, readOnly: true)
        let main = try #require(mine.state.mainAccount)
        var app = App(model: Model(state: mine.state, account: main, now: Self.now, lang: .zh), width: 120, height: 40, storeLabel: "/tmp/x")
        Self.settle(&app)
        #expect(app.prebuild == nil)
        let before = app.figures
        _ = app.update(.tick(Self.now.adding(days: 3)))
        #expect(app.figures == before)
        let job = try #require(app.prebuild)
        #expect(job.generation == app.cache.generation)
        _ = app.update(.prebuilt(job.run()))
        #expect(app.figures == Dashboard.figures(app.model))
        #expect(app.model.now == Self.now.adding(days: 3))
        #expect(app.prebuild == nil)
    }

    /// A compaction by the other process reloads the state: the reach is unknown and every pane is rebuilt.
    @Test func aCompactionElsewhereRebuildsEveryPane() throws {
        let tmp = TempDir()
        let (writer, rest) = try Self.split(tmp)
        let mine = try Store.open(at: tmp.store, readOnly: true)
        let main = try #require(mine.state.mainAccount)
        var apps = Self.consoles(Model(state: mine.state, account: main, now: Self.now, lang: .zh))
        _ = try writer.appendBatch(rest, compactAfter: false)
        _ = try writer.compact()
        let change = try mine.poll()
        #expect(change.reloaded)
        // What the store worker sends for a reload: no touched ids.
        let touched: Touched? = change.reloaded ? nil : Touched(events: change.events, in: mine.state)
        #expect(touched == nil)
        let m = Model(state: mine.state, account: main, now: Self.now, lang: .zh)
        for i in apps.indices {
            _ = apps[i].update(.storeChanged(m, touched: touched))
            let whole = Panes.build(apps[i].tab, m, apps[i].key(apps[i].tab))
            #expect(apps[i].data.rows.map(\.id) == whole.0.rows.map(\.id) && apps[i].data.search == whole.0.search)
            #expect(apps[i].cache.panes.isEmpty)
        }
    }

    /// The comparison catches a patch that skips an update: told that nothing
    /// was touched, the pane keeps the old row and differs from the rebuild.
    @Test func aPatchThatSkipsTheChangeIsCaught() throws {
        let tmp = TempDir()
        let (writer, _) = try Self.split(tmp, kept: 1)
        let mine = try Store.open(at: tmp.store, readOnly: true)
        let main = try #require(mine.state.mainAccount)
        var app = App(model: Model(state: mine.state, account: main, now: Self.now, lang: .zh), width: 120, height: 40, storeLabel: "/tmp/x",
                      startTab: .messages)
        let id = try #require(app.data.rows.first?.id)
        _ = try writer.appendBatch([EventEnvelope(id: "skip-1", at: Self.now, actor: .account(main.id),
                                                  event: .messagesMarked(MessageMark(ids: [id], read: true)))], compactAfter: false)
        let change = try mine.poll()
        let m = Model(state: mine.state, account: main, now: Self.now, lang: .zh)
        let whole = Self.rebuilt(app, m)
        var broken = app
        var skipping = Touched(events: change.events, in: mine.state)
        skipping.messages = []
        _ = broken.update(.storeChanged(m, touched: skipping))
        #expect(Self.mismatch(broken, whole) != nil)
        _ = app.update(.storeChanged(m, touched: Touched(events: change.events, in: mine.state)))
        #expect(Self.mismatch(app, whole) == nil)
    }
}

/// A refresh folds others' events into the store's state in place, and the
/// console's worker copies the tables a change wrote once it has handed the
/// state over (Store.unshare): so the next change neither copies a table
/// while the console waits for it nor alters the state the console holds.
@Suite struct FoldInPlaceTests {
    /// Where a dictionary's storage lives (a native dictionary is one reference).
    static func storage<K, V>(_ d: [K: V]) -> Int { unsafeBitCast(d, to: Int.self) }
    static func storage<V>(_ t: EntityTable<V>) -> Int { t.storageIdentity }

    static func mark(_ store: Store, _ id: String, read: Bool, by main: Account, _ n: Int) throws {
        _ = try store.appendBatch([EventEnvelope(id: "fold-\(n)", at: LivePatchTests.now, actor: .account(main.id),
                                                 event: .messagesMarked(MessageMark(ids: [id], read: read)))], compactAfter: false)
    }

    @Test func aRefreshWritesTheTablesInPlaceAndUnshareCopiesThemBeforehand() throws {
        let tmp = TempDir()
        let (writer, _) = try LivePatchTests.split(tmp, kept: 1)
        let mine = try Store.open(at: tmp.store, readOnly: true)
        let main = try #require(mine.state.mainAccount)
        let id = try #require(mine.state.messages.keys.min())
        let before = Self.storage(mine.state.messages)
        try Self.mark(writer, id, read: true, by: main, 1)
        let change = try mine.poll()
        #expect(change.events.count == 1 && mine.state.messages[id]?.read == true)
        // Nobody else held the table: the fold wrote it where it was.
        #expect(Self.storage(mine.state.messages) == before)

        // A console holds the state now; unshare gives the store its own copy.
        let held = mine.state
        mine.unshare(Touched(events: change.events, in: mine.state))
        let own = Self.storage(mine.state.messages)
        #expect(own != Self.storage(held.messages))
        try Self.mark(writer, id, read: false, by: main, 2)
        _ = try mine.poll()
        // The next fold wrote the store's copy in place; the console's is as it was.
        #expect(Self.storage(mine.state.messages) == own)
        #expect(held.messages[id]?.read == true && mine.state.messages[id]?.read == false)
    }
}
