/// A small argument reader: `--name VALUE`, `--name=VALUE`, flags, positionals.
/// Unknown options are usage errors (exit 2), never silently ignored.
struct Arguments: Sendable {
    var positionals: [String] = []
    var options: [String: [String]] = [:]
    var flags: Set<String> = []

    struct UsageError: Error, CustomStringConvertible { var description: String }

    /// `valued` lists options that take a value; `switches` those that do not.
    init(_ args: [String], valued: Set<String>, switches: Set<String>) throws {
        var i = 0
        var onlyPositionals = false
        while i < args.count {
            let a = args[i]
            i += 1
            if onlyPositionals || !a.hasPrefix("--") || a == "-" {
                positionals.append(a)
                continue
            }
            if a == "--" { onlyPositionals = true; continue }
            var name = String(a.dropFirst(2))
            var value: String?
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if switches.contains(name) || Arguments.global.contains(name) {
                guard value == nil else { throw UsageError(description: "--\(name) takes no value") }
                flags.insert(name)
            } else if valued.contains(name) || Arguments.globalValued.contains(name) {
                if value == nil {
                    guard i < args.count else { throw UsageError(description: "--\(name) needs a value") }
                    value = args[i]
                    i += 1
                }
                options[name, default: []].append(value!)
            } else {
                throw UsageError(description: "unknown option --\(name)")
            }
        }
    }

    /// Switches every command takes.
    static let global: Set<String> = ["readonly"]
    /// Options every command takes, before or after its word (`seller --store D keys`,
    /// `seller keys --store D`). A command that prints one form checks `--format` itself.
    static let globalValued: Set<String> = ["store", "as", "lang", "format"]

    /// `--readonly`, or SELLER_READONLY set to anything but empty or 0.
    func readOnly(_ environment: [String: String]) -> Bool {
        has("readonly") || !["", "0"].contains(environment["SELLER_READONLY"] ?? "")
    }

    func value(_ name: String) -> String? { options[name]?.last }
    func has(_ flag: String) -> Bool { flags.contains(flag) }
}
