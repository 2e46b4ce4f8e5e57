import Foundation
import Testing
import SellerCore
@testable import SellerUI

/// The console's strings live in assets/locale/{zh,en}.json. These tests keep
/// the embedded copy, both languages and the sources in step.
@Suite struct LocaleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func asset(_ lang: Lang) throws -> String {
        try String(contentsOf: root.appendingPathComponent("assets/locale/\(lang.rawValue).json"), encoding: .utf8)
    }

    /// Swift files of the console (the UI module and the terminal runner).
    static func consoleSources(_ dirs: [String] = ["Sources/SellerUI", "Sources/seller/Console"]) throws -> [(path: String, text: String)] {
        var out: [(String, String)] = []
        for dir in dirs {
            let base = root.appendingPathComponent(dir)
            let files = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
            for f in files.sorted() where f.hasSuffix(".swift") && !f.hasSuffix("EmbeddedLocale.swift") {
                out.append(("\(dir)/\(f)", try String(contentsOf: base.appendingPathComponent(f), encoding: .utf8)))
            }
        }
        return out
    }

    /// `t("key"` call sites, literal keys only.
    static func literalKeys(in text: String) -> Set<String> {
        let re = try! NSRegularExpression(pattern: #"\.t\("([A-Za-z0-9_.]+)""#)
        let ns = text as NSString
        return Set(re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) })
    }

    /// Keys built at run time from a closed set of names.
    static var dynamicKeys: Set<String> {
        // A pane's command is titled by its pane (the descriptor's `pane.*` key, read literally).
        var keys = Set(CommandID.allCases.filter { $0.pane == nil }.map { "command.\($0.rawValue)" })
        keys.formUnion(CommandLineVerb.allCases.map { "commandLine.usage.\($0.rawValue)" })
        keys.formUnion(["id", "name", "mobile", "email", "categories", "channels"].map { "receiver.field.\($0)" })
        keys.formUnion(allTerms.map(\.termKey))
        return keys
    }

    /// One value of every term the console can show.
    static var allTerms: [any Term] {
        var out: [any Term] = []
        out += SupervisionState.allCases as [any Term]
        out += SupervisionQueue.allCases as [any Term]
        out += ProductType.allCases as [any Term]
        out += OrderStatus.allCases as [any Term]
        out += OrderType.allCases as [any Term]
        out += ChargingMode.allCases as [any Term]
        out += PeriodType.allCases as [any Term]
        out += SaleModel.allCases as [any Term]
        out += FlowID.allCases as [any Term]
        out += ActorKind.allCases as [any Term]
        out += FlowEvent.allCases as [any Term]
        out += TicketStatus.allCases as [any Term]
        out += TicketEvent.allCases as [any Term]
        out += TicketQueue.allCases as [any Term]
        out += AccessKind.allCases as [any Term]
        out += Appeal.Status.allCases as [any Term]
        out += Appeal.Outcome.allCases as [any Term]
        out += [AcceptanceRuleSet.merchantDefined, AcceptanceRuleSet.enablementCloud, AcceptanceRuleSet.baseCloud]
        out += AccountRole.allCases as [any Term]
        out += Channel.allCases as [any Term]
        out += FieldID.allCases as [any Term]
        out += [StallReason.buyerIdle(days: 6), StallReason.repeatedRejections(count: 3)]
        out += ([.notApplicable, .notShipped, .notSigned, .phoneMismatch, .pending(daysLeft: 4), .due] as [HardwareAutoClose]) as [any Term]
        out += (MessageCategory.names.keys.sorted() + [777]).map(CategoryTerm.init) as [any Term]
        return out
    }

    @Test func theBinaryCarriesTheAssetTablesVerbatim() throws {
        for lang in Lang.allCases {
            #expect(EmbeddedLocale.json(lang) + "\n" == (try Self.asset(lang)),
                    "assets/locale/\(lang.rawValue).json changed: run assets/locale/embed")
        }
    }

    @Test func bothLanguagesHaveTheSameKeysAndPlaceholders() throws {
        let zh = try LocaleTable.parse(Self.asset(.zh)), en = try LocaleTable.parse(Self.asset(.en))
        #expect(zh.count > 300)
        #expect(Set(zh.keys).subtracting(en.keys).sorted() == [], "keys only in zh.json")
        #expect(Set(en.keys).subtracting(zh.keys).sorted() == [], "keys only in en.json")
        for (k, z) in zh {
            guard let e = en[k] else { continue }
            #expect(LocaleTable.placeholders(z) == LocaleTable.placeholders(e), "\(k): zh \(z) vs en \(e)")
            #expect(!z.isEmpty && !e.isEmpty, "\(k) is empty")
        }
        #expect(Lang.zh.table == zh && Lang.en.table == en)
    }

    @Test func everyKeyTheSourcesUseExistsAndEveryTableKeyIsUsed() throws {
        var used = Set<String>()
        // The command line shows some of the same details, labelled from the tables too.
        for (path, text) in try Self.consoleSources(["Sources/SellerUI", "Sources/seller/Console", "Sources/seller/CLI"]) {
            let keys = Self.literalKeys(in: text)
            for k in keys { #expect(Lang.zh.table[k] != nil, "\(path) uses \(k), missing from the tables") }
            used.formUnion(keys)
        }
        let dynamic = Self.dynamicKeys
        for k in dynamic { #expect(Lang.zh.table[k] != nil, "\(k) is missing from the tables") }
        let unused = Set(Lang.zh.table.keys).subtracting(used).subtracting(dynamic).sorted()
        #expect(unused == [], "table keys no source uses")
    }

    /// The console writes no Chinese of its own: a CJK string literal in its
    /// sources is text that skipped the tables.
    @Test func noChineseLiteralsOutsideTheTables() throws {
        let cjk = try NSRegularExpression(pattern: #""[^"\n]*[\x{3000}-\x{303F}\x{4E00}-\x{9FFF}\x{FF00}-\x{FFEF}][^"\n]*""#)
        for (path, text) in try Self.consoleSources() {
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.components(separatedBy: "//").first ?? ""
                let hit = cjk.firstMatch(in: code, range: NSRange(location: 0, length: (code as NSString).length))
                #expect(hit == nil, "\(path):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
    }

    /// The core keeps its own Chinese names (CLI output, messages it writes);
    /// the zh table must name every term the same way.
    @Test func chineseTermsAgreeWithTheCore() {
        func core(_ x: any Term) -> String? {
            switch x {
            case let v as SupervisionState: v.zh
            case let v as SupervisionQueue: v.zh
            case let v as ProductType: v.zh
            case let v as OrderStatus: v.zh
            case let v as OrderType: v.zh
            case let v as ChargingMode: v.zh
            case let v as PeriodType: v.zh
            case let v as SaleModel: v.zh
            case let v as FlowID: v.zh
            case let v as ActorKind: v.zh
            case let v as FlowEvent: v.zh
            case let v as TicketStatus: v.zh
            case let v as TicketEvent: v.zh
            case let v as AccessKind: v.zh
            case let v as Appeal.Status: v.zh
            case let v as Appeal.Outcome: v.zh
            case let v as AcceptanceRuleSet: v.zh
            case let v as AccountRole: v.zh
            case let v as Channel: v.zh
            case let v as FieldID: v.zh
            case let v as StallReason: v.zh
            case let v as HardwareAutoClose: v.zh
            case let v as CategoryTerm: MessageCategory.zh(v.code)
            default: nil
            }
        }
        for x in Self.allTerms {
            if let z = core(x) { #expect(Lang.zh.term(x) == z, "\(x.termKey)") }
            #expect(Lang.en.term(x) != x.termKey && !Lang.en.term(x).isEmpty, "\(x.termKey) has an English name")
        }
    }

    /// The vocabulary fast path (no key building) says what the table says.
    @Test func vocabularyLookupEqualsTheKeyedLookup() {
        func check<T: VocabularyTerm & CaseIterable>(_: T.Type) {
            for lang in Lang.allCases {
                for x in T.allCases { #expect(lang.term(x) == lang.table[x.termKey], "\(lang) \(x.termKey)") }
            }
        }
        check(SupervisionState.self); check(SupervisionQueue.self); check(ProductType.self); check(OrderStatus.self)
        check(FlowID.self); check(FlowEvent.self); check(TicketQueue.self); check(Channel.self); check(FieldID.self)
        check(Appeal.Outcome.self); check(ChargingMode.self)
    }

    @Test func templatesFillPlaceholdersAndKeepLiteralBraces() {
        #expect(LocaleTable.format("订单 {0}：{1} 已完成", ["CS1", "确认完成"]) == "订单 CS1：确认完成 已完成")
        #expect(LocaleTable.format("{1} before {0}", ["a", "b"]) == "b before a")
        #expect(LocaleTable.format("{{\"export\": [\"x\"]}} {0}", ["!"]) == "{\"export\": [\"x\"]} !")
        #expect(LocaleTable.format("{9} stays empty, {x} stays", ["a"]) == " stays empty, {x} stays")
        #expect(LocaleTable.placeholders("{0} {{1}} {2}") == [0, 2])
        #expect(Lang.en.t("no.such.key") == "no.such.key")
        #expect(throws: LocaleTable.LocaleError.notAString(key: "a")) { try LocaleTable.parse(#"{"a": 1}"#) }
    }

    /// In English the console's own words are English: the help, footer and
    /// tab bar of every pane show no Chinese (the demo's data may).
    @Test func englishConsoleShowsNoChineseChrome() {
        var app = Demo.app(width: 120, height: 40, lang: .en, start: .dashboard)
        let hasCJK = { (s: String) in s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3000...0x303F).contains($0.value) } }
        for tab in Tab.allCases {
            app.send(.char(Character(String(tab.rawValue))))
            #expect(!hasCJK(app.screen[1]), "tab bar: \(app.screen[1])")
            #expect(!hasCJK(app.screen[app.height - 2]), "footer on \(tab): \(app.screen[app.height - 2])")
            app.send(.char("?"))
            // The help box's interior; the data behind it may be Chinese.
            let top = app.screen.firstIndex { $0.contains("┌") } ?? 0, bottom = app.screen.lastIndex { $0.contains("└") } ?? 0
            // Between the box's side borders; the bottom border row from its corner on.
            let inside = app.screen[top...bottom].map { row in
                if let corner = row.firstIndex(of: "└") { return String(row[corner...]) }
                return row.split(separator: "│", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? row
            }
            #expect(bottom - top > 10 && inside.contains { $0.contains("Navigation") }, "help is open on \(tab)")
            #expect(!inside.contains(where: hasCJK), "help on \(tab)")
            app.send(.escape)
        }
        app.send(.char("1"))
        // The detail of the first order still in supervision spells its status out.
        for _ in 0..<40 where !app.screenText.contains("Processing") { app.send(.char("j")) }
        #expect(app.screenText.contains("Customer") && app.screenText.contains("Processing"), "orders columns and statuses in English")
    }
}
