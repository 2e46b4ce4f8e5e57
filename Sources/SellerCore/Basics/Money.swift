/// An amount of money in fen (分, 1/100 yuan). Never a floating-point number:
/// the platform sends decimal strings (`"1200.00"`) and bills must add up exactly.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var fen: Int64

    public init(fen: Int64) { self.fen = fen }
    public init(yuan: Int64) { fen = yuan * 100 }

    public static func < (a: Money, b: Money) -> Bool { a.fen < b.fen }
    public static func + (a: Money, b: Money) -> Money { Money(fen: a.fen + b.fen) }
    public static let zero = Money(fen: 0)
    /// The amounts `init(decimal:)` can give (at most 13 whole digits).
    public static let storableFen: ClosedRange<Int64> = -999_999_999_999_999...999_999_999_999_999

    /// Parses `"1200"`, `"1200.5"`, `"-99.00"`. A third decimal is accepted only
    /// when it is zero: anything finer than a fen would be silently lost.
    public init?(decimal text: String) {
        var b = Substring(text)
        var negative = false
        if b.first == "-" { negative = true; b = b.dropFirst() }
        let parts = b.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 13,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var frac = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || !frac.isEmpty, frac.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        while frac.count > 2, frac.last == "0" { frac = frac.dropLast() }
        guard frac.count <= 2 else { return nil }
        let fracFen = Int64(frac.padding(toLength: 2)) ?? 0
        let value = Int64(whole)! * 100 + fracFen
        fen = negative ? -value : value
    }

    /// `"1200.00"`: the wire and storage form.
    /// Written digit by digit, from the end (every order row and stored event has one).
    public var decimalString: String {
        let a = fen.magnitude
        var digits = 1, x = a / 10
        while x > 0 { digits += 1; x /= 10 }
        digits = max(digits, 3) // 5 fen is 0.05: at least one yuan digit and two fen
        let length = (fen < 0 ? 1 : 0) + digits + 1
        return String(unsafeUninitializedCapacity: length) { b in
            var v = a, at = length - 1
            for i in 0..<digits {
                if i == 2 { b[at] = 46; at -= 1 } // "."
                b[at] = UInt8(48 + v % 10); v /= 10; at -= 1
            }
            if fen < 0 { b[0] = 45 } // "-"
            return length
        }
    }

    /// `¥1,200.00` for tables.
    public var display: String {
        let sign = fen < 0 ? "-" : ""
        let a = fen.magnitude
        var whole = String(a / 100)
        var groups: [Substring] = []
        while whole.count > 3 {
            groups.insert(Substring(whole.suffix(3)), at: 0)
            whole.removeLast(3)
        }
        groups.insert(Substring(whole), at: 0)
        let cents = a % 100
        return "\(sign)¥\(groups.joined(separator: ",")).\(cents < 10 ? "0" : "")\(cents)"
    }

    public var description: String { decimalString }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let m = Money(decimal: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "not a decimal amount in yuan with at most 2 decimals: \(text)"))
        }
        self = m
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(decimalString)
    }
}

private extension Substring {
    func padding(toLength n: Int) -> String {
        count >= n ? String(self) : String(self) + String(repeating: "0", count: n - count)
    }
}
