import Foundation
import Testing
@testable import SellerCore
import SellerUI

/// The scripted commands, driven as a user runs them, checked against the core.
@Suite struct CLITests {
    static func demoStore(_ tmp: TempDir, orders: Int = 120, seed: Int = 5) throws -> String {
        let r = try runBinary("seller", ["demo", "--store", tmp.store, "--orders", "\(orders)", "--seed", "\(seed)"])
        #expect(r.status == 0, "\(r.err)")
        return tmp.store
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    @Test func ingestIsIdempotentAndNamesEveryRejectedLine() throws {
        let tmp = TempDir()
        #expect(try runBinary("seller", ["init", "--store", tmp.store, "--name", "云杉科技", "--id", "acme"]).status == 0)
        let feed = tmp.path + "/feed.jsonl"
        let lines = [
            #"{"id":"e1","type":"product.upserted","at":"2026-11-01T09:00:00+08:00","product":{"id":"P1","name":"数据迁移服务","type":"manual_service","saleModel":"general"}}"#,
            #"{"id":"e2","type":"order.created","at":"2026-11-01T10:00:00+08:00","order":{"id":"CS1","productId":"P1","customer":{"id":"c1","name":"欧阳秀英","userName":"oy"},"createdAt":"2026-11-01T10:00:00+08:00","chargingMode":"PERIOD","periodType":"month","periodNumber":1,"amount":"1200.00","orderType":"NEW"}}"#,
            #"{"id":"e3","type":"order.created","at":"2026-11-01T10:00:00+08:00","order":{"id":"CS2""#,
            #"{"id":"e4","type":"order.teleported","at":"2026-11-01T10:00:00+08:00"}"#,
            #"{"id":"e5","type":"supervision.buyer_rejected","at":"2026-11-02T10:00:00+08:00","orderId":"CS1"}"#,
            #"{"id":"e6","type":"supervision.buyer_accepted","at":"2026-11-02T10:00:00+08:00","orderId":"CS404"}"#,
            #"{"id":"e7","type":"supervision.buyer_accepted","at":"2026-11-02T10:00:00+08:00","orderId":"CS1"}"#,
            #"{"id":"e1","type":"product.upserted","at":"2026-11-01T09:00:00+08:00","product":{"id":"P1","name":"改过的名字","type":"manual_service","saleModel":"general"}}"#,
            #"{"id":"e8","type":"supervision.requirements_submitted","at":"2026-11-02T11:00:00+08:00","orderId":"CS1","text":"需求\u001b[2J"}"#,
            #"{"id":"e9","type":"invoice.requested","at":"2026-11-02T11:00:00+08:00","requestId":"I1","orderId":"CS1","amount":12.5,"title":"t"}"#,
            "",
        ]
        writeBytes(feed, Array(lines.joined(separator: "\n").utf8))
        let first = try runBinary("seller", ["ingest", feed, "--store", tmp.store])
        #expect(first.status == 1)
        #expect(first.out.contains("applied 3, duplicates 0, rejected 7 (1 conflicts)"), "\(first.out)")
        let expected = [
            (3, "not a JSON object"),
            (4, "unknown type 'order.teleported'"),
            (5, "field reason: missing"),
            (6, "unknown order 'CS404'"),
            (7, "cannot buyer_accept (确认验收) at awaiting_requirements (待提交需求)"),
            (8, "conflict: event e1 is already stored with different content"),
            (10, "field amount: expected String"),
        ]
        let errLines = first.err.split(separator: "\n").map(String.init)
        #expect(errLines.count == expected.count, "\(errLines)")
        for (line, reason) in expected {
            #expect(errLines.contains { $0.hasPrefix("\(feed):\(line): ") && $0.contains(reason) }, "line \(line) should say '\(reason)': \(errLines)")
        }
        let store = try Store.open(at: tmp.store)
        #expect(store.state.records["CS1"]?.state == .awaitingRequirementConfirmation)
        #expect(store.state.records["CS1"]?.requirement?.text == "需求\u{1B}[2J", "stored as given")
        #expect(store.state.products["P1"]?.name == "数据迁移服务", "a conflict is not applied")

        let journal = fileBytes(tmp.store + "/journal.jsonl")
        let again = try runBinary("seller", ["ingest", feed, "--store", tmp.store])
        #expect(again.out.contains("applied 0, duplicates 3, rejected 7"), "\(again.out)")
        #expect(fileBytes(tmp.store + "/journal.jsonl") == journal, "re-ingesting changes nothing")

        // A clean feed re-ingested says so in words.
        let clean = tmp.path + "/clean.jsonl"
        writeBytes(clean, Array((lines[0] + "\n" + lines[1] + "\n").utf8))
        let dup = try runBinary("seller", ["ingest", clean, "--store", tmp.store])
        #expect(dup.status == 0 && dup.out.contains("nothing new: all 2 events were already in the store"))
        // Standard input works too.
        let input = tmp.path + "/stdin.jsonl"
        writeBytes(input, Array((#"{"id":"m1","type":"message.posted","at":"2026-11-03T09:00:00+08:00","category":901,"title":"通知","body":"正文"}"# + "\n").utf8))
        let piped = Spawn.run(builtProduct("seller"), ["ingest", "-", "--store", tmp.store], stdinPath: input)
        #expect(piped.status == 0)
        #expect(piped.out.contains("applied 1"))
    }

    @Test func jsonOutputIsWhatTheCoreHolds() throws {
        let tmp = TempDir()
        let dir = try Self.demoStore(tmp)
        let state = try Store.open(at: dir).state
        let main = state.mainAccount!
        func json(_ args: [String]) throws -> String {
            let r = try runBinary("seller", args + ["--store", dir, "--format", "json"])
            #expect(r.status == 0, "\(args): \(r.err)")
            return r.out
        }
        // 按需 orders are left out of the list unless asked for [S1].
        let listed = try Self.decode([Order].self, json(["orders"]))
        #expect(listed.count == state.orders.values.count(where: OrderQuery.isListed) && listed.allSatisfy(OrderQuery.isListed))
        #expect(state.orders.values.contains { !OrderQuery.isListed($0) }, "the demo has 按需 orders")
        let orders = try Self.decode([Order].self, json(["orders", "--include-on-demand"]))
        #expect(orders.count == state.orders.count && EntityTable(uniqueKeysWithValues: orders.map { ($0.id, $0) }) == state.orders)
        let records = try Self.decode([ServiceRecord].self, json(["supervision"]))
        #expect(EntityTable(uniqueKeysWithValues: records.map { ($0.orderId, $0) }) == state.records)
        let tickets = try Self.decode([Ticket].self, json(["tickets", "--queue", "all"]))
        #expect(EntityTable(uniqueKeysWithValues: tickets.map { ($0.id, $0) }) == state.tickets)
        let messages = try Self.decode([Message].self, json(["messages"]))
        #expect(EntityTable(uniqueKeysWithValues: messages.map { ($0.id, $0) }) == state.messages)
        let appeals = try Self.decode([Appeal].self, json(["appeals"]))
        #expect(EntityTable(uniqueKeysWithValues: appeals.map { ($0.id, $0) }) == state.appeals)
        let invoices = try Self.decode([InvoiceRequest].self, json(["invoices"]))
        #expect(Dictionary(uniqueKeysWithValues: invoices.map { ($0.id, $0) }) == state.invoices)
        let accounts = try Self.decode([Account].self, json(["accounts"]))
        #expect(Dictionary(uniqueKeysWithValues: accounts.map { ($0.id, $0) }) == state.accounts)
        let products = try Self.decode([Product].self, json(["products"]))
        #expect(Dictionary(uniqueKeysWithValues: products.map { ($0.id, $0) }) == state.products)
        let receivers = try Self.decode([MessageReceiver].self, json(["receivers"]))
        #expect(Dictionary(uniqueKeysWithValues: receivers.map { ($0.id, $0) }) == state.receivers)
        // Filters agree with the core's query.
        var q = OrderQuery()
        q.customer = "欧阳"
        q.status = .processing
        let filtered = try Self.decode([Order].self, json(["orders", "--customer", "欧阳", "--status", "处理中"]))
        #expect(filtered == q.run(state, account: main))
        // A sub-account sees only its products.
        let li = try Self.decode([ServiceRecord].self, json(["supervision", "--as", "li.na"]))
        #expect(Set(li.map(\.orderId)) == Set(state.visibleRecords(for: state.accounts["li.na"]!).map(\.orderId)))
        #expect(li.count < records.count && !li.isEmpty)
    }

    @Test func refusedCommandsLeaveTheStoreByteForByte() throws {
        let tmp = TempDir()
        let dir = try Self.demoStore(tmp)
        let state = try Store.open(at: dir).state
        let doc = tmp.path + "/验收文档.pdf"
        writeBytes(doc, Array("%PDF-1.4 demo".utf8))
        let before = DamageTests.files(dir)
        let completed = state.records.values.first { $0.state == .completed && !$0.isFrozen }!.orderId
        let atRequirements = state.records.values.first { $0.state == .awaitingRequirements && !$0.isFrozen }!.orderId
        let frozen = state.records.values.first { $0.isFrozen }!.orderId
        // A record whose open appeal is the merchant's own: the merchant cannot file a second.
        let frozenByMerchant = state.records.values.first { r in r.openAppealIds.contains { state.appeals[$0]?.initiator == .merchant } }!.orderId
        let liRecord = state.records.values.first { state.products[$0.productId]?.authorizedTo == "li.na" && $0.state == .awaitingRequirementConfirmation }
        let refusals: [([String], String)] = [
            (["supervision", "do", atRequirements, "deliver", "--result-description", "完成", "--document", doc], "cannot deliver"),
            (["supervision", "do", frozen, "deliver", "--result-description", "完成", "--document", doc], "frozen by open appeal"),
            (["supervision", "do", completed, "confirm-requirements"], "the record is closed"),
            (["supervision", "do", atRequirements, "teleport"], "unknown action"),
            (["appeal", "file", completed, "--reason", "晚了", "--evidence", doc], "the service record is closed"),
            (["appeal", "file", frozenByMerchant, "--reason", "再来一次", "--evidence", doc], "already has an open merchant appeal"),
            (["ticket", "accept", "TK5-1", "--as", "li.na"], "may not"),
            (["ticket", "reply", "TK5-1", "--body", "hi"], "cannot reply (回复) while todo"),
            (["ticket", "reassign", "TK5-1", "--to", "li.na"], "delivery sub-account"),
            (["invoices", "--as", "wang.fang"], "may not see invoice requests"),
            (["products", "authorize", "P-MS-01", "--to", "zhou.jie"], "revoke it first"),
            (["receivers", "add", "--id", "x", "--name", "值班", "--mobile", "12345", "--channel", "sms"], "not an 11-digit mainland mobile"),
            (["messages", "read", "no-such-message"], "unknown message"),
            (["accounts", "add", "--id", "li.na", "--name", "dup", "--role", "support"], "already exists"),
        ] + (liRecord.map { [(["supervision", "do", $0.orderId, "confirm-requirements", "--as", "zhou.jie"], "李娜")] } ?? [])
        for (args, reason) in refusals {
            let r = try runBinary("seller", args + ["--store", dir])
            #expect(r.status == (reason == "unknown action" ? 2 : 1), "\(args) exited \(r.status): \(r.err)")
            #expect(r.err.contains(reason), "\(args) should say '\(reason)': \(r.err)")
            #expect(DamageTests.files(dir) == before, "\(args) changed the store")
        }
    }

    @Test func readOnlyModeRefusesEveryWriteAndStillReads() throws {
        let tmp = TempDir()
        let dir = try Self.demoStore(tmp)
        let state = try Store.open(at: dir).state
        let before = DamageTests.files(dir)
        let open = state.records.values.first { $0.state == .awaitingRequirementConfirmation && !$0.isFrozen }!.orderId
        let writes: [[String]] = [
            ["supervision", "do", open, "confirm-requirements"], ["appeal", "file", open, "--reason", "x"],
            ["messages", "read", "--all"], ["receivers", "add", "--id", "x", "--name", "y", "--channel", "in_app"],
            ["ticket", "accept", "TK5-1"], ["accounts", "add", "--id", "n1", "--name", "n", "--role", "support"],
            ["products", "authorize", "P-MS-01", "--to", "li.na"], ["compact"], ["repair"], ["ingest", "/dev/null"],
            ["invoice", "issue", "x", "--number", "1"],
        ]
        for args in writes {
            for how in [["--readonly"], []] {
                let r = try runBinary("seller", args + ["--store", dir] + how, env: how.isEmpty ? ["SELLER_READONLY": "1"] : [:])
                #expect(r.status == 1 && r.err.contains("read-only mode"), "\(args) \(how): exit \(r.status) \(r.err)")
            }
        }
        #expect(DamageTests.files(dir) == before, "read-only mode wrote to the store")
        let unread = state.messages.values.first { !$0.read }!.id
        for args in [["orders"], ["supervision"], ["messages", "--unread"], ["messages", "show", unread], ["receivers", "list"],
                     ["tickets", "--queue", "all"], ["check"]] {
            let r = try runBinary("seller", args + ["--store", dir, "--readonly"])
            #expect(r.status == 0, "\(args) reads: \(r.err)")
        }
        #expect(DamageTests.files(dir) == before)
    }

    @Test func anUnknownThemeIsAUsageErrorNamingTheThemes() throws {
        let r = try runBinary("seller", ["--theme", "sepia", "--store", "/nonexistent"])
        #expect(r.status == 2 && r.err.contains("dark, light, high-contrast, monochrome"), "\(r.err)")
    }

    @Test func actionsThroughTheCommandLine() throws {
        let tmp = TempDir()
        let dir = try Self.demoStore(tmp)
        var state = try Store.open(at: dir).state
        let doc = tmp.path + "/验收文档.pdf"
        writeBytes(doc, Array("%PDF-1.4 accepted".utf8))
        let target = state.records.values.filter { $0.state == .awaitingDelivery && !$0.isFrozen && $0.flow == .manualService }.map(\.orderId).sorted().first!
        var r = try runBinary("seller", ["supervision", "do", target, "deliver", "--store", dir, "--result-description", "已完成迁移",
                                         "--document", doc, "--actual-activation-time", "2026-11-19 09:00"])
        #expect(r.status == 0, "\(r.err)")
        state = try Store.open(at: dir).state
        let rec = state.records[target]!
        #expect([.awaitingAcceptance, .underReview].contains(rec.state))
        let sha = rec.delivery!.documents[0].sha256!
        #expect(fileBytes(dir + "/attachments/" + sha) == Array("%PDF-1.4 accepted".utf8), "the document was copied into the store")
        #expect(rec.delivery?.actualActivationTime == Timestamp(iso8601: "2026-11-19 09:00"))

        let open = state.records.values.filter { $0.isOpen && !$0.isFrozen }.map(\.orderId).sorted().last!
        r = try runBinary("seller", ["appeal", "file", open, "--reason", "买家长期不验收", "--evidence", doc, "--store", dir])
        #expect(r.status == 0, "\(r.err)")
        r = try runBinary("seller", ["ticket", "accept", "TK5-1", "--store", dir])
        #expect(r.status == 0, "\(r.err)")
        r = try runBinary("seller", ["ticket", "reply", "TK5-1", "--body", "您好，已处理。", "--store", dir])
        #expect(r.status == 0 && r.out.contains("待客户确认"), "\(r.err)")
        r = try runBinary("seller", ["messages", "read", "--all", "--store", dir])
        #expect(r.status == 0)
        state = try Store.open(at: dir).state
        #expect(state.records[open]?.isFrozen == true)
        #expect(state.tickets["TK5-1"]?.status == .waiting)
        #expect(state.messages.values.allSatisfy { $0.read })
        // The outbox lists exactly these merchant actions, with sequence numbers, after the demo's.
        let out = try runBinary("seller", ["outbox", "--store", dir]).out.split(separator: "\n")
        let last5 = out.suffix(5).map { String($0) }
        #expect(last5[0].contains(#""type":"merchant.supervision.step""#) && last5[1].contains(#""type":"merchant.appeal.filed""#))
        #expect(last5[4].contains(#""type":"merchant.messages.marked""#))
        let seqs = out.map { line -> Int in Int(line[line.range(of: #""seq":"#)!.upperBound...].prefix { $0.isNumber })! }
        #expect(seqs == seqs.sorted() && Set(seqs).count == seqs.count)
        let since = try runBinary("seller", ["outbox", "--since", "\(seqs[seqs.count - 3])", "--store", dir]).out.split(separator: "\n")
        #expect(since.count == 2)
        // Compaction keeps the outbox.
        #expect(try runBinary("seller", ["compact", "--store", dir]).status == 0)
        #expect(try runBinary("seller", ["outbox", "--store", dir]).out.split(separator: "\n").count == out.count)
        // The outbox replays into another store: the merchant actions arrive.
        let copy = TempDir()
        #expect(try runBinary("seller", ["demo", "--store", copy.store, "--orders", "120", "--seed", "5"]).status == 0)
        let outbox = tmp.path + "/outbox.jsonl"
        writeBytes(outbox, Array(try runBinary("seller", ["outbox", "--store", dir]).out.utf8))
        let replay = try runBinary("seller", ["ingest", "--replay-outbox", outbox, "--store", copy.store])
        #expect(replay.out.contains("applied 5,"), "\(replay.out) \(replay.err)")
        #expect(try Store.open(at: copy.store).state.tickets["TK5-1"]?.status == .waiting)
    }

    @Test func csvExportRoundTripsChineseAndHostileText() throws {
        let tmp = TempDir()
        let dir = try Self.demoStore(tmp, orders: 200)
        let out = tmp.path + "/orders.csv"
        let r = try runBinary("seller", ["orders", "export", "--format", "csv", "--bom", "--out", out, "--store", dir])
        #expect(r.status == 0, "\(r.err)")
        let bytes = fileBytes(out)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let rows = CSVReader.parse(String(decoding: bytes.dropFirst(3), as: UTF8.self))
        let state = try Store.open(at: dir).state
        #expect(rows.first == ["订单号", "客户名称", "用户名", "商品名称", "商品类型", "金额", "创建时间", "订单状态", "服务监管状态"])
        #expect(rows.count == state.orders.values.count(where: OrderQuery.isListed) + 1, "按需 orders are not exported")
        var hostileSeen = 0
        for row in rows.dropFirst() {
            let o = state.orders[row[0]]!
            let name = o.customer.name
            let expected = "=+-@\t\r".unicodeScalars.contains(name.unicodeScalars.first!) ? "'" + name : name
            #expect(row[1] == expected, "customer of \(o.id)")
            #expect(row[5] == o.amount.decimalString)
            if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\u{202E}" }) { hostileSeen += 1 }
        }
        #expect(hostileSeen > 0, "the demo's hostile names went through the CSV")
        // Formula injection is neutralised, numbers are not.
        #expect(CSVReader.parse(CSV.line(["=1+1", "-99.00", "@SUM(A1)", "+86 138", "a,\"b\"\r\nc"])) == [["'=1+1", "-99.00", "'@SUM(A1)", "'+86 138", "a,\"b\"\r\nc"]])
    }

    @Test func demoWithTheSameSeedGivesTheSameStore() throws {
        let a = TempDir(), b = TempDir(), c = TempDir()
        for (t, seed) in [(a, 9), (b, 9), (c, 10)] {
            #expect(try runBinary("seller", ["demo", "--store", t.store, "--orders", "80", "--seed", "\(seed)"]).status == 0)
        }
        // Each store has its own id (in every journal line, with the line's
        // checksum over it); everything else is the same bytes.
        func events(_ t: TempDir) -> String {
            String(decoding: fileBytes(t.store + "/journal.jsonl"), as: UTF8.self)
                .replacingOccurrences(of: #""crc":"[0-9a-f]{8}","#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #","store":"[0-9a-f]+""#, with: "", options: .regularExpression)
        }
        #expect(!events(a).isEmpty && events(a) == events(b))
        #expect(events(a) != events(c))
        let f1 = try runBinary("seller", ["demo", "--feed", "--orders", "80", "--seed", "9"]).out
        #expect(f1 == (try runBinary("seller", ["demo", "--feed", "--orders", "80", "--seed", "9"]).out))
        // The printed feed holds platform facts only — exactly the demo store's:
        // ingested into that store, every line is a duplicate.
        let lines = f1.split(separator: "\n")
        #expect(lines.count > 100 && !lines.contains { $0.contains(#""type":"merchant."#) })
        let feed = a.path + "/feed.jsonl"
        writeBytes(feed, Array(f1.utf8))
        let d = TempDir()
        try FileManager.default.createDirectory(atPath: d.store, withIntermediateDirectories: true)
        #expect(try runBinary("seller", ["ingest", feed, "--store", d.store]).status == 1, "ingest needs a store (FORMAT)")
        let again = try runBinary("seller", ["ingest", feed, "--store", a.store])
        #expect(again.status == 0 && again.out.contains("applied 0, duplicates \(lines.count), rejected 0"), "\(again)")
        #expect(try runBinary("seller", ["demo", "--store", a.store]).status == 1, "the demo never writes into an existing store")
    }

    @Test func tablesAlignChineseByDisplayWidthAndHideControls() throws {
        let tmp = TempDir()
        let dir = try Self.demoStore(tmp, orders: 160)
        let r = try runBinary("seller", ["orders", "--store", dir])
        #expect(!r.out.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" || $0 == "\u{07}" || $0 == "\r" })
        // The creation-time column starts at the same display column on every row.
        let lines = r.out.split(separator: "\n").map(String.init)
        let starts = lines.dropFirst().compactMap { line -> Int? in
            guard let range = line.range(of: #"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"#, options: .regularExpression) else { return nil }
            return TextWidth.width(String(line[..<range.lowerBound]))
        }
        #expect(starts.count == lines.count - 1 && Set(starts).count == 1, "creation time starts at columns \(Set(starts))")
        #expect(lines.contains { $0.contains("␛") }, "escape characters are shown, not sent")
    }

    @Test func optionsMayComeBeforeTheCommand() throws {
        let tmp = TempDir()
        let dir = try Self.demoStore(tmp, orders: 20)
        let before = try runBinary("seller", ["--store", dir, "--as", "li.na", "supervision", "--format", "json"])
        let after = try runBinary("seller", ["supervision", "--store", dir, "--as", "li.na", "--format", "json"])
        #expect(before.status == 0 && before.out == after.out && !before.out.isEmpty, "\(before.err)")
        let help = try runBinary("seller", ["--store", dir, "orders", "--help"])
        #expect(help.status == 0 && help.out.contains("seller orders"))
    }

    /// Issue 14 item 12: global options anywhere, a suggestion for a typo,
    /// an export that never overwrites, whole cells when the table is piped.
    @Test func globalOptionsAnywhereTyposSuggestedExportsNeverOverwrite() throws {
        let tmp = TempDir()
        let dir = try Self.demoStore(tmp, orders: 20)
        for args in [["keys", "--lang", "en", "--store", dir, "--as", "yunshan", "--readonly"], ["--lang", "zh", "--store", dir, "keys"],
                     ["keys", "--format", "json"], ["check", "--lang", "en", "--as", "yunshan", "--store", dir], ["--format", "json", "--lang", "en", "orders", "--store", dir]] {
            let r = try runBinary("seller", args)
            #expect(r.status == 0, "\(args): \(r.err)")
        }
        let oneForm = try runBinary("seller", ["check", "--store", dir, "--format", "csv"])
        #expect(oneForm.status == 2 && oneForm.err.contains("--format csv"), "\(oneForm.err)")

        for (typo, meant) in [("ordres", "orders"), ("supervison", "supervision"), ("recievers", "receivers"), ("kyes", "keys")] {
            let r = try runBinary("seller", [typo, "--store", dir])
            #expect(r.status == 2 && r.err.contains("did you mean '\(meant)'"), "\(typo): \(r.err)")
        }
        #expect(try runBinary("seller", ["zzzzzz"]).err.contains("did you mean") == false)

        let out = tmp.path + "/orders.csv"
        writeBytes(out, Array("keep me".utf8))
        let r = try runBinary("seller", ["orders", "export", "--format", "csv", "--out", out, "--store", dir])
        #expect(r.status == 1 && r.err.contains("already exists"), "\(r.err)")
        #expect(fileBytes(out) == Array("keep me".utf8), "the existing file is untouched")
        let fresh = tmp.path + "/new.csv"
        #expect(try runBinary("seller", ["orders", "export", "--format", "csv", "--out", fresh, "--store", dir]).status == 0)
        #expect(!fileBytes(fresh).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).allSatisfy { !$0.hasSuffix(".tmp") }, "no temporary file is left")
    }

    @Test func aPipedTableKeepsEveryCellWhole() throws {
        let tmp = TempDir()
        let dir = try Self.demoStore(tmp, orders: 20)
        let name = "华东区域交付与实施服务中心第二项目组（杭州）值班账号甲" // 54 cells, wider than a terminal table's cell
        #expect(try runBinary("seller", ["accounts", "add", "--store", dir, "--id", "long.name", "--name", name, "--role", "delivery"]).status == 0)
        let r = try runBinary("seller", ["accounts", "--store", dir])
        #expect(r.status == 0 && r.out.contains(name), "standard output is a file here, not a terminal: nothing is cut\n\(r.out)")
    }

    @Test func helpForEveryCommand() throws {
        let overview = try runBinary("seller", ["--help"]).out
        let names = ["orders", "supervision", "appeals", "appeal", "tickets", "ticket", "messages", "receivers", "invoices", "invoice",
                     "accounts", "products", "init", "demo", "ingest", "outbox", "check", "repair", "compact"]
        for n in names {
            #expect(overview.contains("  \(n) "), "\(n) missing from --help")
            let r = try runBinary("seller", [n, "--help"])
            #expect(r.status == 0 && r.out.contains("seller \(n)"), "\(n) --help")
        }
    }
}

/// A small RFC 4180 reader, to check what the CSV writer wrote.
enum CSVReader {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if quoted {
                if c == "\"" {
                    let n = text.index(after: i)
                    if n < text.endIndex, text[n] == "\"" { field.append("\""); i = n } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\r\n" || c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(c) }
            i = text.index(after: i)
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
