/// A message's body: its text, or — read from a snapshot file — where the
/// text sits there (`SnapshotSource`), read back when asked for.
///
/// Why: at 1M orders the 2.1M messages' bodies were 232 MB of text (over
/// 300 MB of heap with each string's header), held by an idle console that
/// shows a body only in Details and `seller messages show`. The lists, the
/// filters, the queues and the rules read the other fields.
///
/// Only a body the snapshot writer would write back byte for byte is left in
/// the file: a JSON string with no backslash escape (the encoder escapes only
/// `"`, `\` and controls, so those bytes are exactly its output) and longer
/// than the 15 bytes a string holds inline. Its CRC-32 is kept, so a file
/// changed in place behind the store is named, never shown as the body.
public struct MessageBody: Hashable, Sendable, ExpressibleByStringLiteral {
    enum Storage: Sendable {
        case text(String)
        /// The bytes between the quotes.
        case inFile(FileSpan)
    }
    let storage: Storage

    public init(_ text: String) { storage = .text(text) }
    public init(stringLiteral text: String) { storage = .text(text) }
    init(span: FileSpan) { storage = .inFile(span) }

    /// The text; a body whose snapshot file was changed in place since it
    /// was read is refused, named.
    public func read() throws(SnapshotUnreadable) -> String {
        switch storage {
        case .text(let s): return s
        case .inFile(let span):
            // Checked as valid UTF-8 with its line, and by its CRC now.
            guard let b = span.bytes else { throw span.unreadable }
            return String(decoding: b, as: UTF8.self)
        }
    }

    /// The text, or "" when it cannot be read — callers that show the body
    /// (Details, `messages show`) use `read()` and say so instead.
    public var text: String { (try? read()) ?? "" }

    public var isEmpty: Bool {
        switch storage {
        case .text(let s): s.isEmpty
        case .inFile(let span): span.count == 0
        }
    }

    /// Whether the text is read from its snapshot file when asked for.
    public var isInFile: Bool { if case .inFile = storage { true } else { false } }

    /// UTF-8 bytes held in memory (for the memory probe): none for a body left in its file.
    public var heldBytes: Int {
        switch storage {
        case .text(let s): s.utf8.count
        case .inFile: 0
        }
    }

    /// Equal when the texts are (as `String` compares them); the same span of
    /// the same file without reading it. An unreadable body equals no other.
    public static func == (a: MessageBody, b: MessageBody) -> Bool {
        switch (a.storage, b.storage) {
        case (.text(let x), .text(let y)): return x == y
        case (.inFile(let x), .inFile(let y)) where x.source === y.source && x.offset == y.offset: return x.count == y.count
        default:
            guard let x = try? a.read(), let y = try? b.read() else { return false }
            return x == y
        }
    }

    public func hash(into h: inout Hasher) { h.combine(text) }
}

extension MessageBody {
    /// The body at string token `i`, left in the snapshot file when the
    /// document is a line of one (`doc.origin`) and the bytes are the
    /// encoder's; nil when token `i` is not a string of valid text.
    init?(canonical doc: JSONDocument, _ i: Int) {
        let tok = doc.t[i]
        guard tok.kind == .string else { return nil }
        if !tok.escaped, tok.end - tok.start > 15, let origin = doc.origin {
            let bytes = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: doc.p[tok.start..<tok.end]))
            if let span = origin.span(of: tok, crc: CRC32.checksum(bytes), mark: false) {
                storage = .inFile(span)
                return
            }
        }
        guard let s = doc.text(i) else { return nil }
        storage = .text(s)
    }
}

extension MessageBody: Codable {
    public init(from decoder: any Decoder) throws {
        storage = .text(try decoder.singleValueContainer().decode(String.self))
    }

    /// The store's encoder takes a body in a file as its bytes, quoted (they
    /// are the encoder's own); any other encoder gets the text.
    public func encode(to encoder: any Encoder) throws {
        if case .inFile(let span) = storage, let fast = encoder as? JSONValueEncoder {
            guard let b = span.bytes else { throw span.unreadable }
            fast.value = .raw([0x22] + b + [0x22])
            return
        }
        var c = encoder.singleValueContainer()
        try c.encode(try read())
    }
}

extension MessageBody: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { text }
    public var debugDescription: String {
        switch storage {
        case .text(let s): s.debugDescription
        case .inFile(let span): "MessageBody(\(span.count) bytes at \(span.source.path):\(span.offset))"
        }
    }
}
