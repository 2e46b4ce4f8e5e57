/// A console shows the store's state while the store keeps folding other
/// processes' events into it: both hold one copy-on-write value, so the next
/// fold copies every table it writes (the 208k messages at 100k orders: a
/// tenth of a second) while the console waits for the change to show.
/// `unshare` makes that copy beforehand, when nobody waits — right after the
/// state was handed over — for the tables the last change wrote, which the
/// next one most likely writes again (a second console marking messages,
/// stepping records). Nothing in the state changes. The console's worker
/// now gives the previous state back instead (Store.takeBack, which copies
/// nothing); this is what it falls back on when that state cannot be taken.
extension Store {
    public func unshare(_ touched: Touched) {
        // Reserving what a table already holds copies it only if it is shared
        // (no local copy of the state here: that would share every table).
        if touched.messages.contains(where: { state.messages[$0] != nil }) { state.messages.reserveCapacity(state.messages.count) }
        if !touched.orders.isEmpty {
            state.orders.reserveCapacity(state.orders.count)
            state.records.reserveCapacity(state.records.count)
        }
        if !touched.tickets.isEmpty { state.tickets.reserveCapacity(state.tickets.count) }
        if !touched.appeals.isEmpty { state.appeals.reserveCapacity(state.appeals.count) }
        if !touched.invoices.isEmpty { state.invoices.reserveCapacity(state.invoices.count) }
        if !touched.bills.isEmpty { state.bills.reserveCapacity(state.bills.count) }
        if !touched.instances.isEmpty { state.instances.reserveCapacity(state.instances.count) }
    }
}
