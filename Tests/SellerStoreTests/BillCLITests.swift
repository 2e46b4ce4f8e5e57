import Foundation
import Testing
@testable import SellerCore
@testable import SellerUI

/// Bills through the feed and the CLI: rejections with line numbers, duplicates,
/// reconciliation exit codes, invoicing Huawei Cloud, the settlement listing.
@Suite struct BillCLITests {
    static let head = [
        #"{"id":"p1","type":"product.upserted","at":"2026-09-01T09:00:00+08:00","product":{"id":"P1","name":"OCR API","type":"api","saleModel":"general"}}"#,
        #"{"id":"p2","type":"product.upserted","at":"2026-09-01T09:00:00+08:00","product":{"id":"P2","name":"联营 API","type":"api","saleModel":"joint"}}"#,
        order("o1", "CS1", "P1", "1000.00"),
        order("o2", "CS2", "P1", "600.00"),
        order("o3", "CS3", "P2", "400.00"),
    ]

    static func order(_ event: String, _ id: String, _ product: String, _ amount: String) -> String {
        #"{"id":"\#(event)","type":"order.created","at":"2026-10-05T10:00:00+08:00","order":{"id":"\#(id)","productId":"\#(product)","customer":{"id":"c1","name":"欧阳秀英","userName":"oy"},"createdAt":"2026-10-05T10:00:00+08:00","chargingMode":"PERIOD","periodType":"month","periodNumber":1,"amount":"\#(amount)","orderType":"NEW"}}"#
    }

    static func bill(_ event: String, id: String = "202610-api", status: String = "to_invoice", _ lines: String) -> String {
        #"{"id":"\#(event)","type":"bill.published","at":"2026-11-03T10:00:00+08:00","bill":{"id":"\#(id)","period":"202610","productType":"api","status":"\#(status)","lines":[\#(lines)]}}"#
    }

    static let good = #"{"orderId":"CS1","amount":"1000.00","settlement":"950.00"},{"orderId":"CS2","amount":"600.00","settlement":"570.00"},{"orderId":"CS3","amount":"400.00","settlement":"340.00"}"#

    static func store(_ tmp: TempDir, _ lines: [String]) throws -> (status: Int32, out: String, err: String) {
        #expect(try runBinary("seller", ["init", "--store", tmp.store, "--name", "云杉科技", "--id", "acme"]).status == 0)
        let feed = tmp.path + "/feed.jsonl"
        writeBytes(feed, Array((lines.joined(separator: "\n") + "\n").utf8))
        return try runBinary("seller", ["ingest", feed, "--store", tmp.store])
    }

    @Test func badBillsAreRejectedWithTheirLineAndResentOnesAreDuplicates() throws {
        let tmp = TempDir()
        let lines = Self.head + [
            Self.bill("b1", #"{"orderId":"CS1","amount":"1000.00","settlement":"950.00"},{"orderId":"CS404","amount":"1.00","settlement":"0.95"}"#),
            Self.bill("b2", #"{"orderId":"CS1","amount":"10.005","settlement":"9.50"}"#),
            Self.bill("b3", status: "to_be_paid_someday", Self.good),
            Self.bill("b4", Self.good),
            Self.bill("b5", Self.good),
            Self.bill("b6", #"{"orderId":"CS1","amount":"1000.00","settlement":"950.00"}"#),
            #"{"id":"b7","type":"bill.status_changed","at":"2026-11-05T10:00:00+08:00","billId":"202610-api","status":"paid"}"#,
            #"{"id":"b8","type":"bill.status_changed","at":"2026-11-06T10:00:00+08:00","billId":"202610-api","status":"to_pay"}"#,
        ]
        let r = try Self.store(tmp, lines)
        #expect(r.status == 1)
        #expect(r.out.contains("applied 7, duplicates 1, rejected 5"), "\(r.out)")
        let feed = tmp.path + "/feed.jsonl"
        for (line, reason) in [(6, "unknown order 'CS404'"), (7, "not a decimal amount"), (8, "to_be_paid_someday"),
                               (11, "already stored with different content"), (13, "cannot go back from paid")] {
            #expect(r.err.contains("\(feed):\(line): ") && r.err.split(separator: "\n").contains { $0.hasPrefix("\(feed):\(line): ") && $0.contains(reason) },
                    "line \(line) should say '\(reason)': \(r.err)")
        }
        let s = try Store.open(at: tmp.store, readOnly: true).state
        #expect(s.bills.count == 1 && s.bills["202610-api"]?.lines.count == 3 && s.bills["202610-api"]?.status == .paid, "nothing half-applied")
        // Compaction keeps the bills table; the snapshot reads back to the same state.
        #expect(try runBinary("seller", ["compact", "--store", tmp.store]).status == 0)
        #expect(try Store.open(at: tmp.store, readOnly: true).state.bills == s.bills)
    }

    @Test func reconcileExitsZeroWhenTheBillAgreesAndOneWithTheDifferences() throws {
        let tmp = TempDir()
        let wrong = #"{"orderId":"CS1","amount":"1000.00","settlement":"940.00"},{"orderId":"CS3","amount":"400.00","settlement":"340.00"}"#
        let r = try Self.store(tmp, Self.head + [Self.bill("b1", Self.good), Self.bill("b2", id: "202610-api-b", wrong)])
        #expect(r.status == 0, "\(r.err)")
        let ok = try runBinary("seller", ["bills", "reconcile", "202610-api", "--store", tmp.store, "--as-of", "2026-11-10"])
        #expect(ok.status == 0 && ok.out.contains("agrees"), "\(ok.out)\(ok.err)")
        let bad = try runBinary("seller", ["bills", "reconcile", "202610-api-b", "--store", tmp.store, "--as-of", "2026-11-10", "--format", "json"])
        #expect(bad.status == 1)
        struct Diff: Decodable { var kind: String; var orderId: String; var billSettlement: String?; var consoleSettlement: String?; var consoleAmount: String? }
        struct Rec: Decodable { var agrees: Bool; var differences: [Diff] }
        let rec = try JSONDecoder().decode(Rec.self, from: Data(bad.out.utf8))
        #expect(!rec.agrees)
        #expect(rec.differences.contains { $0.kind == "settlement_differs" && $0.orderId == "CS1" && $0.billSettlement == "940.00" && $0.consoleSettlement == "950.00" })
        #expect(rec.differences.contains { $0.kind == "missing_from_bill" && $0.orderId == "CS2" && $0.consoleAmount == "600.00" })
        let list = try runBinary("seller", ["bills", "--store", tmp.store, "--as-of", "2026-11-10"])
        #expect(list.out.contains("2 differences"), "\(list.out)")
    }

    @Test func invoicingHuaweiCloudRefusesTheWrongStateOrAmount() throws {
        let tmp = TempDir()
        let r = try Self.store(tmp, Self.head + [Self.bill("b1", Self.good), Self.bill("b2", id: "202610-api-p", status: "to_pay", Self.good)])
        #expect(r.status == 0, "\(r.err)")
        let state = try runBinary("seller", ["bills", "invoice", "202610-api-p", "--number", "No.1", "--amount", "1860.00", "--store", tmp.store])
        #expect(state.status == 1 && state.err.contains("only for a bill in to_invoice"), "\(state.err)")
        let journal = fileBytes(tmp.store + "/journal.jsonl")
        let bad = try runBinary("seller", ["bills", "invoice", "202610-api", "--number", "No.1", "--amount", "2000.00", "--store", tmp.store])
        #expect(bad.status == 1 && bad.err.contains("invoice amount 2000.00 differs from the bill's total settlement 1860.00"), "\(bad.err)")
        let unchanged = fileBytes(tmp.store + "/journal.jsonl") == journal
        #expect(unchanged, "a refusal writes nothing")
        let good = try runBinary("seller", ["bills", "invoice", "202610-api", "--number", "No.1", "--amount", "1860.00", "--store", tmp.store])
        #expect(good.status == 0, "\(good.err)")
        let again = try runBinary("seller", ["bills", "invoice", "202610-api", "--number", "No.2", "--amount", "1860.00", "--store", tmp.store])
        #expect(again.status == 1 && again.err.contains("one invoice per bill"))
        let feed = tmp.path + "/paid.jsonl"
        writeBytes(feed, Array((#"{"id":"b9","type":"bill.status_changed","at":"2026-11-20T10:00:00+08:00","billId":"202610-api","status":"to_pay"}"# + "\n").utf8))
        #expect(try runBinary("seller", ["ingest", feed, "--store", tmp.store]).status == 0)
        let s = try Store.open(at: tmp.store, readOnly: true).state
        #expect(s.bills["202610-api"]?.huaweiInvoice?.amount == Money(yuan: 1860))
    }

    @Test func settlementJSONHasTheDocumentedFields() throws {
        let tmp = TempDir()
        #expect(try Self.store(tmp, Self.head).status == 0)
        let r = try runBinary("seller", ["settlement", "--store", tmp.store, "--as-of", "2026-11-10", "--format", "json", "--order", "CS1"])
        #expect(r.status == 0, "\(r.err)")
        let rows = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [[String: Any]]
        #expect(rows.count == 1)
        let row = rows[0]
        #expect(row["orderId"] as? String == "CS1" && row["period"] as? String == "202610" && row["state"] as? String == "billed")
        #expect(row["reasons"] as? [String] == [] && row["productType"] as? String == "api")
        #expect(row["saleAmount"] as? String == "1000.00" && row["feeRate"] as? String == "0.05" && row["settlementAmount"] as? String == "950.00")
        let early = try runBinary("seller", ["settlement", "--store", tmp.store, "--as-of", "2026-10-20", "--state", "pending", "--format", "csv"])
        #expect(early.out.contains("账期 202610 尚未出账"), "\(early.out)")
        let why = try runBinary("seller", ["settlement", "why", "CS3", "--store", tmp.store, "--as-of", "2026-11-10"])
        #expect(why.status == 0 && why.out.contains("billed (已出账) in 账期 202610") && why.out.contains("平台费比例未知"), "\(why.out)")
        let rated = try runBinary("seller", ["settlement", "--store", tmp.store, "--as-of", "2026-11-10", "--order", "CS3", "--fee-rate", "joint=15%", "--format", "json"])
        #expect(rated.out.contains(#""settlementAmount":"340.00""#), "\(rated.out)")
        #expect(try runBinary("seller", ["settlement", "--store", tmp.store, "--period", "2026-10"]).status == 2)
        #expect(try runBinary("seller", ["settlement", "why", "CS404", "--store", tmp.store]).status == 1)
    }

    /// The demo's bills: they reconcile except the one that misses a line; the
    /// overview counts that bill's differing order and the bills due to be invoiced.
    @Test func demoBillsReconcileAndTheOverviewShowsTheDifference() throws {
        let tmp = TempDir()
        let r = try runBinary("seller", ["demo", "--store", tmp.store, "--orders", "150", "--seed", "3"])
        #expect(r.status == 0, "\(r.err)")
        let s = try Store.open(at: tmp.store, readOnly: true).state
        let anchor = DemoGenerator.Options.defaultAnchor
        let derived = Settlement.derive(s, asOf: anchor)
        let results = s.bills.values.map { Settlement.reconcile($0, with: derived) }
        #expect(s.bills.count >= 10)
        let bad = results.filter { !$0.agrees }
        #expect(bad.count == 1 && bad[0].differences.map(\.kind) == [.missing], "\(bad.map(\.differences))")
        #expect(results.contains { $0.onDemandLines > 0 }, "按需 income appears in a bill")
        let onDemand = s.orders.values.filter { $0.chargingMode == .onDemand }.map(\.id)
        #expect(!onDemand.isEmpty && onDemand.allSatisfy { id in derived.first { $0.orderId == id }?.state == .billed })
        let figures = Dashboard.settlementFigures(Model(state: s, account: s.mainAccount!, now: anchor, lang: .zh))
        #expect(figures.map(\.count).first == 1, "\(figures)")
        let dueBills = s.bills.values.filter { $0.status == .toInvoice && $0.huaweiInvoice == nil && HuaweiInvoicing.required(for: $0, in: s) }
        #expect(!dueBills.isEmpty && figures[1].count == Set(dueBills.flatMap { $0.lines.map(\.orderId) }).count)
        let cli = try runBinary("seller", ["bills", "reconcile", bad[0].billId, "--store", tmp.store, "--as-of", "2026-11-20 10:00"])
        #expect(cli.status == 1 && cli.out.contains("missing_from_bill"), "\(cli.out)")
    }
}
