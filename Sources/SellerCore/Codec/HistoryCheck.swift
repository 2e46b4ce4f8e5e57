/// Whether a canonical history array would decode — answered from its
/// tokens, without building a `HistoryEntry` through `Codable` for every
/// entry only to throw it away (a history is kept as its packed bytes).
/// Building them was a fifth of the CPU of a `seller check` and of a start.
///
/// The answer is one-sided by design: "yes" means the generic decoder
/// surely succeeds on these bytes; "no" means only "not sure", and the
/// caller then decodes the entries the generic way, so a bad entry is still
/// refused with its path and message exactly as before. Every test here is
/// the decoder's own or stricter: a member this table does not know, an
/// escaped time or word, another spelling of a word — all "not sure".
/// HistoryCheckTests replace every value of demo and hostile histories by
/// near-misses and bytes that are not UTF-8, and require that the decoder
/// accepts whatever this accepts.
///
/// It runs only after `CanonicalCheck` said the array is exactly what the
/// encoder writes: objects with known members in ascending order, none
/// twice, none null, numbers plain digits.
enum HistoryCheck {
    /// What a member must hold for the decoder to accept it.
    private indirect enum Want: Sendable {
        case text, time, actor
        /// Plain digits that fit in an Int64.
        case size
        case oneOf([[UInt8]])
        case arrayOf(Want)
        /// The members, and a bit for each one that must be there.
        case object([Member], required: UInt64)

        static func object(_ members: [Member]) -> Want {
            .object(members, required: members.indices.reduce(0) { members[$1].required ? $0 | 1 << $1 : $0 })
        }
    }

    /// A member: its name's bytes, what it must hold, whether it must be there.
    private struct Member: Sendable {
        let name: [UInt8]
        let want: Want
        let required: Bool
        init(_ name: String, _ want: Want, required: Bool = false) { self.name = Array(name.utf8); self.want = want; self.required = required }
    }

    private static func words<E: RawRepresentable & CaseIterable>(_: E.Type) -> Want where E.RawValue == String {
        .oneOf(E.allCases.map { Array($0.rawValue.utf8) })
    }

    /// `AttachmentRef`.
    private static let file = Want.object([Member("name", .text, required: true), Member("sha256", .text),
                                           Member("size", .size, required: true)])

    /// `FieldValues`: every member optional.
    private static let fields = Want.object(
        ["reason", "requirementText", "resultDescription", "carrier", "trackingNumber", "logisticsPhone", "address",
         "identifier", "licenseCode", "note"].map { Member($0, .text) }
        + [Member("actualActivationTime", .time), Member("signedAt", .time),
           Member("requirementAttachments", .arrayOf(file)), Member("documents", .arrayOf(file)),
           Member("cause", words(AutoAcceptCause.self))])

    /// `ServiceRecord.HistoryEntry`.
    private static let entry = Want.object([
        Member("actor", .actor, required: true),
        Member("at", .time, required: true),
        Member("kind", words(ServiceRecord.HistoryEntry.Kind.self), required: true),
        Member("to", words(SupervisionState.self), required: true),
        Member("from", words(SupervisionState.self)),
        Member("event", words(FlowEvent.self)),
        Member("appealId", .text),
        Member("fields", fields),
    ])

    private static let history = Want.arrayOf(entry)

    /// The array at token `i` (already canonical): would `[HistoryEntry]` decode from it?
    static func surelyDecodes(_ doc: JSONDocument, at i: Int) -> Bool { holds(history, doc, at: i) }

    private static func holds(_ want: Want, _ doc: JSONDocument, at i: Int) -> Bool {
        let tok = doc.t[i]
        switch want {
        case .text:
            guard tok.kind == .string else { return false }
            return tok.escaped ? (try? doc.string(tok)) != nil : UTF8Check.isValid(doc.bytes(tok))
        case .time:
            return tok.kind == .string && !tok.escaped && Timestamp(iso8601UTF8: doc.bytes(tok)) != nil
        case .actor:
            // The decoder's own test on the same text (an actor is short: rarely an allocation).
            guard tok.kind == .string, let s = try? doc.string(tok) else { return false }
            return Actor(string: s) != nil
        case .size:
            // At most 18 digits always fit.
            return tok.kind == .number && tok.end - tok.start <= 18 && doc.bytes(tok).allSatisfy { $0 &- 48 < 10 }
        case .oneOf(let words):
            // Exactly a raw value's bytes (the decoder would accept some
            // other spellings too; those are "not sure").
            guard tok.kind == .string, !tok.escaped else { return false }
            let b = doc.bytes(tok)
            return words.contains { UTF8Order.same($0, b) }
        case .arrayOf(let element):
            guard tok.kind == .array else { return false }
            var k = i + 1
            while k < tok.next {
                guard holds(element, doc, at: k) else { return false }
                k = doc.t[k].next
            }
            return true
        case .object(let members, let required):
            guard tok.kind == .object else { return false }
            var seen: UInt64 = 0
            var k = i + 1
            while k < tok.next {
                guard let j = find(members, doc, k), holds(members[j].want, doc, at: k + 1) else { return false }
                seen |= 1 << j
                k = doc.t[k + 1].next
            }
            return seen & required == required
        }
    }

    /// Where the table has the member named by token `k` (a name without escapes).
    private static func find(_ table: [Member], _ doc: JSONDocument, _ k: Int) -> Int? {
        let tok = doc.t[k]
        guard tok.kind == .string, !tok.escaped else { return nil }
        let b = doc.bytes(tok)
        return table.firstIndex { UTF8Order.same($0.name, b) }
    }
}
