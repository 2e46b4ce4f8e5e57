/// The packing of `HistoryLog`: canonical JSON with its most repeated string
/// tokens and its times replaced by short codes, and back, byte for byte.
///
///     0x01 i            the quoted string `words[i]` ("actor", "transition", …)
///     0x02 b0 … b4      a quoted time, seconds + 2^39 in five bytes, little end first
///
/// Canonical JSON never holds a raw byte below 0x20, so a code cannot be
/// confused with text. A string is packed only when unpacking gives its exact
/// bytes back: a word is matched whole, a time only when it is what
/// `Timestamp.appendISO8601` writes for the seconds it parses to.
enum HistoryPacking {
    static let wordCode: UInt8 = 0x01
    static let timeCode: UInt8 = 0x02
    private static let timeBias: Int64 = 1 << 39
    private static let timeLength = "2024-07-17T21:21:42+08:00".utf8.count

    /// What histories repeat: member names of an entry, its fields and file
    /// references, and every value of the enums an entry holds.
    static let words: [[UInt8]] = {
        let names = ["actor", "at", "kind", "event", "from", "to", "fields", "appealId",
                     "reason", "requirementText", "requirementAttachments", "resultDescription",
                     "actualActivationTime", "documents", "carrier", "trackingNumber", "logisticsPhone",
                     "address", "identifier", "licenseCode", "note", "cause", "signedAt",
                     "name", "size", "sha256",
                     "opened", "transition", "appeal_filed", "appeal_resolved", "appeal_closed",
                     "platform", "buyer", "reviewer", "operations"]
        let values = SupervisionState.allCases.map(\.rawValue) + FlowEvent.allCases.map(\.rawValue)
            + AutoAcceptCause.allCases.map(\.rawValue)
        var seen = Set<String>()
        let all = (names + values).filter { seen.insert($0).inserted }
        precondition(all.count <= 256, "history packing: more than 256 words")
        return all.map { Array($0.utf8) }
    }()

    /// Words by (length, first byte, last byte), for a lookup without hashing the text.
    private static let index: [Int: [Int]] = {
        var out: [Int: [Int]] = [:]
        for (i, w) in words.enumerated() { out[key(w.count, w.first!, w.last!), default: []].append(i) }
        return out
    }()

    @inline(__always) private static func key(_ n: Int, _ first: UInt8, _ last: UInt8) -> Int {
        n << 16 | Int(first) << 8 | Int(last)
    }

    static func pack(_ json: [UInt8], trimmed: Bool = true) -> [UInt8] {
        json.withUnsafeBufferPointer { pack($0, trimmed: trimmed) }
    }

    /// `trimmed`: the result is kept as it is (not appended to another).
    static func pack(_ p: UnsafeBufferPointer<UInt8>, trimmed: Bool = true) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(p.count / 2)
        var i = 0
        while i < p.count {
            let b = p[i]
            guard b == UInt8(ascii: "\"") else { out.append(b); i += 1; continue }
            // The string's content runs to the next quote not escaped.
            var j = i + 1
            var escaped = false
            while p[j] != UInt8(ascii: "\"") {
                if p[j] == UInt8(ascii: "\\") { escaped = true; j += 1 }
                j += 1
            }
            if escaped || !appendCode(UnsafeBufferPointer(rebasing: p[(i + 1)..<j]), to: &out) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[i...j]))
            }
            i = j + 1
        }
        // Kept for the life of the state: room reserved and not used
        // (a sixth of the packed bytes at 100k orders) is given back.
        guard trimmed, out.capacity - out.count > out.count / 8 else { return out }
        return out.withUnsafeBufferPointer { src in
            [UInt8](unsafeUninitializedCapacity: src.count) { dst, n in
                _ = dst.initialize(from: src)
                n = src.count
            }
        }
    }

    /// Writes the code for one string's content, or nothing (false) to keep it as it is.
    private static func appendCode(_ s: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Bool {
        guard let first = s.first, let last = s.last else { return false }
        if let candidates = index[key(s.count, first, last)] {
            for w in candidates where UTF8Order.same(words[w], s) {
                out.append(wordCode)
                out.append(UInt8(w))
                return true
            }
        }
        guard s.count == timeLength, first &- 48 < 10, let t = Timestamp(iso8601UTF8: s), t.isStorable else { return false }
        var again: [UInt8] = []
        again.reserveCapacity(timeLength)
        t.appendISO8601(to: &again)
        guard UTF8Order.same(again, s) else { return false }
        let v = UInt64(t.seconds + timeBias)
        out.append(timeCode)
        for k in 0..<5 { out.append(UInt8(truncatingIfNeeded: v >> (8 * k))) }
        return true
    }

    static func unpack(_ packed: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(packed.count * 3)
        var i = 0
        while i < packed.count {
            switch packed[i] {
            case wordCode:
                out.append(UInt8(ascii: "\""))
                out += words[Int(packed[i + 1])]
                out.append(UInt8(ascii: "\""))
                i += 2
            case timeCode:
                var v: UInt64 = 0
                for k in 0..<5 { v |= UInt64(packed[i + 1 + k]) << (8 * k) }
                out.append(UInt8(ascii: "\""))
                Timestamp(seconds: Int64(v) - timeBias).appendISO8601(to: &out)
                out.append(UInt8(ascii: "\""))
                i += 6
            case let b:
                out.append(b)
                i += 1
            }
        }
        return out
    }
}
