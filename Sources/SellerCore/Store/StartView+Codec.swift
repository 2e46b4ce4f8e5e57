/// The start view's bytes. Hand-written rather than JSON for the big and
/// mid-sized tables (orders, records, messages: hundreds of thousands of
/// entities at 100k orders; invoices, appeals, tickets, renewals: tens of
/// thousands), because decoding JSON costs more per field than the whole
/// start budget allows; the small tables stay JSON (FastJSON), each its own
/// part. Every part is decoded on whichever core is free.
///
///     magic, u64 body length, u32 head CRC, body:
///     head: stamp (u64 journal bytes, u32 last line CRC, u64 snapshot bytes,
///           u32 snapshot header CRC, u64 last seq), u64 applied events,
///           main account id, u32 part count,
///           per part (u8 kind, u32 count, u64 offset, u64 length, u32 CRC);
///     the parts.
/// Each part carries its own CRC, checked by the core that decodes it: one
/// checksum over the whole file was a serial pass as long as a table's decode.
extension StartView {
    static let magic = Array("SELLER-START-VIEW 3\n".utf8)
    static let perChunk = 8192
    static let perJSONPiece = 2048

    /// What a part holds.
    enum Part: UInt8, CaseIterable {
        case orders = 1, records, messages
        case accounts, products, receivers, invoices, appeals, tickets, bills, renewals, instances, calls, callStats
    }

    public enum DecodeError: Error, Equatable, CustomStringConvertible {
        case notAView, truncated, checksum, badField(String)
        /// For `seller check`'s line: worded as the orders view's, which has the same cases.
        public var description: String {
            let same: OrdersView.DecodeError = switch self {
            case .notAView: .notAView
            case .truncated: .truncated
            case .checksum: .checksum
            case .badField(let f): .badField(f)
            }
            return same.description
        }
    }

    // MARK: Encoding

    public func encode() -> [UInt8] {
        let s = state
        var parts: [(Part, Int, [UInt8])] = []
        // JSON in pieces too, so that no one piece keeps a core busy while the other waits.
        func json<T: Encodable>(_ p: Part, _ rows: [T]) {
            for start in stride(from: 0, to: max(1, rows.count), by: StartView.perJSONPiece) {
                let piece = Array(rows[start..<min(start + StartView.perJSONPiece, rows.count)])
                parts.append((p, piece.count, (try? FastJSON.encode(piece)) ?? []))
            }
        }
        // Binary tables in key order, so the same state gives the same bytes.
        func binary<T: IdKeyed>(_ p: Part, _ table: T, _ put: @escaping (inout ByteWriter, String, T.Value) -> Void) {
            let keys = table.allIds.sorted()
            for start in stride(from: 0, to: keys.count, by: StartView.perChunk) {
                var w = ByteWriter()
                let slice = keys[start..<min(start + StartView.perChunk, keys.count)]
                for k in slice { put(&w, k, table[k]!) }
                parts.append((p, slice.count, w.out))
            }
        }
        binary(.orders, s.orders) { $0.order($2) }
        binary(.records, s.records) { $0.record($2) }
        binary(.messages, s.messages) { $0.message($2) }
        binary(.invoices, s.invoices) { $0.invoice($2) }
        binary(.appeals, s.appeals) { $0.appeal($2) }
        binary(.tickets, s.tickets) { $0.ticket($2) }
        binary(.renewals, s.renewals) { $0.renewals($1, $2) }
        func sorted<V>(_ t: [String: V]) -> [V] { t.keys.sorted().map { t[$0]! } }
        json(.accounts, sorted(s.accounts))
        json(.products, sorted(s.products))
        json(.receivers, sorted(s.receivers))
        json(.bills, sorted(s.bills))
        json(.instances, sorted(s.instances))
        json(.calls, s.calls)
        json(.callStats, s.callStats.isEmpty ? [] : [s.callStats])

        var body = ByteWriter()
        body.u64(UInt64(stamp.journalBytes)); body.u32(stamp.lastLineCRC)
        body.u64(UInt64(stamp.snapshotBytes)); body.u32(stamp.snapshotHeaderCRC); body.u64(UInt64(stamp.lastSeq))
        body.u64(UInt64(s.appliedEvents)); body.optText(s.mainAccountId)
        body.u32(UInt32(parts.count))
        var offset = 0
        for (kind, count, bytes) in parts {
            body.out.append(kind.rawValue); body.u32(UInt32(count)); body.u64(UInt64(offset)); body.u64(UInt64(bytes.count))
            body.u32(CRC32.checksum(bytes))
            offset += bytes.count
        }
        let headCRC = CRC32.checksum(body.out)
        for (_, _, bytes) in parts { body.out += bytes }
        var out = StartView.magic
        withUnsafeBytes(of: UInt64(body.out.count).littleEndian) { out += $0 }
        withUnsafeBytes(of: headCRC.littleEndian) { out += $0 }
        return out + body.out
    }

    // MARK: Decoding

    /// One decoded part.
    enum Decoded: Sendable {
        case orders([Order]), records([ServiceRecord]), messages([Message])
        case accounts([Account]), products([Product]), receivers([MessageReceiver]), invoices([InvoiceRequest])
        case appeals([Appeal]), tickets([Ticket]), bills([Bill]), renewals([Snapshot.Renewals]), instances([Instance])
        case calls([InterfaceCall]), callStats([CallStats])
    }

    public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> StartView {
        guard bytes.count >= magic.count + 12, bytes.starts(with: magic) else { throw .notAView }
        let header = bytes.withUnsafeBytes { raw -> Result<(Stamp, Int, String?, [Entry]), DecodeError> in
            do throws(DecodeError) { return .success(try readHeader(raw)) } catch { return .failure(error) }
        }
        let (stamp, applied, main, table) = try header.get()
        let parts = Parallel.each(count: table.count) { k -> Result<Decoded, DecodeError> in
            let e = table[k]
            let sum = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[e.range])) }
            guard sum == e.crc else { return .failure(.checksum) }
            return decodePart(bytes, e.kind, count: e.count, range: e.range)
        }
        var orders: [[Order]] = [], records: [[ServiceRecord]] = [], messages: [[Message]] = []
        var rest: [Decoded] = []
        for p in parts {
            switch try p.get() {
            case .orders(let v): orders.append(v)
            case .records(let v): records.append(v)
            case .messages(let v): messages.append(v)
            case let other: rest.append(other)
            }
        }
        // The three big tables' dictionaries at once: hashing 400k ids is most of what is left.
        // Handed over, not shared: the pieces' only reference is the one each task takes.
        let (o, r, m) = (Taken(orders), Taken(records), Taken(messages))
        (orders, records, messages) = ([], [], [])
        let built = Parallel.each(count: 3) { k -> Built in
            switch k {
            case 0: .orders(entityTable(o.take()) { $0.id })
            case 1: .records(entityTable(r.take()) { $0.orderId })
            default: .messages(entityTable(m.take()) { $0.id })
            }
        }
        var s = SellerState()
        s.appliedEvents = applied
        s.mainAccountId = main
        for b in built {
            switch b {
            case .orders(let d): s.orders = d
            case .records(let d): s.records = d
            case .messages(let d): s.messages = d
            }
        }
        for r in rest {
            switch r {
            case .orders, .records, .messages: break
            case .accounts(let v): for a in v { s.accounts[a.id] = a }
            case .products(let v): for p in v { s.products[p.id] = p }
            case .receivers(let v): for r in v { s.receivers[r.id] = r }
            case .invoices(let v): for i in v { s.invoices[i.id] = i }
            case .appeals(let v): for a in v { s.appeals[a.id] = a }
            case .tickets(let v): for t in v { s.tickets[t.id] = t }
            case .bills(let v): for b in v { s.bills[b.id] = b }
            case .renewals(let v): for r in v { s.renewals[r.parent] = r.children }
            case .instances(let v): for i in v { s.noteInstance(i) }
            case .calls(let v): for c in v { s.noteCall(c) }
            case .callStats(let v): for cs in v { s.loadCallStats(cs) }
            }
        }
        // The same finishing step as a snapshot load (Snapshot.load).
        s.rebuildDerivedIndexes()
        return StartView(stamp: stamp, state: s)
    }

    typealias Entry = (kind: Part, count: Int, range: Range<Int>, crc: UInt32)

    /// A record the catalogue cannot route would trap on `definition`: refused
    /// here, as Snapshot.load refuses it (each flow version looked up once).
    /// (A definition's `states` is built from its rows on each call: kept per flow version.)
    static func routable(_ records: [ServiceRecord]) -> Result<[ServiceRecord], DecodeError> {
        var flows: [(flow: FlowID, version: String, states: Set<SupervisionState>)] = []
        for r in records {
            var states = flows.first { $0.flow == r.flow && $0.version == r.flowVersion }?.states
            if states == nil, let def = FlowCatalog.definition(r.flow, version: r.flowVersion) {
                states = def.states
                flows.append((r.flow, r.flowVersion, def.states))
            }
            guard let states, states.contains(r.state) else {
                return .failure(.badField("record \(r.orderId): flow \(r.flow.rawValue) \(r.flowVersion) at \(r.state.rawValue)"))
            }
        }
        return .success(records)
    }

    /// A value one task takes, leaving nothing behind (so it is uniquely referenced there).
    final class Taken<V>: @unchecked Sendable {
        private var value: [[V]]
        init(_ v: [[V]]) { value = v }
        func take() -> [[V]] {
            var out: [[V]] = []
            swap(&out, &value)
            return out
        }
    }

    enum Built: Sendable { case orders(EntityTable<Order>), records(EntityTable<ServiceRecord>), messages(EntityTable<Message>) }

    /// One table from its pieces, the values moved out of them rather than
    /// copied (a copy retains every string of an entity, and dropping the
    /// pieces releases them again). The view is written from a table, so a
    /// key never repeats; in a forged one, one of its values is kept.
    static func entityTable<V>(_ pieces: consuming [[V]], _ key: (V) -> String) -> EntityTable<V> {
        var d = EntityTable<V>()
        d.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
        while var piece = pieces.popLast() {
            while let v = piece.popLast() { d[key(v)] = v }
        }
        return d
    }

    /// The stamp, head and part table, every offset checked against the bytes.
    static func readHeader(_ raw: UnsafeRawBufferPointer) throws(DecodeError) -> (Stamp, Int, String?, [Entry]) {
        var c = OrdersView.Cursor(raw: raw, at: magic.count, end: raw.count)
        let length = try c.w64(), crc = try c.w32()
        guard UInt64(raw.count - c.at) == length else { throw .truncated }
        let headStart = c.at
        let stamp = Stamp(journalBytes: Int64(bitPattern: try c.w64()), lastLineCRC: try c.w32(),
                          snapshotBytes: Int64(bitPattern: try c.w64()), snapshotHeaderCRC: try c.w32(),
                          lastSeq: Int(Int64(bitPattern: try c.w64())))
        let applied = Int(Int64(bitPattern: try c.w64()))
        // A checksum is no proof against a forged file (anyone can recompute it):
        // the numbers later arithmetic trusts are bounded here, so a forged one
        // is "damaged", never a trap (negative lengths, a sequence at Int.max).
        let plausible: ClosedRange<Int64> = 0...(Int64(1) << 50)
        guard plausible.contains(stamp.journalBytes), plausible.contains(stamp.snapshotBytes),
              plausible.contains(Int64(stamp.lastSeq)), plausible.contains(Int64(applied)) else { throw .badField("stamp") }
        let main = try c.optText()
        let n = Int(try c.w32())
        guard n <= raw.count / 25 else { throw .badField("part table") }
        var entries: [(Part, Int, UInt64, UInt64, UInt32)] = []
        for _ in 0..<n {
            let k = try c.w8(), count = try c.w32(), offset = try c.w64(), length = try c.w64(), sum = try c.w32()
            entries.append((Part(rawValue: k) ?? .orders, Int(count), offset, length, sum))
            guard Part(rawValue: k) != nil else { throw .badField("part kind") }
            // Parts hold at most a chunk (binary) or a piece (JSON): a forged count
            // must not size an allocation (a record is 408 bytes in memory).
            guard count <= UInt32(max(perChunk, perJSONPiece)) else { throw .badField("part count") }
        }
        let base = c.at
        // The head is trusted only once its checksum holds (the parts are checked as they decode).
        guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[headStart..<base])) == crc else { throw .checksum }
        var table: [Entry] = []
        var expected: UInt64 = 0
        for (kind, count, offset, len, sum) in entries {
            guard offset == expected, len <= UInt64(raw.count - base), offset <= UInt64(raw.count - base) - len else {
                throw .badField("part table")
            }
            table.append((kind, count, (base + Int(offset))..<(base + Int(offset + len)), sum))
            expected = offset + len
        }
        guard base + Int(expected) == raw.count else { throw .badField("part table length") }
        return (stamp, applied, main, table)
    }

    static func decodePart(_ bytes: [UInt8], _ kind: Part, count: Int, range: Range<Int>) -> Result<Decoded, DecodeError> {
        func json<T: Decodable>(_: T.Type) -> Result<[T], DecodeError> {
            guard let v = try? FastJSON.decode([T].self, from: bytes[range]), v.count == count else { return .failure(.badField("\(kind) table")) }
            return .success(v)
        }
        func binary<T>(_ read: (inout OrdersView.Cursor) throws(DecodeError) -> T) -> Result<[T], DecodeError> {
            bytes.withUnsafeBytes { raw in
                var c = OrdersView.Cursor(raw: raw, at: range.lowerBound, end: range.upperBound)
                var out: [T] = []
                guard count <= range.count else { return .failure(.badField("\(kind) count")) }
                out.reserveCapacity(count)
                do throws(DecodeError) {
                    for _ in 0..<count { out.append(try read(&c)) }
                    guard c.at == c.end else { throw DecodeError.badField("\(kind) part length") }
                } catch { return .failure(error) }
                return .success(out)
            }
        }
        switch kind {
        case .orders: return binary { (c) throws(DecodeError) in try c.order() }.map(Decoded.orders)
        case .records: return binary { (c) throws(DecodeError) in try c.record() }.flatMap(routable).map(Decoded.records)
        case .messages: return binary { (c) throws(DecodeError) in try c.message() }.map(Decoded.messages)
        case .accounts: return json(Account.self).map(Decoded.accounts)
        case .products: return json(Product.self).map(Decoded.products)
        case .receivers: return json(MessageReceiver.self).map(Decoded.receivers)
        case .invoices: return binary { (c) throws(DecodeError) in try c.invoice() }.map(Decoded.invoices)
        case .appeals: return binary { (c) throws(DecodeError) in try c.appeal() }.map(Decoded.appeals)
        case .tickets: return binary { (c) throws(DecodeError) in try c.ticket() }.map(Decoded.tickets)
        case .bills: return json(Bill.self).map(Decoded.bills)
        case .renewals: return binary { (c) throws(DecodeError) in try c.renewals() }.map(Decoded.renewals)
        case .instances: return json(Instance.self).map(Decoded.instances)
        case .calls: return json(InterfaceCall.self).map(Decoded.calls)
        case .callStats: return json(CallStats.self).map(Decoded.callStats)
        }
    }
}

/// Little-endian fields, strings as u32 length + UTF-8, optionals behind a presence byte.
struct ByteWriter {
    var out: [UInt8] = []
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    mutating func flag(_ b: Bool) { out.append(b ? 1 : 0) }
    mutating func text(_ s: String) { u32(UInt32(s.utf8.count)); out += s.utf8 }
    mutating func optText(_ s: String?) { flag(s != nil); if let s { text(s) } }
    mutating func time(_ t: Timestamp) { i64(t.seconds) }
    mutating func optTime(_ t: Timestamp?) { flag(t != nil); if let t { time(t) } }
    mutating func optInt(_ v: Int?) { flag(v != nil); if let v { i64(Int64(v)) } }
    mutating func texts(_ a: [String]) { u32(UInt32(a.count)); for s in a { text(s) } }
}

extension OrdersView.Cursor {
    mutating func w8() throws(StartView.DecodeError) -> UInt8 { try wrap { (c) throws(OrdersView.DecodeError) in try c.byte() } }
    mutating func w32() throws(StartView.DecodeError) -> UInt32 { try wrap { (c) throws(OrdersView.DecodeError) in try c.u32() } }
    mutating func w64() throws(StartView.DecodeError) -> UInt64 { try wrap { (c) throws(OrdersView.DecodeError) in try c.u64() } }
    mutating func i64() throws(StartView.DecodeError) -> Int64 { Int64(bitPattern: try w64()) }
    mutating func flag() throws(StartView.DecodeError) -> Bool {
        switch try w8() {
        case 0: return false
        case 1: return true
        default: throw .badField("flag")
        }
    }
    mutating func str() throws(StartView.DecodeError) -> String { try wrap { (c) throws(OrdersView.DecodeError) in try c.text() } }
    mutating func optText() throws(StartView.DecodeError) -> String? { try flag() ? try str() : nil }
    /// Within what the store can hold (years 0000–9999, as its JSON decoding
    /// refuses): a forged time must not trap later arithmetic on it.
    mutating func time() throws(StartView.DecodeError) -> Timestamp {
        let t = try i64()
        guard Timestamp.storable.contains(t) else { throw .badField("time \(t)") }
        return Timestamp(seconds: t)
    }
    mutating func optTime() throws(StartView.DecodeError) -> Timestamp? { try flag() ? try time() : nil }
    mutating func optInt() throws(StartView.DecodeError) -> Int? { try flag() ? Int(try i64()) : nil }
    /// `minimum`: the fewest bytes an element takes (a string: its length's four).
    mutating func count(minimum: Int = 4) throws(StartView.DecodeError) -> Int {
        let n = Int(try w32())
        // A count the bytes left cannot hold is damage, not a reason to allocate.
        guard n <= (end - at) / minimum else { throw .truncated }
        return n
    }
    mutating func texts() throws(StartView.DecodeError) -> [String] { try (0..<count()).map { _ throws(StartView.DecodeError) in try str() } }
    mutating func raw<E: RawRepresentable>(_: E.Type, _ what: String) throws(StartView.DecodeError) -> E where E.RawValue == String {
        let s = try str()
        guard let e = E(rawValue: s) else { throw .badField("\(what) \(s)") }
        return e
    }
    mutating func optRaw<E: RawRepresentable>(_ t: E.Type, _ what: String) throws(StartView.DecodeError) -> E? where E.RawValue == String {
        try flag() ? try raw(t, what) : nil
    }

    private mutating func wrap<T>(_ body: (inout Self) throws(OrdersView.DecodeError) -> T) throws(StartView.DecodeError) -> T {
        do { return try body(&self) } catch {
            switch error {
            case .truncated: throw .truncated
            case .checksum: throw .checksum
            case .notAView: throw .notAView
            case .badField(let f): throw .badField(f)
            }
        }
    }
}
