/// The console's language: Chinese for `zh_*` locales, else English.
public enum Lang: String, Sendable, CaseIterable {
    case zh, en

    public static func from(environment env: [String: String]) -> Lang {
        let v = env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_MESSAGES"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"] ?? ""
        return v.hasPrefix("zh") ? .zh : .en
    }

    public func pick(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }
}
