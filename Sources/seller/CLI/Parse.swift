import SellerCore

/// Turning option text into domain values, with errors that name the option.
enum Parse {
    /// A whole number option within `range`, or a usage error naming it.
    static func int(_ v: String, _ name: String, range: ClosedRange<Int>) throws -> Int {
        guard let n = Int(v), range.contains(n) else {
            throw CLIError.usage("\(name) \(v): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    static func time(_ name: String, _ v: String?, endOfDay: Bool = false) throws -> Timestamp? {
        guard let v else { return nil }
        guard let t = Timestamp(iso8601: v) else {
            throw CLIError.usage("--\(name) \(v): expected a date (2026-01-31) or a time (2026-01-31 14:00, China time)")
        }
        // A bare date as the end of a range means the whole day.
        return endOfDay && v.count == 10 ? t.adding(seconds: 86_399) : t
    }

    static func enumValue<E: RawRepresentable & CaseIterable>(_ name: String, _ v: String?, _: E.Type,
                                                               aliases: [String: E] = [:]) throws -> E? where E.RawValue == String {
        guard let v else { return nil }
        if let e = E(rawValue: v) ?? aliases[v] { return e }
        let names = E.allCases.map(\.rawValue) + aliases.keys.sorted()
        throw CLIError.usage("--\(name) \(v): expected one of \(names.joined(separator: ", "))")
    }

    static let orderStatusAliases: [String: OrderStatus] = Dictionary(uniqueKeysWithValues: OrderStatus.allCases.map { ($0.zh, $0) })
    static let stateAliases: [String: SupervisionState] = Dictionary(uniqueKeysWithValues: SupervisionState.allCases.map { ($0.zh, $0) })
    static let queueAliases: [String: SupervisionQueue] = Dictionary(uniqueKeysWithValues: SupervisionQueue.allCases.map { ($0.zh, $0) })
}
