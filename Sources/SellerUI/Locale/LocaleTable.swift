import Foundation

/// Parses the embedded copies of `assets/locale/*.json` once.
public enum LocaleTable {
    static let tables: [Lang: [String: String]] = {
        var out: [Lang: [String: String]] = [:]
        for lang in Lang.allCases {
            // A malformed embedded table is a build mistake LocaleTests catch;
            // at run time the console falls back to showing keys.
            out[lang] = (try? parse(EmbeddedLocale.json(lang))) ?? [:]
        }
        return out
    }()

    /// `term.<group>.<raw>` entries as group → raw → text.
    static let vocabulary: [Lang: [String: [String: String]]] = tables.mapValues { table in
        var out: [String: [String: String]] = [:]
        for (key, text) in table where key.hasPrefix("term.") {
            let parts = key.split(separator: ".", maxSplits: 2)
            guard parts.count == 3 else { continue }
            out[String(parts[1]), default: [:]][String(parts[2])] = text
        }
        return out
    }

    /// A flat JSON object of string values.
    public static func parse(_ json: String) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        guard let dict = object as? [String: Any] else { throw LocaleError.notAnObject }
        var out: [String: String] = [:]
        for (k, v) in dict {
            guard let s = v as? String else { throw LocaleError.notAString(key: k) }
            out[k] = s
        }
        return out
    }

    public enum LocaleError: Error, Equatable { case notAnObject, notAString(key: String) }

    /// Fills `{n}` placeholders; `{{` / `}}` are literal braces.
    static func format(_ template: String, _ args: [String]) -> String {
        guard template.contains(where: { $0 == "{" || $0 == "}" }) else { return template }
        var out = ""
        var i = template.startIndex
        while i < template.endIndex {
            let c = template[i]
            let next = template.index(after: i)
            if c == "{", next < template.endIndex, template[next] == "{" { out.append("{"); i = template.index(after: next); continue }
            if c == "}", next < template.endIndex, template[next] == "}" { out.append("}"); i = template.index(after: next); continue }
            if c == "{", let close = template[next...].firstIndex(of: "}"), let n = Int(template[next..<close]) {
                out += n < args.count ? args[n] : ""
                i = template.index(after: close); continue
            }
            out.append(c); i = next
        }
        return out
    }

    /// The placeholders a template uses, for checking both languages agree.
    public static func placeholders(_ template: String) -> Set<Int> {
        var out = Set<Int>(), rest = Substring(template.replacingOccurrences(of: "{{", with: ""))
        while let open = rest.firstIndex(of: "{") {
            let after = rest.index(after: open)
            guard let close = rest[after...].firstIndex(of: "}") else { break }
            if let n = Int(rest[after..<close]) { out.insert(n) }
            rest = rest[rest.index(after: close)...]
        }
        return out
    }
}
