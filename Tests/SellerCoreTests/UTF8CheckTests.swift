import Testing
@testable import SellerCore

/// `UTF8Check` accepts exactly what `String(validating:as:)` accepts.
@Suite struct UTF8CheckTests {
    static func reference(_ b: [UInt8]) -> Bool { String(validating: b, as: UTF8.self) != nil }
    static func mine(_ b: [UInt8]) -> Bool { b.withUnsafeBufferPointer { UTF8Check.isValid($0) } }

    @Test func everyOneAndTwoByteSequence() {
        for a in 0...255 {
            #expect(Self.mine([UInt8(a)]) == Self.reference([UInt8(a)]), "\(a)")
            for b in 0...255 where Self.mine([UInt8(a), UInt8(b)]) != Self.reference([UInt8(a), UInt8(b)]) {
                Issue.record("\(a) \(b)")
            }
        }
    }

    @Test func threeAndFourByteSequencesAtEveryBoundary() {
        let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF]
        let after: [UInt8] = [0x41, 0x80, 0xBF, 0xC0]
        var wrong: [[UInt8]] = []
        for a in 0xC0...0xFF {
            for b in 0...255 {
                for c in edges {
                    let three = [UInt8(a), UInt8(b), c]
                    if Self.mine(three) != Self.reference(three) { wrong.append(three) }
                }
                guard a >= 0xF0 else { continue }
                for c in after {
                    for d in after {
                        let four = [UInt8(a), UInt8(b), c, d]
                        if Self.mine(four) != Self.reference(four) { wrong.append(four) }
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }

    /// Long runs (the eight-byte ASCII step) with damage at every offset.
    @Test func longTextsWithDamageAnywhere() {
        let text = Array("订单 CS2611200001 的服务监管：待商家确认需求 ✓ 𠀋 ascii tail 12345678".utf8)
        #expect(Self.mine(text) && Self.reference(text))
        for i in text.indices {
            for bad: UInt8 in [0x80, 0xC0, 0xFF, 0xED] {
                var t = text
                t[i] = bad
                #expect(Self.mine(t) == Self.reference(t), "byte \(i) = \(bad)")
            }
            let cut = Array(text[..<i])
            #expect(Self.mine(cut) == Self.reference(cut), "cut at \(i)")
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let r = (0..<Int.random(in: 0..<40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(Self.mine(r) == Self.reference(r), "\(r)")
        }
    }
}
