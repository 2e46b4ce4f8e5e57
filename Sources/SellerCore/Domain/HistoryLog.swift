/// A service record's history, held packed rather than as structs.
///
/// The history is most of a record and is read only by Details, the
/// attachment check and one duplicate rule, so the state keeps it as its
/// canonical JSON (exactly the snapshot's bytes) with the words every entry
/// repeats — member names, states, events, kinds, actors — and its times
/// packed into a few bytes each. At 100k orders that is ~40 MB instead of
/// ~175 MB of entry structs; reading decodes the bytes, appending encodes the
/// one new entry onto the end, and the snapshot writer unpacks the bytes
/// straight back, so snapshots stay byte-identical and readable by hand.
///
/// Packing works on canonical JSON only (what `FastJSON.encode` writes):
/// it holds no raw byte below 0x20 — control characters in strings are
/// escaped — so those bytes are free to mark what was packed.
/// The packed form is never stored: the table may change between versions.
public struct HistoryLog: Hashable, Sendable {
    public typealias Entry = ServiceRecord.HistoryEntry

    /// The packed canonical JSON of the entry array.
    private(set) var packed: [UInt8]

    public init() { packed = [UInt8(ascii: "["), UInt8(ascii: "]")] }

    /// Refuses (as the snapshot writer would) a time the store cannot read back.
    public init(_ entries: [Entry]) throws {
        packed = HistoryPacking.pack(try FastJSON.encode(entries))
    }

    /// Adopts canonical JSON of an entry array (what `FastJSON.encode` wrote).
    init(canonical: [UInt8]) { packed = HistoryPacking.pack(canonical) }

    /// The canonical JSON of the entries, as the snapshot holds them.
    var canonical: [UInt8] { HistoryPacking.unpack(packed) }

    /// The entries, decoded. The bytes were written by the encoder from
    /// entries that decoded, so they decode again.
    public var entries: [Entry] {
        do { return try FastJSON.decode([Entry].self, from: canonical) } catch {
            preconditionFailure("a packed history no longer decodes: \(error)")
        }
    }

    public var isEmpty: Bool { packed.count == 2 }

    /// Bytes held for the packed entries (for the memory probe).
    public var packedSize: (count: Int, capacity: Int) { (packed.count, packed.capacity) }

    /// Adds an entry at the end: its canonical JSON, packed, joins the array
    /// as the encoder would have joined it (`[a,b]` + c = `[a,b,c]`).
    public mutating func append(_ entry: Entry) throws {
        let one = HistoryPacking.pack(try HistoryEntryJSON.encode(entry), trimmed: false)
        packed.removeLast() // "]"
        if packed.count > 1 { packed.append(UInt8(ascii: ",")) }
        packed += one
        packed.append(UInt8(ascii: "]"))
    }
}

extension HistoryLog: CustomDebugStringConvertible {
    /// Short, so a failed comparison in a test does not print every byte.
    public var debugDescription: String { "HistoryLog(\(packed.count) packed bytes, \(canonical.count) as JSON)" }
}

extension HistoryLog {
    /// The array at token `i` when it is canonical and `HistoryCheck` is sure
    /// it decodes; nil otherwise (the hand-written record decoder then leaves
    /// the record to `Codable`, which decodes the entries and names a bad one).
    init?(surely doc: JSONDocument, _ i: Int) {
        guard CanonicalCheck(doc: doc).isCanonicalArray(at: i, of: CanonicalCheck.historyEntry),
              HistoryCheck.surelyDecodes(doc, at: i) else { return nil }
        let tok = doc.t[i]
        packed = HistoryPacking.pack(UnsafeBufferPointer(rebasing: doc.p[tok.start..<tok.end]))
    }
}

extension HistoryLog: Codable {
    /// Decodes the entries (so a bad entry is refused at load with its path,
    /// as before) and keeps them packed.
    /// The store's decoder hands over the bytes read when they are already
    /// the encoder's (a snapshot the store wrote): no second encoding.
    /// Canonical bytes that `HistoryCheck` vouches for are not decoded at all.
    public init(from decoder: any Decoder) throws {
        if let fast = decoder as? JSONValueDecoder,
           CanonicalCheck(doc: fast.doc).isCanonicalArray(at: fast.token, of: CanonicalCheck.historyEntry) {
            if !HistoryCheck.surelyDecodes(fast.doc, at: fast.token) { _ = try [Entry](from: decoder) }
            let tok = fast.doc.t[fast.token]
            packed = HistoryPacking.pack(UnsafeBufferPointer(rebasing: fast.doc.p[tok.start..<tok.end]))
        } else {
            packed = HistoryPacking.pack(try FastJSON.encode(try [Entry](from: decoder)))
        }
    }

    /// The store's encoder takes the canonical bytes as they are; any other
    /// encoder (Foundation's, the codec tests' reference) gets the entries.
    public func encode(to encoder: any Encoder) throws {
        if let fast = encoder as? JSONValueEncoder {
            fast.value = .raw(canonical)
            return
        }
        try entries.encode(to: encoder)
    }
}
