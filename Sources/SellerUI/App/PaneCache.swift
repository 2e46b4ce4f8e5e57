import SellerCore

/// What a pane's data is built from, besides the state: its queue, its `:`
/// conditions and the messages kept in 未读 (App.PaneState).
struct PaneKey: Sendable, Equatable {
    var queue: Int
    var conditions: Conditions
    var keep: Set<String>
}

/// How a pane's rows follow a change without a whole rebuild: which of its
/// rows a change touches, its own builder restricted to those ids (so each
/// rule stays in one place), and the order that builder sorts in.
struct PanePatching: Sendable {
    /// The ids of the rows `Touched` names for this pane (called only when it is not `everything`).
    var ids: @Sendable (Touched) -> Set<String>
    /// The pane's data for just these ids: rows in order and queue counts over them.
    var subset: @Sendable (Model, PaneKey, Set<String>) -> PaneData
    /// Whether row `a` comes before row `b` in the builder's order, in a state.
    var precedes: @Sendable (SellerState) -> (String, String) -> Bool
    /// Whether data built for this key can be patched (else it is rebuilt).
    var applies: @Sendable (PaneKey) -> Bool = { _ in true }
}

/// A pane's data as built (or patched) for one state generation.
struct BuiltPane: Sendable {
    var key: PaneKey
    var generation: Int
    /// The `now` it was built at. Patches keep it, so a patched pane equals a
    /// whole build at that time; after `maxAge` the next use builds it afresh
    /// (stall days, deadlines and trends move with the clock).
    var at: Timestamp
    var data: PaneData
    var figures: [DashboardFigure] = []

    static let maxAge: Int64 = 60

    func fresh(_ now: Timestamp) -> Bool { now.seconds >= at.seconds && now.seconds - at.seconds < Self.maxAge }
}

/// The panes' built data, so returning to a pane lists it at once, and what
/// the runtime should build behind the screen.
struct PaneCache: Sendable {
    /// Counts the states the app has been given (each store change is one).
    var generation = 0
    /// Every pane's data but the shown one's, which lives in App.data.
    var panes: [Tab: BuiltPane] = [:]
    /// What App.data was built from (its data field unused).
    var shown: BuiltPane?
    /// What each recent generation touched (nil: unknown), so a background
    /// build finished a few changes late is patched forward, not thrown away.
    var log: [(generation: Int, touched: Touched?)] = []
    /// Panes a change dropped (they cannot patch), left for the runtime to
    /// free off the keys' thread (`App.takeDiscarded`): freeing 结算's rows
    /// took ~10 ms of every change at 1M orders. Whatever is not taken waits
    /// here, the oldest freed first past `discardLimit` (a runtime that never takes them).
    var discarded: [BuiltPane] = []

    static let discardLimit = 8

    mutating func discard(_ panes: [BuiltPane]) {
        discarded += panes
        if discarded.count > Self.discardLimit { discarded.removeFirst(discarded.count - Self.discardLimit) }
    }

    static let logLimit = 64

    mutating func advance(_ touched: Touched?) {
        generation += 1
        log.append((generation, touched))
        if log.count > Self.logLimit { log.removeFirst(log.count - Self.logLimit) }
    }

    /// Everything touched after generation `g` up to now; nil when unknown or too old.
    func touched(since g: Int) -> Touched? {
        guard g <= generation else { return nil }
        if g == generation { return Touched() }
        guard let first = log.first, first.generation <= g + 1 else { return nil }
        var out = Touched()
        for entry in log where entry.generation > g {
            guard let t = entry.touched, !t.everything else { return nil }
            out.formUnion(t)
        }
        return out
    }
}

extension PaneData {
    /// This pane's data after a change: the rows of `ids` in `before` (the
    /// builder's subset on the old state) taken out, those of `after` (on the
    /// new) merged in by the pane's order, the queue counts moved by the
    /// difference, the search index edited row by row. Returns false when
    /// the data does not hold what `before` says it should (then rebuild).
    mutating func patch(before: PaneData, after: PaneData, oldOrder: (String, String) -> Bool, newOrder: (String, String) -> Bool) -> Bool {
        guard queues.count == before.queues.count, before.queues.count == after.queues.count else { return false }
        // Where each old row sits: the rows are in oldOrder, so a binary search finds it.
        var gone: [Int] = []
        for r in before.rows {
            guard let i = Self.position(of: r.id, in: rows, by: oldOrder), rows[i].id == r.id else { return false }
            gone.append(i)
        }
        for i in gone.sorted(by: >) {
            rows.remove(at: i)
            removeFromSearch(at: i)
        }
        for r in after.rows {
            let i = Self.position(of: r.id, in: rows, by: newOrder) ?? rows.count
            rows.insert(r, at: i)
            insertIntoSearch(r, at: i)
        }
        for q in queues.indices { queues[q].count += after.queues[q].count - before.queues[q].count }
        return true
    }

    /// The first row not before `id` (a lower bound).
    static func position(of id: String, in rows: [Row], by precedes: (String, String) -> Bool) -> Int? {
        var lo = 0, hi = rows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if precedes(rows[mid].id, id) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

extension PaneDescriptor {
    static var patching: PanePatching? { nil }
    static var rebuildsInBackground: Bool { false }
    static func build(_ m: Model, _ k: PaneKey, derived: [OrderSettlement]?) -> (PaneData, [DashboardFigure]) {
        (Panes.data(tab, m, queue: k.queue, conditions: k.conditions, keep: k.keep), [])
    }
}

extension Panes {
    /// A pane's rows and queue counts for the state `m` and key `k`, whole;
    /// its search index is built when the pane is first filtered (PaneData.indexSearch).
    static func build(_ tab: Tab, _ m: Model, _ k: PaneKey, derived: [OrderSettlement]? = nil) -> (PaneData, [DashboardFigure]) {
        descriptor(tab).build(m, k, derived: derived)
    }

    /// `b` (built from `old`) brought to `new` by the ids `touched` names;
    /// false when the pane cannot patch (its descriptor has no `patching`),
    /// the change's reach is unknown or `b` is not what it should be: then
    /// the caller rebuilds it. `b` is edited in place (it holds 100k rows:
    /// a copy would cost more than the patch).
    static let patchLimit = 256

    static func patch(_ tab: Tab, _ b: inout BuiltPane, from old: Model, to new: Model, touched: Touched, generation: Int) -> Bool {
        guard !touched.everything, let p = descriptor(tab).patching, p.applies(b.key) else { return false }
        let ids = p.ids(touched)
        // Rows go in and out one at a time: past a few hundred (a large batch
        // from ingest or `serve`) a whole build is cheaper (review: 500 rows
        // patched into a 200k-row pane took 130 ms, a whole search index 30 ms).
        guard ids.count <= Self.patchLimit else { return false }
        b.generation = generation
        guard !ids.isEmpty else { return true }
        // Both sides at the time the data was built, so the patch is a whole build at `b.at`.
        var (o, n) = (old, new)
        o.now = b.at; n.now = b.at
        let queried = descriptor(tab).queriesIdAndCustomer
        let before = p.subset(o, b.key, ids).filtered(by: b.key.conditions, queried: queried)
        let after = p.subset(n, b.key, ids).filtered(by: b.key.conditions, queried: queried)
        return b.data.patch(before: before, after: after, oldOrder: p.precedes(o.state), newOrder: p.precedes(n.state))
    }
}

/// What the runtime builds behind the screen (on a thread of its own, see
/// StoreWorker): the panes not built for the state now shown. The app takes
/// the result back through `Msg.prebuilt` — for its own generation, or a
/// later one when the change in between can be patched in.
public struct PrebuildJob: Sendable {
    public let generation: Int
    let model: Model
    let panes: [(tab: Tab, key: PaneKey)]

    /// Same work as another job (the runtime does not start it twice).
    public func sameWork(as o: PrebuildJob?) -> Bool { o.map { work == $0.work } ?? false }

    /// What it builds, without the state it builds from: what the runtime
    /// remembers of a job done, so that it holds no state the console let go of (Store.takeBack).
    public var work: PrebuildWork { PrebuildWork(generation: generation, panes: panes.map { PrebuildWork.Pane(tab: $0.tab, key: $0.key) }) }

    /// Builds them; Settlement.derive runs once for the overview and 结算 together.
    public func run() -> PrebuildResult {
        let needsLines = panes.contains { $0.tab == .settlement || $0.tab == .dashboard }
        let lines = needsLines ? Settlement.derive(model.state, asOf: model.now) : nil
        let built = panes.map { p in
            let (data, figures) = Panes.build(p.tab, model, p.key, derived: lines)
            return (p.tab, BuiltPane(key: p.key, generation: generation, at: model.now, data: data, figures: figures))
        }
        return PrebuildResult(model: model, panes: built)
    }
}

/// A background build's identity (PrebuildJob.work).
public struct PrebuildWork: Sendable, Equatable {
    struct Pane: Sendable, Equatable { var tab: Tab; var key: PaneKey }
    let generation: Int
    let panes: [Pane]
}

public struct PrebuildResult: Sendable {
    let model: Model
    let panes: [(Tab, BuiltPane)]
}

/// Panes the app let go of, for the runtime to free where no key waits (App.takeDiscarded).
public struct DiscardedPanes: Sendable {
    let panes: [BuiltPane]
    public var isEmpty: Bool { panes.isEmpty }
}
