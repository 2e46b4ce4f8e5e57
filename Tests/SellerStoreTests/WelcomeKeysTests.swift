import Foundation
import Testing
@testable import seller
@testable import SellerUI

/// The welcome screen (no store at the path yet) reads the registry's
/// `welcome` commands through the user's key map and names them as bound.
@Suite struct WelcomeKeysTests {
    static func bindings(_ json: String) -> KeyBindings {
        let (b, problems) = KeyBindings.load(Data(json.utf8), file: "/cfg/keys.json")
        #expect(problems.isEmpty, "\(problems)")
        return b
    }

    @Test func theDefaultKeysChooseAsBefore() {
        let b = KeyBindings.defaults
        #expect(Welcome.choice(.char("d"), bindings: b).map { "\($0)" } == "demo")
        #expect(Welcome.choice(.char("n"), bindings: b).map { "\($0)" }?.hasPrefix("create") == true)
        for k in [Key.char("q"), .escape, .ctrl("c")] { #expect(Welcome.choice(k, bindings: b).map { "\($0)" } == "quit", "\(k.label)") }
        #expect(Welcome.choice(.char("x"), bindings: b) == nil)
        let screen = WelcomeScreen.render(width: 80, height: 24, store: "/tmp/s", lang: .zh).lines().joined(separator: "\n")
        #expect(screen.contains("d  打开一个演示店铺"), "\(screen)")
        #expect(screen.contains("n  在此路径创建空店铺"))
        #expect(screen.contains("q  退出"))
    }

    @Test func remappedKeysChooseAndAreShown() {
        let b = Self.bindings(#"{"openDemo": ["F2"], "createStore": ["c"], "quit": ["F3"], "submitField": ["Ctrl-j"], "cancelField": ["F10"]}"#)
        #expect(Welcome.choice(.function(2), bindings: b).map { "\($0)" } == "demo")
        #expect(Welcome.choice(.char("d"), bindings: b) == nil, "the old key no longer opens the demo")
        #expect(Welcome.choice(.char("c"), bindings: b).map { "\($0)" }?.hasPrefix("create") == true)
        #expect(Welcome.choice(.function(3), bindings: b).map { "\($0)" } == "quit")
        let screen = WelcomeScreen.render(width: 80, height: 24, store: "/tmp/s", lang: .en, bindings: b).lines().joined(separator: "\n")
        #expect(screen.contains("F2  explore a demo store"), "\(screen)")
        #expect(screen.contains("c  create an empty store"))
        #expect(screen.contains("F3  quit"))
        let prompt = WelcomeScreen.renderShopName(width: 80, height: 24, field: TextField(""), problem: nil, lang: .zh, bindings: b)
            .lines().joined(separator: "\n")
        #expect(prompt.contains("Ctrl-j 创建  F10 返回"), "\(prompt)")
    }
}
