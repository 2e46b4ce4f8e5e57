import Foundation
import Testing
@testable import SellerCore

/// The digit-by-digit formatters against the straightforward ones.
@Suite struct FormattingTests {
    static func paddedDecimal(_ m: Money) -> String {
        let a = m.fen.magnitude, cents = a % 100
        return "\(m.fen < 0 ? "-" : "")\(a / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    @Test func decimalStringEqualsThePaddedInterpolation() {
        var rng = SplitMix64(seed: 3)
        var values: [Int64] = [0, 1, 5, 9, 10, 99, 100, 101, 999, 1000, 120_000, -1, -5, -99, -100, -12_345, .max, .min, .max - 1, .min + 1]
        for _ in 0..<5000 { values.append(Int64(bitPattern: rng.next()) >> Int64.random(in: 0...62, using: &rng)) }
        #expect([5, -5, 120_000, -99, 0].map { Money(fen: $0).decimalString } == ["0.05", "-0.05", "1200.00", "-0.99", "0.00"])
        #expect(Money(fen: .min).decimalString == "-92233720368547758.08")
        for v in values { #expect(Money(fen: v).decimalString == Self.paddedDecimal(Money(fen: v)), "\(v)") }
        for v in values where v != .min { #expect(Money(decimal: Money(fen: v).decimalString) == Money(fen: v) || abs(v) / 100 > 9_999_999_999_999) }
    }

    @Test func shortDisplayEqualsAFormattedCivilTime() {
        #expect(Timestamp(seconds: 1_800_000_000).shortDisplay == "2027-01-15 16:00")
        var rng = SplitMix64(seed: 5)
        var seconds: [Int64] = [0, -1, 1_800_000_000, 253_402_271_999 - 8 * 3600, 253_402_271_999, -62_167_248_000, -62_167_248_001]
        for _ in 0..<5000 { seconds.append(Int64.random(in: -70_000_000_000...260_000_000_000, using: &rng)) }
        for s in seconds {
            let t = Timestamp(seconds: s), c = t.china
            let reference = (0...9999).contains(c.year)
                ? String(format: "%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day, c.hour, c.minute)
                : nil
            if let reference { #expect(t.shortDisplay == reference, "\(s)") } else { #expect(!t.shortDisplay.isEmpty, "\(s)") }
            #expect(t.shortDisplay.hasPrefix(t.dateDisplay), "\(s)")
        }
    }
}
