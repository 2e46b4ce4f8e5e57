import Foundation
import SellerCore
import SellerUI

/// The keys of the welcome screen (no store at the path yet): the registry's
/// `welcome` commands, read through the user's key map like every other.
enum Welcome {
    enum Choice { case demo, create(shopName: String), quit }

    static func run(_ t: CursesTerminal, dir: String, lang: Lang, bindings: KeyBindings) -> Choice {
        while true {
            let (w, h) = t.size
            t.present(WelcomeScreen.render(width: w, height: h, store: dir, lang: lang, bindings: bindings))
            if t.stopRequested { return .quit }
            guard let key = t.nextKey() else { continue }
            switch choice(key, bindings: bindings) {
            case .demo?: return .demo
            case .create?:
                if let name = askShopName(t, lang: lang, bindings: bindings) { return .create(shopName: name) }
            case .quit?: return .quit
            case nil: continue
            }
        }
    }

    /// What a key on the welcome screen chooses (the shop name is asked next for `create`).
    static func choice(_ key: Key, bindings: KeyBindings) -> Choice? {
        switch bindings.command(key, in: .welcome) {
        case .openDemo?: .demo
        case .createStore?: .create(shopName: "")
        case .quit?, .back?, .forceQuit?: .quit
        default: nil
        }
    }

    /// The new store's shop name (its main account); nil when Esc goes back.
    static func askShopName(_ t: CursesTerminal, lang: Lang, bindings: KeyBindings) -> String? {
        var field = TextField(lang.t("console.my_shop"), maxLength: 100)
        var problem: String?
        while true {
            let (w, h) = t.size
            t.present(WelcomeScreen.renderShopName(width: w, height: h, field: field, problem: problem, lang: lang, bindings: bindings))
            if t.stopRequested { return nil }
            guard let key = t.nextKey() else { continue }
            switch field.handle(key, keys: bindings) {
            case .submit:
                let name = field.value.trimmingCharacters(in: .whitespaces)
                if name.isEmpty { problem = lang.t("console.shop_name_required"); continue }
                return name
            case .cancel: return nil
            default: if bindings.command(key, in: .welcome) == .forceQuit { return nil }
            }
        }
    }
}
