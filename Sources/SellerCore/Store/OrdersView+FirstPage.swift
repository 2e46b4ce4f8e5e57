#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The order list's first screen, readable without the rest of `orders.view`:
/// a console started on the order list draws it from this section — the
/// first rows in the list's default order and how many orders each product
/// lists, so the count is every order's — before the whole view (tens of MB
/// at 100k orders) is read and decoded; that follows at once and replaces it
/// row for row (OrdersViewFirstPageTests compares the two screens).
///
/// It sits between the magic and the body, with its own length and CRC:
///
///     u32 length, u32 CRC of the page, then the page: the stamp (u64, u32),
///     the JSON head (u32 length, bytes: accounts, products), the listed
///     count per product (u32 n, n × (text id, u32 count)), and the first
///     rows (u32 n, rows as in the chunks).
///
/// Like the body it is used only when its stamp matches the store's files.
/// A page of length 0 is no page (one that would pass `firstPageLimit`).
extension OrdersView {
    public struct FirstPage: Sendable, Equatable {
        public var stamp: Stamp
        public var mainAccountId: String?
        public var accounts: [Account]
        public var products: [Product]
        /// How many orders the list holds of each product (every listed order, not only the page's).
        public var listedPerProduct: [String: Int]
        /// The list's first rows, newest first, of every account.
        public var rows: [OrderRowFacts]

        /// The orders `account` lists, and its first rows — nil when the page
        /// holds fewer than `screen` of them while the list holds more (a
        /// sub-account whose products are rare near the top): that console
        /// waits for the whole view instead.
        public func page(for account: Account, screen: Int) -> (rows: [OrderRowFacts], listed: Int)? {
            let seen = OrdersView.productsSeen(by: account, of: products)
            let rows = seen.map { s in self.rows.filter { s.contains($0.productId) } } ?? self.rows
            let listed = listedPerProduct.reduce(0) { $0 + (seen?.contains($1.key) ?? true ? $1.value : 0) }
            guard rows.count >= min(screen, listed) else { return nil }
            return (rows, listed)
        }

        /// The view the console is built from for this first frame: the page's rows, no overview inputs.
        public var view: OrdersView {
            OrdersView(stamp: stamp, mainAccountId: mainAccountId, accounts: accounts, products: products, rows: rows)
        }
    }

    /// Rows the page holds: more than any terminal's list is tall, few enough
    /// that the page is read and decoded in well under a millisecond.
    static let firstPageRows = 400
    /// A page is at most this long (a forged length is damage, not an allocation).
    static let firstPageLimit = 8 << 20

    func encodeFirstPage(encodedHead head: [UInt8], limit: Int = OrdersView.firstPageLimit) -> [UInt8] {
        var out = ByteWriter()
        out.u64(UInt64(stamp.journalBytes)); out.u32(stamp.lastLineCRC)
        out.u32(UInt32(head.count)); out.out += head
        var perProduct: [String: Int] = [:]
        for r in rows { perProduct[r.productId, default: 0] += 1 }
        out.u32(UInt32(perProduct.count))
        for (id, n) in perProduct.sorted(by: { $0.key < $1.key }) { out.text(id); out.u32(UInt32(n)) }
        let first = rows.prefix(Self.firstPageRows)
        out.u32(UInt32(first.count))
        out.out += Self.encodeChunks(first).bytes
        // Past the limit (thousands of products with long texts in the head)
        // the page is left out — length 0 — rather than written and refused.
        let page = out.out.count <= limit ? out.out : []
        var section = ByteWriter()
        section.u32(UInt32(page.count)); section.u32(CRC32.checksum(page))
        return section.out + page
    }

    /// The first page's bytes within a view's bytes (after the magic):
    /// where the page starts and where the body's length field starts.
    static func firstPageBounds(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> (page: Range<Int>, bodyHead: Int) {
        var c = Cursor(raw: bytes, at: magic.count, end: bytes.count)
        let length = Int(try c.u32()), crc = try c.u32()
        guard length <= firstPageLimit, length <= c.end - c.at else { throw .truncated }
        let page = c.at..<(c.at + length)
        guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[page])) == crc else { throw .checksum }
        return (page, page.upperBound)
    }

    /// Where the body starts (after its length and checksums): for tests that forge one.
    static func bodyStart(_ bytes: [UInt8]) throws(DecodeError) -> Int {
        let head = bytes.withUnsafeBytes { raw -> Result<Int, DecodeError> in
            do throws(DecodeError) {
                var c = Cursor(raw: raw, at: try firstPageBounds(raw).bodyHead, end: raw.count)
                _ = try c.u64()
                return .success(c.at + 4 + 4 * Int(try c.u32()))
            } catch { return .failure(error) }
        }
        return try head.get()
    }

    static func decodeFirstPage(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) throws(DecodeError) -> FirstPage {
        var c = Cursor(raw: raw, at: range.lowerBound, end: range.upperBound)
        guard let bytes = Int64(exactly: try c.u64()) else { throw .badField("first page stamp") }
        let stamp = Stamp(journalBytes: bytes, lastLineCRC: try c.u32())
        let headBytes = try c.bytes(Int(try c.u32()))
        guard let head = try? FastJSON.decode(Head.self, from: Array(headBytes)) else { throw .badField("first page head") }
        let products = Int(try c.u32())
        guard products <= (c.end - c.at) / 8 else { throw .badField("first page product count") }
        var perProduct: [String: Int] = [:]
        for _ in 0..<products {
            let id = try c.text(), n = Int(try c.u32())
            guard perProduct.updateValue(n, forKey: id) == nil else { throw .badField("first page product \(id) twice") }
        }
        let n = Int(try c.u32())
        guard n <= firstPageRows, n <= perProduct.values.reduce(0, +) else { throw .badField("first page row count") }
        var rows: [OrderRowFacts] = []
        rows.reserveCapacity(n)
        for _ in 0..<n { rows.append(try c.row()) }
        guard c.at == c.end else { throw .badField("first page length") }
        return FirstPage(stamp: stamp, mainAccountId: head.mainAccountId, accounts: head.accounts, products: head.products,
                         listedPerProduct: perProduct, rows: rows)
    }

    /// The first page on disk, read without the rest of the file; nil unless
    /// it is whole, checks, and its stamp matches the store's files now.
    public static func firstPage(directory: String) -> FirstPage? {
        let path = directory + "/" + fileName
        guard FileIO.kind(path) == .file, let fd = try? FileIO.open(path, O_RDONLY) else { return nil }
        defer { FileIO.close(fd) }
        guard let lead = try? FileIO.read(fd, from: 0, max: magic.count + 8, path: path), lead.count == magic.count + 8,
              lead.starts(with: magic) else { return nil }
        let length = lead[magic.count..<(magic.count + 4)].withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) }
        guard length <= firstPageLimit, let rest = try? FileIO.read(fd, from: Int64(lead.count), max: length, path: path),
              rest.count == length else { return nil }
        let bytes = lead + rest
        let page = bytes.withUnsafeBytes { raw -> FirstPage? in
            guard let bounds = try? firstPageBounds(raw) else { return nil }
            return try? decodeFirstPage(raw, bounds.page)
        }
        guard let page, page.stamp == currentStamp(directory: directory) else { return nil }
        return page
    }
}
