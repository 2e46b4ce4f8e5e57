import Foundation

/// The live key map: the registry's defaults with the user's keys.json laid
/// over them. Key handling, the footer, `?` help and `seller keys` all read
/// this one value, so what is shown is always what works.
public struct KeyBindings: Sendable, Equatable {
    private var keys: [CommandID: [Key]]
    /// Commands whose keys came from the user's file (they win a conflict).
    public private(set) var remapped: Set<CommandID> = []

    public static let defaults = KeyBindings(keys: Dictionary(uniqueKeysWithValues: CommandRegistry.all.map { ($0.id, $0.keys) }))

    public func keys(for id: CommandID) -> [Key] { keys[id] ?? [] }

    /// Key → command on a tab, in a context (the lists, or a mode over them).
    /// Pane commands win over global ones; a key the user bound wins over a default.
    public func keyMap(for tab: Tab, readOnly: Bool, in context: KeyContext = .list) -> [Key: CommandID] {
        let specs = CommandRegistry.available(on: tab, readOnly: readOnly, in: context)
        var map: [Key: CommandID] = [:]
        let ordered = specs.filter { $0.tabs == nil && !remapped.contains($0.id) } + specs.filter { $0.tabs != nil && !remapped.contains($0.id) }
            + specs.filter { $0.tabs == nil && remapped.contains($0.id) } + specs.filter { $0.tabs != nil && remapped.contains($0.id) }
        for spec in ordered { for k in keys(for: spec.id) { map[k] = spec.id } }
        return map
    }

    /// Key → command in a context whose commands apply on every tab (the
    /// text fields', the `/` and `:` lines'): a text field has no tab to ask.
    public func command(_ key: Key, in context: KeyContext) -> CommandID? {
        keyMap(for: .dashboard, readOnly: false, in: context)[key]
    }

    /// How a hint on the screen names a command's keys as bound now: the
    /// first (`y`), or all of them `/`-joined (`e/Enter`); `—` when none.
    public func label(_ id: CommandID, all: Bool = false) -> String {
        let k = keys(for: id).map(\.label)
        return (all ? k.joined(separator: "/") : k.first).flatMap { $0.isEmpty ? nil : $0 } ?? "—"
    }

    /// `{"command": ["key", …], …}` in registry order: what `seller keys` prints
    /// and the format keys.json takes.
    public func json() -> String {
        let body = CommandRegistry.all.map { spec in
            "  \"\(spec.id.rawValue)\": [" + keys(for: spec.id).map { "\"\(CommandRegistry.jsonEscape($0.label))\"" }.joined(separator: ", ") + "]"
        }.joined(separator: ",\n")
        return "{\n" + body + "\n}\n"
    }

    /// Lays a keys.json over the defaults. Every problem names the file and
    /// the entry; a bad entry is skipped, the rest still apply.
    public static func load(_ data: Data, file: String) -> (bindings: KeyBindings, problems: [String]) {
        var b = KeyBindings.defaults
        var problems: [String] = []
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            return (b, ["\(file): not valid JSON (\(error.localizedDescription)); using the default keys"])
        }
        guard let entries = object as? [String: Any] else {
            return (b, ["\(file): expected an object such as {\"export\": [\"x\"]}; using the default keys"])
        }
        let names = Set(CommandID.allCases.map(\.rawValue))
        for (name, value) in entries.sorted(by: { $0.key < $1.key }) {
            guard let id = CommandID(rawValue: name) else {
                let near = names.filter { $0.lowercased().hasPrefix(name.lowercased().prefix(3)) }.sorted()
                problems.append("\(file): entry \"\(name)\": no such command\(near.isEmpty ? "" : " (did you mean \(near.joined(separator: ", "))?)"); `seller keys` lists them")
                continue
            }
            let labels: [String]
            if let s = value as? String { labels = [s] } else if let a = value as? [String] { labels = a } else {
                problems.append("\(file): entry \"\(name)\": expected a list of keys such as [\"x\", \"Ctrl-e\"]")
                continue
            }
            var parsed: [Key] = []
            // Where text is typed, a character must type itself: bound there it would never reach the field.
            let typedIn = CommandRegistry.spec(id).contexts.intersection(KeyContext.typing).map(\.rawValue).sorted()
            for l in labels {
                guard let k = Key(label: l), k != .resize else {
                    problems.append("\(file): entry \"\(name)\": \"\(l)\" is not a key (examples: x, G, Ctrl-e, Alt-x, F2, Enter, Esc, Tab, PgDn)")
                    continue
                }
                if case .char = k, !typedIn.isEmpty {
                    problems.append("\(file): entry \"\(name)\": \"\(l)\" is a character, and \(name) is read while typing (\(typedIn.joined(separator: ", "))), where it must type itself; use Ctrl-, Alt- or a named key")
                    continue
                }
                parsed.append(k)
            }
            // An entry whose every key was unreadable keeps the defaults.
            if parsed.isEmpty, !labels.isEmpty { continue }
            b.keys[id] = parsed
            b.remapped.insert(id)
        }
        problems += b.conflicts(file: file)
        return (b, problems)
    }

    /// Keys bound to two commands that apply on the same tab in the same context.
    func conflicts(file: String) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        for context in KeyContext.allCases {
        for tab in Tab.allCases {
            let specs = CommandRegistry.available(on: tab, readOnly: false, in: context)
            for (i, a) in specs.enumerated() {
                for b in specs[(i + 1)...] {
                    for k in keys(for: a.id) where keys(for: b.id).contains(k) {
                        guard remapped.contains(a.id) || remapped.contains(b.id) else { continue }
                        let pair = "\(k.label) \(a.id) \(b.id)"
                        guard seen.insert(pair).inserted else { continue }
                        let winner = keyMap(for: tab, readOnly: false, in: context)[k].map(\.rawValue) ?? "?"
                        let place = context == .list ? tab.title(.en) : "\(tab.title(.en)), in \(context.rawValue)"
                        out.append("\(file): key \(k.label) is bound to both \(a.id.rawValue) and \(b.id.rawValue) (on \(place)); \(winner) keeps it")
                    }
                }
            }
        }
        }
        return out
    }
}
