import Foundation

/// The snapshot: the state at a sequence number, one entity per line so it can
/// be streamed and decoded in parallel. Lines are sorted, so the same state
/// always gives the same bytes.
///
///     {"crc":…,"data":{"format":1,"seq":120,…},"kind":"header"}
///     {"crc":…,"data":{…an order…},"kind":"order"}
///     …
///     {"crc":…,"data":{"lines":812},"kind":"end"}
enum Snapshot {
    static let fileName = "snapshot.jsonl"

    struct Header: Codable, Equatable {
        var format: Int
        var seq: Int
        var appliedEvents: Int
        var mainAccountId: String?
        var writtenAt: Timestamp
        /// The store this snapshot belongs to (FORMAT's id); nil in snapshots
        /// written before stores had one.
        var storeId: String?
        /// Lines of each kind that follow, so a repair of a cut-short snapshot
        /// can say what was lost (nil in older snapshots).
        var counts: [String: Int]?
    }

    struct End: Codable { var lines: Int }

    struct Renewals: Codable { var parent: String; var children: [String] }

    /// Event ids the store has seen, with the checksum of each event's JSON,
    /// so a re-sent platform event is recognised after compaction too.
    struct KnownEvents: Codable { var ids: [String]; var sums: [UInt32] }

    enum Line {
        case header(Header)
        case account(Account), product(Product), order(Order), record(ServiceRecord), appeal(Appeal)
        case ticket(Ticket), message(Message), receiver(MessageReceiver), invoice(InvoiceRequest)
        case renewals(Renewals), known(KnownEvents), end(End)
        case bill(Bill)
        case instance(Instance), call(InterfaceCall)
        case callStats(CallStats)

        var isHeader: Bool { if case .header = self { true } else { false } }
    }

    private struct Framed<T: Encodable>: Encodable {
        var kind: String
        var data: T
    }

    private enum LineKeys: String, CodingKey { case kind, data }

    // MARK: Writing

    /// `minimumChunk`: the fewest lines a core encodes at once (tests force
    /// the parallel path on small stores with 1).
    static func encode(state: SellerState, seq: Int, known: KnownEventIds, at: Timestamp, storeId: String? = nil,
                       minimumChunk: Int = 2048) throws -> [UInt8] {
        try encode(state: state, seq: seq, knownPairs: known.sortedPairs(), at: at, storeId: storeId, minimumChunk: minimumChunk)
    }

    /// `knownPairs`: the known ids as `KnownEventIds.sortedPairs()` gives them
    /// (a compaction sorts them once, for this and for its freeze).
    static func encode(state: SellerState, seq: Int, knownPairs pairs: [(id: String, sum: UInt32)], at: Timestamp, storeId: String? = nil,
                       minimumChunk: Int = 2048) throws -> [UInt8] {
        // The runs are kept as encoded and joined once at the end, into a
        // buffer of the exact size: appended as they came, the growing
        // buffer was copied at each doubling (half a second of a 1M-event
        // compaction). Each run is freed as it is copied, so the peak stays
        // what the doublings' was: the file's bytes twice.
        var runs: [[UInt8]] = []
        var count = 0
        func put<T: Encodable>(_ kind: String, _ value: T) throws {
            runs.append(LineFrame.frame(object: try FastJSON.encode(Framed(kind: kind, data: value))))
            count += 1
        }
        let counts = state.tableCounts
        try put("header", Header(format: StoreFormat.current, seq: seq, appliedEvents: state.appliedEvents,
                                 mainAccountId: state.mainAccountId, writtenAt: at, storeId: storeId, counts: counts))
        // A table's lines in key order; each line stands alone, so the cores
        // encode runs of them at once and the runs are joined in order.
        func table<T: IdKeyed & Sendable>(_ kind: String, _ rows: T) throws where T.Value: Encodable & Sendable {
            let keys = rows.allIds.sorted()
            let parts = Parallel.chunks(count: keys.count, minimumChunk: minimumChunk) { range -> Result<[UInt8], any Error> in
                var bytes: [UInt8] = []
                do {
                    for k in keys[range] { bytes += LineFrame.frame(object: try FastJSON.encode(Framed(kind: kind, data: rows[k]!))) }
                } catch { return .failure(error) }
                return .success(bytes)
            }
            for p in parts { runs.append(try p.get()) }
            count += keys.count
        }
        try table("account", state.accounts)
        try table("product", state.products)
        try table("order", state.orders)
        try table("record", state.records)
        try table("appeal", state.appeals)
        try table("ticket", state.tickets)
        try table("message", state.messages)
        try table("receiver", state.receivers)
        try table("invoice", state.invoices)
        try table("bill", state.bills)
        try table("renewals", Dictionary(uniqueKeysWithValues: state.renewals.map { ($0.key, Renewals(parent: $0.key, children: $0.value)) }))
        try table("instance", state.instances)
        // Calls keep their arrival order (an array, not a keyed table).
        for c in state.calls { try put("call", c) }
        // What outlives the recent calls (counts, failed orders, last 拨测).
        if !state.callStats.isEmpty { try put("callstats", state.callStats) }
        for start in stride(from: 0, to: pairs.count, by: 1000) {
            let chunk = pairs[start..<min(start + 1000, pairs.count)]
            try put("known", KnownEvents(ids: chunk.map(\.id), sums: chunk.map(\.sum)))
        }
        try put("end", End(lines: count + 1))
        var out: [UInt8] = []
        out.reserveCapacity(runs.reduce(0) { $0 + $1.count })
        runs.reverse()
        while let run = runs.popLast() { out += run }
        return out
    }

    // MARK: Reading

    /// `origin`: the line's place in its snapshot file, for the bodies left there.
    static func decode(line: ArraySlice<UInt8>, origin: SnapshotOrigin? = nil) throws -> Line {
        try FastJSON.withRoot(line) { root in
            root.doc.origin = origin
            return try decode(root)
        }
    }

    private static func decode(_ root: JSONValueDecoder) throws -> Line {
        let c = try root.container(keyedBy: LineKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        if let data = root.doc.member("data", of: root.token), let line = canonical(kind, root.doc, data) { return line }
        func d<T: Decodable>(_: T.Type) throws -> T { try c.decode(T.self, forKey: .data) }
        switch kind {
        case "header": return .header(try d(Header.self))
        case "account": return .account(try d(Account.self))
        case "product": return .product(try d(Product.self))
        case "order": return .order(try d(Order.self))
        case "record": return .record(try d(ServiceRecord.self))
        case "appeal": return .appeal(try d(Appeal.self))
        case "ticket": return .ticket(try d(Ticket.self))
        case "message": return .message(try d(Message.self))
        case "receiver": return .receiver(try d(MessageReceiver.self))
        case "invoice": return .invoice(try d(InvoiceRequest.self))
        case "renewals": return .renewals(try d(Renewals.self))
        case "bill": return .bill(try d(Bill.self))
        case "known": return .known(try d(KnownEvents.self))
        case "end": return .end(try d(End.self))
        case "instance": return .instance(try d(Instance.self))
        case "call": return .call(try d(InterfaceCall.self))
        case "callstats": return .callStats(try d(CallStats.self))
        default: throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown line kind '\(kind)'"))
        }
    }

    /// The big kinds through their hand-written decoders (EntityDecoders.swift);
    /// nil — not sure, or another kind — leaves the line to `Codable`.
    private static func canonical(_ kind: String, _ doc: JSONDocument, _ i: Int) -> Line? {
        switch kind {
        case "order": return Order(canonical: doc, i).map(Line.order)
        case "record": return ServiceRecord(canonical: doc, i).map(Line.record)
        case "message": return Message(canonical: doc, i).map(Line.message)
        case "known": return KnownEvents(canonical: doc, i).map(Line.known)
        default: return nil
        }
    }

    struct LineProblem: Error { var text: String }

    /// Checks and decodes every line, split across the cores; results come
    /// back in line order so problems are reported exactly as a serial read would.
    /// `source`, `base`: the file the bytes are from and the offset of their first.
    static func decodeInParallel(_ bytes: [UInt8], _ lines: [Range<Int>], source: SnapshotSource? = nil, base: Int64 = 0) -> [Result<Line, LineProblem>] {
        @Sendable func one(_ r: Range<Int>) -> Result<Line, LineProblem> {
            if let why = LineFrame.problem(bytes[r]) { return .failure(LineProblem(text: why)) }
            let origin = source.map { SnapshotOrigin(source: $0, base: base + Int64(r.lowerBound)) }
            do { return .success(try decode(line: bytes[r], origin: origin)) } catch { return .failure(LineProblem(text: LineFrame.explain(error))) }
        }
        return Parallel.map(lines, minimumChunk: 1000, one)
    }

    /// A block's decoded lines, shared by reference so the fold can take
    /// them over (`Loader.apply(moving:)`) while copies of the block exist;
    /// one thread at a time uses it: the one that decoded it, then the fold.
    final class DecodedLines: @unchecked Sendable {
        var lines: [Result<Line, LineProblem>]
        init(_ lines: [Result<Line, LineProblem>]) { self.lines = lines }
    }

    struct Loaded {
        var state = SellerState()
        var seq = 0
        var known = KnownEventIds()
        /// Lines that were skipped (lenient mode only): line number and reason.
        var dropped: [(line: Int, reason: String)] = []
        var header: Header?
        /// Complete lines read (a torn last line not counted).
        var lines = 0
    }

    /// Reads a snapshot. Strict mode stops at the first problem with its line;
    /// lenient mode (repair) skips bad lines and lists them.
    static func load(_ bytes: [UInt8], file: String, lenient: Bool = false, storeId: String? = nil) throws(StoreError) -> Loaded {
        var loader = Loader(file: file, lenient: lenient, storeId: storeId)
        loader.fileSize = Int64(bytes.count)
        let (lines, tail) = LineSplitter.split(bytes)
        try loader.take(bytes, lines)
        try loader.finish(tail: tail.count)
        return loader.out
    }

    /// Reads the snapshot file in blocks, so the whole file is never in memory
    /// beside the state decoded from it. A block's lines are folded into the
    /// state (one core) while the next block is read and decoded beside it
    /// (`Alongside`; both cores when the fold is done), so neither core waits
    /// for the fold; lines are still folded strictly in file order.
    /// The records' histories stay in the file (`SnapshotSource`), which
    /// stays open while the state holds any of them.
    static func load(path: String, lenient: Bool = false, blockSize: Int = 16 << 20, storeId: String? = nil,
                     progress: ((Double) -> Void)? = nil) throws(StoreError) -> Loaded {
        let source = SnapshotSource(adopting: try FileIO.open(path, O_RDONLY), path: path)
        let fd = source.descriptor
        let size = try FileIO.size(fd, path: path)
        let total = Double(max(1, size))
        var loader = Loader(file: path, lenient: lenient, storeId: storeId)
        loader.fileSize = Int64(size)
        /// The next block, its complete lines decoded, and what is left of it.
        struct Block: Sendable { var decoded: DecodedLines; var carry: [UInt8]; var end: Int64 }
        @Sendable func next(after carry: [UInt8], at offset: Int64) -> Result<Block?, StoreError> {
            let read = Result { () throws(StoreError) in try FileIO.read(fd, from: offset, max: blockSize, path: path) }
            guard case .success(let block) = read else { return read.map { _ in nil } }
            if block.isEmpty { return .success(nil) }
            let bytes = carry.isEmpty ? block : carry + block
            let (lines, tail) = LineSplitter.split(bytes)
            let decoded = decodeInParallel(bytes, lines, source: source, base: offset - Int64(carry.count))
            return .success(Block(decoded: DecodedLines(decoded), carry: Array(bytes[tail]), end: offset + Int64(block.count)))
        }
        var current = try next(after: [], at: 0).get()
        var carry: [UInt8] = []
        while let block = current {
            carry = block.carry
            let upcoming: Result<Block?, StoreError>
            (_, upcoming) = try Alongside.run({ () throws(StoreError) in try loader.apply(moving: block.decoded) },
                                              beside: { next(after: block.carry, at: block.end) })
            progress?(Double(block.end) / total)
            current = try upcoming.get()
        }
        try loader.finish(tail: carry.count)
        return loader.out
    }

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

/// The store's on-disk format version (the `FORMAT` file).
public enum StoreFormat {
    public static let current = 1
    static let fileName = "FORMAT"

    /// `id` names the store: every snapshot header and journal line carries
    /// it, so files copied in from another store are refused, not merged.
    struct Marker: Codable { var app: String; var format: Int; var id: String? }

    static func marker(id: String) -> [UInt8] {
        Array(#"{"app":"seller-center","format":\#(current),"id":"\#(id)"}"#.utf8) + [0x0A]
    }

    /// A new store id: 16 random hex digits.
    static func newId() -> String {
        (0..<16).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined()
    }
}
