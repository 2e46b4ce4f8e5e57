import Foundation
import SellerUI

/// The user's settings: `$XDG_CONFIG_HOME/seller-center/` (default
/// `~/.config/seller-center/`) holding `keys.json` (key remaps) and
/// `config.json` (`{"theme": "light"}`).
struct UserConfig {
    let directory: String
    var bindings = KeyBindings.defaults
    var theme: String?
    /// Problems found reading the files, each naming file and entry.
    var problems: [String] = []

    init(environment: [String: String]) {
        if let x = environment["XDG_CONFIG_HOME"], x.hasPrefix("/") {
            directory = x + "/seller-center"
        } else {
            directory = (environment["HOME"] ?? NSHomeDirectory()) + "/.config/seller-center"
        }
        let keysPath = directory + "/keys.json"
        if let data = FileManager.default.contents(atPath: keysPath) {
            let (b, p) = KeyBindings.load(data, file: keysPath)
            bindings = b
            problems += p
        }
        let configPath = directory + "/config.json"
        if let data = FileManager.default.contents(atPath: configPath) {
            if let o = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] {
                for key in o.keys.sorted() where key != "theme" {
                    problems.append("\(configPath): entry \"\(key)\": unknown setting (known: theme)")
                }
                if let t = o["theme"] {
                    if let s = t as? String { theme = s } else { problems.append("\(configPath): entry \"theme\": expected a name such as \"light\"") }
                }
            } else {
                problems.append("\(configPath): not a JSON object such as {\"theme\": \"light\"}")
            }
        }
    }
}
