import Foundation

/// The append-only journal: one framed event per line.
///
///     {"crc":"1a2b3c4d","event":{…envelope…},"seq":17}
enum Journal {
    static let fileName = "journal.jsonl"

    /// `store`: the id of the store that wrote the line (FORMAT's), so a
    /// journal copied in from another store is refused; nil in stores made
    /// before stores had an id.
    ///
    /// `rules`: the domain rules the writer applied the event under
    /// (`SellerState.Rules`); absent on lines written before the seeds' rules
    /// of issue 13 (re-sends, evidence, licence flows, renewals by instance,
    /// ticket routing), which replay under those earlier rules so the state
    /// comes out as their writer had it.
    struct Entry: Codable {
        var event: EventEnvelope
        var rules: Int?
        var seq: Int
        var store: String?
    }

    static func line(seq: Int, event: EventEnvelope, store: String? = nil) throws -> [UInt8] {
        LineFrame.frame(object: try FastJSON.encode(Entry(event: event, rules: SellerState.Rules.current.rawValue, seq: seq, store: store)))
    }

    /// An event's canonical JSON, with an encoding failure reported as a
    /// refusal of that event. Writers encode once: the checksum and the
    /// journal line are both made from these bytes.
    static func eventJSON(_ event: EventEnvelope) throws(StoreError) -> [UInt8] {
        do { return try FastJSON.encode(event) } catch {
            throw .refused(.refused("event \(event.id) cannot be encoded: \(error)"))
        }
    }

    /// `eventJSON` as a value, for encoding many events across the cores.
    static func encoded(_ event: EventEnvelope) -> Result<[UInt8], StoreError> {
        do throws(StoreError) { return .success(try eventJSON(event)) } catch { return .failure(error) }
    }

    /// `line(seq:event:)` from already-encoded event JSON: the same bytes,
    /// since an entry's members sort as `event`, `rules`, `seq`, `store`.
    static func line(seq: Int, eventJSON: [UInt8], store: String? = nil) -> [UInt8] {
        var object: [UInt8] = []
        object.reserveCapacity(eventJSON.count + 44)
        object += #"{"event":"#.utf8
        object += eventJSON
        object += #","rules":"#.utf8
        object += String(SellerState.Rules.current.rawValue).utf8
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
        /// The rules the line was written under (`.seeds2026` when the line names none: older builds).
        var rules: SellerState.Rules = .current
    }

    /// Checks and decodes one complete line. With `store`, a line naming
    /// another store is refused (lines without an id are from older stores).
    static func parse(_ bytes: ArraySlice<UInt8>, line: Int, file: String, store: String? = nil) -> Result<Parsed, StoreError> {
        if let why = LineFrame.problem(bytes) { return .failure(.damaged(file: file, line: line, reason: why)) }
        do {
            let e = try FastJSON.withRoot(bytes) { root in
                // The hand-written decoder when it is sure (EventDecoders.swift), else Codable's.
                try Entry(canonicalLine: root.doc, root.token) ?? Entry(from: root)
            }
            if let mine = store, let theirs = e.store, mine != theirs {
                return .failure(.damaged(file: file, line: line, reason: StoreError.foreignReason(found: theirs, expected: mine)))
            }
            return .success(Parsed(seq: e.seq, event: e.event, line: line,
                                   rules: e.rules.flatMap(SellerState.Rules.init(rawValue:)) ?? .beforeSeedReading))
        } catch {
            return .failure(.damaged(file: file, line: line, reason: LineFrame.explain(error)))
        }
    }

    /// `parse` of every line, in order: line `i` is numbered `firstLine + i`.
    /// A block of lines is decoded on both cores at once before the caller
    /// folds it (the fold stays serial, in line order), so a long journal is
    /// neither decoded on one core nor held decoded whole; a short catch-up
    /// runs inline.
    struct ParsedLines: Sequence, IteratorProtocol {
        let bytes: [UInt8], lines: [Range<Int>], firstLine: Int, file: String, store: String?
        /// Lines per block, and the least a core is given (smaller for tests).
        let block: Int, minimumChunk: Int
        private var done: [Result<Parsed, StoreError>] = [], at = 0, next0 = 0

        init(_ bytes: [UInt8], _ lines: [Range<Int>], firstLine: Int, file: String, store: String?,
             block: Int = 32_768, minimumChunk: Int = 1024) {
            (self.bytes, self.lines, self.firstLine, self.file, self.store) = (bytes, lines, firstLine, file, store)
            (self.block, self.minimumChunk) = (Swift.max(1, block), Swift.max(1, minimumChunk))
        }

        /// The next line's range and its parse.
        mutating func next() -> (range: Range<Int>, parsed: Result<Parsed, StoreError>)? {
            if at == done.count {
                guard next0 < lines.count else { return nil }
                let range = next0..<Swift.min(lines.count, next0 + block)
                let (bytes, lines, firstLine, file, store) = (bytes, lines, firstLine, file, store)
                done = Parallel.chunks(count: range.count, minimumChunk: minimumChunk) { part in
                    part.map { k in
                        let i = range.lowerBound + k
                        return Journal.parse(bytes[lines[i]], line: firstLine + i, file: file, store: store)
                    }
                }.flatMap { $0 }
                (at, next0) = (0, range.upperBound)
            }
            defer { at += 1 }
            return (lines[next0 - done.count + at], done[at])
        }
    }
}
