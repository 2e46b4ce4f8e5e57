/// A strict JSON tokenizer over bytes: one pass, no allocation per value.
///
/// The store reads hundreds of megabytes of its own JSON Lines at start-up;
/// Foundation's decoder manages ~38 MB/s on this hardware (SPIKE §0). This
/// tokenizer finds every value's byte range once; `FastJSONDecoder` then
/// decodes fields straight from those ranges. Grammar is RFC 8259 exactly
/// (no trailing commas, no comments, no leading zeros, no raw control
/// characters in strings), so anything Foundation rejects is rejected here.
struct JSONToken {
    enum Kind: UInt8 { case object, array, string, number, trueValue, falseValue, null }
    var kind: Kind
    /// Strings: the string holds a backslash escape and needs unescaping.
    var escaped: Bool
    /// Byte range of the value; for strings the range between the quotes.
    var start: Int
    var end: Int
    /// Index of the first token after this value (and all it contains).
    var next: Int
    /// Objects: number of members; arrays: number of elements.
    var count: Int
}

struct JSONSyntaxError: Error, CustomStringConvertible {
    var offset: Int
    var message: String
    var description: String { "not valid JSON at byte \(offset + 1): \(message)" }
}

struct JSONTokenizer {
    private let p: UnsafeBufferPointer<UInt8>
    private var i = 0
    private(set) var tokens: [JSONToken] = []

    private init(_ p: UnsafeBufferPointer<UInt8>) {
        self.p = p
        tokens.reserveCapacity(max(16, p.count / 12))
    }

    /// Tokens of exactly one JSON value filling `bytes` (whitespace around it allowed).
    static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> [JSONToken] {
        var t = JSONTokenizer(bytes)
        t.skipSpace()
        try t.value(depth: 0)
        t.skipSpace()
        if t.i != bytes.count { throw JSONSyntaxError(offset: t.i, message: "unexpected text after the value") }
        return t.tokens
    }

    private mutating func skipSpace() {
        while i < p.count {
            switch p[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return
            }
        }
    }

    private func fail(_ m: String) -> JSONSyntaxError { JSONSyntaxError(offset: i, message: m) }

    private mutating func value(depth: Int) throws(JSONSyntaxError) {
        guard depth < 512 else { throw fail("nested too deeply") }
        guard i < p.count else { throw fail("unexpected end of input") }
        switch p[i] {
        case UInt8(ascii: "{"): try object(depth: depth)
        case UInt8(ascii: "["): try array(depth: depth)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true", .trueValue)
        case UInt8(ascii: "f"): try literal("false", .falseValue)
        case UInt8(ascii: "n"): try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw fail("unexpected character '\(Unicode.Scalar(p[i]))'")
        }
    }

    private mutating func literal(_ word: StaticString, _ kind: JSONToken.Kind) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= p.count else { throw fail("unexpected end of input") }
        let w = word.utf8Start
        for k in 0..<n where p[i + k] != w[k] { throw fail("unexpected character") }
        tokens.append(JSONToken(kind: kind, escaped: false, start: i, end: i + n, next: tokens.count + 1, count: 0))
        i += n
    }

    private mutating func number() throws(JSONSyntaxError) {
        let s = i
        if p[i] == UInt8(ascii: "-") { i += 1 }
        guard i < p.count, isDigit(p[i]) else { throw fail("a number needs digits") }
        if p[i] == UInt8(ascii: "0") {
            i += 1
            if i < p.count, isDigit(p[i]) { throw fail("numbers may not have leading zeros") }
        } else {
            while i < p.count, isDigit(p[i]) { i += 1 }
        }
        if i < p.count, p[i] == UInt8(ascii: ".") {
            i += 1
            guard i < p.count, isDigit(p[i]) else { throw fail("a fraction needs digits") }
            while i < p.count, isDigit(p[i]) { i += 1 }
        }
        if i < p.count, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < p.count, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
            guard i < p.count, isDigit(p[i]) else { throw fail("an exponent needs digits") }
            while i < p.count, isDigit(p[i]) { i += 1 }
        }
        tokens.append(JSONToken(kind: .number, escaped: false, start: s, end: i, next: tokens.count + 1, count: 0))
    }

    @inline(__always) private func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    private mutating func string() throws(JSONSyntaxError) {
        i += 1 // opening quote
        let s = i
        var escaped = false
        while true {
            guard i < p.count else { throw fail("unterminated string") }
            let b = p[i]
            if b == UInt8(ascii: "\"") { break }
            if b < 0x20 { throw fail("control character in a string must be escaped") }
            if b == UInt8(ascii: "\\") {
                escaped = true
                i += 1
                guard i < p.count else { throw fail("unterminated string") }
                switch p[i] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): i += 1
                case UInt8(ascii: "u"):
                    guard i + 4 < p.count else { throw fail("unterminated \\u escape") }
                    for k in 1...4 where hexValue(p[i + k]) == nil { throw fail("bad \\u escape") }
                    i += 5
                default: throw fail("unknown escape '\\\(Unicode.Scalar(p[i]))'")
                }
                continue
            }
            i += 1
        }
        tokens.append(JSONToken(kind: .string, escaped: escaped, start: s, end: i, next: tokens.count + 1, count: 0))
        i += 1 // closing quote
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) {
        let me = tokens.count
        tokens.append(JSONToken(kind: .object, escaped: false, start: i, end: i, next: 0, count: 0))
        i += 1
        skipSpace()
        var n = 0
        if i < p.count, p[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                guard i < p.count, p[i] == UInt8(ascii: "\"") else { throw fail("expected a member name in quotes") }
                try string()
                skipSpace()
                guard i < p.count, p[i] == UInt8(ascii: ":") else { throw fail("expected ':' after a member name") }
                i += 1
                skipSpace()
                try value(depth: depth + 1)
                n += 1
                skipSpace()
                guard i < p.count else { throw fail("unterminated object") }
                if p[i] == UInt8(ascii: ",") { i += 1; skipSpace(); continue }
                if p[i] == UInt8(ascii: "}") { i += 1; break }
                throw fail("expected ',' or '}' in an object")
            }
        }
        tokens[me].end = i
        tokens[me].next = tokens.count
        tokens[me].count = n
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) {
        let me = tokens.count
        tokens.append(JSONToken(kind: .array, escaped: false, start: i, end: i, next: 0, count: 0))
        i += 1
        skipSpace()
        var n = 0
        if i < p.count, p[i] == UInt8(ascii: "]") {
            i += 1
        } else {
            while true {
                try value(depth: depth + 1)
                n += 1
                skipSpace()
                guard i < p.count else { throw fail("unterminated array") }
                if p[i] == UInt8(ascii: ",") { i += 1; skipSpace(); continue }
                if p[i] == UInt8(ascii: "]") { i += 1; break }
                throw fail("expected ',' or ']' in an array")
            }
        }
        tokens[me].end = i
        tokens[me].next = tokens.count
        tokens[me].count = n
    }
}

@inline(__always) func hexValue(_ b: UInt8) -> UInt32? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
    default: nil
    }
}
