/// The console's language: Chinese for `zh_*` locales, else English. Every
/// string the console shows comes from this language's table
/// (`assets/locale/<lang>.json`, embedded by `assets/locale/embed`).
public enum Lang: String, Sendable, CaseIterable {
    case zh, en

    public static func from(environment env: [String: String]) -> Lang {
        let v = env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_MESSAGES"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"] ?? ""
        return v.hasPrefix("zh") ? .zh : .en
    }

    /// The table's text for `key` with `{0}`, `{1}`… replaced by `args`
    /// (`{{` and `}}` are literal braces). A key missing from the table shows
    /// as itself, so a gap is visible rather than blank; LocaleTests keep
    /// every key the sources use in both tables.
    public func t(_ key: String, _ args: any CustomStringConvertible...) -> String {
        LocaleTable.format(table[key] ?? key, args.map(\.description))
    }

    /// The name of a domain term (state, product type, queue…) in this language.
    public func term(_ x: some Term) -> String {
        LocaleTable.format(table[x.termKey] ?? x.termKey, x.termArgs)
    }

    /// The same for the enums named `term.<group>.<rawValue>`, without
    /// building the key: the orders pane asks this for 100k rows at a time.
    public func term<T: VocabularyTerm>(_ x: T) -> String {
        LocaleTable.vocabulary[self]?[T.termGroup]?[x.rawValue] ?? x.termKey
    }

    public var table: [String: String] { LocaleTable.tables[self] ?? [:] }
}
