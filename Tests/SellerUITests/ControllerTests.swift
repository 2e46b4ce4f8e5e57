import Foundation
import Testing
@testable import SellerCore
@testable import SellerUI

/// Issue 16 item 3: every mode's keys come from the registry (so keys.json
/// remaps them), the panes are descriptors, the canvas sanitises, and the
/// runtime talks to the app in messages.
@Suite struct ControllerTests {
    static func remapped(_ json: String, start: Tab = .orders, state: SellerState = Demo.state, width: Int = 120, height: Int = 40) -> App {
        let (b, problems) = KeyBindings.load(Data(json.utf8), file: "/cfg/keys.json")
        #expect(problems.isEmpty, "\(problems)")
        return App(model: Model(state: state, account: state.accounts["yunshan"]!, now: Demo.now, lang: .zh),
                   width: width, height: height, storeLabel: "/tmp/demo", bindings: b, startTab: start)
    }

    @Test func remappedMovementAndClosingWorkInEveryOverlay() {
        // j/k become Ctrl-n / Ctrl-p, Esc becomes F2, q becomes F3.
        let json = #"{"down": ["Ctrl-n"], "up": ["Ctrl-p"], "back": ["F2"], "quit": ["F3"]}"#
        // At 80×24 a record's detail is longer than the screen, so it scrolls.
        var app = Self.remapped(json, start: .supervision, width: 80, height: 24)
        app.send(.char("a"))
        guard case .actionMenu(_, let items, let first) = app.mode, items.count > 1 else { Issue.record("no action menu"); return }
        app.send(.char("j"))
        guard case .actionMenu(_, _, let same) = app.mode else { Issue.record("j closed the menu"); return }
        #expect(same == first, "j is no longer down")
        app.send(.ctrl("n"))
        guard case .actionMenu(_, _, let next) = app.mode else { Issue.record("the menu closed"); return }
        #expect(next == min(items.count - 1, first + 1), "the remapped key moves in the menu")
        app.send(.function(2))
        #expect(app.mode == .normal, "the remapped Esc closes it")

        // The record with the longest history, whose detail is longer than the screen.
        app.send(.char("]"), .char("]"), .char("]"), .char("]"), .char("]")) // 全部
        let longest = Demo.state.records.values.max { $0.history.count < $1.history.count }!
        while app.selectedId != longest.orderId, app.selectedRow < app.rowCount - 1 { app.send(.ctrl("n")) }
        #expect(app.selectedId == longest.orderId, "the remapped down moves in the list")
        app.send(.enter)
        guard case .fullDetail(let id, 0) = app.mode else { Issue.record("no full detail"); return }
        app.send(.ctrl("n"))
        #expect(app.mode == .fullDetail(id: id, scroll: 1), "the remapped down scrolls the full detail")
        app.send(.function(3))
        #expect(app.mode == .normal, "the remapped q closes it")

        app.send(.char("?"), .ctrl("n"))
        #expect(app.mode == .help(scroll: 1), "and scrolls the help")
        app.send(.ctrl("p"))
        #expect(app.mode == .help(scroll: 0))
    }

    @Test func remappedAnswersWorkOnDraftsFormsAndQuestions() {
        var app = Self.remapped(#"{"yes": ["Ctrl-y"], "accept": ["Ctrl-y"], "review": ["F5"]}"#, start: .messages)
        app.send(.char("M"))
        guard case .confirm = app.mode else { Issue.record("no question"); return }
        #expect(app.send(.char("y")).isEmpty, "y no longer answers")
        app.send(.char("M"))
        #expect(app.send(.ctrl("y")).count == 1, "the remapped accept does")

        var draft = FormDraft(FormState(purpose: .appeal(orderId: "x"), rules: [], lang: .zh))
        draft.values = ["reason": "r"]
        app.offerDraft(draft)
        app.send(.char("y"))
        guard case .draftOffer = app.mode else { Issue.record("y still restores the draft"); return }

        var form = Self.remapped(#"{"review": ["F5"]}"#, start: .supervision)
        SnapshotTests.selectAppealable(&form)
        form.send(.char("A"))
        form.type("原因")
        form.send(.ctrl("s"))
        guard case .form(let f) = form.mode, !f.reviewing else { Issue.record("Ctrl-s still reviews"); return }
        form.send(.function(5))
        guard case .form(let g) = form.mode, g.error != nil || g.reviewing else { Issue.record("F5 did not review"); return }
    }

    @Test func receiversKeysAreTheRegistrysAndAbsentWhenReadOnly() {
        var app = Self.remapped(#"{"addReceiver": ["+"]}"#, start: .messages)
        app.send(.char("R"), .char("n"))
        guard case .receivers = app.mode else { Issue.record("n still adds"); return }
        app.send(.char("+"))
        guard case .form(let f) = app.mode, case .receiver(nil) = f.purpose else { Issue.record("+ did not add"); return }
    }

    @Test func noKeyMeansTwoThingsInAnyContext() {
        for context in KeyContext.allCases {
            for tab in Tab.allCases {
                var seen: [Key: CommandID] = [:]
                for spec in CommandRegistry.available(on: tab, readOnly: false, in: context) {
                    for k in spec.keys {
                        #expect(seen[k] == nil, "\(k.label) is both \(seen[k]?.rawValue ?? "") and \(spec.id.rawValue) on \(tab) in \(context)")
                        seen[k] = spec.id
                    }
                }
            }
        }
        // A user's conflict inside a mode is reported with the mode.
        let (_, problems) = KeyBindings.load(Data(#"{"removeReceiver": ["n"]}"#.utf8), file: "/cfg/keys.json")
        #expect(problems.contains { $0.contains("key n") && $0.contains("addReceiver") && $0.contains("receivers") }, "\(problems)")
    }

    @Test func everyPaneHasItsDescriptorInTabOrder() {
        #expect(Panes.all.count == Tab.allCases.count)
        for tab in Tab.allCases { #expect(Panes.descriptor(tab).tab == tab) }
        // The `:` verbs' panes, now read from the descriptors, are what they were.
        #expect(CommandLineVerb.status.tabs == [.orders, .supervision] && CommandLineVerb.type.tabs == [.orders, .supervision])
        #expect(CommandLineVerb.from.tabs == [.orders] && CommandLineVerb.category.tabs == [.messages] && CommandLineVerb.export.tabs == nil)
    }

    @Test func theCanvasSanitisesWhateverIsPutOnIt() {
        var c = Canvas(width: 30, height: 1)
        let used = c.put("a\u{1B}[2J\u{202E}b\u{7}\u{9B}c", x: 0, y: 0)
        let text = c.lines()[0]
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) || $0.value == 0x202E }, "\(text)")
        #expect(text.hasPrefix("a␛[2Jb␇\u{FFFD}c") && used == 9)
        // What is measured before drawing is what the canvas shows.
        #expect(TextWidth.cells("a\u{1B}b") == 3 && TextWidth.fit("\u{1B}x", to: 3) == "␛x ")
    }

    @Test func messagesInUpdateEffectsOut() {
        var app = Demo.app(width: 120, height: 40)
        #expect(app.update(.resize(width: 80, height: 24)).isEmpty)
        #expect(app.screen.count == 24 && app.screen[0].count <= 80)
        _ = app.update(.tick(Timestamp(iso8601: "2026-11-20 11:30")!))
        #expect(app.screen[0].contains("2026-11-20 11:30"), "the clock ticks in the title")
        _ = app.update(.notice("你好", isError: true))
        #expect(app.status?.text == "你好" && app.status?.isError == true)
        // The lock wait's notice goes when the wait ends; anything said since stays.
        _ = app.update(.waitingForLock(holders: [42]))
        #expect(app.status?.text == App.lockWaitText([42], .zh))
        _ = app.update(.lockWaitEnded(holders: [42]))
        #expect(app.status == nil)
        _ = app.update(.waitingForLock(holders: [42]))
        _ = app.update(.notice("别的事", isError: false))
        _ = app.update(.lockWaitEnded(holders: [42]))
        #expect(app.status?.text == "别的事")
        #expect(app.update(.key(.char("q"))) == [.quit])
    }

    @Test func theDraftOfferShowsTheFirstFieldByKeyEveryTime() {
        var d = FormDraft(FormState(purpose: .appeal(orderId: "CS1"), rules: [], lang: .zh))
        d.values = ["zeta": "最后一项", "alpha": "第一项", "mid": ""]
        var app = Demo.app()
        app.offerDraft(d)
        #expect(app.screenText.contains("第一项") && !app.screenText.contains("最后一项"))
    }
}

/// The shape the split promises, read from the sources: no pane is decided by
/// a switch on the tab outside the descriptor registry, the drawing calls no
/// Sanitizer itself (the canvas does), and no console source file is over 400 lines.
@Suite struct ConsoleShapeTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/SellerUI")

    static func files() -> [(path: String, text: String)] {
        let e = FileManager.default.enumerator(atPath: sources.path)
        var out: [(String, String)] = []
        while let f = e?.nextObject() as? String {
            guard f.hasSuffix(".swift"), let t = try? String(contentsOf: sources.appendingPathComponent(f), encoding: .utf8) else { continue }
            out.append((f, t))
        }
        return out
    }

    @Test func noSwitchOnTheTabAndNoSanitizerInDrawingAndSmallFiles() {
        let all = Self.files()
        #expect(all.count > 30, "found the sources at \(Self.sources.path)")
        for (path, text) in all {
            #expect(!text.contains("switch tab") && !text.contains("switch app.tab"), "\(path) switches on the tab")
            if path.hasPrefix("Controllers/") || path.hasPrefix("Render/Chrome") || path.hasPrefix("Render/TableView") {
                #expect(!text.contains("Sanitizer."), "\(path) sanitises by hand; Canvas.put does")
            }
            let lines = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
            #expect(path.hasPrefix("Locale/Embedded") || lines <= 400, "\(path) has \(lines) lines")
        }
    }
}
