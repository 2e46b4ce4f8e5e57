import Foundation
import Testing
@testable import SellerCore
@testable import SellerUI

/// The orders view's first page: read alone, it holds the list's first rows
/// and every order's count, the first frame drawn from it is the screen of the
/// console built from the whole view (for every account, at every size, with
/// hostile texts), and a damaged, stale or forged page is never drawn.
@Suite struct OrdersViewFirstPageTests {
    static let now = DemoGenerator.Options.defaultAnchor

    /// More listed orders than a page holds, and the hostile texts on top.
    static func store(_ tmp: TempDir) throws -> (Store, OrdersView) {
        let store = try OverviewInputsTests.billFreeStore(tmp, orders: 1200)
        _ = try store.appendBatch(StartViewTests.hostileEvents(store.state, tag: "p"))
        try store.writeOrdersView()
        return (store, try #require(OrdersView.load(directory: tmp.store)))
    }

    @Test func thePageIsTheViewsFirstRowsWithEveryOrdersCount() throws {
        let tmp = TempDir()
        let (_, view) = try Self.store(tmp)
        #expect(view.rows.count > OrdersView.firstPageRows, "the test lists more than a page")
        let page = try #require(OrdersView.firstPage(directory: tmp.store))
        #expect(page.stamp == view.stamp && page.mainAccountId == view.mainAccountId)
        #expect(page.accounts == view.accounts && page.products == view.products)
        #expect(page.rows == Array(view.rows.prefix(OrdersView.firstPageRows)))
        var perProduct: [String: Int] = [:]
        for r in view.rows { perProduct[r.productId, default: 0] += 1 }
        #expect(page.listedPerProduct == perProduct)
        for a in view.accounts {
            guard let (rows, listed) = page.page(for: a, screen: 40) else { continue }
            #expect(listed == view.rows(for: a).count, "\(a.id): every order counted")
            #expect(rows == Array(view.rows(for: a).prefix(rows.count)), "\(a.id): the first rows it sees")
        }
    }

    /// The frame drawn first is the one the whole view's console draws next,
    /// but for the title bar's ✉, which counts once the overview's inputs are in.
    @Test(arguments: [(App.minWidth, App.minHeight), (120, 40), (200, 60)], [Lang.zh, .en])
    func theFirstFrameIsTheWholeViewsScreen(size: (Int, Int), lang: Lang) throws {
        let tmp = TempDir()
        let (_, view) = try Self.store(tmp)
        let page = try #require(OrdersView.firstPage(directory: tmp.store))
        var drawn = 0
        for a in view.accounts {
            let full = App(preview: view, account: a, now: Self.now, lang: lang, width: size.0, height: size.1, storeLabel: tmp.store,
                           badges: ["DEMO"], readOnly: true, startTab: .orders)
            guard let first = App(firstPage: page, account: a, now: Self.now, lang: lang, width: size.0, height: size.1,
                                  storeLabel: tmp.store, badges: ["DEMO"], readOnly: true) else {
                #expect(!a.isMain, "the main account sees every row of the page")
                continue
            }
            drawn += 1
            #expect(first.isFirstPage && !full.isFirstPage)
            #expect(Array(first.screenLines.dropFirst()) == Array(full.screenLines.dropFirst()), "\(a.id) \(size) \(lang)")
            #expect(first.screenLines[0].contains("✉ …"))
        }
        #expect(drawn >= 2, "the main account and at least one other")
    }

    /// A sub-account that sees too few of the page's rows for a screen waits for the whole view.
    @Test func tooFewRowsForTheAccountMeansNoFirstFrame() throws {
        let tmp = TempDir()
        let (_, view) = try Self.store(tmp)
        var page = try #require(OrdersView.firstPage(directory: tmp.store))
        let sub = try #require(view.accounts.first { a in !a.isMain && !view.rows(for: a).isEmpty })
        let seen = Set(view.rows(for: sub).map(\.productId))
        page.rows = page.rows.filter { !seen.contains($0.productId) } + page.rows.filter { seen.contains($0.productId) }.prefix(3)
        #expect(page.page(for: sub, screen: 24) == nil)
        #expect(App(firstPage: page, account: sub, now: Self.now, lang: .zh, width: 80, height: 24, storeLabel: "/tmp/x") == nil)
        #expect(page.page(for: sub, screen: 3) != nil, "three rows fill a three-line list")
    }

    @Test func aDamagedStaleOrForgedPageIsNeverRead() throws {
        let tmp = TempDir()
        let (store, _) = try Self.store(tmp)
        let path = tmp.store + "/" + OrdersView.fileName
        let good = fileBytes(path)
        let at = OrdersView.magic.count
        func lengthForged(_ n: UInt32) -> [UInt8] {
            var b = good
            withUnsafeBytes(of: n.littleEndian) { b.replaceSubrange(at..<(at + 4), with: $0) }
            return b
        }
        var flipped = good; flipped[at + 8 + 20] ^= 0x40
        let cases: [(String, [UInt8])] = [("a flipped byte in the page", flipped), ("a length past the file", lengthForged(UInt32.max)),
                                          ("a length past the limit", lengthForged(UInt32(OrdersView.firstPageLimit + 1))),
                                          ("only the magic", Array(good.prefix(at + 3))), ("another version", Array("SELLER-ORDERS-VIEW 4\n".utf8) + good.dropFirst(at))]
        for (what, bytes) in cases {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(OrdersView.firstPage(directory: tmp.store) == nil, "\(what)")
            #expect(OrdersView.load(directory: tmp.store) == nil, "\(what): the whole view is refused too")
        }
        // A damaged body: the page checks alone (what it shows is right), the whole view is refused.
        var body = good; body[good.count - 5] ^= 0x40
        try Data(body).write(to: URL(fileURLWithPath: path))
        #expect(OrdersView.firstPage(directory: tmp.store) != nil && OrdersView.load(directory: tmp.store) == nil)
        // Stale: another writer appended after the view was written.
        try Data(good).write(to: URL(fileURLWithPath: path))
        #expect(OrdersView.firstPage(directory: tmp.store) != nil)
        let other = try Store.open(at: tmp.store)
        _ = try other.appendBatch(StartViewTests.hostileEvents(store.state, tag: "q"))
        let stamp = OrdersView.currentStamp(directory: tmp.store)
        #expect(stamp != nil && OrdersView.firstPage(directory: tmp.store) == nil, "a page of an older end of the store")
    }

    /// A body of several checked slices (each with its own CRC, checked on
    /// whichever core is free): it round-trips, and damage in any slice, or a
    /// forged slice count, refuses the whole view.
    @Test func aBodyOfSeveralSlicesIsCheckedSliceBySlice() throws {
        let tmp = TempDir()
        var (_, view) = try Self.store(tmp)
        let one = view.rows
        while view.rows.count * 60 < 3 * OrdersView.checkedSlice { view.rows += one }
        let bytes = view.encode()
        let body = try OrdersView.bodyStart(bytes)
        let slices = OrdersView.slices(bytes.count - body)
        #expect(slices.count >= 3)
        #expect(try OrdersView.decode(bytes) == view)
        for k in [0, slices.count / 2, slices.count - 1] {
            var b = bytes; b[body + slices[k].lowerBound + 7] ^= 0x20
            #expect(throws: OrdersView.DecodeError.checksum, "slice \(k)") { try OrdersView.decode(b) }
        }
        var forged = bytes
        let count = body - 4 * slices.count - 4
        withUnsafeBytes(of: UInt32(slices.count - 1).littleEndian) { forged.replaceSubrange(count..<(count + 4), with: $0) }
        #expect(throws: OrdersView.DecodeError.badField("checksum table")) { try OrdersView.decode(forged) }
    }

    /// A page past its limit (thousands of products with long texts) is left
    /// out: the view is whole and used, only the first frame is not drawn.
    @Test func aPagePastItsLimitIsLeftOutAndTheViewStillUsed() throws {
        let tmp = TempDir()
        let (_, view) = try Self.store(tmp)
        let bytes = view.encode(firstPageLimit: 1000)
        #expect(bytes.count < view.encode().count)
        #expect(try OrdersView.decode(bytes) == view)
        try Data(bytes).write(to: URL(fileURLWithPath: tmp.store + "/" + OrdersView.fileName))
        #expect(OrdersView.load(directory: tmp.store) == view && OrdersView.firstPage(directory: tmp.store) == nil)
    }

    /// A stamp past Int64 with every checksum recomputed (a CRC is no
    /// signature): refused as damage, never a trap.
    @Test func aForgedStampIsRefusedNotATrap() throws {
        let tmp = TempDir()
        let (_, view) = try Self.store(tmp)
        let good = view.encode()
        let at = OrdersView.magic.count
        var page = good
        withUnsafeBytes(of: UInt64.max.littleEndian) { page.replaceSubrange((at + 8)..<(at + 16), with: $0) }
        let length = Int(page[at..<(at + 4)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
        withUnsafeBytes(of: CRC32.checksum(Array(page[(at + 8)..<(at + 8 + length)])).littleEndian) { page.replaceSubrange((at + 4)..<(at + 8), with: $0) }
        #expect(page.withUnsafeBytes { raw in (try? OrdersView.firstPageBounds(raw)) != nil }, "the page's checksum holds")
        #expect(page.withUnsafeBytes { raw in (try? OrdersView.decodeFirstPage(raw, OrdersView.firstPageBounds(raw).page)) == nil })
        var body = good
        let start = try OrdersView.bodyStart(good)
        withUnsafeBytes(of: UInt64.max.littleEndian) { body.replaceSubrange(start..<(start + 8), with: $0) }
        let first = OrdersView.slices(body.count - start)[0]
        withUnsafeBytes(of: CRC32.checksum(Array(body[(start + first.lowerBound)..<(start + first.upperBound)])).littleEndian) {
            body.replaceSubrange((start - 4 * OrdersView.slices(body.count - start).count)..<(start - 4 * OrdersView.slices(body.count - start).count + 4), with: $0)
        }
        #expect(throws: OrdersView.DecodeError.badField("stamp")) { try OrdersView.decode(body) }
    }
}
