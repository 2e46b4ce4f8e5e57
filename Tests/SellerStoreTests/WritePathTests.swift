import Foundation
import Testing
@testable import SellerCore
@testable import SellerUI

/// Issue 16 item 1: the console's keys, through `Effect.writeRequest` and the
/// one write service, into a real store — files read, checked, copied in by
/// content and named in the appended event; refusals typed, nothing written.
@Suite(.serialized) struct WritePathTests {
    static let main = Actor.account("main")

    /// What the console's store worker does with an effect (StoreWorker.run).
    static func run(_ effects: [Effect], _ app: inout App, _ store: Store) {
        for effect in effects {
            guard let request = effect.writeRequest else { continue }
            let result = WriteService(store, actor: .account(app.model.account.id)).perform(request)
            app.update(Model(state: store.state, account: app.model.account, now: store.now(), lang: .zh))
            if case .failure(let r) = result { app.finished(effect, refusal: r) } else { app.finished(effect, refusal: nil) }
        }
    }

    static func app(_ store: Store) -> App {
        App(model: Model(state: store.state, account: store.state.accounts["main"]!, now: store.now(), lang: .zh),
            width: 120, height: 40, storeLabel: "/tmp/s", badges: [], startTab: .supervision)
    }

    static func press(_ app: inout App, _ store: Store, _ keys: Key...) { for k in keys { run(app.handle(k), &app, store) } }
    static func type(_ app: inout App, _ store: Store, _ text: String) { for c in text { run(app.handle(.char(c)), &app, store) } }

    @Test func aSupervisionStepWithDocumentsFromTheConsoleKeysIsStoredWhole() throws {
        let tmp = TempDir()
        let store = try StoreTests.seeded(tmp.store)
        let doc = tmp.path + "/验收报告.pdf"
        writeBytes(doc, Array("迁移完成，共 3 个库".utf8))
        // CS1 is at 待商家确认需求: confirm it first (an action with no fields).
        try store.append(.supervision(SupervisionStep(orderId: "CS1", event: .confirmRequirements)), by: Self.main)
        var app = Self.app(store)
        while app.selectedId != "CS1", app.visible.count > 1 { Self.press(&app, store, .char("j")) }
        #expect(app.selectedId == "CS1", "\(app.screenText)")
        Self.press(&app, store, .char("a"))
        while !app.screenText.contains("▶ \(Lang.zh.term(FlowEvent.deliver))"), app.screenText.contains("操作") {
            let before = app.screenText
            Self.press(&app, store, .char("j"))
            if app.screenText == before { break }
        }
        Self.press(&app, store, .enter)
        #expect(app.screenText.contains(Lang.zh.term(FieldID.resultDescription)), "\(app.screenText)")
        // Fill what the form asks, in order: text fields typed, the documents field given the file.
        for _ in 0..<6 {
            let screen = app.screenText
            if screen.contains("▶* \(Lang.zh.term(FieldID.documents))") || screen.contains("▶ \(Lang.zh.term(FieldID.documents))") {
                Self.type(&app, store, doc)
                Self.press(&app, store, .enter)
            } else if screen.contains("▶* ") {
                Self.type(&app, store, "迁移完成")
            }
            Self.press(&app, store, .tab)
        }
        Self.press(&app, store, .ctrl("s"))
        #expect(app.screenText.contains("将提交以下内容"), "\(app.screenText)")
        Self.press(&app, store, .char("y"))
        let r = try #require(store.state.records["CS1"])
        #expect(r.state != .awaitingDelivery, "\(app.screenText)")
        let ref = try #require(r.history.last?.fields?.documents?.first, "the step names the document")
        #expect(ref.name == "验收报告.pdf" && ref.size == Int64("迁移完成，共 3 个库".utf8.count))
        #expect(try store.attachmentBytes(ref) == Array("迁移完成，共 3 个库".utf8), "copied in by content")
        #expect(app.screenText.contains("订单 CS1：\(Lang.zh.term(FlowEvent.deliver)) 已完成"), "\(app.screenText)")
        // The same survives a reopen: it went through the journal.
        #expect(try Store.open(at: tmp.store).state.records["CS1"] == r)
    }

    @Test func anAppealWithEvidenceFreezesTheRecordAndARefusalCopiesNothing() throws {
        let tmp = TempDir()
        let store = try StoreTests.seeded(tmp.store)
        let evidence = tmp.path + "/沟通记录.txt"
        writeBytes(evidence, Array("买家 5 天未回复".utf8))
        var app = Self.app(store)
        while app.selectedId != "CS2", app.visible.count > 1 { Self.press(&app, store, .char("j")) }
        Self.press(&app, store, .char("A"))
        Self.type(&app, store, "买家超过五天未确认需求")
        Self.press(&app, store, .tab)
        Self.type(&app, store, evidence)
        Self.press(&app, store, .enter, .ctrl("s"), .char("y"))
        let appeal = try #require(store.state.appeals.values.first { $0.orderId == "CS2" }, "\(app.screenText)")
        #expect(appeal.id.hasPrefix("AP-") && store.state.records["CS2"]?.isFrozen == true)
        #expect(appeal.evidence.map(\.name) == ["沟通记录.txt"])
        #expect(try store.attachmentBytes(appeal.evidence[0]) == Array("买家 5 天未回复".utf8))

        // A step on the frozen record, with a document: refused as a value, and the file is not copied in.
        let other = tmp.path + "/另一份.pdf"
        writeBytes(other, Array("不应进入存储".utf8))
        let before = try FileManager.default.contentsOfDirectory(atPath: tmp.store + "/attachments").sorted()
        let seq = store.lastSeq
        let result = WriteService(store, actor: Self.main).perform(.step(orderId: "CS2", event: .confirmRequirements, fields: FieldValues(), documents: [other]))
        guard case .failure(.domain(.frozenByAppeal(let o, _, _, let a))) = result else { Issue.record("got \(result)"); return }
        #expect(o == "CS2" && a == appeal.id)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.store + "/attachments").sorted() == before)
        #expect(store.lastSeq == seq, "nothing appended")
        // The console shows it in Chinese; the CLI's English stays the core's description.
        #expect(RefusalText.text(try #require(result.failureValue), .zh).contains("记录因申诉 \(appeal.id) 冻结"))
        #expect(result.failureValue?.storeError.description.contains("frozen by open appeal \(appeal.id)") == true)

        // A file that cannot be taken is a typed refusal naming it.
        let empty = tmp.path + "/空.pdf"
        writeBytes(empty, [])
        let refused = WriteService(store, actor: Self.main).perform(.fileAppeal(orderId: "CS3", reason: "x", evidence: [empty]))
        #expect(refused.failureValue == .attachment(AttachmentError(path: empty, problem: .empty)))
        #expect(store.state.records["CS3"]?.isFrozen == false)
    }
}

extension Result {
    var failureValue: Failure? { if case .failure(let f) = self { f } else { nil } }
}

extension App {
    var screenText: String { render().lines().joined(separator: "\n") }
}

/// The entry `seller serve` can use: an event decided under the lock from the freshest state.
@Suite(.serialized) struct WriteServiceDecideTests {
    @Test func anEventDecidedUnderTheLockSeesAnotherWritersAppend() throws {
        let tmp = TempDir()
        let a = try StoreTests.seeded(tmp.store)
        let b = try Store.open(at: tmp.store)
        // A appends; B has not refreshed, yet B's decision sees it (under the lock, after catching up).
        try a.append(.supervision(SupervisionStep(orderId: "CS1", event: .confirmRequirements)), by: WritePathTests.main)
        var seen: SupervisionState?
        let result = WriteService(b, actor: WritePathTests.main).append(id: "decided-1") { state in
            seen = state.records["CS1"]?.state
            return .messagesMarked(MessageMark(all: true))
        }
        guard case .success(let receipt) = result else { Issue.record("got \(result)"); return }
        #expect(seen == .awaitingDelivery && receipt.envelope.id == "decided-1" && receipt.seq == b.lastSeq)
        // A refusal decided there is typed and writes nothing.
        let seq = b.lastSeq
        let refused = WriteService(b, actor: WritePathTests.main).append { _ in .supervision(SupervisionStep(orderId: "nope", event: .deliver)) }
        #expect(refused.failureValue == .domain(.unknown(.order, id: "nope")) && b.lastSeq == seq)
    }

    /// A console's state is a poll behind: another process froze the record a
    /// moment ago. The check before files are copied in must see that, so the
    /// refused step leaves no 20 MiB file behind in `attachments/`.
    @Test func aStaleWriterIsRefusedBeforeItsFilesAreCopiedIn() throws {
        let tmp = TempDir()
        let a = try StoreTests.seeded(tmp.store)
        let b = try Store.open(at: tmp.store)                 // the other console, not refreshed
        let evidence = tmp.path + "/证据.txt", doc = tmp.path + "/交付物.pdf"
        writeBytes(evidence, Array("买家未回复".utf8))
        writeBytes(doc, Array("不应进入存储".utf8))
        guard case .success = WriteService(a, actor: WritePathTests.main).perform(.fileAppeal(orderId: "CS2", reason: "买家未确认需求", evidence: [evidence])) else {
            Issue.record("the appeal was refused"); return
        }
        #expect(b.state.records["CS2"]?.isFrozen == false, "b has not looked yet")
        let before = try FileManager.default.contentsOfDirectory(atPath: tmp.store + "/attachments").sorted()
        let result = WriteService(b, actor: WritePathTests.main).perform(.step(orderId: "CS2", event: .confirmRequirements, fields: FieldValues(), documents: [doc]))
        guard case .failure(.domain(.frozenByAppeal)) = result else { Issue.record("got \(result)"); return }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.store + "/attachments").sorted() == before, "no file copied in")
    }
}
