import Foundation

/// A point in time, stored as whole seconds since the Unix epoch.
///
/// Foundation's `Date` + `ISO8601DateFormatter` cost ~40% in JSON throughput
/// (SPIKE §3) and hide the calendar rules the domain depends on, so time is an
/// integer and the calendar arithmetic of DOMAIN §6.4 is done by hand in China
/// Standard Time (UTC+8, no daylight saving), the platform's own zone.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    /// The wall clock, to the second: what every "now" of a merchant action reads.
    public static var now: Timestamp { Timestamp(seconds: Int64(Date().timeIntervalSince1970)) }

    /// The platform's zone: every displayed date and every period boundary uses it.
    public static let chinaOffsetSeconds: Int64 = 8 * 3600

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.seconds < b.seconds }

    // MARK: What the store can hold

    /// The one definition of a time the store can write and read back: a
    /// four-digit year in China time (`iso8601` writes `YYYY`, the parser
    /// reads exactly four digits). The parser refuses anything outside it, and
    /// the store's encoders refuse to write it, so no accepted value can make
    /// a journal unreadable (an offset of -14:00 on 9999-12-31 used to yield
    /// `10000-01-01…`).
    public static let storable: ClosedRange<Int64> =
        Timestamp(china: Civil(year: 0, month: 1, day: 1)).seconds...Timestamp(china: Civil(year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59)).seconds

    public var isStorable: Bool { Timestamp.storable.contains(seconds) }

    /// What a platform feed may carry: 2000-01-01 to 2100-12-31 China time.
    /// KooGallery did not exist before; later dates are typos or attacks (an
    /// order "created" in 9999 made its supervision wait -26329 days).
    public static let plausible: ClosedRange<Timestamp> =
        Timestamp(china: Civil(year: 2000, month: 1, day: 1))...Timestamp(china: Civil(year: 2100, month: 12, day: 31, hour: 23, minute: 59, second: 59))

    /// Why a feed time is refused, or nil when it is plausible.
    public var implausibility: String? {
        Timestamp.plausible.contains(self) ? nil : "\(iso8601) is outside 2000-01-01 … 2100-12-31 (China time)"
    }

    public func adding(seconds s: Int64) -> Timestamp { Timestamp(seconds: seconds + s) }
    public func adding(days d: Int) -> Timestamp { adding(seconds: Int64(d) * 86_400) }

    /// Whole days from `self` to `later`, rounded down (negative when `later` is earlier).
    public func days(until later: Timestamp) -> Int {
        let diff = later.seconds - seconds
        return Int(diff >= 0 ? diff / 86_400 : -((-diff + 86_399) / 86_400))
    }

    // MARK: Civil time in UTC+8

    public struct Civil: Hashable, Sendable {
        public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
        public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
            (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
        }
    }

    public init(china c: Civil) {
        let days = Timestamp.daysFromCivil(c.year, c.month, c.day)
        seconds = days * 86_400 + Int64(c.hour * 3600 + c.minute * 60 + c.second) - Timestamp.chinaOffsetSeconds
    }

    public var china: Civil {
        let local = seconds + Timestamp.chinaOffsetSeconds
        var days = local / 86_400
        var rem = local % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = Timestamp.civilFromDays(days)
        return Civil(year: y, month: m, day: d, hour: Int(rem / 3600), minute: Int(rem % 3600 / 60), second: Int(rem % 60))
    }

    /// Calendar addition in China time: the day of month is kept, clamped to the
    /// target month's length (1月31日 + 1 month = 2月28/29日), time of day kept.
    public func adding(months: Int) -> Timestamp {
        var c = china
        let total = c.year * 12 + (c.month - 1) + months
        c.year = total >= 0 ? total / 12 : (total - 11) / 12
        c.month = total - c.year * 12 + 1
        c.day = min(c.day, Timestamp.daysIn(year: c.year, month: c.month))
        return Timestamp(china: c)
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = Int64(m <= 2 ? y0 - 1 : y0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((m + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }

    // MARK: ISO-8601

    /// `2026-11-20T08:00:00+08:00`: always written in China time.
    public var iso8601: String {
        let c = china
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))+08:00"
    }

    /// `iso8601`, appended as UTF-8 bytes: the store encoder writes times in place.
    func appendISO8601(to out: inout [UInt8]) {
        let c = china
        guard (0...9999).contains(c.year) else { out += Array(iso8601.utf8); return }
        @inline(__always) func two(_ v: Int) { out.append(UInt8(48 + v / 10)); out.append(UInt8(48 + v % 10)) }
        two(c.year / 100); two(c.year % 100); out.append(45)
        two(c.month); out.append(45); two(c.day); out.append(84)
        two(c.hour); out.append(58); two(c.minute); out.append(58); two(c.second)
        out += [43, 48, 56, 58, 48, 48] // +08:00
    }

    /// `2026-11-20 08:00` for tables.
    /// Written digit by digit: the order list formats one per order, and
    /// five padded interpolations cost more than the rest of the row.
    public var shortDisplay: String {
        let c = china
        guard (0...9999).contains(c.year) else { return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day)) \(pad(c.hour)):\(pad(c.minute))" }
        return String(unsafeUninitializedCapacity: 16) { b in
            @inline(__always) func two(_ v: Int, _ at: Int) { b[at] = UInt8(48 + v / 10); b[at + 1] = UInt8(48 + v % 10) }
            two(c.year / 100, 0); two(c.year % 100, 2); b[4] = 45; two(c.month, 5); b[7] = 45; two(c.day, 8)
            b[10] = 32; two(c.hour, 11); b[13] = 58; two(c.minute, 14)
            return 16
        }
    }

    /// `2026-11-20` for date-only columns.
    public var dateDisplay: String {
        let c = china
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))"
    }

    public var description: String { iso8601 }

    /// Parses `YYYY-MM-DDTHH:MM[:SS][.fff](Z|±HH:MM|±HHMM)`, or a bare date or
    /// date-time which is then read as China time (what a merchant types).
    /// Returns nil for anything else, including out-of-range fields.
    public init?(iso8601 text: String) {
        self.init(iso8601UTF8: Array(text.utf8))
    }

    /// `init(iso8601:)` over UTF-8 bytes: the store decoder parses times in place.
    init?<Bytes: RandomAccessCollection<UInt8>>(iso8601UTF8 b: Bytes) where Bytes.Index == Int {
        var i = b.startIndex
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.endIndex else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.endIndex, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), expect(45), let mo = digits(2), expect(45), let d = digits(2) else { return nil }
        var h = 0, mi = 0, s = 0
        var offset = Timestamp.chinaOffsetSeconds
        if i < b.endIndex {
            guard b[i] == 84 || b[i] == 32 else { return nil } // 'T' or ' '
            i += 1
            guard let hh = digits(2), expect(58), let mm = digits(2) else { return nil }
            h = hh; mi = mm
            if expect(58) {
                guard let ss = digits(2) else { return nil }
                s = ss
                if expect(46) { // fractional seconds: accepted, dropped
                    let start = i
                    while i < b.endIndex, b[i] >= 48, b[i] <= 57 { i += 1 }
                    guard i > start else { return nil }
                }
            }
            if i < b.endIndex {
                if expect(90) { offset = 0 } // 'Z'
                else {
                    guard b[i] == 43 || b[i] == 45 else { return nil }
                    let sign: Int64 = b[i] == 45 ? -1 : 1
                    i += 1
                    guard let oh = digits(2) else { return nil }
                    _ = expect(58)
                    guard let om = digits(2), oh <= 14, om < 60 else { return nil }
                    offset = sign * Int64(oh * 3600 + om * 60)
                }
            }
        }
        guard i == b.endIndex, (1...12).contains(mo), d >= 1, d <= Timestamp.daysIn(year: y, month: mo),
              h < 24, mi < 60, s < 60 else { return nil }
        let t = Timestamp.daysFromCivil(y, mo, d) * 86_400 + Int64(h * 3600 + mi * 60 + s) - offset
        guard Timestamp.storable.contains(t) else { return nil }
        seconds = t
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let t = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "not an ISO-8601 time: \(text)"))
        }
        self = t
    }

    public func encode(to encoder: any Encoder) throws {
        guard isStorable else {
            throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath,
                debugDescription: "time \(seconds) s is outside what the store can read back (years 0000–9999, China time)"))
        }
        var c = encoder.singleValueContainer()
        try c.encode(iso8601)
    }
}

@inline(__always)
private func pad(_ v: Int, _ width: Int = 2) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
