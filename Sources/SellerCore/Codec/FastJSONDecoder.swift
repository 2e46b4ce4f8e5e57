import Foundation

/// A `Decoder` over `JSONTokenizer`'s tokens: the store's own types decode
/// straight from byte ranges, several times faster than `JSONDecoder`, which
/// stays the reference (CodecEquivalenceTests decode whole demo stores both ways).
///
/// Errors are the standard `DecodingError`s with their coding paths, so
/// `LineFrame.explain` names the field exactly as before.
enum FastJSON {
    static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        if let r = try bytes.withContiguousStorageIfAvailable({ try decode(type, buffer: $0) }) { return r }
        return try Array(bytes).withUnsafeBufferPointer { try decode(type, buffer: $0) }
    }

    static func decode<T: Decodable>(_ type: T.Type, buffer: UnsafeBufferPointer<UInt8>) throws -> T {
        try withRoot(buffer) { try $0.decodeValue(type, at: 0, key: nil) }
    }

    /// Tokenizes once and hands over the top-level decoder, for readers that
    /// look at one member (a type, a kind) before choosing what to decode.
    static func withRoot<R>(_ bytes: some Collection<UInt8>, _ body: (JSONValueDecoder) throws -> R) throws -> R {
        if let r = try bytes.withContiguousStorageIfAvailable({ try withRoot(buffer: $0, body) }) { return r }
        return try Array(bytes).withUnsafeBufferPointer { try withRoot(buffer: $0, body) }
    }

    private static func withRoot<R>(buffer: UnsafeBufferPointer<UInt8>, _ body: (JSONValueDecoder) throws -> R) throws -> R {
        let tokens: [JSONToken]
        do { tokens = try JSONTokenizer.tokenize(buffer) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: error.description, underlyingError: error))
        }
        return try body(JSONValueDecoder(doc: JSONDocument(bytes: buffer, tokens: tokens), token: 0, parent: nil, key: nil))
    }
}

/// The bytes and tokens of one document; lives only during one decode call.
final class JSONDocument {
    let p: UnsafeBufferPointer<UInt8>
    let t: [JSONToken]
    /// Set when the bytes are a line of a snapshot file (`Snapshot.decode(line:origin:)`).
    var origin: SnapshotOrigin?
    init(bytes: UnsafeBufferPointer<UInt8>, tokens: [JSONToken]) { p = bytes; t = tokens }

    func bytes(_ tok: JSONToken) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: p[tok.start..<tok.end])
    }

    /// Whether member-name token `i` spells `key`.
    @inline(__always) func name(_ i: Int, equals key: String) -> Bool {
        let tok = t[i]
        if tok.escaped { return (try? string(tok)) == key }
        let n = tok.end - tok.start
        if let r = key.utf8.withContiguousStorageIfAvailable({ k -> Bool in
            k.count == n && (n == 0 || memcmp(k.baseAddress!, p.baseAddress! + tok.start, n) == 0)
        }) { return r }
        return key.utf8.elementsEqual(bytes(tok))
    }

    func string(_ tok: JSONToken) throws(JSONSyntaxError) -> String {
        let raw = bytes(tok)
        if !tok.escaped {
            guard let s = UTF8Check.string(raw) else { throw JSONSyntaxError(offset: tok.start, message: "invalid UTF-8 in a string") }
            return s
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        func hex4(_ at: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 << 4 | hexValue(raw[at + $1])! }
        }
        while i < raw.count {
            let b = raw[i]
            guard b == UInt8(ascii: "\\") else { out.append(b); i += 1; continue }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var v = hex4(i)
                i += 4
                if (0xD800...0xDBFF).contains(v) {
                    guard i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u") else {
                        throw JSONSyntaxError(offset: tok.start + i, message: "unpaired UTF-16 surrogate in a \\u escape")
                    }
                    let lo = hex4(i + 2)
                    guard (0xDC00...0xDFFF).contains(lo) else {
                        throw JSONSyntaxError(offset: tok.start + i, message: "unpaired UTF-16 surrogate in a \\u escape")
                    }
                    v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                    i += 6
                } else if (0xDC00...0xDFFF).contains(v) {
                    throw JSONSyntaxError(offset: tok.start + i, message: "unpaired UTF-16 surrogate in a \\u escape")
                }
                UTF8.encode(Unicode.Scalar(v)!) { out.append($0) }
            default: out.append(e) // \" \\ \/
            }
        }
        guard let s = out.withUnsafeBufferPointer(UTF8Check.string) else { throw JSONSyntaxError(offset: tok.start, message: "invalid UTF-8 in a string") }
        return s
    }
}

/// One value's decoder. It is its own single-value container, as in Foundation.
final class JSONValueDecoder: Decoder, SingleValueDecodingContainer {
    let doc: JSONDocument
    let token: Int
    let parent: JSONValueDecoder?
    let key: (any CodingKey)?

    init(doc: JSONDocument, token: Int, parent: JSONValueDecoder?, key: (any CodingKey)?) {
        self.doc = doc; self.token = token; self.parent = parent; self.key = key
    }

    var codingPath: [any CodingKey] {
        var out: [any CodingKey] = []
        var d: JSONValueDecoder? = self
        while let x = d { if let k = x.key { out.append(k) }; d = x.parent }
        return out.reversed()
    }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try expect(.object, at: token, [String: Any].self, path: codingPath)
        return KeyedDecodingContainer(JSONKeyedDecoding<Key>(d: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try expect(.array, at: token, [Any].self, path: codingPath)
        return JSONUnkeyedDecoding(d: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: values at a token

    func expect(_ kind: JSONToken.Kind, at i: Int, _ type: Any.Type, path: @autoclosure () -> [any CodingKey]) throws {
        let k = doc.t[i].kind
        guard k != kind else { return }
        if k == .null {
            throw DecodingError.valueNotFound(type, .init(codingPath: path(), debugDescription: "Cannot get \(type) -- found null value instead"))
        }
        throw DecodingError.typeMismatch(type, .init(codingPath: path(), debugDescription: "Expected to decode \(type) but found \(describe(k)) instead."))
    }

    private func describe(_ k: JSONToken.Kind) -> String {
        switch k {
        case .object: "a dictionary"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .trueValue, .falseValue: "bool"
        case .null: "null"
        }
    }

    func string(at i: Int, path: @autoclosure () -> [any CodingKey]) throws -> String {
        try expect(.string, at: i, String.self, path: path())
        do { return try doc.string(doc.t[i]) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: error.message))
        }
    }

    func bool(at i: Int, path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        switch doc.t[i].kind {
        case .trueValue: return true
        case .falseValue: return false
        default:
            try expect(.trueValue, at: i, Bool.self, path: path())
            return false
        }
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type, at i: Int, path: @autoclosure () -> [any CodingKey]) throws -> T {
        try expect(.number, at: i, T.self, path: path())
        let raw = doc.bytes(doc.t[i])
        var k = 0
        let negative = raw[0] == UInt8(ascii: "-")
        if negative { k = 1 }
        var v: T = 0
        var exact = true
        while k < raw.count {
            let d = raw[k] &- 48
            guard d < 10 else { exact = false; break }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(T(d)) : m.addingReportingOverflow(T(d))
            if o1 || o2 {
                throw DecodingError.dataCorrupted(.init(codingPath: path(),
                    debugDescription: "Number \(String(decoding: raw, as: UTF8.self)) does not fit in \(T.self)."))
            }
            v = s
            k += 1
        }
        if exact { return v }
        // 1.0 or 1e3: allowed when the value is a whole number that fits.
        let d = try double(at: i, path: path())
        guard let w = T(exactly: d) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path(),
                debugDescription: "Number \(String(decoding: raw, as: UTF8.self)) does not fit in \(T.self)."))
        }
        return w
    }

    func double(at i: Int, path: @autoclosure () -> [any CodingKey]) throws -> Double {
        try expect(.number, at: i, Double.self, path: path())
        let text = String(decoding: doc.bytes(doc.t[i]), as: UTF8.self)
        guard let d = Double(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "Number \(text) is not representable."))
        }
        return d
    }

    /// Any Decodable at token `i`; the store's hottest leaf types skip the
    /// nested decoder entirely.
    func decodeValue<T: Decodable>(_ type: T.Type, at i: Int, key: (any CodingKey)?) throws -> T {
        if T.self == String.self {
            return try string(at: i, path: self.path(key)) as! T
        }
        if T.self == Timestamp.self {
            try expect(.string, at: i, String.self, path: self.path(key))
            let tok = doc.t[i]
            if !tok.escaped, let t = Timestamp(iso8601UTF8: doc.bytes(tok)) { return t as! T }
            let text = try string(at: i, path: self.path(key))
            throw DecodingError.dataCorrupted(.init(codingPath: path(key), debugDescription: "not an ISO-8601 time: \(text)"))
        }
        return try T(from: JSONValueDecoder(doc: doc, token: i, parent: self, key: key))
    }

    func path(_ key: (any CodingKey)?) -> [any CodingKey] {
        key.map { codingPath + [$0] } ?? codingPath
    }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { doc.t[token].kind == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try bool(at: token, path: codingPath) }
    func decode(_ type: String.Type) throws -> String { try string(at: token, path: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try double(at: token, path: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { Float(try double(at: token, path: codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try integer(type, at: token, path: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type, at: token, path: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type, at: token, path: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type, at: token, path: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type, at: token, path: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type, at: token, path: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type, at: token, path: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type, at: token, path: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type, at: token, path: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type, at: token, path: codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == String.self || T.self == Timestamp.self { return try decodeValue(type, at: token, key: nil) }
        return try T(from: self)
    }
}
