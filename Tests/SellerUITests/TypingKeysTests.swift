import Foundation
import Testing
@testable import SellerCore
@testable import SellerUI

/// The keys read while typing — a text field's editing keys, ↑/↓ while the
/// `/` filter is typed, the `:` line's history and completion, a form's
/// choices and files — and the wheel are registry commands like every other:
/// keys.json remaps them and `?` lists them under the mode that reads them.
@Suite struct TypingKeysTests {
    static func remapped(_ json: String, start: Tab = .orders) -> App { ControllerTests.remapped(json, start: start) }

    static func filterField(_ app: App) -> TextField? {
        if case .filter(let f) = app.mode { return f }
        return nil
    }

    @Test func aRemappedEditingKeyEditsTheFieldAndTheOldKeyNoLonger() {
        var app = Self.remapped(#"{"cursorLeft": ["F6"], "killWord": ["Alt-d"]}"#)
        app.send(.char("/"))
        app.type("ab")
        app.send(.function(6))
        app.type("X")
        #expect(app.filterText == "aXb", "F6 moved the cursor left before X was typed")
        app.send(.left)
        app.type("Y")
        #expect(app.filterText == "aXYb", "← is no longer cursorLeft")
        // The same commands in a form's text field.
        var form = Self.remapped(#"{"killWord": ["Alt-d"]}"#, start: .supervision)
        SnapshotTests.selectAppealable(&form)
        form.send(.char("A"))
        form.type("买家 超时")
        form.send(.ctrl("w"))
        guard case .form(let f) = form.mode else { Issue.record("no form"); return }
        #expect(f.fields[0].editor.value == "买家 超时", "Ctrl-w no longer deletes a word")
        form.send(.alt("d"))
        guard case .form(let g) = form.mode else { Issue.record("no form"); return }
        #expect(g.fields[0].editor.value == "买家 ", "Alt-d deletes the word")
    }

    @Test func remappedFilterUpDownMoveAmongTheMatches() {
        var app = Self.remapped(#"{"filterDown": ["Ctrl-n"], "filterUp": ["Ctrl-p"]}"#)
        let first = app.selectedId
        app.send(.char("/"))
        app.send(.ctrl("n"), .ctrl("n"))
        #expect(Self.filterField(app) != nil, "still typing the filter")
        #expect(app.panes[.orders]!.selected == 2, "Ctrl-n moved the selection twice")
        app.send(.ctrl("p"))
        #expect(app.panes[.orders]!.selected == 1)
        app.send(.down)
        #expect(app.panes[.orders]!.selected == 1, "↓ is no longer filterDown")
        app.send(.up, .ctrl("p"))
        #expect(app.selectedId == first)
    }

    @Test func remappedHistoryAndCompletionKeysOnTheCommandLine() {
        var app = Self.remapped(#"{"historyPrev": ["Ctrl-p"], "complete": ["Ctrl-t"]}"#)
        app.send(.char(":"))
        app.type("clear")
        app.send(.enter, .char(":"), .up)
        guard case .commandLine(let f, _) = app.mode else { Issue.record("no command line"); return }
        #expect(f.value == "", "↑ no longer recalls")
        app.send(.ctrl("p"))
        guard case .commandLine(let g, _) = app.mode else { Issue.record("no command line"); return }
        #expect(g.value == "clear", "Ctrl-p recalls the last line")
        app.send(.escape, .char(":"))
        app.type("sta")
        app.send(.ctrl("t"))
        guard case .commandLine(let h, _) = app.mode else { Issue.record("no command line"); return }
        #expect(h.value == "status ", "Ctrl-t completes the verb")
    }

    @Test func aRemappedAddFileKeyAddsTheFile() {
        var app = Self.remapped(#"{"addFile": ["F4"]}"#, start: .supervision)
        SnapshotTests.selectAppealable(&app)
        app.send(.char("A"))
        app.type("买家超过五天未验收")
        app.send(.tab)
        app.type("/tmp/证据.png")
        app.send(.function(4))
        guard case .form(let f) = app.mode else { Issue.record("no form"); return }
        #expect(f.fields[1].files == ["/tmp/证据.png"] && f.fields[1].editor.value.isEmpty)
    }

    @Test func theWheelIsTheScrollCommandAndCanBeRebound() {
        var app = Self.remapped(#"{"scrollDown": ["WheelDown", "Ctrl-e"]}"#, start: .supervision, )
        app.send(.enter)
        guard case .fullDetail(_, 0) = app.mode else { Issue.record("no full detail"); return }
        app.send(.ctrl("e"))
        guard case .fullDetail(_, let s) = app.mode else { Issue.record("left the full detail"); return }
        let lines = Details.wrap(Details.lines(app.tab, id: app.selectedId ?? "", app.model), width: app.width - 2).count
        #expect(s == min(3, max(0, lines - app.bodyHeight)), "Ctrl-e scrolls as the wheel does")
        var list = Demo.app()
        list.send(.wheelDown)
        #expect(list.panes[.orders]!.selected == 3, "the wheel moves the list three rows")
    }

    @Test func helpListsTheTypingKeysUnderTheirModeAndItsTitleNamesTheLiveKeys() {
        var app = Self.remapped(#"{"down": ["Ctrl-n", "↓"], "up": ["Ctrl-p"], "cursorLeft": ["F6"]}"#)
        app.send(.char("?"))
        #expect(app.screen[2].contains("Ctrl-n/Ctrl-p"), "\(app.screen[2])")
        #expect(!app.screen[2].contains("j/k"))
        let lines = HelpController.lines(app)
        for heading in ["render.help_while_filtering", "render.help_on_command_line", "render.help_in_text_fields"] {
            #expect(lines.contains(Lang.zh.t(heading)), "\(heading)")
        }
        for id: CommandID in [.filterDown, .historyPrev, .complete, .cursorLeft, .deleteBack, .killWord, .submitField, .choiceNext, .addFile, .scrollDown] {
            #expect(lines.contains { $0.hasSuffix(CommandRegistry.spec(id).title(.zh)) }, "help lists \(id)")
        }
        #expect(lines.contains { $0.contains("F6") && $0.hasSuffix(CommandRegistry.spec(.cursorLeft).title(.zh)) }, "with the live key")
        // The default title is the one it always was.
        var plain = Demo.app()
        plain.send(.char("?"))
        #expect(plain.screen[2].contains("（j/k 滚动，其他键关闭）"))
    }

    @Test func aFullMultilineFieldTakesNoNewline() {
        var f = TextField("ab", multiline: true, maxLength: 2)
        #expect(f.handle(.enter) == .ignored && f.value == "ab")
    }
}

/// No controller (nor the text field) matches a key literal: every key is
/// read through the registry. A click is where it lands (not a key), and a
/// character that is no command types itself; those two patterns are the
/// only ones allowed.
@Suite struct NoKeyLiteralTests {
    static let patterns = [
        #"\.(char|ctrl|alt|function)\((?!let )"#, #"(?<![A-Za-z0-9_)\]])\.(left|right|home|end|enter|escape|tab|backTab|backspace|delete|wheelUp|wheelDown)\b"#,
        #"\bkey\s*[!=]=\s*\."#, #"\bswitch key\b"#, #"\bKey\.[a-z]"#, #"\[Key\]"#,
    ]

    @Test func noControllerMatchesAKeyLiteral() throws {
        let files = ConsoleShapeTests.files().filter { $0.path.hasPrefix("Controllers/") || $0.path == "Widgets/TextField.swift" }
        #expect(files.count >= 13, "\(files.map(\.path))")
        let regexes = try Self.patterns.map { try NSRegularExpression(pattern: $0) }
        for (path, text) in files {
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = String(line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                let range = NSRange(code.startIndex..., in: code)
                for r in regexes where r.firstMatch(in: code, range: range) != nil {
                    Issue.record("\(path):\(n + 1): a key literal bypasses the registry: \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
    }
}

/// The overlays' hint lines name the keys as bound now, not as shipped.
@Suite struct OverlayHintTests {
    @Test func hintsNameTheRemappedKeys() {
        var receivers = ControllerTests.remapped(#"{"addReceiver": ["+"], "editReceiver": ["F2", "Enter"]}"#, start: .messages)
        receivers.send(.char("R"))
        #expect(receivers.screenText.contains("+ 添加  F2/Enter 编辑  d 删除  j/k 选择  Esc 关闭"), "\(receivers.screenText)")
        var confirm = ControllerTests.remapped(#"{"accept": ["Y"]}"#, start: .messages)
        confirm.send(.char("M"))
        #expect(confirm.screen.last?.contains("Y/n") == true, "\(confirm.screen.last ?? "")")
        var form = ControllerTests.remapped(#"{"nextField": ["F7"], "review": ["F5"]}"#, start: .supervision)
        SnapshotTests.selectAppealable(&form)
        form.send(.char("A"))
        #expect(form.screenText.contains("F7 下一项  Enter 换行/添加文件  F5 检查提交  Esc 取消"))
        var draft = ControllerTests.remapped(#"{"yes": ["F9"]}"#)
        var d = FormDraft(FormState(purpose: .appeal(orderId: "CS1"), rules: [], lang: .zh))
        d.values = ["reason": "r"]
        draft.offerDraft(d)
        #expect(draft.screenText.contains("F9 继续编辑"))
        var menu = ControllerTests.remapped(#"{"open": ["F8"]}"#, start: .supervision)
        menu.send(.char("a"))
        #expect(menu.screenText.contains("F8 选择  Esc 取消"))
    }

    @Test func theOverviewHintNamesTheLiveKeys() {
        let overview = ControllerTests.remapped(#"{"down": ["Ctrl-n"], "up": ["Ctrl-p"], "open": ["F8"]}"#, start: .dashboard)
        #expect(overview.screenText.contains("Ctrl-n/Ctrl-p 选择数字，F8 打开对应列表"), "\(overview.screenText)")
        let plain = ControllerTests.remapped("{}", start: .dashboard)
        #expect(plain.screenText.contains("j/k 选择数字，Enter 打开对应列表"), "\(plain.screenText)")
    }

    /// A character bound where text is typed would never reach the field: refused, with the file and entry.
    @Test func aCharacterIsNotTakenForATypingCommand() {
        let (b, problems) = KeyBindings.load(Data(#"{"cursorLeft": ["h", "Alt-h"], "review": ["r"], "export": ["e"]}"#.utf8), file: "/cfg/keys.json")
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("/cfg/keys.json: entry \"cursorLeft\": \"h\" is a character") })
        #expect(problems.contains { $0.hasPrefix("/cfg/keys.json: entry \"review\": \"r\" is a character") })
        #expect(b.keys(for: .cursorLeft) == [.alt("h")], "the other key still applies")
        #expect(b.keys(for: .review) == KeyBindings.defaults.keys(for: .review), "an entry with no usable key keeps the default")
        #expect(b.keys(for: .export) == [.char("e")], "a list command takes a character")
        var field = TextField("ab")
        #expect(field.handle(.char("h"), keys: b) == .edited)
        #expect(field.value == "abh")
    }
}
