import Foundation
import Testing
@testable import seller
@testable import SellerCore
@testable import SellerUI

/// Another process's journal line that cannot be read: the console's store
/// worker shows the lines before it (catch-up folds them in place, so they
/// are in the state) and says the error once, not every tick.
@Suite(.serialized) struct PollFailureTests {
    @Test func theLinesBeforeABadOneAreShownAndTheErrorIsToldOnce() throws {
        let tmp = TempDir()
        let (writer, _) = try LivePatchTests.split(tmp, kept: 1)
        let mine = try Store.open(at: tmp.store, readOnly: true)
        let main = try #require(mine.state.mainAccount)
        let id = try #require(mine.state.messages.values.filter { !$0.read }.map(\.id).min())
        let worker = StoreWorker(store: mine, actor: .account(main.id))
        try FoldInPlaceTests.mark(writer, id, read: true, by: main, 1)
        // A line no build wrote, after the good one.
        let journal = FileHandle(forWritingAtPath: tmp.store + "/journal.jsonl")!
        journal.seekToEndOfFile()
        journal.write(Data("{\"seq\":99999999,\"not\":\"an event\"}\n".utf8))
        try journal.close()

        func poll() -> [StoreWorker.Outcome] {
            worker.submit(.poll)
            #expect(worker.waitUntilIdle(seconds: 10))
            return worker.take().filter { if case .prebuilt = $0 { false } else { true } }
        }
        let first = poll()
        #expect(first.count == 1, "\(first)")
        guard case .pollFailed(let state?, let error, let tell)? = first.first else {
            Issue.record("expected the good line shown and the error told: \(first)"); return
        }
        #expect(tell)
        #expect(state.messages[id]?.read == true, "the mark before the bad line is shown")
        #expect("\(error)".contains("journal.jsonl"), "\(error)")
        // The same error again, nothing new read: nothing to tell.
        #expect(poll().isEmpty)
    }
}
