/// An `Encoder` that writes exactly the bytes of Foundation's `JSONEncoder`
/// with `[.sortedKeys, .withoutEscapingSlashes]` — the store's canonical form,
/// which event checksums depend on — at several times its speed. Members are
/// sorted by their UTF-8 bytes, as Foundation sorts them. CodecEquivalenceTests
/// compare the two byte for byte over whole demo stores.
extension FastJSON {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        try encode(value, into: &out)
        return out
    }

    static func encode<T: Encodable>(_ value: T, into out: inout [UInt8]) throws {
        let root = JSONValueEncoder(path: [])
        try root.encodeValue(value)
        (root.value ?? .object(JSONObjectBox())).write(to: &out)
    }
}

enum JSONEncodedValue {
    case string(String)
    case time(Timestamp)
    case literal(StaticString)
    case number(String)
    case integer(Int64)
    case object(JSONObjectBox)
    case array(JSONArrayBox)
    /// Canonical JSON already written (a packed history's bytes).
    case raw([UInt8])

    func write(to out: inout [UInt8]) {
        switch self {
        case .string(let s): writeString(s, to: &out)
        case .time(let t):
            out.append(0x22)
            t.appendISO8601(to: &out)
            out.append(0x22)
        case .literal(let s): out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        case .number(let s): out += s.utf8
        case .integer(let v): writeInteger(v, to: &out)
        case .object(let o): o.write(to: &out)
        case .raw(let bytes): out += bytes
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (n, v) in a.values.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                v.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }
}

final class JSONObjectBox {
    var keys: [String] = []
    var values: [JSONEncodedValue] = []

    func set(_ key: String, _ value: JSONEncodedValue) {
        // A key written twice keeps the last value, as Foundation does; keys
        // are the same when their bytes are (two spellings of "é" are two keys).
        if let i = keys.firstIndex(where: { UTF8Order.equal($0, key) }) { values[i] = value; return }
        keys.append(key)
        values.append(value)
    }

    func write(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var sorted = true
        for i in keys.indices.dropFirst() where !UTF8Order.less(keys[i - 1], keys[i]) { sorted = false; break }
        // Coding keys are declared in order almost everywhere: no index array then.
        if sorted {
            for i in keys.indices { member(i, first: i == 0, to: &out) }
        } else {
            for (n, i) in keys.indices.sorted(by: { UTF8Order.less(keys[$0], keys[$1]) }).enumerated() { member(i, first: n == 0, to: &out) }
        }
        out.append(UInt8(ascii: "}"))
    }

    @inline(__always) private func member(_ i: Int, first: Bool, to out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        writeString(keys[i], to: &out)
        out.append(UInt8(ascii: ":"))
        values[i].write(to: &out)
    }
}

final class JSONArrayBox {
    var values: [JSONEncodedValue] = []
}

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

func writeString(_ s: String, to out: inout [UInt8]) {
    out.append(0x22)
    var s = s
    s.withUTF8 { u in
        var runStart = 0
        for i in 0..<u.count {
            let b = u[i]
            guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
            if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[runStart..<i])) }
            runStart = i + 1
            out.append(0x5C)
            switch b {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            default:
                out += [UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]]
            }
        }
        if runStart < u.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[runStart..<u.count])) }
    }
    out.append(0x22)
}

private func writeInteger(_ v: Int64, to out: inout [UInt8]) {
    if v >= 0 && v < 10 { out.append(UInt8(48 + v)); return }
    if v == .min { out += Array(String(v).utf8); return }
    var m = v.magnitude
    var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
              UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = 0
    withUnsafeMutableBytes(of: &tmp) { buf in
        while m > 0 { buf[19 - n] = UInt8(48 + m % 10); m /= 10; n += 1 }
        if v < 0 { out.append(UInt8(ascii: "-")) }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[(20 - n)...]))
    }
}

/// One value's encoder; also its own single-value container.
final class JSONValueEncoder: Encoder, SingleValueEncodingContainer {
    var value: JSONEncodedValue?
    let path: [any CodingKey]
    init(path: [any CodingKey]) { self.path = path }

    var codingPath: [any CodingKey] { path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let o)? = value { return KeyedEncodingContainer(JSONKeyedEncoding<Key>(box: o, path: path)) }
        let o = JSONObjectBox()
        value = .object(o)
        return KeyedEncodingContainer(JSONKeyedEncoding<Key>(box: o, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let a)? = value { return JSONUnkeyedEncoding(box: a, path: path) }
        let a = JSONArrayBox()
        value = .array(a)
        return JSONUnkeyedEncoding(box: a, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    /// Encodes any value; leaves that need no nested encoder are written directly.
    func encodeValue<T: Encodable>(_ v: T) throws {
        value = try JSONValueEncoder.encoded(v, path: path)
    }

    static func encoded<T: Encodable>(_ v: T, path: @autoclosure () -> [any CodingKey]) throws -> JSONEncodedValue {
        if T.self == String.self { return .string(v as! String) }
        if T.self == Timestamp.self {
            let t = v as! Timestamp
            // The same refusal as Timestamp.encode(to:): never write a time the reader refuses.
            guard t.isStorable else {
                throw EncodingError.invalidValue(t, .init(codingPath: path(),
                    debugDescription: "time \(t.seconds) s is outside what the store can read back (years 0000–9999, China time)"))
            }
            return .time(t)
        }
        let e = JSONValueEncoder(path: path())
        try v.encode(to: e)
        return e.value ?? .object(JSONObjectBox())
    }

    // MARK: SingleValueEncodingContainer
    func encodeNil() { value = .literal("null") }
    func encode(_ v: Bool) { value = .literal(v ? "true" : "false") }
    func encode(_ v: String) { value = .string(v) }
    func encode(_ v: Double) throws { value = try number(v) }
    func encode(_ v: Float) throws { value = try number(Double(v)) }
    func encode(_ v: Int) { value = .integer(Int64(v)) }
    func encode(_ v: Int8) { value = .integer(Int64(v)) }
    func encode(_ v: Int16) { value = .integer(Int64(v)) }
    func encode(_ v: Int32) { value = .integer(Int64(v)) }
    func encode(_ v: Int64) { value = .integer(v) }
    func encode(_ v: UInt) { value = unsigned(UInt64(v)) }
    func encode(_ v: UInt8) { value = .integer(Int64(v)) }
    func encode(_ v: UInt16) { value = .integer(Int64(v)) }
    func encode(_ v: UInt32) { value = .integer(Int64(v)) }
    func encode(_ v: UInt64) { value = unsigned(v) }
    func encode<T: Encodable>(_ v: T) throws { try encodeValue(v) }

    private func unsigned(_ v: UInt64) -> JSONEncodedValue {
        v <= UInt64(Int64.max) ? .integer(Int64(v)) : .number(String(v))
    }

    func number(_ d: Double) throws -> JSONEncodedValue {
        guard d.isFinite else {
            throw EncodingError.invalidValue(d, .init(codingPath: path, debugDescription: "Unable to encode Double.\(d) directly in JSON."))
        }
        // Whole numbers print without a fraction, as Foundation prints them.
        if d == d.rounded(), abs(d) < 1e15 { return .integer(Int64(d)) }
        return .number("\(d)")
    }
}

private struct JSONKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: JSONObjectBox
    let path: [any CodingKey]
    var codingPath: [any CodingKey] { path }

    func encodeNil(forKey key: Key) { box.set(key.stringValue, .literal("null")) }
    func encode(_ v: Bool, forKey key: Key) { box.set(key.stringValue, .literal(v ? "true" : "false")) }
    func encode(_ v: String, forKey key: Key) { box.set(key.stringValue, .string(v)) }
    func encode(_ v: Int, forKey key: Key) { box.set(key.stringValue, .integer(Int64(v))) }
    func encode(_ v: Int64, forKey key: Key) { box.set(key.stringValue, .integer(v)) }
    func encode(_ v: Int32, forKey key: Key) { box.set(key.stringValue, .integer(Int64(v))) }
    func encode(_ v: UInt32, forKey key: Key) { box.set(key.stringValue, .integer(Int64(v))) }
    func encode<T: Encodable>(_ v: T, forKey key: Key) throws {
        box.set(key.stringValue, try JSONValueEncoder.encoded(v, path: path + [key]))
    }
    func encodeIfPresent(_ v: String?, forKey key: Key) { if let v { encode(v, forKey: key) } }
    func encodeIfPresent(_ v: Int?, forKey key: Key) { if let v { encode(v, forKey: key) } }
    func encodeIfPresent(_ v: Bool?, forKey key: Key) { if let v { encode(v, forKey: key) } }
    func encodeIfPresent<T: Encodable>(_ v: T?, forKey key: Key) throws { if let v { try encode(v, forKey: key) } }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let o = JSONObjectBox()
        box.set(key.stringValue, .object(o))
        return KeyedEncodingContainer(JSONKeyedEncoding<NestedKey>(box: o, path: path + [key]))
    }
    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let a = JSONArrayBox()
        box.set(key.stringValue, .array(a))
        return JSONUnkeyedEncoding(box: a, path: path + [key])
    }
    func superEncoder() -> any Encoder { SlotEncoder(path: path) { [box] in box.set("super", $0) } }
    func superEncoder(forKey key: Key) -> any Encoder { SlotEncoder(path: path + [key]) { [box] in box.set(key.stringValue, $0) } }
}

private struct JSONUnkeyedEncoding: UnkeyedEncodingContainer {
    let box: JSONArrayBox
    let path: [any CodingKey]
    var codingPath: [any CodingKey] { path }
    var count: Int { box.values.count }

    func encodeNil() { box.values.append(.literal("null")) }
    func encode(_ v: Bool) { box.values.append(.literal(v ? "true" : "false")) }
    func encode(_ v: String) { box.values.append(.string(v)) }
    func encode(_ v: Int) { box.values.append(.integer(Int64(v))) }
    func encode(_ v: UInt32) { box.values.append(.integer(Int64(v))) }
    func encode<T: Encodable>(_ v: T) throws {
        box.values.append(try JSONValueEncoder.encoded(v, path: path + [JSONIndexKey(box.values.count)]))
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let o = JSONObjectBox()
        let p = path + [JSONIndexKey(box.values.count)]
        box.values.append(.object(o))
        return KeyedEncodingContainer(JSONKeyedEncoding<NestedKey>(box: o, path: p))
    }
    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let a = JSONArrayBox()
        let p = path + [JSONIndexKey(box.values.count)]
        box.values.append(.array(a))
        return JSONUnkeyedEncoding(box: a, path: p)
    }
    func superEncoder() -> any Encoder {
        let i = box.values.count
        box.values.append(.object(JSONObjectBox()))
        return SlotEncoder(path: path + [JSONIndexKey(i)]) { [box] in box.values[i] = $0 }
    }
}

/// An encoder whose result lands in a slot of its parent once written
/// (`superEncoder`); rarely used, kept correct rather than fast.
private final class SlotEncoder: Encoder {
    let inner: JSONValueEncoder
    let store: (JSONEncodedValue) -> Void
    init(path: [any CodingKey], store: @escaping (JSONEncodedValue) -> Void) {
        inner = JSONValueEncoder(path: path); self.store = store
    }
    deinit { store(inner.value ?? .object(JSONObjectBox())) }
    var codingPath: [any CodingKey] { inner.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { inner.container(keyedBy: type) }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { inner.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { inner }
}
