/// A value kept behind a pointer. A record's optional parts (requirement,
/// delivery, shipping, license) are nil for most records, yet inline they
/// take their full size in every slot of the records table — 208 of a
/// record's 408 bytes, ~27 MB at 100k orders. Behind a pointer a nil costs 8.
///
/// Immutable: a change makes a new box, so copies never share a change.
/// Coded as the value itself, so the JSON (and every coding path in an error) is unchanged.
public final class Indirect<Value: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    public let value: Value

    public init(_ value: Value) { self.value = value }

    public static func == (a: Indirect, b: Indirect) -> Bool { a === b || a.value == b.value }
    public func hash(into h: inout Hasher) { h.combine(value) }

    public init(from decoder: any Decoder) throws { value = try Value(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
