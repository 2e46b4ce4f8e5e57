import Foundation

/// Reads an object exactly as the store's encoder writes it — members in
/// ascending byte order, none null, none it does not write — for the
/// hand-written decoders of the snapshot's big entities (EntityDecoders.swift).
///
/// `Codable` through `JSONValueDecoder` was half of a `seller check` and of
/// the load behind the first screen: a class per nested value, an existential
/// container per object, a key search per member. A hand-written decoder
/// walks the member names it expects, in the encoder's order, and reads each
/// value straight from its token.
///
/// The rule that keeps it exact: a hand-written decoder answers only when it
/// is sure, else nil. A member out of order, unknown, null, spelled with an
/// escape, a number that is not plain digits, a string that needs repair —
/// anything a generic decode might read differently — gives nil, and the
/// caller decodes the generic way, which then gives its value or its error
/// with the field's path. On the encoder's own bytes (every snapshot the store
/// wrote) the answer is never nil. EntityDecoderTests hold it to this: every
/// value of demo and hostile entities replaced by near-misses, and never a
/// value the generic decoder would refuse or read differently.
struct CanonicalMembers {
    let doc: JSONDocument
    private var k: Int
    private let end: Int

    /// The object at token `i`; nil when it is not an object.
    init?(_ doc: JSONDocument, _ i: Int) {
        guard doc.t[i].kind == .object else { return nil }
        self.doc = doc
        k = i + 1
        end = doc.t[i].next
    }

    /// The value token of the next member when it is named `name` and not
    /// null; nil, taking nothing, otherwise. A decoder asks for its members in
    /// the encoder's order, so each name is taken at most once, and an
    /// optional member that is absent is simply not there.
    @inline(__always) mutating func take(_ name: StaticString) -> Int? {
        guard k < end else { return nil }
        let tok = doc.t[k]
        let n = name.utf8CodeUnitCount
        guard !tok.escaped, tok.end - tok.start == n,
              memcmp(name.utf8Start, doc.p.baseAddress! + tok.start, n) == 0 else { return nil }
        let v = k + 1
        guard doc.t[v].kind != .null else { return nil }
        k = doc.t[v].next
        return v
    }

    /// Every member was taken: none unknown, none out of order, none null.
    var isAtEnd: Bool { k == end }
}

extension JSONDocument {
    /// The value token of the first member named `name` in the object at
    /// token `i`, found as the keyed container finds it; nil when none.
    func member(_ name: String, of i: Int) -> Int? {
        guard t[i].kind == .object else { return nil }
        var k = i + 1
        while k < t[i].next {
            if self.name(k, equals: name) { return k + 1 }
            k = t[k + 1].next
        }
        return nil
    }
}

/// Leaf values as the generic decoder reads them, or nil where it might
/// read them otherwise (or refuse them).
extension JSONDocument {
    /// A string; nil for any other token, and for bytes the generic decoder refuses.
    @inline(__always) func text(_ i: Int) -> String? {
        let tok = t[i]
        guard tok.kind == .string else { return nil }
        return try? string(tok)
    }

    /// Optional member: absent is `.some(nil)`; present and not a string is nil.
    @inline(__always) func text(ifAny i: Int?) -> String?? {
        guard let i else { return .some(nil) }
        guard let s = text(i) else { return nil }
        return .some(s)
    }

    /// A time exactly as the generic decoder takes it (an unescaped ISO-8601 string).
    @inline(__always) func time(_ i: Int) -> Timestamp? {
        let tok = t[i]
        guard tok.kind == .string, !tok.escaped else { return nil }
        return Timestamp(iso8601UTF8: bytes(tok))
    }

    @inline(__always) func time(ifAny i: Int?) -> Timestamp?? {
        guard let i else { return .some(nil) }
        guard let v = time(i) else { return nil }
        return .some(v)
    }

    /// An integer written as plain digits (an optional minus first) that fits;
    /// `1.0`, `1e3` and the like are left to the generic decoder.
    @inline(__always) func integer<T: FixedWidthInteger>(_ i: Int, _: T.Type = T.self) -> T? {
        let tok = t[i]
        guard tok.kind == .number else { return nil }
        var k = tok.start
        let negative = p[k] == UInt8(ascii: "-")
        if negative { k += 1 }
        guard k < tok.end else { return nil }
        var v: T = 0
        while k < tok.end {
            let d = p[k] &- 48
            guard d < 10 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(T(d)) : m.addingReportingOverflow(T(d))
            guard !o1, !o2 else { return nil }
            v = s
            k += 1
        }
        return v
    }

    @inline(__always) func integer<T: FixedWidthInteger>(ifAny i: Int?, _: T.Type = T.self) -> T?? {
        guard let i else { return .some(nil) }
        guard let v: T = integer(i) else { return nil }
        return .some(v)
    }

    @inline(__always) func bool(_ i: Int) -> Bool? {
        switch t[i].kind {
        case .trueValue: true
        case .falseValue: false
        default: nil
        }
    }

    /// An enum's raw word, matched exactly as `init(rawValue:)` does.
    @inline(__always) func word<E: RawRepresentable>(_ i: Int, _: E.Type = E.self) -> E? where E.RawValue == String {
        text(i).flatMap(E.init(rawValue:))
    }

    @inline(__always) func word<E: RawRepresentable>(ifAny i: Int?, _: E.Type = E.self) -> E?? where E.RawValue == String {
        guard let i else { return .some(nil) }
        guard let v: E = word(i) else { return nil }
        return .some(v)
    }

    /// An array whose every element `element` reads; nil if any cannot.
    @inline(__always) func array<T>(_ i: Int, _ element: (Int) -> T?) -> [T]? {
        let tok = t[i]
        guard tok.kind == .array else { return nil }
        var out: [T] = []
        out.reserveCapacity(tok.count)
        var k = i + 1
        while k < tok.next {
            guard let v = element(k) else { return nil }
            out.append(v)
            k = t[k].next
        }
        return out
    }

    @inline(__always) func array<T>(ifAny i: Int?, _ element: (Int) -> T?) -> [T]?? {
        guard let i else { return .some(nil) }
        guard let v = array(i, element) else { return nil }
        return .some(v)
    }
}
