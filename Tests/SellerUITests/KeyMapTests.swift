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
