import Foundation
import Testing
@testable import SellerCore
@testable import SellerUI

/// The store takes back the state a console lets go of and folds the events
/// since into it (Store.takeBack), instead of copying every table a change
/// wrote: each step is checked against a fresh open of the same files (the
/// straightforward fold), on a demo's events with hostile strings.
@Suite struct HandoverTests {
    static func fresh(_ tmp: TempDir) throws -> SellerState { try Store.open(at: tmp.store, readOnly: true).state }

    /// The events another console appends at `step`: a chunk of the demo's, hostile texts, a message marked.
    static func batch(_ rest: [EventEnvelope], _ step: Int, _ writer: Store, _ main: Account) -> [EventEnvelope] {
        var out = Array(rest.dropFirst(step * 9).prefix(9)) + LivePatchTests.hostile(writer.state, step)
        if let id = writer.state.messages.keys.sorted().dropFirst(step).first {
            out.append(EventEnvelope(id: "hand-mark-\(step)", at: LivePatchTests.now, actor: .account(main.id),
                                     event: .messagesMarked(MessageMark(ids: [id], read: step % 2 == 0))))
        }
        return out
    }

    @Test func aStateTakenBackIsLevelWithTheStoreAndNoFoldCopiesATable() throws {
        let tmp = TempDir()
        let (writer, rest) = try LivePatchTests.split(tmp)
        let mine = try Store.open(at: tmp.store, readOnly: true)
        let main = try #require(mine.state.mainAccount)
        // Room for the messages the steps post, so no fold moves the table to grow it.
        mine.state.messages.reserveCapacity(mine.state.messages.count + 10_000)
        var shown = mine.handOver() // what the console shows
        var taken = 0
        for step in 0..<12 {
            _ = try writer.appendBatch(Self.batch(rest, step, writer, main), compactAfter: false)
            let before = FoldInPlaceTests.storage(mine.state.messages)
            let change = try mine.poll()
            #expect(!change.isEmpty)
            // From the second change on, the store folds into a table nobody else holds.
            if step > 0 { #expect(FoldInPlaceTests.storage(mine.state.messages) == before, "step \(step): the fold copied the messages") }
            var previous: SellerState? = shown
            shown = mine.handOver()
            if mine.takeBack(&previous) { taken += 1 }
            #expect(previous == nil)
            // Level with the straightforward fold, and two values again: the console's is not the store's.
            let whole = try Self.fresh(tmp)
            // (Compared first: a failing #expect would print both states whole.)
            let (storeLevel, shownLevel) = (mine.state == whole, shown == whole)
            #expect(storeLevel, "step \(step): the state taken back differs from a fresh open")
            #expect(shownLevel, "step \(step): the state shown differs from a fresh open")
            #expect(FoldInPlaceTests.storage(mine.state.messages) != FoldInPlaceTests.storage(shown.messages))
        }
        #expect(taken == 12)
    }

    /// The check above catches a take-back that leaves out an event: the state a change behind is not level.
    @Test func aStateAChangeBehindIsCaught() throws {
        let tmp = TempDir()
        let (writer, rest) = try LivePatchTests.split(tmp)
        let mine = try Store.open(at: tmp.store, readOnly: true)
        let main = try #require(mine.state.mainAccount)
        let behind = mine.handOver()
        _ = try writer.appendBatch(Self.batch(rest, 0, writer, main), compactAfter: false)
        _ = try mine.poll()
        let whole = try Self.fresh(tmp)
        let (behindLevel, storeLevel) = (behind == whole, mine.state == whole)
        #expect(!behindLevel && storeLevel)
    }

    /// After an append of its own (not a catch-up fold), or given a state it
    /// never handed over, or the state it holds now, the store keeps its state.
    @Test func aStateTheStoreCannotBringLevelIsNotTakenBack() throws {
        let tmp = TempDir()
        let (writer, rest) = try LivePatchTests.split(tmp)
        let mine = try Store.open(at: tmp.store)
        let main = try #require(mine.state.mainAccount)
        let id = try #require(mine.state.messages.keys.min())
        var old: SellerState? = mine.handOver()
        _ = try writer.appendBatch(Self.batch(rest, 0, writer, main), compactAfter: false)
        _ = try mine.poll()
        _ = try mine.append(.messagesMarked(MessageMark(ids: [id], read: true)), by: .account(main.id))
        let current = mine.state
        #expect(!mine.takeBack(&old))
        let whole = try Self.fresh(tmp)
        let kept = mine.state == current && mine.state == whole
        #expect(old == nil && kept)
        // The state it holds now, handed over with nothing since: not taken (it may still be shown).
        var same: SellerState? = mine.handOver()
        #expect(!mine.takeBack(&same))
        // A state never handed over.
        var stranger: SellerState? = SellerState()
        #expect(!mine.takeBack(&stranger))
        let unchanged = mine.state == current
        #expect(unchanged)
    }

    /// The console's path end to end: each change's state handed over, the
    /// app patched with it, the previous state taken back — the patched panes
    /// equal a whole rebuild from the new state at every step, and the panes
    /// a change dropped are handed over to be freed off the keys' thread.
    @Test func patchedPanesStayEqualToAWholeRebuildWhileStatesGoBack() throws {
        let tmp = TempDir()
        let (writer, rest) = try LivePatchTests.split(tmp)
        let mine = try Store.open(at: tmp.store, readOnly: true)
        let main = try #require(mine.state.mainAccount)
        func model(_ s: SellerState) -> Model { Model(state: s, account: s.accounts[main.id] ?? main, now: LivePatchTests.now, lang: .zh) }
        var app = App(model: model(mine.handOver()), width: 120, height: 40, storeLabel: "/tmp/x", startTab: .messages)
        LivePatchTests.settle(&app)
        for step in 0..<8 {
            _ = try writer.appendBatch(Self.batch(rest, step, writer, main), compactAfter: false)
            let change = try mine.poll()
            let touched = Touched(events: change.events, in: mine.state)
            var previous: SellerState? = app.model.state
            let cachedBefore = Set(app.cache.panes.keys)
            _ = app.update(.storeChanged(model(mine.handOver()), touched: touched))
            let dropped = app.takeDiscarded()
            if !touched.everything {
                // Only the panes that cannot patch are dropped, and all of them are handed over.
                #expect(Set(dropped.panes.map(\.generation)).allSatisfy { $0 < app.cache.generation })
                #expect(dropped.panes.count == cachedBefore.subtracting(app.cache.panes.keys).count, "step \(step)")
                #expect(cachedBefore.contains(.settlement) && app.cache.panes[.settlement] == nil)
            }
            #expect(app.takeDiscarded().isEmpty)
            mine.takeBack(&previous)
            let problem = LivePatchTests.mismatch(app, LivePatchTests.rebuilt(app, model(try Self.fresh(tmp))))
            #expect(problem == nil, "step \(step): \(problem ?? "")")
            LivePatchTests.settle(&app)
        }
    }
}
