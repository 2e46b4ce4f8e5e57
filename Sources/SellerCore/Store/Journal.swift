import Foundation

/// The append-only journal: one framed event per line.
///
///     {"crc":"1a2b3c4d","event":{…envelope…},"seq":17}
enum Journal {
    static let fileName = "journal.jsonl"

    /// `store`: the id of the store that wrote the line (FORMAT's), so a
    /// journal copied in from another store is refused; nil in stores made
    /// before stores had an id.
    struct Entry: Codable {
        var seq: Int
        var event: EventEnvelope
        var store: String?
    }

    static func line(seq: Int, event: EventEnvelope, store: String? = nil) throws -> [UInt8] {
        LineFrame.frame(object: try FastJSON.encode(Entry(seq: seq, event: event, store: store)))
    }

    /// An event's canonical JSON, with an encoding failure reported as a
    /// refusal of that event. Writers encode once: the checksum and the
    /// journal line are both made from these bytes.
    static func eventJSON(_ event: EventEnvelope) throws(StoreError) -> [UInt8] {
        do { return try FastJSON.encode(event) } catch {
            throw .refused(.refused("event \(event.id) cannot be encoded: \(error)"))
        }
    }

    /// `line(seq:event:)` from already-encoded event JSON: the same bytes,
    /// since an entry's members sort as `event`, `seq`, `store`.
    static func line(seq: Int, eventJSON: [UInt8], store: String? = nil) -> [UInt8] {
        var object: [UInt8] = []
        object.reserveCapacity(eventJSON.count + 32)
        object += #"{"event":"#.utf8
        object += eventJSON
        object += #","seq":"#.utf8
        object += String(seq).utf8
        if let store {
            // Store ids are hex digits (StoreFormat.newId): nothing to escape.
            object += #","store":""#.utf8
            object += store.utf8
            object.append(UInt8(ascii: "\""))
        }
        object.append(UInt8(ascii: "}"))
        return LineFrame.frame(object: object)
    }

    /// Checksum of an event's canonical JSON: what "the same event" means for
    /// idempotent ingest.
    static func sum(of event: EventEnvelope) -> UInt32 {
        CRC32.checksum((try? FastJSON.encode(event)) ?? [])
    }

    struct Parsed {
        var seq: Int
        var event: EventEnvelope
        var line: Int
    }

    /// Checks and decodes one complete line. With `store`, a line naming
    /// another store is refused (lines without an id are from older stores).
    static func parse(_ bytes: ArraySlice<UInt8>, line: Int, file: String, store: String? = nil) -> Result<Parsed, StoreError> {
        if let why = LineFrame.problem(bytes) { return .failure(.damaged(file: file, line: line, reason: why)) }
        do {
            let e = try FastJSON.decode(Entry.self, from: bytes)
            if let mine = store, let theirs = e.store, mine != theirs {
                return .failure(.damaged(file: file, line: line, reason: StoreError.foreignReason(found: theirs, expected: mine)))
            }
            return .success(Parsed(seq: e.seq, event: e.event, line: line))
        } catch {
            return .failure(.damaged(file: file, line: line, reason: LineFrame.explain(error)))
        }
    }
}
