import Foundation
import SellerCore
import SellerUI

/// The keys of the welcome screen (no store at the path yet).
enum Welcome {
    enum Choice { case demo, create(shopName: String), quit }

    static func run(_ t: CursesTerminal, dir: String, lang: Lang) -> Choice {
        while true {
            let (w, h) = t.size
            t.present(WelcomeScreen.render(width: w, height: h, store: dir, lang: lang))
            if t.stopRequested { return .quit }
            switch t.nextKey() {
            case .char("d")?: return .demo
            case .char("n")?:
                if let name = askShopName(t, lang: lang) { return .create(shopName: name) }
            case .char("q")?, .ctrl("c")?, .escape?: return .quit
            default: continue
            }
        }
    }

    /// The new store's shop name (its main account); nil when Esc goes back.
    static func askShopName(_ t: CursesTerminal, lang: Lang) -> String? {
        var field = TextField(lang.t("console.my_shop"), maxLength: 100)
        var problem: String?
        while true {
            let (w, h) = t.size
            t.present(WelcomeScreen.renderShopName(width: w, height: h, field: field, problem: problem, lang: lang))
            if t.stopRequested { return nil }
            guard let key = t.nextKey() else { continue }
            switch field.handle(key) {
            case .submit:
                let name = field.value.trimmingCharacters(in: .whitespaces)
                if name.isEmpty { problem = lang.t("console.shop_name_required"); continue }
                return name
            case .cancel: return nil
            default: if key == .ctrl("c") { return nil }
            }
        }
    }
}
