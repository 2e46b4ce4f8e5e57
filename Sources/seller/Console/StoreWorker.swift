import Foundation
import SellerCore
import SellerUI

/// The console's store, used from one background thread only, so that a
/// write waiting for another process's lock (a stopped `seller` holding it)
/// never freezes the screen: the UI thread hands jobs over and picks up
/// their outcomes on its tick, and keeps reading keys meanwhile. Jobs run
/// in order, one at a time.
final class StoreWorker: @unchecked Sendable {
    enum Job {
        /// A merchant action through the write service.
        case write(Effect, WriteRequest)
        /// Pick up other processes' actions (the idle tick).
        case poll
        /// `:reload` / Ctrl-R: re-read whatever changed.
        case reload
        /// The console's previous state, given back to the store (Store.takeBack: the
        /// next fold then copies no table), and the panes it dropped — freed here, not on the keys' thread.
        case release(Handback)
        /// Write the start view the console did not find (no outcome; a failure only costs the next start its speed).
        case writeStartView
        /// The same for an orders view that was missing, stale, damaged or of an older version.
        case writeOrdersView
    }

    enum Outcome {
        /// `waitedFor`: the lock holders told while it waited (nil: it did not wait).
        case wrote(Effect, WriteRefusal?, SellerState, warnings: [String], waitedFor: [Int]?)
        /// Others' actions arrived (nil state: nothing new), and what they
        /// touched (nil: unknown — the store was compacted elsewhere and reloaded).
        case polled(SellerState?, Touched?)
        /// Panes built behind the screen (App.prebuild).
        case prebuilt(PrebuildResult)
        case reloaded(SellerState, error: StoreError?)
        /// Others' actions could not all be read: those before the bad line are
        /// in the state (nil: none), and the error is told when it is new.
        case pollFailed(SellerState?, StoreError, tell: Bool)
    }

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var outcomes: [Outcome] = []
    private var running = false
    private var runningWrite = false
    /// When the job now running started waiting for the lock (told by the store).
    private var lockWaitHolders: [Int]?
    private let store: Store
    /// The last poll's error, so a store that stays unreadable is told once (the worker's thread only).
    private var lastPollError: String?
    private let actor: Actor

    init(store: Store, actor: Actor) {
        self.store = store
        self.actor = actor
        // The state the console was given at the start: its first release gives it back.
        _ = store.handOver()
        // The CLI prints the notice; on the console's screen it would tear the
        // frame, so it becomes the status line's "waiting" instead.
        Store.lockWaitNotice = { [weak self] _ in self?.noteLockWait() }
        Store.lockWaitGiveUp = { [weak self] in self?.abandoning ?? false }
        let thread = Thread { [self] in loop() }
        thread.stackSize = 8 << 20
        thread.start()
    }

    // MARK: Building panes behind the screen

    /// The build running or queued (a new job replaces a queued one: only
    /// the latest state's is worth building), on its own thread so a write
    /// never waits behind a second of pane building.
    private var buildQueued: PrebuildJob?
    private var buildLast: PrebuildWork?
    private var builderStarted = false

    /// Builds `job` unless the same work is already queued or done.
    func prebuild(_ job: PrebuildJob) {
        condition.withLock {
            guard job.work != buildLast, !job.sameWork(as: buildQueued) else { return }
            buildQueued = job
            if !builderStarted {
                builderStarted = true
                let thread = Thread { [self] in buildLoop() }
                thread.stackSize = 8 << 20
                thread.start()
            }
            condition.broadcast()
        }
    }

    /// Waits at most `seconds` for the builder to finish what it was given; false if it still builds.
    func waitForBuilds(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        return condition.withLock {
            while buildQueued != nil || building {
                if !condition.wait(until: deadline) { return buildQueued == nil && !building }
            }
            return true
        }
    }

    private var building = false

    private func buildLoop() {
        // Below the keys' thread, with the parallel passes it starts: on a
        // busy machine a keystroke wins the cores (Behind).
        Parallel.runBehind()
        while true {
            let job: PrebuildJob = condition.withLock {
                while buildQueued == nil { condition.wait() }
                defer { buildQueued = nil }
                buildLast = buildQueued?.work
                building = true
                return buildQueued!
            }
            let result = job.run()
            condition.withLock {
                building = false
                outcomes.append(.prebuilt(result))
                condition.broadcast()
            }
        }
    }

    /// Queues a job; the outcome comes back through `take`. The job is moved
    /// in, not copied: what a `.release` carries must be freed by the worker,
    /// and a copy the caller still held when the worker was done would free
    /// it on the keys' thread (at 1M orders ~60 ms of 结算's rows per change).
    func submit(_ job: consuming Job) {
        condition.lock()
        defer { condition.unlock() }
        jobs.append(consume job)
        condition.broadcast()
    }

    /// Waits at most `seconds` for every queued job to finish; false if some still run.
    func waitUntilIdle(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        return condition.withLock {
            while !(jobs.isEmpty && !running) {
                if !condition.wait(until: deadline) { return jobs.isEmpty && !running }
            }
            return true
        }
    }

    /// Waits at most `seconds` until some outcome is there to take.
    func waitForOutcome(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        return condition.withLock {
            while outcomes.isEmpty {
                if !condition.wait(until: deadline) { return !outcomes.isEmpty }
            }
            return true
        }
    }

    /// Outcomes since the last call, in order.
    func take() -> [Outcome] {
        condition.withLock {
            defer { outcomes = [] }
            return outcomes
        }
    }

    /// Nothing queued or running (the tick's poll waits for this).
    var isIdle: Bool { condition.withLock { jobs.isEmpty && !running } }
    /// Writes queued or running.
    var pendingWrites: Int {
        condition.withLock { jobs.filter { if case .write = $0 { true } else { false } }.count + (runningWrite ? 1 : 0) }
    }

    private var abandon = false
    /// Set by `abandonWrites`: a lock wait in progress gives up.
    var abandoning: Bool { condition.withLock { abandon } }

    /// The console is quitting: queued writes are dropped, one waiting for
    /// the lock gives up, and one already past the lock is let finish
    /// (at most `seconds`). Returns how many writes were not made — true
    /// counts, not a guess, so the message after the screen is restored is right.
    func abandonWrites(seconds: Double = 2) -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        return condition.withLock {
            let before = jobs.count
            jobs.removeAll { if case .write = $0 { true } else { false } }
            var notMade = before - jobs.count
            guard runningWrite else { return notMade }
            abandon = true
            let mark = outcomes.count
            // The write, not whatever job the worker takes up after it (a poll, a release).
            while runningWrite, condition.wait(until: deadline) {}
            if runningWrite { return notMade + 1 }     // still not done: it was not made by now
            if let last = outcomes[mark...].last(where: { if case .wrote = $0 { true } else { false } }),
               case .wrote(_, let refusal, _, _, _) = last, refusal != nil { notMade += 1 }
            return notMade
        }
    }

    /// Who holds the lock the running job waits for (nil: not waiting).
    var waitingForLock: [Int]? { condition.withLock { lockWaitHolders } }

    /// Told by the store's lock after about a second of waiting (on this worker's thread).
    func noteLockWait() {
        let holders = store.lockHolders()
        condition.withLock { if running { lockWaitHolders = holders } }
    }

    private func loop() {
        while true {
            let job: Job = condition.withLock {
                while jobs.isEmpty { condition.wait() }
                running = true
                let job = jobs.removeFirst()
                if case .write = job { runningWrite = true }
                return job
            }
            guard var outcome = run(job) else {
                condition.withLock { running = false; condition.broadcast() }
                continue
            }
            condition.withLock {
                if case .wrote(let e, let r, let s, let w, _) = outcome { outcome = .wrote(e, r, s, warnings: w, waitedFor: lockWaitHolders) }
                running = false
                runningWrite = false
                lockWaitHolders = nil
                outcomes.append(outcome)
                condition.broadcast()
            }
        }
    }

    /// Nil: the job has no outcome to tell.
    private func run(_ job: Job) -> Outcome? {
        switch job {
        case .release(let back):
            store.takeBack(&back.state)
            return nil
        case .writeStartView, .writeOrdersView:
            // A poll first, so whatever others appended reaches the console;
            // then the view from that state, without folding more unseen (Store+DerivedViews).
            let outcome = run(.poll)
            if case .writeStartView = job { store.writeStartViewAsItIs() } else { store.writeOrdersViewIfCaughtUp() }
            return outcome
        case .write(let effect, let request):
            let seen = store.warnings.count
            let result = WriteService(store, actor: actor).perform(request)
            let refusal: WriteRefusal? = if case .failure(let r) = result { r } else { nil }
            // Stored and fsynced: anything after it (a failed compaction) is a warning only.
            return .wrote(effect, refusal, store.handOver(), warnings: Array(store.warnings.dropFirst(seen)), waitedFor: nil)
        case .poll:
            let before = store.state.appliedEvents
            let change: Store.Change
            do throws(StoreError) { change = try store.poll() } catch {
                // The lines before a bad one are folded in (catch-up folds in place), so
                // they are shown — whole, their reach unknown — and the error is said
                // once, not every tick, until the store reads cleanly again.
                let moved = store.state.appliedEvents != before
                let news = "\(error)" != lastPollError
                lastPollError = "\(error)"
                return moved || news ? .pollFailed(moved ? store.handOver() : nil, error, tell: news) : nil
            }
            lastPollError = nil
            guard !change.isEmpty else { return .polled(nil, nil) }
            return .polled(store.handOver(), change.reloaded ? nil : Touched(events: change.events, in: store.state))
        case .reload:
            do throws(StoreError) { try store.refresh() } catch { return .reloaded(store.handOver(), error: error) }
            return .reloaded(store.handOver(), error: nil)
        }
    }
}

/// What the console lets go of after a change, for the worker: the state it
/// showed — held here alone (the console keeps no copy), so the store can
/// fold into it in place — and the panes it dropped.
final class Handback: @unchecked Sendable {
    var state: SellerState?
    let panes: DiscardedPanes

    /// Takes `state` (leaving nil), so no other copy outlives the hand-over.
    init(_ state: inout SellerState?, panes: DiscardedPanes) {
        self.state = state
        state = nil
        self.panes = panes
    }
}
