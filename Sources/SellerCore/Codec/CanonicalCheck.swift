/// Whether a history array's bytes, as read, are already exactly what the
/// encoder would write for the entries they decode to — so the reader can
/// keep the bytes instead of encoding the entries again (the snapshot's
/// histories are ~100 MB at 100k orders; encoding them cost ~3 s of CPU).
///
/// The check is sufficient, not necessary: a "no" only means the reader
/// encodes the entries, as it would anyway. It says yes only when every
/// object's members are ones the encoder writes at that place, in its
/// order, none null; no space outside strings; numbers plain digits; string
/// escapes the encoder's own; and every string that reads as a time is
/// that time as the encoder writes it.
struct CanonicalCheck {
    /// Member names the encoder writes, per object, and the shape of what
    /// each member holds.
    /// The names are kept sorted by their bytes, the order an object's
    /// members must come in, so one walk along them finds every member: a
    /// dictionary keyed by `String` made a string of each member name of
    /// every history entry read and hashed it (~5% of a 1M-order check).
    final class Shape: Sendable {
        let names: [[UInt8]]
        let shapes: [Shape?]
        init(_ members: [String: Shape?]) {
            let sorted = members.sorted { UTF8Order.less($0.key, $1.key) }
            names = sorted.map { Array($0.key.utf8) }
            shapes = sorted.map(\.value)
        }
        /// No members (an array of leaves), made once.
        static let none = Shape([:])
    }

    /// Learned from what the encoder writes for a fully filled entry, so a
    /// member added to an entry later is unknown here until the sample has
    /// it — and an unknown member only means "encode again".
    static let historyEntry: Shape = {
        let t = Timestamp(seconds: 1_700_000_000)
        let file = AttachmentRef(name: "n", size: 1, sha256: "s")
        let fields = FieldValues(reason: "r", requirementText: "r", requirementAttachments: [file], resultDescription: "r",
                                 actualActivationTime: t, documents: [file], carrier: "c", trackingNumber: "t",
                                 logisticsPhone: "p", address: "a", identifier: "i", licenseCode: "l", note: "n",
                                 cause: AutoAcceptCause.allCases.first, signedAt: t)
        let entry = ServiceRecord.HistoryEntry(at: t, actor: .buyer, kind: .transition, event: FlowEvent.allCases.first,
                                               from: SupervisionState.allCases.first, to: SupervisionState.allCases.first!,
                                               fields: fields, appealId: "a")
        guard let bytes = try? FastJSON.encode(entry), let shape = try? learn(bytes) else { return Shape([:]) }
        return shape
    }()

    private static func learn(_ bytes: [UInt8]) throws -> Shape? {
        try bytes.withUnsafeBufferPointer { p in
            let doc = JSONDocument(bytes: p, tokens: try JSONTokenizer.tokenize(p))
            func shape(_ i: Int) throws -> Shape? {
                switch doc.t[i].kind {
                case .object:
                    var members: [String: Shape?] = [:]
                    var k = i + 1
                    while k < doc.t[i].next {
                        members[try doc.string(doc.t[k])] = try shape(k + 1)
                        k = doc.t[k + 1].next
                    }
                    return Shape(members)
                case .array: return doc.t[i].count > 0 ? try shape(i + 1) : nil
                default: return nil
                }
            }
            return try shape(0)
        }
    }

    let doc: JSONDocument

    /// The array at token `i`, each element an object of `element`'s shape.
    func isCanonicalArray(at i: Int, of element: Shape) -> Bool {
        let tok = doc.t[i]
        guard tok.kind == .array else { return false }
        var k = i + 1, expect = tok.start + 1
        while k < tok.next {
            // Elements follow each other with exactly one comma between.
            if k > i + 1 { guard doc.p[expect] == UInt8(ascii: ","), doc.t[k].start == expect + 1 else { return false }; expect += 1 }
            guard doc.t[k].start == expect, isCanonical(at: k, shape: element) else { return false }
            expect = doc.t[k].end + (doc.t[k].kind == .string ? 1 : 0)
            k = doc.t[k].next
        }
        return expect == tok.end - 1
    }

    private func isCanonical(at i: Int, shape: Shape?) -> Bool {
        let tok = doc.t[i]
        switch tok.kind {
        case .object:
            guard let shape else { return false }
            var k = i + 1, expect = tok.start + 1
            var previous: UnsafeBufferPointer<UInt8>?
            var m = 0 // the shape's next name not yet passed
            while k < tok.next {
                if k > i + 1 { guard doc.p[expect] == UInt8(ascii: ",") else { return false }; expect += 1 }
                let name = doc.t[k]
                guard !name.escaped, name.start == expect + 1, doc.p[name.end + 1] == UInt8(ascii: ":") else { return false }
                let bytes = doc.bytes(name)
                // Strictly ascending by bytes: the encoder's order, no member twice.
                if let p = previous, UTF8Order.compare(p, bytes) >= 0 { return false }
                previous = bytes
                while m < shape.names.count, shape.names[m].withUnsafeBufferPointer({ UTF8Order.compare($0, bytes) }) < 0 { m += 1 }
                guard m < shape.names.count, UTF8Order.same(shape.names[m], bytes) else { return false }
                let entry = shape.shapes[m]
                let value = k + 1
                guard doc.t[value].start == name.end + 2 + (doc.t[value].kind == .string ? 1 : 0) else { return false }
                if doc.t[value].kind == .array {
                    guard isCanonicalArrayOrLeaves(at: value, element: entry ?? Shape.none) else { return false }
                } else if !isCanonical(at: value, shape: entry) { return false }
                expect = doc.t[value].end + (doc.t[value].kind == .string ? 1 : 0)
                k = doc.t[value].next
            }
            return expect == tok.end - 1
        case .string: return isCanonicalString(tok)
        case .number:
            // Plain non-negative digits (the tokenizer already refused leading zeros).
            return doc.bytes(tok).allSatisfy { $0 &- 48 < 10 }
        case .array, .trueValue, .falseValue, .null: return false
        }
    }

    /// An array member: of objects (files) or, when the sample's was empty, of nothing.
    private func isCanonicalArrayOrLeaves(at i: Int, element: Shape) -> Bool {
        doc.t[i].count == 0 ? doc.t[i].end - doc.t[i].start == 2 : isCanonicalArray(at: i, of: element)
    }

    private func isCanonicalString(_ tok: JSONToken) -> Bool {
        let s = doc.bytes(tok)
        if tok.escaped {
            var i = 0
            while i < s.count {
                guard s[i] == UInt8(ascii: "\\") else { i += 1; continue }
                switch s[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): i += 2
                case UInt8(ascii: "u"):
                    // \u00XX, lowercase, only for a control character without a short form.
                    guard s[i + 2] == 0x30, s[i + 3] == 0x30, s[i + 4] == 0x30 || s[i + 4] == 0x31,
                          let lo = hexValue(s[i + 5]), s[i + 5] < UInt8(ascii: "A") || s[i + 5] >= UInt8(ascii: "a") else { return false }
                    let v = (s[i + 4] == 0x31 ? 16 : 0) + lo
                    guard ![0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(v) else { return false }
                    i += 6
                default: return false // "\/" and anything else the encoder never writes
                }
            }
            return true
        }
        // A time must be exactly as the encoder writes it.
        if let first = s.first, first &- 48 < 10, let t = Timestamp(iso8601UTF8: s) {
            var again: [UInt8] = []
            t.appendISO8601(to: &again)
            return t.isStorable && UTF8Order.same(again, s)
        }
        return true
    }
}
