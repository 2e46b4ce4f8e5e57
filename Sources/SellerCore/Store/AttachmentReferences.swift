/// The stored files (by SHA-256) the state's records and appeals name, for
/// `seller check`'s "referenced by an event but missing".
///
/// Histories are held packed (`HistoryLog`) and decoding every one was a
/// third of a check at 1M orders, though almost none names a file: a history
/// is decoded only when its packed bytes can hold a `sha256` member at all,
/// and the records are looked at on both cores.
enum AttachmentReferences {
    static func referenced(by state: SellerState, minimumChunk: Int = 4096) -> Set<String> {
        // The keys, not the records: an array of the records copied every one
        // out (a quarter GB at 1M orders); each core looks its own up.
        let keys = Array(state.records.keys)
        let parts = Parallel.chunks(count: keys.count, minimumChunk: minimumChunk) { range -> Set<String> in
            var found = Set<String>()
            for k in keys[range] {
                guard let r = state.records[k] else { continue }
                for d in r.delivery?.documents ?? [] { if let s = d.sha256 { found.insert(s) } }
                guard r.historyLog.mayNameStoredFiles else { continue }
                // Unreadable only if the snapshot was changed in place since
                // this check read it; the check then reports nothing it did not see.
                for h in r.historyLog.entries { for d in h.fields?.documents ?? [] { if let s = d.sha256 { found.insert(s) } } }
            }
            return found
        }
        var referenced = parts.reduce(into: Set<String>()) { $0.formUnion($1) }
        for a in state.appeals.values { for d in a.evidence { if let s = d.sha256 { referenced.insert(s) } } }
        return referenced
    }
}

extension HistoryLog {
    /// False only when no entry can name a stored file: the packed bytes hold
    /// neither the packed word `sha256` nor those letters as they are (a
    /// string the packer left alone). A false "may" costs one decode.
    /// A history left in its snapshot file was looked at as it was read.
    var mayNameStoredFiles: Bool {
        switch storage {
        case .inFile(let span): return span.mark
        case .packed(let packed):
            return packed.withUnsafeBufferPointer { p in
                if let code = HistoryLog.sha256Word, Self.contains(p, [HistoryPacking.wordCode, code]) { return true }
                return Self.contains(p, Array("sha256".utf8))
            }
        }
    }

    /// The same question of canonical JSON (unpacked): the letters as they are.
    static func mayNameStoredFiles(json: UnsafeBufferPointer<UInt8>) -> Bool { contains(json, Array("sha256".utf8)) }

    private static let sha256Word: UInt8? = HistoryPacking.words.firstIndex(of: Array("sha256".utf8)).map { UInt8($0) }

    /// memchr for the first byte, then the rest compared (Glibc's module has no memmem).
    private static func contains(_ p: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let base = p.baseAddress, p.count >= needle.count else { return false }
        var at = 0
        while at + needle.count <= p.count, let hit = memchr(base + at, Int32(needle[0]), p.count - needle.count + 1 - at) {
            let i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if (1..<needle.count).allSatisfy({ p[i + $0] == needle[$0] }) { return true }
            at = i + 1
        }
        return false
    }
}

#if canImport(Glibc)
import Glibc
#endif
