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
