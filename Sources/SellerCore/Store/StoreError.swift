/// Why the store could not do what was asked. Damage always names the file
/// and line; nothing is rewritten when an error is raised.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case notFound(path: String)
    case notAStore(path: String, reason: String)
    case newerFormat(path: String, found: Int, supported: Int)
    case damaged(file: String, line: Int, reason: String)
    case io(path: String, operation: String, errno: Int32)
    case unsafePath(path: String, reason: String)
    case refused(DomainError)
    case attachment(path: String, reason: String)
    case duplicateEvent(id: String)
    /// Another process held the store's lock longer than this one would wait.
    case lockTimeout(path: String, seconds: Int, holder: String)
    /// A file of another store (its id differs from FORMAT's).
    case foreign(file: String, found: String, expected: String)

    static func notInSnapshot(_ p: Journal.Parsed) -> String {
        "sequence \(p.seq) is at or before the snapshot's, but the snapshot does not hold event \(p.event.id) with this content: the line is not this store's history (a journal from another store?)"
    }

    static func foreignReason(found: String, expected: String) -> String {
        "belongs to another store (store id \(found); this store is \(expected)): it was copied in from elsewhere; refusing to merge it"
    }

    public var description: String {
        switch self {
        case .notFound(let p): return "no store at \(p)"
        case .notAStore(let p, let why): return "\(p) is not a Seller Center store: \(why)"
        case .newerFormat(let p, let found, let supported):
            return "\(p) uses store format \(found), newer than this seller understands (\(supported)); upgrade seller — the store was left untouched"
        case .damaged(let file, let line, let why):
            return line > 0 ? "\(file):\(line): \(why)" : "\(file): \(why)"
        case .io(let p, let op, let e): return "\(op) \(p): \(String(cString: strerror(e)))"
        case .unsafePath(let p, let why): return "\(p): \(why)"
        case .refused(let d): return d.description
        case .attachment(let p, let why): return "attachment \(p): \(why)"
        case .duplicateEvent(let id): return "event \(id) is already in the store"
        case .lockTimeout(let p, let n, let holder):
            return "gave up after \(n) s waiting for the store lock \(p)\(holder); is another seller stopped or hung? (nothing was changed)"
        case .foreign(let file, let found, let expected): return "\(file): " + StoreError.foreignReason(found: found, expected: expected)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
