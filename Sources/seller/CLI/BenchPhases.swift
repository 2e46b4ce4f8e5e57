import CNcursesw
import Foundation
import SellerCore
import SellerUI

/// `seller bench --probe-phases DIR`: where a start from the orders view
/// spends its time, phase by phase, on one cold process — for finding the
/// next thing to make faster, not a figure with a target.
extension Bench {
    func probePhases(_ dir: String) throws -> Exit {
        var t = clockMs()
        func lap(_ what: String) { let now = clockMs(); say(String(format: "%8.1f ms  ", now - t) + what); t = now }
        guard let view = OrdersView.load(directory: dir) else { throw CLIError.refused("no current orders view in \(dir)") }
        lap("orders view read, checked, decoded (\(view.rows.count) rows)")
        guard let who = view.accounts.first(where: { $0.id == view.mainAccountId }) else { throw CLIError.refused("no main account") }
        let app = ConsoleStart.preview(view, account: who, now: .now, lang: .zh, size: (120, 40), storeLabel: dir, readOnly: true)
        lap("console built on the overview")
        _ = app.render()
        lap("overview drawn")
        let panes = [("1", Tab.orders)] + Self.laterPanes.map { (String($0.key), $0.tab) }
        for (key, tab) in panes where app.listsNow(tab) {
            var p = app
            _ = p.update(.key(.char(Character(key)))); _ = p.render()
            lap("\(tab) listed")
            Self.filterOnce(&p)
            lap("\(tab) filtered once")
        }
        // Warm, the least of five: steadier than one cold turn, for comparing two builds.
        for (key, tab) in panes where app.listsNow(tab) {
            let best = (0..<5).map { _ in
                var p = app
                return timed { _ = p.update(.key(.char(Character(key)))); _ = p.render(); Self.filterOnce(&p) }
            }.min()!
            say(String(format: "%8.1f ms  ", best) + "\(tab) listed and filtered, warm, least of 5")
        }
        return .ok
    }

    /// `seller bench --probe-memory DIR`: what stays resident once the store
    /// is open — the state, then every pane built behind the screen — each
    /// after a trim, as the console's idle figure counts it; then what each
    /// part (panes, the store's indexes, each table) holds in heap bytes.
    func probeMemory(_ dir: String) throws -> Exit {
        MemoryTrim.configure()
        let size = Double(Self.diskSize(dir))
        func line(_ what: String) {
            MemoryTrim.release()
            let kb = Self.procStatusKB("VmRSS:")
            say(String(format: "%8.0f MB  %.2f× the store  ", kb / 1024, kb * 1024 / size) + what)
        }
        line("at start")
        var store: Store! = try Store.open(at: dir, readOnly: true)
        line("store open (its state)")
        // Each big table: an entity's size inline, how many, and how many fit before it grows.
        var st = store.state
        func table(_ name: String, _ stride: Int, _ count: Int, _ capacity: Int) -> String { "\(name) \(stride) B × \(count) (room for \(capacity))" }
        say("          " + [table("orders", MemoryLayout<Order>.stride, st.orders.count, st.orders.capacity),
                            table("records", MemoryLayout<ServiceRecord>.stride, st.records.count, st.records.capacity),
                            table("messages", MemoryLayout<Message>.stride, st.messages.count, st.messages.capacity),
                            table("tickets", MemoryLayout<Ticket>.stride, st.tickets.count, st.tickets.capacity),
                            table("appeals", MemoryLayout<Appeal>.stride, st.appeals.count, st.appeals.capacity)].joined(separator: "; "))
        let packed = st.records.values.reduce((0, 0)) { sum, r in
            let p = r.historyLog.packedSize
            return (sum.0 + p.count, sum.1 + p.capacity)
        }
        say(String(format: "          record histories %.1f MB packed (in buffers of %.1f MB); message bodies %.1f MB of text held (%ld of %ld in the snapshot file)",
                   Double(packed.0) / 1e6, Double(packed.1) / 1e6,
                   Double(st.messages.values.reduce(0) { $0 + $1.body.heldBytes }) / 1e6,
                   st.messages.values.count(where: \.body.isInFile), st.messages.count))
        guard let who = store.state.mainAccount else { throw CLIError.refused("no main account") }
        var app = App(model: Model(state: store.state, account: who, now: .now, lang: .zh), width: 120, height: 40, storeLabel: dir, readOnly: true)
        _ = app.render()
        line("console on the overview")
        if let job = app.prebuild { _ = app.update(.prebuilt(job.run())) }
        _ = app.render()
        line("every pane built behind the screen")
        // What each part holds, as heap bytes handed out (resident pages
        // would credit a table with whatever else shared its pages): the
        // panes, then the store's own indexes, then each table of a state
        // copy nobody else shares, emptied in turn.
        var heap = shim_heap_in_use()
        func freed(_ what: String) {
            let now = shim_heap_in_use()
            say(String(format: "%8.1f MB  held by ", Double(Int(heap) - Int(now)) / 1e6) + what)
            heap = now
        }
        withExtendedLifetime(app) {}
        app = App(model: Model(state: .empty, account: who, now: .now, lang: .zh), width: 120, height: 40, storeLabel: dir, readOnly: true)
        freed("the panes")
        store = nil
        freed("the store: known event ids, journal index")
        st.records = .init(); freed("records")
        st.messages = .init(); freed("messages")
        st.orders = .init(); freed("orders")
        st.tickets = .init(); freed("tickets")
        st.appeals = .init(); freed("appeals")
        st.invoices = [:]; st.bills = [:]; st.instances = [:]; st.calls = []; freed("invoices, bills, instances, calls")
        st.instanceOrders = .init(); freed("the instance index")
        st = .empty; freed("the rest")
        line("all dropped")
        return .ok
    }
}
