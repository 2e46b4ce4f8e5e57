#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A derived copy of what the order list shows (`orders.view` in the store):
/// every order's row facts in the list's default order, plus the accounts and
/// products needed to name and scope them. A console lists and filters orders
/// from it in a fraction of a second while the full state loads behind.
///
/// It is never the record of anything: it is rewritten from the state after a
/// compaction and when a writer closes, and it is only used when its stamp
/// matches the store's last line on disk (the journal's last line, or the
/// snapshot's header when the journal is empty). Anything else — missing,
/// stale, damaged, another version — means "load the store the slow way".
public struct OrdersView: Sendable, Equatable {
    public static let fileName = "orders.view"
    // 2: 按需 orders left the list; a version-1 view holds them and is rebuilt.
    // 3: each row carries its SaaS instance's status.
    // 4: the overview's inputs (OverviewInputs) follow the head.
    // 5: those inputs carry each message's row (id, title, order, time): 消息 lists from it;
    //    a first page (the list's first rows and counts) follows the magic.
    static let magic = Array("SELLER-ORDERS-VIEW 5\n".utf8)

    /// Which store contents the view was made from.
    public struct Stamp: Sendable, Equatable {
        public var journalBytes: Int64
        public var lastLineCRC: UInt32
        public init(journalBytes: Int64, lastLineCRC: UInt32) { self.journalBytes = journalBytes; self.lastLineCRC = lastLineCRC }
    }

    public var stamp: Stamp
    public var mainAccountId: String?
    public var accounts: [Account]
    public var products: [Product]
    /// The orders of the order list (包周期 and 按次; 按需 orders are not listed [S1]),
    /// in its default order (`OrderQuery.newestFirst`).
    public var rows: [OrderRowFacts]
    /// What the overview's figures are computed from, so that the first
    /// screen shows them as soon as this file is read (nil only in a view
    /// made without them, e.g. by tests).
    public var overview: OverviewInputs?

    public init(state: SellerState, stamp: Stamp) {
        self.stamp = stamp
        mainAccountId = state.mainAccountId
        accounts = state.accounts.values.sorted { $0.id < $1.id }
        products = state.products.values.sorted { $0.id < $1.id }
        let listed = state.orders.values.filter(OrderQuery.isListed)
        let instances = state.instanceStatusByOrder()
        rows = Parallel.map(OrderQuery.newestFirst.sorted(listed, in: state)) { OrderRowFacts($0, record: state.records[$0.id], instance: instances[$0.id]) }
        overview = OverviewInputs(state).forTheView()
    }

    /// The rows `account` may see, as the order list would show them.
    public func rows(for account: Account) -> [OrderRowFacts] {
        guard let visible = Self.productsSeen(by: account, of: products) else { return rows }
        return rows.filter { visible.contains($0.productId) }
    }

    /// The products whose orders `account` lists (nil: every product, the main account's).
    static func productsSeen(by account: Account, of products: [Product]) -> Set<String>? {
        account.isMain ? nil : Set(products.filter { Permissions.canSee($0, account) }.map(\.id))
    }

    // MARK: Stamp

    /// The stamp of the store's files as they are now; nil when they cannot
    /// be read or the journal ends in a partial line (opening repairs that).
    public static func currentStamp(directory: String) -> Stamp? {
        let journal = directory + "/" + Journal.fileName
        guard let fd = try? FileIO.open(journal, O_RDONLY) else { return nil }
        defer { FileIO.close(fd) }
        guard let size = try? FileIO.size(fd, path: journal) else { return nil }
        if size == 0 {
            guard let header = firstLine(directory + "/" + Snapshot.fileName) else { return nil }
            return Stamp(journalBytes: 0, lastLineCRC: CRC32.checksum(header))
        }
        guard (try? FileIO.read(fd, from: size - 1, path: journal)) == [0x0A],
              let line = try? FileIO.lastCompleteLine(fd, path: journal) else { return nil }
        return Stamp(journalBytes: size, lastLineCRC: CRC32.checksum(line))
    }

    static func firstLine(_ path: String) -> [UInt8]? {
        guard let fd = try? FileIO.open(path, O_RDONLY) else { return nil }
        defer { FileIO.close(fd) }
        var offset: Int64 = 0
        var out: [UInt8] = []
        while true {
            guard let chunk = try? FileIO.read(fd, from: offset, max: 64 * 1024, path: path), !chunk.isEmpty else { return nil }
            if let nl = chunk.firstIndex(of: 0x0A) { return out + chunk[..<nl] }
            out += chunk
            offset += Int64(chunk.count)
        }
    }

    // MARK: File

    /// The view on disk, if it is readable and matches the store's files now.
    public static func load(directory: String) -> OrdersView? { try? read(directory: directory).get() }

    /// The view on disk, or why it cannot be used (one line, for `seller check`).
    static func read(directory: String) -> Result<OrdersView, StartView.Problem> {
        let path = directory + "/" + fileName
        guard FileIO.kind(path) == .file else { return .failure(FileIO.kind(path) == .missing ? .missing : .damaged("not a regular file")) }
        guard let stamp = currentStamp(directory: directory) else { return .failure(.stale("the journal cannot be read or ends in a partial line")) }
        let view: OrdersView
        do {
            // Mapped where the system maps files; read into memory where it refuses.
            if let file = try? MappedFile(path) { view = try decode(file) } else {
                guard let bytes = try? FileIO.readFile(path) else { return .failure(.damaged("cannot be read")) }
                view = try decode(bytes)
            }
        } catch { return .failure(.damaged("\(error)")) }
        guard view.stamp == stamp else { return .failure(.stale("made at journal byte \(view.stamp.journalBytes), the store is at \(stamp.journalBytes)")) }
        return .success(view)
    }

    /// `seller check`'s line about the view (derived data: never damage of the store).
    public static func checkLine(directory: String) -> String {
        switch read(directory: Store.normalise(directory)) {
        case .success: "\(fileName) current"
        case .failure(let p): "\(fileName) \(p): not used; the next writer or `seller repair` rebuilds it"
        }
    }

    /// `seller repair`: rewrites the view when it cannot be used; says why, or nil when it could.
    public static func rebuildIfUnusable(directory: String) throws(StoreError) -> StartView.Problem? {
        guard case .failure(let problem) = read(directory: Store.normalise(directory)) else { return nil }
        try Store.open(at: directory).writeOrdersView()
        return problem
    }

    /// Replaces the view atomically. It is derived data: no fsync, a crash
    /// leaves the old file or a new one, and a torn one fails its checksum.
    static func write(_ view: OrdersView, directory: String) throws(StoreError) {
        try DerivedFile.replace(directory + "/" + fileName, with: view.encode())
    }

    struct Head: Codable { var mainAccountId: String?; var accounts: [Account]; var products: [Product] }

    static let rowsPerChunk = 8192
    /// The body is checked in slices of this size, each with its own CRC, so
    /// that the cores check it at once.
    static let checkedSlice = 4 << 20

    /// The body's slices (the last one shorter; none for an empty body).
    static func slices(_ length: Int) -> [Range<Int>] {
        stride(from: 0, to: length, by: checkedSlice).map { $0..<min(length, $0 + checkedSlice) }
    }

    /// Rows as length-prefixed UTF-8 (the chunks' and the first page's encoding),
    /// and where each chunk of `rowsPerChunk` starts.
    static func encodeChunks(_ rows: ArraySlice<OrderRowFacts>) -> (bytes: [UInt8], chunkStarts: [Int]) {
        var rowBytes: [UInt8] = []
        rowBytes.reserveCapacity(rows.count * 96)
        var chunkStarts: [Int] = []
        func text(_ s: String) { withUnsafeBytes(of: UInt32(s.utf8.count).littleEndian) { rowBytes += $0 }; rowBytes += s.utf8 }
        for (i, r) in rows.enumerated() {
            if i % OrdersView.rowsPerChunk == 0 { chunkStarts.append(rowBytes.count) }
            text(r.id); text(r.customerName); text(r.userName); text(r.productId); text(r.amount); text(r.created)
            text(r.status.rawValue); text(r.recordState?.rawValue ?? ""); rowBytes.append(r.frozen ? 1 : 0)
            text(r.instanceStatus?.rawValue ?? "")
        }
        return (rowBytes, chunkStarts)
    }

    /// magic, the first page (OrdersView+FirstPage), body length, the CRC of
    /// each `checkedSlice` of the body (u32 count, u32 each), then the body: the stamp, a JSON head (accounts, products), the
    /// overview's inputs (u64 length, 0 for none), the row count, a table of
    /// chunk offsets (so the cores can decode chunks at once), and the rows
    /// as length-prefixed UTF-8.
    public func encode() -> [UInt8] { encode(firstPageLimit: Self.firstPageLimit) }

    func encode(firstPageLimit: Int) -> [UInt8] {
        let (rowBytes, chunkStarts) = Self.encodeChunks(rows[...])
        var body: [UInt8] = []
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { body += $0 } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { body += $0 } }
        u64(UInt64(stamp.journalBytes)); u32(stamp.lastLineCRC)
        let head = (try? FastJSON.encode(Head(mainAccountId: mainAccountId, accounts: accounts, products: products))) ?? []
        u32(UInt32(head.count)); body += head
        let inputs = overview?.encode() ?? []
        u64(UInt64(inputs.count)); body += inputs
        u32(UInt32(rows.count)); u32(UInt32(chunkStarts.count))
        for c in chunkStarts { u64(UInt64(c)) }
        body += rowBytes
        var out = ByteWriter()
        out.out = OrdersView.magic + encodeFirstPage(encodedHead: head, limit: firstPageLimit)
        out.u64(UInt64(body.count))
        let slices = Self.slices(body.count)
        out.u32(UInt32(slices.count))
        for r in slices { out.u32(body.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[r])) }) }
        return out.out + body
    }

    public enum DecodeError: Error, Equatable, CustomStringConvertible {
        case notAView, truncated, checksum, badField(String)
        /// For `seller check`'s line (no Swift spelling of the case).
        public var description: String {
            switch self {
            case .notAView: "not a view of this version"
            case .truncated: "truncated"
            case .checksum: "checksum mismatch"
            case .badField(let f): "bad \(f)"
            }
        }
    }

    /// Reads fields from a byte range, never past its end.
    struct Cursor {
        let raw: UnsafeRawBufferPointer
        var at: Int
        let end: Int
        mutating func need(_ n: Int) throws(DecodeError) { if n < 0 || at + n > end { throw .truncated } }
        mutating func u32() throws(DecodeError) -> UInt32 {
            try need(4); defer { at += 4 }
            return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))
        }
        mutating func u64() throws(DecodeError) -> UInt64 {
            try need(8); defer { at += 8 }
            return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }
        mutating func byte() throws(DecodeError) -> UInt8 { try need(1); defer { at += 1 }; return raw[at] }
        mutating func bytes(_ n: Int) throws(DecodeError) -> UnsafeRawBufferPointer {
            try need(n); defer { at += n }
            return UnsafeRawBufferPointer(rebasing: raw[at..<(at + n)])
        }
        mutating func text() throws(DecodeError) -> String { String(decoding: try bytes(Int(try u32())), as: UTF8.self) }

        mutating func row() throws(DecodeError) -> OrderRowFacts {
            let id = try text(), customer = try text(), user = try text(), product = try text(), amount = try text(), created = try text()
            let statusRaw = try text(), stateRaw = try text()
            let frozen = try byte() == 1
            let instanceRaw = try text()
            var instance: InstanceStatus?
            if !instanceRaw.isEmpty {
                guard let i = InstanceStatus(rawValue: instanceRaw) else { throw .badField("instance status \(instanceRaw)") }
                instance = i
            }
            guard let status = OrderStatus(rawValue: statusRaw) else { throw .badField("status \(statusRaw)") }
            var state: SupervisionState?
            if !stateRaw.isEmpty {
                guard let s = SupervisionState(rawValue: stateRaw) else { throw .badField("record state \(stateRaw)") }
                state = s
            }
            return OrderRowFacts(id: id, customerName: customer, userName: user, productId: product, amount: amount,
                                 created: created, status: status, recordState: state, frozen: frozen, instanceStatus: instance)
        }
    }

    public static func decode(_ bytes: [UInt8]) throws -> OrdersView {
        try bytes.withUnsafeBytes { raw in try decode(Bytes(raw)) }
    }

    /// Bytes the cores read at once: a mapped file, or an array's storage
    /// held for the length of a call (never kept past it).
    final class Bytes: @unchecked Sendable {
        let raw: UnsafeRawBufferPointer
        private let owner: AnyObject?
        init(_ raw: UnsafeRawBufferPointer) { self.raw = raw; owner = nil }
        init(_ file: MappedFile) { raw = file.bytes; owner = file }
    }

    static func decode(_ file: MappedFile) throws -> OrdersView { try decode(Bytes(file)) }

    static func decode(_ bytes: Bytes) throws -> OrdersView {
        let raw = bytes.raw
        guard raw.count >= magic.count + 20, raw.starts(with: magic) else { throw DecodeError.notAView }
        // The header and checksums first, then the chunks and the overview's parts at once.
        // The first page is checked too (its own CRC), though the body holds all it does.
        var c = Cursor(raw: raw, at: try firstPageBounds(raw).bodyHead, end: raw.count)
        let length = try c.u64(), sliceCount = Int(try c.u32())
        guard length <= UInt64(raw.count) else { throw DecodeError.truncated }
        let slices = slices(Int(length))
        guard sliceCount == slices.count else { throw DecodeError.badField("checksum table") }
        var sums: [UInt32] = []
        for _ in 0..<sliceCount { sums.append(try c.u32()) }
        guard UInt64(raw.count - c.at) == length else { throw DecodeError.truncated }
        // Each slice's CRC on whichever core is free (one CRC of the whole took a quarter of the read).
        let bodyAt = c.at, expected = sums
        let sound = Parallel.each(count: sliceCount) { k in
            CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes.raw[(bodyAt + slices[k].lowerBound)..<(bodyAt + slices[k].upperBound)])) == expected[k]
        }
        guard sound.allSatisfy({ $0 }) else { throw DecodeError.checksum }
        guard let journalBytes = Int64(exactly: try c.u64()) else { throw DecodeError.badField("stamp") }
        let stamp = Stamp(journalBytes: journalBytes, lastLineCRC: try c.u32())
        let headBytes = try c.bytes(Int(try c.u32()))
        guard let head = try? FastJSON.decode(Head.self, from: Array(headBytes)) else { throw DecodeError.badField("head") }
        let inputsLength = try c.u64()
        guard inputsLength <= UInt64(c.end - c.at) else { throw DecodeError.truncated }
        let inputs = c.at..<(c.at + Int(inputsLength))
        c.at = inputs.upperBound
        let count = Int(try c.u32()), chunkCount = Int(try c.u32())
        guard chunkCount <= raw.count / 8 else { throw DecodeError.truncated }
        guard chunkCount == (count + rowsPerChunk - 1) / rowsPerChunk else { throw DecodeError.badField("chunk table") }
        var chunks: [Int] = []
        for _ in 0..<chunkCount {
            let offset = try c.u64()
            guard offset <= UInt64(raw.count), offset >= UInt64(chunks.last ?? 0) else { throw DecodeError.badField("chunk table") }
            chunks.append(Int(offset))
        }
        // Offsets are into the rows after the table, the first at 0; a row takes at
        // least 37 bytes (nine lengths and a flag): a forged count or offset is
        // damage, never a read past the bytes or an allocation they cannot fill.
        guard chunks.first ?? 0 == 0, chunks.allSatisfy({ $0 <= raw.count - c.at }), count <= (raw.count - c.at) / 37 else {
            throw DecodeError.badField("chunk table")
        }
        let rowsStart = c.at, starts = chunks
        let ends = chunks.dropFirst().map { rowsStart + $0 } + [raw.count]
        // One pool for the rows' chunks and the overview's parts: each core
        // takes the next job when it is free, so neither waits on the other's tail.
        let overview = inputsLength > 0 ? OverviewInputs.Decoding(bytes, inputs) : nil
        let overviewJobs: Int
        do throws(StartView.DecodeError) { overviewJobs = try overview?.head() ?? 0 } catch {
            throw DecodeError.badField("overview section (\(error))")
        }
        let jobs = Parallel.each(count: overviewJobs + chunkCount) { j -> Result<Decoded, DecodeError> in
            if j < overviewJobs {
                do throws(StartView.DecodeError) { return .success(.overviewPart(try overview!.part(j))) } catch {
                    return .failure(.badField("overview section (\(error))"))
                }
            }
            let k = j - overviewJobs
            var c = Cursor(raw: bytes.raw, at: rowsStart + starts[k], end: ends[k])
            let n = min(rowsPerChunk, count - k * rowsPerChunk)
            var out: [OrderRowFacts] = []
            out.reserveCapacity(n)
            do throws(DecodeError) {
                for _ in 0..<n { out.append(try c.row()) }
                guard c.at == c.end else { throw DecodeError.badField("chunk \(k) length") }
            } catch { return .failure(error) }
            return .success(.rows(out))
        }
        var view = OrdersView(stamp: stamp, mainAccountId: head.mainAccountId, accounts: head.accounts, products: head.products, rows: [])
        view.rows.reserveCapacity(count)
        var parts: [OverviewInputs.DecodedPart] = []
        for j in jobs {
            switch try j.get() {
            case .overviewPart(let p): parts.append(p)
            case .rows(let r): view.rows += r
            }
        }
        if let overview { view.overview = overview.assemble(parts) }
        return view
    }

    private enum Decoded: Sendable { case overviewPart(OverviewInputs.DecodedPart), rows([OrderRowFacts]) }

    init(stamp: Stamp, mainAccountId: String?, accounts: [Account], products: [Product], rows: [OrderRowFacts]) {
        self.stamp = stamp; self.mainAccountId = mainAccountId; self.accounts = accounts; self.products = products; self.rows = rows
    }
}
