/// Whether bytes are well-formed UTF-8 (Unicode 15, table 3-7: no overlong
/// forms, no surrogates, nothing past U+10FFFF), without making a String.
///
/// `String(validating:as:)` is generic and was not specialised here: every
/// call looked its metadata up at run time, which cost the store's line
/// checks and string decoding more than the validation itself (~6 % of a
/// `seller check`). Equivalence with it: UTF8CheckTests.
enum UTF8Check {
    static func isValid(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress else { return true }
        let n = p.count
        var i = 0
        while i < n {
            // Eight ASCII bytes at a time (unaligned load).
            if i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b = base[i]
            if b < 0x80 { i += 1; continue }
            @inline(__always) func cont(_ k: Int) -> Bool { i + k < n && base[i + k] & 0xC0 == 0x80 }
            switch b {
            case 0xC2...0xDF:
                guard cont(1) else { return false }
                i += 2
            case 0xE0...0xEF:
                guard cont(1), cont(2) else { return false }
                let b1 = base[i + 1]
                if b == 0xE0, b1 < 0xA0 { return false }   // overlong
                if b == 0xED, b1 > 0x9F { return false }   // surrogates
                i += 3
            case 0xF0...0xF4:
                guard cont(1), cont(2), cont(3) else { return false }
                let b1 = base[i + 1]
                if b == 0xF0, b1 < 0x90 { return false }   // overlong
                if b == 0xF4, b1 > 0x8F { return false }   // past U+10FFFF
                i += 4
            default:
                return false
            }
        }
        return true
    }

    static func isValid(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { isValid($0) }
    }

    /// The string of bytes that `isValid` accepted, or nil.
    static func string(_ p: UnsafeBufferPointer<UInt8>) -> String? {
        isValid(p) ? String(decoding: p, as: UTF8.self) : nil
    }
}
