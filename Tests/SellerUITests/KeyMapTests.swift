import Foundation
import Testing
@testable import SellerUI

@Suite struct KeyMapTests {
    static var assetPath: String {
        // Tests/SellerUITests/KeyMapTests.swift → repository root
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("assets/keymap.default.json").path
    }

    /// The shipped default key map is the registry's, so it cannot drift.
    @Test func assetMatchesTheRegistry() throws {
        let shipped = try String(contentsOfFile: Self.assetPath, encoding: .utf8)
        #expect(shipped == CommandRegistry.defaultKeyMapJSON(),
                "assets/keymap.default.json is stale; regenerate it from CommandRegistry.defaultKeyMapJSON()")
        let parsed = try JSONSerialization.jsonObject(with: Data(shipped.utf8)) as? [String: [String]]
        #expect(parsed?.count == CommandID.allCases.count)
        for (name, labels) in parsed ?? [:] {
            #expect(CommandID(rawValue: name) != nil, "\(name) is a command")
            #expect(labels.allSatisfy { Key(label: $0) != nil }, "\(name): \(labels) parse back to keys")
        }
    }

    @Test func noKeyIsBoundTwiceOnATab() {
        for tab in Tab.allCases {
            var seen: [Key: CommandID] = [:]
            for spec in CommandRegistry.available(on: tab, readOnly: false) {
                for k in spec.keys {
                    #expect(seen[k] == nil, "\(k.label) is bound to both \(seen[k]?.rawValue ?? "") and \(spec.id.rawValue) on \(tab)")
                    seen[k] = spec.id
                }
            }
        }
    }

    @Test func keyLabelsRoundTrip() {
        let keys: [Key] = [.char("j"), .char(" "), .ctrl("d"), .alt("b"), .up, .down, .left, .right, .home, .end, .pageUp, .pageDown,
                           .enter, .escape, .tab, .backTab, .backspace, .delete, .function(5), .char("中")]
        for k in keys { #expect(Key(label: k.label) == k, "\(k.label)") }
    }
}

/// keys.json: remapped keys drive their commands and show in help and footer;
/// mistakes are reported with file and entry.
@Suite struct RemapTests {
    static func bindings(_ json: String) -> (KeyBindings, [String]) {
        KeyBindings.load(Data(json.utf8), file: "/cfg/keys.json")
    }

    @Test func aRemappedKeyDrivesItsCommandAndAppearsInHelpAndFooter() {
        let (b, problems) = Self.bindings(#"{"export": ["e"], "filter": ["/", "Ctrl-f"]}"#)
        #expect(problems.isEmpty, "\(problems)")
        var app = App(model: Model(state: Demo.state, account: Demo.state.accounts["yunshan"]!, now: Demo.now, lang: .zh),
                      width: 160, height: 40, storeLabel: "/tmp/demo", bindings: b, startTab: .orders)
        #expect(app.screen[app.height - 2].contains("e 导出当前视图"), "the footer shows the live key")
        app.send(.char("x"))
        #expect(!app.screen.last!.hasPrefix(":export"), "the old key no longer exports")
        app.send(.char("e"))
        #expect(app.screen.last!.hasPrefix(":export"), "the new key does")
        app.send(.escape)
        app.send(.ctrl("f"))
        app.type("公司")
        #expect(app.filterText == "公司", "a second key for filter")
        app.send(.escape, .escape, .char("?"))
        #expect(app.screenText.contains("/ Ctrl-f"), "help lists both filter keys")
    }

    @Test func mistakesNameTheFileAndEntryAndTheRestStillApplies() {
        let (b, problems) = Self.bindings(#"{"exprot": ["x"], "help": ["Hyper-x"], "filter": ["/", "q"], "sortNext": "S"}"#)
        #expect(problems.contains { $0.contains("/cfg/keys.json") && $0.contains("\"exprot\"") && $0.contains("export") })
        #expect(problems.contains { $0.contains("\"help\"") && $0.contains("Hyper-x") })
        #expect(problems.contains { $0.contains("key q") && $0.contains("quit") && $0.contains("filter") })
        #expect(problems.contains { $0.contains("key S") && $0.contains("sortReverse") && $0.contains("sortNext") })
        #expect(b.keys(for: .help) == [.char("?")], "an entry with no readable key keeps the default")
        #expect(b.keyMap(for: .orders, readOnly: false)[.char("q")] == .filter, "the user's binding wins the conflict")
        #expect(b.keyMap(for: .orders, readOnly: false)[.char("S")] == .sortNext)
        for broken in ["[1,2]", "{", #"{"export": 5}"#] {
            let (d, p) = Self.bindings(broken)
            #expect(!p.isEmpty && p.allSatisfy { $0.hasPrefix("/cfg/keys.json") }, "\(broken)")
            if broken != #"{"export": 5}"# { #expect(d == KeyBindings.defaults) }
        }
    }
}
