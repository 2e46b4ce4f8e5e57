/// A billing period (账期), `YYYYMM`: a calendar month in China time. The
/// bill of a period has the same id on the platform (SETTLEMENT.md §1.3, HK:
/// 「2019年2月7号生成2019年1月账期的账单…账期ID为201901」).
public struct Period: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) { self.year = year; self.month = month }

    /// `"202611"`; nil for anything else (a month outside 01–12, a year outside 2000–2999).
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 6, b.allSatisfy({ (48...57).contains($0) }) else { return nil }
        let y = Int(text.prefix(4))!, m = Int(text.suffix(2))!
        guard (2000...2999).contains(y), (1...12).contains(m) else { return nil }
        self.init(year: y, month: m)
    }

    /// The period a moment falls in (China time).
    public init(of t: Timestamp) {
        let c = t.china
        self.init(year: c.year, month: c.month)
    }

    public static func < (a: Period, b: Period) -> Bool { (a.year, a.month) < (b.year, b.month) }

    public var next: Period { month == 12 ? Period(year: year + 1, month: 1) : Period(year: year, month: month + 1) }

    /// 00:00 on the 1st, China time.
    public var start: Timestamp { Timestamp(china: .init(year: year, month: month, day: 1)) }

    public var text: String { String(year) + (month < 10 ? "0" : "") + String(month) }
    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let p = Period(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a period YYYYMM: \(s)"))
        }
        self = p
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
}
