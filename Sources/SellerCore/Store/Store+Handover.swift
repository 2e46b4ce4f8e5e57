/// A console holds the store's state while the store folds other processes'
/// events into it. Both hold one copy-on-write value, so a fold after a
/// handover copies every table it writes — or `unshare` copies them
/// beforehand: 2M messages at 1M orders, about a second of the worker's time
/// per change, beside the screen that draws it.
///
/// Instead the store takes back the state the console lets go of (the one
/// handed over a change earlier) and folds into it, with the same `apply`,
/// the events caught up since. Then the console's new state and the store's
/// are two values again and no fold copies a table. Only a state handed
/// over here, and changed since by catch-up folds alone, is taken back; after
/// anything else (an append, a reload, more than `handoverEvents` events)
/// the store keeps its state, copying beforehand what the last change wrote.
struct Handover {
    /// `lastSeq` and `state.appliedEvents` when it was handed over.
    let seq: Int
    let applied: Int
    /// The events catch-up folded since, in order, with the rules each was applied under.
    var since: [(event: EventEnvelope, rules: SellerState.Rules)] = []
}

extension Store {
    /// States handed over at once (the console holds one, a background build perhaps another).
    static let handoverLimit = 4
    /// Past this many events since, a handover is given up (its reader keeps it long; refolding would not pay).
    static let handoverEvents = 4096

    /// The state, noted as handed to a reader that may give it back (`takeBack`).
    public func handOver() -> SellerState {
        handovers.removeAll { $0.applied == state.appliedEvents }
        handovers.append(Handover(seq: lastSeq, applied: state.appliedEvents))
        if handovers.count > Self.handoverLimit { handovers.removeFirst(handovers.count - Self.handoverLimit) }
        return state
    }

    /// Catch-up applied `e` to the state (Store.catchUp).
    func folded(_ e: EventEnvelope, _ rules: SellerState.Rules) {
        guard !handovers.isEmpty else { return }
        for i in handovers.indices { handovers[i].since.append((e, rules)) }
        handovers.removeAll { $0.since.count > Self.handoverEvents }
    }

    /// The reader let go of `old` (set to nil here, so this holds it alone):
    /// if it is a state handed over and nothing but catch-up changed the
    /// store's since, the events since are folded into it and it becomes the
    /// store's state. True when taken back; otherwise the store's state is
    /// left as it was, the tables the events since wrote copied beforehand.
    @discardableResult
    public func takeBack(_ old: inout SellerState?) -> Bool {
        guard var s = old else { return false }
        old = nil
        // Nothing folded since: it is the state the store holds (or one equal to it), perhaps still shown.
        guard let i = handovers.firstIndex(where: { $0.applied == s.appliedEvents }), !handovers[i].since.isEmpty else { return false }
        let h = handovers.remove(at: i)
        let count = h.since.count
        // An append or a reload moved the store without a note here: `s` cannot be brought level.
        guard lastSeq == h.seq + count, state.appliedEvents == h.applied + count else {
            unshare(Touched(events: h.since.map(\.event), in: state))
            return false
        }
        for (e, rules) in h.since {
            do throws(DomainError) { try s.apply(e, rules: rules) } catch {
                unshare(Touched(events: h.since.map(\.event), in: state))
                return false
            }
        }
        state = s
        return true
    }
}
