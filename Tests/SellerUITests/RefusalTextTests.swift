import Foundation
import Testing
@testable import SellerCore
@testable import SellerUI

/// Issue 14 item 5: in the Chinese console every refusal is Chinese; the
/// core keeps typed values and its English `description` for the CLI.
@Suite struct RefusalTextTests {
    /// Three or more English words in a row: a sentence the tables did not translate.
    static func englishSentence(_ s: String) -> String? {
        let re = try! NSRegularExpression(pattern: #"[A-Za-z]{2,}(?:[ ,;:'()-]+[A-Za-z]{2,}){2,}"#)
        let ns = s as NSString
        return re.firstMatch(in: s, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
    }

    static func hasCJK(_ s: String) -> Bool { s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }

    /// Every case, with typed arguments as the core gives them. Free-text
    /// arguments (a reason the core words itself) are "X" here: the test is
    /// that the template around them is Chinese.
    static let domainCases: [DomainError] = [
        .unknown(.order, id: "CS1"), .unknown(.record, id: "CS1"), .unknown(.invoice, id: "INV1"), .unknown(.bill, id: "B1"),
        .duplicate(.product, id: "P1"), .duplicate(.appeal, id: "AP1"), .duplicate(.ticket, id: "T1"), .duplicate(.message, id: "M1"),
        .duplicate(.receiver, id: "r1"), .duplicate(.account, id: "li"),
        .resent(.order, id: "CS1", differences: []),
        .resent(.order, id: "CS1", differences: [FieldDifference(field: "amount", stored: "1.00", sent: "2.00")]),
        .invalidTransition(orderId: "CS1", state: .completed, event: .deliver, reason: "the record is closed"),
        .invalidTransition(orderId: "CS1", state: .awaitingDelivery, event: .buyerAccept, reason: "X"),
        .frozenByAppeal(orderId: "CS1", state: .awaitingAcceptance, event: "deliver", appealId: "AP-1"),
        .missingField(event: "deliver", field: "result_description"),
        .unexpectedField(event: "deliver", field: "license_code"),
        .invalidField(event: "deliver", field: "documents", reason: .text("X")),
        .invalidContact(event: "receiver.added", kind: .mobile, value: "1380000"),
        .invalidContact(event: "account.added", kind: .email, value: "a@b"),
        .wrongActor(event: "buyer_accept", expected: "X", actual: .account("li")),
        .wrongActor(event: "deliver", expected: "X", actual: .buyer),
        .notPermitted(action: .step(.deliver, orderId: "CS1"), account: "li",
                      allowed: WhoMay(main: ("云杉", "yunshan"), also: .deliverySubAccount(name: "王交付", id: "wang", productId: "P1"))),
        .notPermitted(action: .step(.deliver, orderId: nil), account: "li", allowed: WhoMay(main: nil, also: .noDeliverySubAccount(productId: "P1"))),
        .notPermitted(action: .appeal(orderId: "CS1"), account: "li", allowed: WhoMay(main: ("云杉", "yunshan"))),
        .notPermitted(action: .ticket(.reply, ticketId: "T1"), account: "li",
                      allowed: WhoMay(main: ("云杉", "yunshan"), also: .owner(role: .support, name: "李客服", id: "li2"))),
        .notPermitted(action: .markMessage(id: "M1"), account: "li", allowed: WhoMay(main: ("云杉", "yunshan"), also: .productSubAccount)),
    ] + MainOnlyAction.allCases.map { .notPermitted(action: .mainOnly($0), account: "li", allowed: WhoMay(main: ("云杉", "yunshan"))) } + [
        .notPermitted(action: .ticket(.reassign, ticketId: "T1"), account: "li", allowed: WhoMay(main: ("云杉", "yunshan"))),
        .ticketTransition(ticketId: "T1", status: .closed, event: .reply, reason: "X"),
        .ticketTransition(ticketId: "T1", status: .todo, event: .resolve, reason: "X"),
        .refused("X"),
    ] + ruleCases.map { .rule($0) } + reasonCases.map { .invalidField(event: "deliver", field: "result_description", reason: $0) }

    static let t0 = Timestamp(china: .init(year: 2026, month: 11, day: 20, hour: 9))
    static let t1 = Timestamp(china: .init(year: 2026, month: 11, day: 22, hour: 18))

    /// Every business rule the core refuses with (issue 14 item 5).
    static let ruleCases: [RuleRefusal] = [
        .readOnlyStore,
        .noServiceRecord(orderId: "CS1", cause: .skipped), .noServiceRecord(orderId: "CS1", cause: .notSupervised(.saas)),
        .noServiceRecord(orderId: "CS1", cause: .unknownProduct),
        .orderCannotBecome(orderId: "CS1", target: .completed, from: .released, allowed: [.processing]),
        .orderCompletedWhileRecordOpen(orderId: "CS1", recordState: .awaitingDelivery),
        .ticketWithoutMainAccount(ticketId: "T1"), .billConflict(billId: "B1"),
        .billAlreadyAt(billId: "B1", status: .paid), .billCannotGoBack(billId: "B1", from: .paid, to: .toInvoice),
        .billAlreadyInvoiced(billId: "B1", number: "NO1", issuedAt: t0), .billNotToInvoice(billId: "B1", status: .toPay),
        .billOnlyGeneralOrders(billId: "B1"), .billAmountMismatch(billId: "B1", amount: Money(fen: 100), total: Money(fen: 200)),
        .markNeedsIdsOrAll, .invoiceAlreadyIssued(requestId: "IR1", number: "NO1"), .invoiceAlreadyIssued(requestId: "IR1", number: nil),
        .orderAlreadyInvoiced(orderId: "CS1", requestId: "IR1", number: "NO1"),
        .appealWithoutRecord(orderId: "CS1"), .appealOnClosedRecord(orderId: "CS1", state: .completed),
        .appealAlreadyOpen(orderId: "CS1", appealId: "AP1"), .mainAccountExists(accountId: "yunshan"),
        .authoriseToMain(productId: "P1"), .alreadyAuthorised(productId: "P1", accountName: "李交付", accountId: "li"),
        .alreadyAuthorised(productId: "P1", accountName: nil, accountId: "li"), .notAuthorised(productId: "P1"),
    ]

    /// Every typed field reason (`.text` is the feed's own wording and stays as sent).
    static let reasonCases: [FieldReason] = [
        .tooManyBytes(bytes: 9000, maxCharacters: 2000), .tooManyCodePoints(character: 3, codePoints: 40, max: 32),
        .tooManyCharacters(length: 2001, max: 2000), .badId, .laterThanStep(time: t1, step: t0), .beforeOrder(time: t0, orderCreated: t1),
        .noChannel, .smsWithoutMobile, .emailWithoutAddress, .notACategory(0),
        .assigneeNotAuthorised(accountId: "li", role: .delivery, productId: "P1"), .alreadyOwner(accountId: "li", ticketId: "T1"),
        .tooManyEvidenceFiles(count: 21, max: 20), .amountNotPositive(Money(fen: 0)),
        .amountExceedsOrder(amount: Money(fen: 300), orderAmount: Money(fen: 200)),
        .notFullOrderAmount(amount: Money(fen: 100), full: Money(fen: 200), orderId: "CS1"),
    ]

    static let storeCases: [StoreError] = [
        .notFound(path: "/s"), .notAStore(path: "/s", reason: "X"), .newerFormat(path: "/s", found: 9, supported: 3),
        .damaged(file: "/s/journal.jsonl", line: 3, reason: "X"), .damaged(file: "/s/snapshot.jsonl", line: 0, reason: "X"),
        .io(path: "/s/journal.jsonl", operation: "write", errno: ENOSPC), .io(path: "/s", operation: "open", errno: EACCES),
        .unsafePath(path: "/s/drafts", reason: "X"), .refused(.unknown(.order, id: "CS9")),
        .attachment(path: "/x.pdf", reason: "X"), .duplicateEvent(id: "e1"),
        .lockTimeout(path: "/s/lock", seconds: 30, holder: " held by PID 4242"), .lockTimeout(path: "/s/lock", seconds: 30, holder: ""),
        .foreign(file: "/s/journal.jsonl", found: "a", expected: "b"),
    ]

    static let attachmentCases: [AttachmentProblem] = [
        .unreadable(errno: ENOENT), .unreadable(errno: EACCES), .notRegular(kind: .directory), .notRegular(kind: .pipe),
        .notRegular(kind: .socket), .notRegular(kind: .characterDevice), .notRegular(kind: .blockDevice), .notRegular(kind: .other),
        .empty, .tooLarge(bytes: 30_000_000, limit: Store.maxAttachmentBytes), .changedWhileRead(before: 10, read: 12, after: 12),
    ]

    @Test func everyRefusalRendersInChineseWithNoEnglishSentence() {
        var all: [(String, String)] = []
        for d in Self.domainCases { all.append(("\(d)", RefusalText.text(WriteRefusal.domain(d), .zh, state: Demo.state))) }
        for s in Self.storeCases { all.append(("\(s)", RefusalText.text(WriteRefusal.store(s), .zh))) }
        for a in Self.attachmentCases {
            all.append(("\(a)", RefusalText.text(WriteRefusal.attachment(AttachmentError(path: "/tmp/凭证.pdf", problem: a)), .zh)))
        }
        for (english, zh) in all {
            #expect(Self.hasCJK(zh), "\(english) → \(zh)")
            #expect(Self.englishSentence(zh) == nil, "\(english) → \(zh): «\(Self.englishSentence(zh) ?? "")»")
            #expect(!zh.contains("refusal."), "a key shows as itself: \(zh)")
        }
        // The typed names come through their zh terms.
        let frozen = RefusalText.text(DomainError.frozenByAppeal(orderId: "CS1", state: .awaitingAcceptance, event: "deliver", appealId: "AP-1"), .zh)
        #expect(frozen == "订单 CS1：在「用户确认验收」不能「确认完成」：记录因申诉 AP-1 冻结，处理完毕前不能操作", "\(frozen)")
        #expect(RefusalText.text(StoreError.lockTimeout(path: "/s/lock", seconds: 30, holder: " held by PID 4242"), .zh).contains("进程 4242 持有"))
    }

    @Test func englishRenderingKeepsTheCoreWording() {
        // The en table says what the core's description says (the CLI prints the description).
        let d = DomainError.frozenByAppeal(orderId: "CS1", state: .awaitingAcceptance, event: "deliver", appealId: "AP-1")
        #expect(RefusalText.text(d, .en).contains("the record is frozen by open appeal AP-1 until it is resolved"))
        let a = AttachmentError(path: "/x", problem: .empty)
        #expect(RefusalText.text(a, .en) == a.description)
        for r in Self.ruleCases { #expect(Self.englishSentence(RefusalText.text(r, .en)) != nil, "\(r)") }
        #expect(RefusalText.text(RuleRefusal.appealAlreadyOpen(orderId: "CS1", appealId: "AP1"), .en) == RuleRefusal.appealAlreadyOpen(orderId: "CS1", appealId: "AP1").description)
        #expect(RefusalText.text(FieldReason.tooManyCharacters(length: 2001, max: 2000), .en) == FieldReason.tooManyCharacters(length: 2001, max: 2000).description)
    }

    /// The action menu says why a step is unavailable in Chinese (it showed the core's English).
    @Test func theActionMenusUnavailableReasonIsChinese() throws {
        var h = Harness()
        h.press(.char("2"), .char("]"), .char("]"), .char("]"))   // 申诉中: frozen records
        #expect(h.screen.contains("[申诉中"))
        h.press(.char("a"), .up, .up)                              // onto an unavailable step
        #expect(h.screen.contains("（不可用）"), "\(h.screen)")
        let reason = try #require(h.app.screen.first { $0.contains("：在「") && $0.contains("不能「") }, "\(h.screen)")
        #expect(!h.screen.contains("cannot") && !h.screen.contains("frozen"), "\(h.screen)")
        #expect(Self.englishSentence(reason) == nil, "\(reason)")
    }

    /// A transition refused on a record the console knows names the steps possible there, in Chinese.
    @Test func aRefusedTransitionNamesThePossibleStepsByTheirChineseNames() throws {
        let r = try #require(Demo.state.records.values.first { !$0.state.isTerminal && $0.openAppealId == nil })
        let here = r.definition.rows(from: r.state).map(\.event)
        let wrong = try #require(FlowEvent.allCases.first { !here.contains($0) })
        let text = RefusalText.text(DomainError.invalidTransition(orderId: r.orderId, state: r.state, event: wrong, reason: "english"), .zh, state: Demo.state)
        #expect(text.contains("此处只能") && !text.contains("english"), "\(text)")
        for e in Set(here) { #expect(text.contains(Lang.zh.term(e)), "\(text) names \(e)") }
    }

    @Test func wordWrapBreaksAtSpacesOrBetweenCJKCharacters() {
        let lines = WordWrap.lines("gave up waiting for the store lock held by PID 4242", width: 20)
        #expect(lines == ["gave up waiting for", "the store lock held", "by PID 4242"], "\(lines)")
        let zh = WordWrap.lines("订单 CS261114000295：在「待验收」不能「确认完成」", width: 16)
        #expect(zh.allSatisfy { TextWidth.width($0) <= 16 }, "\(zh)")
        #expect(zh.joined() .replacingOccurrences(of: " ", with: "") == "订单CS261114000295：在「待验收」不能「确认完成」", "nothing lost: \(zh)")
        #expect(zh.contains { $0.hasSuffix("CS261114000295") || $0.hasPrefix("CS261114000295") }, "the id is not cut: \(zh)")
        #expect(WordWrap.truncate("one two three four", to: 12) == "one two…")
    }
}

/// Refusals on the 80×24 Chinese screen, written through the write service.
@Suite struct RefusalScreenTests {
    /// A record of 待我处理 frozen by an appeal filed meanwhile (another
    /// console): the step is refused, in Chinese, on the status line.
    @Test func aStepOnARecordFrozenByAppealIsRefusedInChinese() throws {
        let target = MemoryTarget(Demo.state)
        var app = Demo.app(width: 80, height: 24, state: target.state)
        app.send(.char("2"))
        let id = try #require(app.selectedId)
        let record = try #require(target.state.records[id])
        let step = try #require(record.definition.rows(from: record.state).first { $0.actor == .merchant })
        guard case .success = target.service("yunshan").perform(.fileAppeal(orderId: id, reason: "买家超过五天未验收", evidence: ["e.png"])) else {
            Issue.record("the appeal was not filed"); return
        }
        target.run(.step(orderId: id, event: step.event, fields: FieldValues(), documents: []), on: &app)
        let status = app.screen[23]
        #expect(status.hasPrefix("订单 \(id)：在「\(Lang.zh.term(record.state))」不能「\(Lang.zh.term(step.event))」"), "\(status)")
        #expect(RefusalTextTests.englishSentence(status) == nil && !status.contains("frozen"), "\(status)")
        // Cut at a character boundary with …, never in the middle of the appeal id.
        #expect(status.trimmingCharacters(in: .whitespaces).hasSuffix("…") || status.contains("冻结"), "\(status)")
    }

    /// A malformed mobile refused by the core reads in Chinese, naming the value.
    @Test func aMalformedMobileIsRefusedInChinese() {
        let target = MemoryTarget(Demo.state)
        var app = Demo.app(width: 120, height: 40, state: target.state)
        target.run(.receiver(.add(MessageReceiver(id: "duty-new", name: "值班", mobile: "1380000", channels: [.sms]))), on: &app)
        #expect(target.state.receivers["duty-new"] == nil)
        let status = app.screen[39]
        #expect(status.contains("「1380000」不是 11 位中国大陆手机号") && RefusalTextTests.englishSentence(status) == nil, "\(status)")
    }

    /// A long refusal inside a form box wraps onto more lines instead of being cut.
    @Test func aLongRefusalWrapsInsideTheFormBox() throws {
        let target = MemoryTarget(Demo.state)
        var app = Demo.app(width: 80, height: 24, state: target.state)
        app.send(.char("2"))
        let id = try #require(app.selectedId)
        app.send(.char("A"))
        #expect(app.screenText.contains("发起申诉 — 订单 \(id)"))
        // Filed from the form (the refusal comes back to the form that sent it).
        app.type("x")
        app.send(.tab)
        app.type("/home/merchant/证据/买家沟通记录-2026-11-20-完整版.png")
        app.send(.enter, .ctrl("s"))
        let sent = try #require(app.send(.char("y")).first, "\(app.screenText)")
        let refusal = WriteRefusal.attachment(AttachmentError(path: "/home/merchant/证据/买家沟通记录-2026-11-20-完整版.png",
                                                              problem: .changedWhileRead(before: 1024, read: 2048, after: 4096)))
        app.finished(sent, refusal: refusal)
        let text = RefusalText.text(refusal, .zh)
        let rows = app.screen
        let hit = try #require(rows.firstIndex { $0.contains("附件 /home/merchant") }, "\(app.screenText)")
        // The message runs on over the next rows of the box, whole.
        let inside = rows[hit...(hit + 2)].map { row -> String in
            let cells = row.split(separator: "│", omittingEmptySubsequences: false)
            return cells.count >= 3 ? String(cells[1]).trimmingCharacters(in: .whitespaces) : row.trimmingCharacters(in: .whitespaces)
        }
        let joined = inside.joined()
        #expect(joined.replacingOccurrences(of: " ", with: "").contains(text.replacingOccurrences(of: " ", with: "")), "\(inside) vs \(text)")
        #expect(!rows.dropLast().contains { $0.contains("…") && $0.contains("附件") }, "the box holds it whole: \(app.screenText)")
        // The one-row status line cuts it with …, at a character boundary: what it shows is the message's start.
        let status = rows[23].trimmingCharacters(in: .whitespaces)
        #expect(status.hasSuffix("…") && text.hasPrefix(String(status.dropLast())), "\(status)")
    }
}
