#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The derived views written from the state as it is, without catching up:
/// what a console's store worker writes after handing its state over. A
/// `writeStartView` / `writeOrdersView` there would fold other processes'
/// lines into the state unseen — the next poll then finds nothing new, and
/// the console would never show them. So the worker polls first (handing any
/// change over) and then writes from that state: the start view names the
/// prefix the state is at; the orders view only when the files end there.
extension Store {
    public func writeStartViewAsItIs() {
        guard !readOnly else { return }
        try? lock.withLock(exclusive: false) { () throws(StoreError) in try writeStartViewLocked() }
    }

    /// Written only when nothing was appended since the state's last line
    /// (else its stamp would name lines the state has not folded).
    public func writeOrdersViewIfCaughtUp() {
        guard !readOnly else { return }
        try? lock.withLock(exclusive: false) { () throws(StoreError) in
            guard let size = try? FileIO.size(journalFD, path: journalPath), size == journalOffset else { return }
            try writeOrdersViewLocked()
        }
    }

    /// What a writer leaves when it closes: the orders view, and the start view
    /// only when it is missing, stale or far behind (`StartView.rewriteAfter`).
    /// Both come from one catch-up and are built on both cores at once: each
    /// is a pass over the whole state (~1.7 s apiece after a 1M-event ingest),
    /// and one after the other they doubled a writer's close. A failure only
    /// makes the next start slower.
    func writeViewsAtClose() {
        guard !readOnly else { return }
        let wantsStart = StartView.wantsRewrite(directory: directory, journalBytes: journalOffset)
        try? lock.withLock(exclusive: false) { () throws(StoreError) in
            try catchUp()
            let (state, ordersStamp) = (state, OrdersView.currentStamp(directory: directory))
            let startStamp = wantsStart ? startViewStampLocked() : nil
            let files = Parallel.each(count: 2) { i -> [UInt8]? in
                i == 0 ? ordersStamp.map { OrdersView(state: state, stamp: $0).encode() }
                    : startStamp.map { StartView(stamp: $0, state: StartView.listed(state)).encode() }
            }
            if let start = files[1] { try? DerivedFile.replace(directory + "/" + StartView.fileName, with: start) }
            guard let orders = files[0] else { return }
            try DerivedFile.replace(directory + "/" + OrdersView.fileName, with: orders)
            changedFiles = false
        }
    }

    /// The orders view from the state, stamped with the files' end (the caller
    /// holds a lock and knows the state is at that end).
    func writeOrdersViewLocked() throws(StoreError) {
        guard let stamp = OrdersView.currentStamp(directory: directory) else { return }
        try OrdersView.write(OrdersView(state: state, stamp: stamp), directory: directory)
        changedFiles = false
    }
}
