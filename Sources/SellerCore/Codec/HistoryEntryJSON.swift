/// A history entry's canonical JSON written directly, without the generic
/// encoder's tree of boxes: every supervision step of a feed appends one
/// (a third of a 1M-event ingest's fold went to encoding them). The bytes
/// are `FastJSON.encode(entry)`'s exactly — members in the same sorted
/// order (actor, appealId, at, event, fields, from, kind, to), strings through
/// the same `writeString`, the entry's fields through the generic encoder —
/// and whatever the generic encoder would refuse (a time the store cannot
/// read back) is handed to it, so the refusal is its own, path and all.
/// HistoryEntryJSONTests compare the two over demo and hostile entries.
enum HistoryEntryJSON {
    static func encode(_ e: ServiceRecord.HistoryEntry) throws -> [UInt8] {
        guard e.at.isStorable else { return try FastJSON.encode(e) }
        var out: [UInt8] = []
        out.reserveCapacity(160)
        out += #"{"actor":"#.utf8
        writeString(e.actor.description, to: &out)
        if let id = e.appealId {
            out += #","appealId":"#.utf8
            writeString(id, to: &out)
        }
        out += #","at":""#.utf8
        e.at.appendISO8601(to: &out)
        out.append(0x22)
        if let v = e.event {
            out += #","event":"#.utf8
            writeString(v.rawValue, to: &out)
        }
        if let f = e.fields {
            out += #","fields":"#.utf8
            do { try FastJSON.encode(f, into: &out) } catch { return try FastJSON.encode(e) }
        }
        if let v = e.from {
            out += #","from":"#.utf8
            writeString(v.rawValue, to: &out)
        }
        out += #","kind":"#.utf8
        writeString(e.kind.rawValue, to: &out)
        out += #","to":"#.utf8
        writeString(e.to.rawValue, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
