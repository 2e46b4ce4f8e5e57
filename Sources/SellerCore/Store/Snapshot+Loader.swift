import Foundation

/// How a snapshot's lines become the state: checked and folded in file
/// order, one block of complete lines at a time (`Snapshot.load`).
extension Snapshot {
    /// The line-by-line checks of a snapshot, fed one block of complete lines at a time.
    struct Loader {
        let file: String
        let lenient: Bool
        var out = Loaded()
        var n = 0
        var sawHeader = false, sawEnd = false
        var interning = StringInterning()
        var known = KnownEventIds.Builder()

        /// The store's id (FORMAT): a header naming another store is refused.
        var storeId: String?

        init(file: String, lenient: Bool, storeId: String? = nil) { self.file = file; self.lenient = lenient; self.storeId = storeId }

        mutating func problem(_ line: Int, _ why: String) throws(StoreError) {
            if lenient { out.dropped.append((line, why)) } else { throw .damaged(file: file, line: line, reason: why) }
        }

        /// The file's size when known: no table is reserved for more rows
        /// than the file has room for lines (the header is not trusted).
        var fileSize: Int64 = 0

        /// Room for the big tables as the header counts them, so they do not
        /// grow (and rehash every key) a doubling at a time.
        mutating func reserve(_ counts: [String: Int]) {
            let room = Int(fileSize / Int64(LineFrame.headerLength + 24))
            // The file has room for `room` lines in all: counts that add up to
            // more are not the file's (a forged header), and nothing is reserved.
            let kinds = ["order", "record", "message", "ticket", "appeal", "invoice"]
            guard kinds.reduce(0, { $0 + max(0, min(counts[$1] ?? 0, room)) }) <= room else { return }
            func n(_ kind: String) -> Int { max(0, min(counts[kind] ?? 0, room)) }
            out.state.orders.reserveCapacity(n("order"))
            out.state.records.reserveCapacity(n("record"))
            out.state.messages.reserveCapacity(n("message"))
            out.state.tickets.reserveCapacity(n("ticket"))
            out.state.appeals.reserveCapacity(n("appeal"))
            out.state.invoices.reserveCapacity(n("invoice"))
        }

        mutating func finish(tail: Int) throws(StoreError) {
            out.state.rebuildDerivedIndexes()
            out.known = known.finish()
            out.lines = n
            if tail > 0 { try problem(n + 1, "snapshot ends without a newline: it was cut short") }
            if n > 0 || tail > 0 {
                if !sawHeader { try problem(1, "no header line") }
                if !sawEnd { try problem(max(n, 1), "no end marker: the snapshot was cut short") }
            }
        }

        mutating func take(_ bytes: [UInt8], _ lines: [Range<Int>]) throws(StoreError) {
            try apply(decodeInParallel(bytes, lines))
        }

        /// Folds decoded lines into the state, in order.
        mutating func apply(_ decoded: [Result<Line, LineProblem>]) throws(StoreError) {
            for result in decoded { try fold(result) }
        }

        /// Folds a block's lines moved out one at a time: a copy of a line
        /// would retain every string of its entity, and freeing the block's
        /// array afterwards would release them all again.
        mutating func apply(moving block: DecodedLines) throws(StoreError) {
            var lines = block.lines
            block.lines = []
            // Each line is moved out of its place and an empty failure (no
            // allocation) left there, so freeing the array releases nothing
            // twice; `reverse()` + `popLast()` copied every line in the swaps.
            try lines.withUnsafeMutableBufferPointer { (buffer) throws(StoreError) in
                guard let base = buffer.baseAddress else { return }
                for i in 0..<buffer.count {
                    let result = (base + i).move()
                    (base + i).initialize(to: .failure(LineProblem(text: "")))
                    try fold(result)
                }
            }
        }

        private mutating func fold(_ result: Result<Line, LineProblem>) throws(StoreError) {
            n += 1
            if sawEnd { try problem(n, "line after the end marker"); return }
            let line: Line
            switch result {
            case .success(let l): line = l
            case .failure(let why): try problem(n, why.text); return
            }
            if !sawHeader, n == 1, !line.isHeader { try problem(n, "the first line must be the header") }
            switch line {
            case .header(let h):
                if sawHeader { try problem(n, "a second header"); return }
                sawHeader = true
                if h.format > StoreFormat.current { throw .newerFormat(path: file, found: h.format, supported: StoreFormat.current) }
                if let mine = storeId, let theirs = h.storeId, mine != theirs {
                    // Not damage a repair could drop: the whole file is someone else's.
                    throw .foreign(file: file, found: theirs, expected: mine)
                }
                out.header = h
                if let counts = h.counts { reserve(counts) }
                out.seq = h.seq
                out.state.appliedEvents = h.appliedEvents
                out.state.mainAccountId = h.mainAccountId
            case .account(let a): out.state.accounts[a.id] = a
            case .product(let p): out.state.products[p.id] = p
            case .order(let o): out.state.orders[o.id] = interning.shared(o)
            case .record(let r):
                guard let def = FlowCatalog.definition(r.flow, version: r.flowVersion) else {
                    try problem(n, "record \(r.orderId) names flow \(r.flow.rawValue) version \(r.flowVersion), which this seller does not know")
                    return
                }
                guard def.states.contains(r.state) else {
                    try problem(n, "record \(r.orderId) is at \(r.state.rawValue), which flow \(r.flow.rawValue) has no node for")
                    return
                }
                out.state.records[r.orderId] = interning.shared(r)
            case .appeal(let a): out.state.appeals[a.id] = interning.shared(a)
            case .ticket(let t): out.state.tickets[t.id] = interning.shared(t)
            case .message(let m): out.state.messages[m.id] = interning.shared(m)
            case .receiver(let r): out.state.receivers[r.id] = r
            case .invoice(let inv): out.state.invoices[inv.id] = interning.shared(inv)
            case .renewals(let r): out.state.renewals[r.parent] = r.children
            case .bill(let b): out.state.bills[b.id] = b
            case .instance(let i): out.state.noteInstance(i)
            case .call(let c): out.state.noteCall(c)
            case .callStats(let cs): out.state.loadCallStats(cs)
            case .known(let k):
                guard k.ids.count == k.sums.count else { try problem(n, "known-event ids and sums differ in length"); return }
                for (id, s) in zip(k.ids, k.sums) { known.append(id, s) }
            case .end(let e):
                sawEnd = true
                if e.lines != n { try problem(n, "end marker counts \(e.lines) lines but this is line \(n): lines are missing") }
            }
        }
    }
}
