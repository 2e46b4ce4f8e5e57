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

    /// Packed in memory, or — read from a snapshot file — where its canonical
    /// bytes sit there (`SnapshotSource`): at 1M orders the packed histories
    /// were 366 MB of a console's heap, though a console reads a handful.
    enum Storage: Sendable {
        case packed([UInt8])
        /// The span's mark: the bytes may name a stored file (`sha256`).
        case inFile(FileSpan)
    }
    private(set) var storage: Storage

    public init() { storage = .packed([UInt8(ascii: "["), UInt8(ascii: "]")]) }

    /// Refuses (as the snapshot writer would) a time the store cannot read back.
    public init(_ entries: [Entry]) throws {
        storage = .packed(HistoryPacking.pack(try FastJSON.encode(entries)))
    }

    /// Adopts canonical JSON of an entry array (what `FastJSON.encode` wrote).
    init(canonical: [UInt8]) { storage = .packed(HistoryPacking.pack(canonical)) }

    /// The canonical JSON of the entries, as the snapshot holds them; a
    /// history in a snapshot file changed in place since is refused, named.
    func canonicalBytes() throws(SnapshotUnreadable) -> [UInt8] {
        switch storage {
        case .packed(let p): return HistoryPacking.unpack(p)
        case .inFile(let span):
            guard let b = span.bytes else { throw span.unreadable }
            return b
        }
    }

    /// The packed bytes (packed now when the history is in a file).
    var packed: [UInt8] {
        get throws(SnapshotUnreadable) {
            switch storage {
            case .packed(let p): return p
            case .inFile: return HistoryPacking.pack(try canonicalBytes())
            }
        }
    }

    /// The entries, decoded. The bytes were written by the encoder from
    /// entries that decoded (or checked by `HistoryCheck` when read), so they
    /// decode again; only a file changed under the store can refuse them.
    public func readEntries() throws(SnapshotUnreadable) -> [Entry] {
        let bytes = try canonicalBytes()
        do { return try FastJSON.decode([Entry].self, from: bytes) } catch {
            preconditionFailure("a checked history no longer decodes: \(error)")
        }
    }

    /// The entries; none when its snapshot file was changed in place since
    /// it was read — callers that act on the history (rules, Details, check)
    /// use `readEntries()` and say so instead.
    public var entries: [Entry] { (try? readEntries()) ?? [] }

    public var isEmpty: Bool {
        switch storage {
        case .packed(let p): p.count == 2
        case .inFile(let span): span.count == 2
        }
    }

    /// Whether the history is read from its snapshot file when asked for.
    public var isInFile: Bool { if case .inFile = storage { true } else { false } }

    /// Bytes held for the packed entries (for the memory probe); none for a
    /// history left in its file.
    public var packedSize: (count: Int, capacity: Int) {
        switch storage {
        case .packed(let p): (p.count, p.capacity)
        case .inFile: (0, 0)
        }
    }

    /// Adds an entry at the end: its canonical JSON, packed, joins the array
    /// as the encoder would have joined it (`[a,b]` + c = `[a,b,c]`). A history
    /// in a file is read in first: from then on it is held.
    public mutating func append(_ entry: Entry) throws {
        let one = HistoryPacking.pack(try HistoryEntryJSON.encode(entry), trimmed: false)
        var packed = try self.packed
        storage = .packed([]) // the one reference, so the append is in place
        packed.removeLast() // "]"
        if packed.count > 1 { packed.append(UInt8(ascii: ",")) }
        packed += one
        packed.append(UInt8(ascii: "]"))
        storage = .packed(packed)
    }

    /// Equal when the entries' canonical bytes are; the same span of the same
    /// file without reading it. An unreadable history equals only itself.
    public static func == (a: HistoryLog, b: HistoryLog) -> Bool {
        switch (a.storage, b.storage) {
        case (.packed(let x), .packed(let y)): return x == y
        case (.inFile(let x), .inFile(let y)) where x.source === y.source && x.offset == y.offset: return x.count == y.count
        default:
            guard let x = try? a.canonicalBytes(), let y = try? b.canonicalBytes() else { return false }
            return x == y
        }
    }

    public func hash(into h: inout Hasher) { h.combine((try? canonicalBytes()) ?? []) }
}

extension HistoryLog: CustomDebugStringConvertible {
    /// Short, so a failed comparison in a test does not print every byte.
    public var debugDescription: String {
        switch storage {
        case .packed(let p): "HistoryLog(\(p.count) packed bytes, \(HistoryPacking.unpack(p).count) as JSON)"
        case .inFile(let s): "HistoryLog(\(s.count) bytes at \(s.source.path):\(s.offset))"
        }
    }
}

extension HistoryLog {
    /// The array at token `i` when it is canonical and `HistoryCheck` is sure
    /// it decodes; nil otherwise (the hand-written record decoder then leaves
    /// the record to `Codable`, which decodes the entries and names a bad one).
    /// Read from a snapshot file (`doc.origin`), it stays there: only its
    /// span, checksum and whether it may name a stored file are kept.
    init?(surely doc: JSONDocument, _ i: Int) {
        guard CanonicalCheck(doc: doc).isCanonicalArray(at: i, of: CanonicalCheck.historyEntry),
              HistoryCheck.surelyDecodes(doc, at: i) else { return nil }
        let tok = doc.t[i]
        let bytes = UnsafeBufferPointer(rebasing: doc.p[tok.start..<tok.end])
        if let origin = doc.origin,
           let span = origin.span(of: tok, crc: CRC32.checksum(UnsafeRawBufferPointer(bytes)), mark: Self.mayNameStoredFiles(json: bytes)) {
            storage = .inFile(span)
        } else {
            storage = .packed(HistoryPacking.pack(bytes))
        }
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
            storage = .packed(HistoryPacking.pack(UnsafeBufferPointer(rebasing: fast.doc.p[tok.start..<tok.end])))
        } else {
            storage = .packed(HistoryPacking.pack(try FastJSON.encode(try [Entry](from: decoder))))
        }
    }

    /// The store's encoder takes the canonical bytes as they are; any other
    /// encoder (Foundation's, the codec tests' reference) gets the entries.
    public func encode(to encoder: any Encoder) throws {
        if let fast = encoder as? JSONValueEncoder {
            fast.value = .raw(try canonicalBytes())
            return
        }
        try readEntries().encode(to: encoder)
    }
}
