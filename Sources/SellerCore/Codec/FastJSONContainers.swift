import Foundation

// The keyed and unkeyed containers of `JSONValueDecoder` (FastJSONDecoder.swift):
// they walk the tokenizer's object and array ranges and hand each value back
// to the decoder, so errors keep their full coding paths.

struct JSONKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let d: JSONValueDecoder
    var codingPath: [any CodingKey] { d.codingPath }

    var allKeys: [Key] {
        var out: [Key] = []
        var i = d.token + 1
        let end = d.doc.t[d.token].next
        while i < end {
            if let s = try? d.doc.string(d.doc.t[i]), let k = Key(stringValue: s) { out.append(k) }
            i = d.doc.t[i + 1].next
        }
        return out
    }

    /// The value token of `key`, or nil. Objects are small; a scan beats a table.
    @inline(__always) func find(_ key: Key) -> Int? {
        let name = key.stringValue
        var i = d.token + 1
        let end = d.doc.t[d.token].next
        while i < end {
            if d.doc.name(i, equals: name) { return i + 1 }
            i = d.doc.t[i + 1].next
        }
        return nil
    }

    func value(_ key: Key) throws -> Int {
        guard let v = find(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath,
                debugDescription: "No value associated with key \(key.stringValue)."))
        }
        return v
    }

    /// Present and not null.
    func present(_ key: Key) -> Int? {
        guard let v = find(key), d.doc.t[v].kind != .null else { return nil }
        return v
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }
    func decodeNil(forKey key: Key) throws -> Bool { d.doc.t[try value(key)].kind == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try d.bool(at: try value(key), path: d.path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try d.string(at: try value(key), path: d.path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try d.double(at: try value(key), path: d.path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try d.double(at: try value(key), path: d.path(key))) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try d.integer(type, at: try value(key), path: d.path(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try d.integer(type, at: try value(key), path: d.path(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try d.integer(type, at: try value(key), path: d.path(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try d.integer(type, at: try value(key), path: d.path(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try d.integer(type, at: try value(key), path: d.path(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try d.integer(type, at: try value(key), path: d.path(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try d.integer(type, at: try value(key), path: d.path(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try d.integer(type, at: try value(key), path: d.path(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try d.integer(type, at: try value(key), path: d.path(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try d.integer(type, at: try value(key), path: d.path(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try d.decodeValue(type, at: try value(key), key: key) }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let v = present(key) else { return nil }
        return try d.string(at: v, path: d.path(key))
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let v = present(key) else { return nil }
        return try d.integer(type, at: v, path: d.path(key))
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let v = present(key) else { return nil }
        return try d.bool(at: v, path: d.path(key))
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let v = present(key) else { return nil }
        return try d.decodeValue(type, at: v, key: key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONValueDecoder(doc: d.doc, token: try value(key), parent: d, key: key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONValueDecoder(doc: d.doc, token: try value(key), parent: d, key: key).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder {
        guard let v = find(Key(stringValue: "super")!) else { return d }
        return JSONValueDecoder(doc: d.doc, token: v, parent: d, key: Key(stringValue: "super"))
    }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoder(doc: d.doc, token: try value(key), parent: d, key: key)
    }
}

struct JSONIndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ i: Int) { intValue = i }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

struct JSONUnkeyedDecoding: UnkeyedDecodingContainer {
    let d: JSONValueDecoder
    var next: Int
    var currentIndex = 0
    init(d: JSONValueDecoder) { self.d = d; next = d.token + 1 }

    var codingPath: [any CodingKey] { d.codingPath }
    var count: Int? { d.doc.t[d.token].count }
    var isAtEnd: Bool { currentIndex >= d.doc.t[d.token].count }

    mutating func take(_ type: Any.Type) throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [JSONIndexKey(currentIndex)],
                                                          debugDescription: "Unkeyed container is at end."))
        }
        let i = next
        next = d.doc.t[i].next
        currentIndex += 1
        return i
    }

    private var here: [any CodingKey] { codingPath + [JSONIndexKey(currentIndex)] }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, d.doc.t[next].kind == .null else { return false }
        _ = try take(Never.self)
        return true
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { let p = here; return try d.bool(at: try take(type), path: p) }
    mutating func decode(_ type: String.Type) throws -> String { let p = here; return try d.string(at: try take(type), path: p) }
    mutating func decode(_ type: Double.Type) throws -> Double { let p = here; return try d.double(at: try take(type), path: p) }
    mutating func decode(_ type: Float.Type) throws -> Float { let p = here; return Float(try d.double(at: try take(type), path: p)) }
    mutating func decode(_ type: Int.Type) throws -> Int { let p = here; return try d.integer(type, at: try take(type), path: p) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { let p = here; return try d.integer(type, at: try take(type), path: p) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { let p = here; return try d.integer(type, at: try take(type), path: p) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { let p = here; return try d.integer(type, at: try take(type), path: p) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { let p = here; return try d.integer(type, at: try take(type), path: p) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { let p = here; return try d.integer(type, at: try take(type), path: p) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let p = here; return try d.integer(type, at: try take(type), path: p) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { let p = here; return try d.integer(type, at: try take(type), path: p) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { let p = here; return try d.integer(type, at: try take(type), path: p) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { let p = here; return try d.integer(type, at: try take(type), path: p) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let key = JSONIndexKey(currentIndex)
        return try d.decodeValue(type, at: try take(type), key: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let key = JSONIndexKey(currentIndex)
        return try JSONValueDecoder(doc: d.doc, token: try take(type), parent: d, key: key).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let key = JSONIndexKey(currentIndex)
        return try JSONValueDecoder(doc: d.doc, token: try take([Any].self), parent: d, key: key).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder {
        let key = JSONIndexKey(currentIndex)
        return JSONValueDecoder(doc: d.doc, token: try take(Any.self), parent: d, key: key)
    }
}
