/// A table of entities by id, as a dictionary is used — subscript, keys,
/// values, iteration, in-place mutation — with the entities themselves in a
/// dense array and only an id → slot index in the hash table.
///
/// Why: a dictionary's slots are sized for its largest load (at most 3/4
/// full, the bucket count a power of two), and each slot holds the whole
/// value. At 100k orders the 208k messages sat in 524k slots of 128 bytes
/// and the 112k orders in 262k slots of 216 bytes: ~75 MB of the idle
/// console was empty slots. Here an empty slot costs the index's 4 bytes
/// (`SlotIndex`).
///
/// Order of iteration is the order of insertion until a removal (which
/// moves the last entity into the hole); like a dictionary's, no caller may
/// rely on it.
public struct EntityTable<Value: Sendable & Equatable>: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: Value)

    private var slot = SlotIndex()
    private var ids: ContiguousArray<String> = []
    /// Never nil outside `_modify`, which moves an entity out for the
    /// caller's change (no copy of what it holds) and puts it back.
    private var items: ContiguousArray<Value?> = []

    public init() {}

    public init(dictionaryLiteral elements: (String, Value)...) {
        for (k, v) in elements { self[k] = v }
    }

    public init<S: Sequence>(uniqueKeysWithValues pairs: S) where S.Element == (String, Value) {
        for (k, v) in pairs {
            precondition(slot.find(k, in: ids) == nil, "EntityTable: duplicate key \(k)")
            self[k] = v
        }
    }

    public var count: Int { ids.count }
    /// How many entities fit before the table grows.
    public var capacity: Int { Swift.min(slot.capacity, items.capacity) }
    /// Where the entities are stored: tests tell a write in place from a copy by it.
    var storageIdentity: Int { items.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) } }
    var indexIdentity: Int { slot.storageIdentity }
    public var isEmpty: Bool { ids.isEmpty }

    /// The ids, in the table's order.
    public var keys: ContiguousArray<String> { ids }

    /// The entities, in the table's order (read in place, not copied).
    public var values: Values { Values(items: items) }

    public struct Values: RandomAccessCollection, Sendable {
        let items: ContiguousArray<Value?>
        public var startIndex: Int { 0 }
        public var endIndex: Int { items.count }
        public subscript(i: Int) -> Value { items[i]! }
    }

    /// Room for `n` (a shared table is copied: Store.unshare relies on it),
    /// never less room than it has: a copy made to exactly its count would
    /// move every entity again at the next insert.
    public mutating func reserveCapacity(_ n: Int) {
        slot.reserve(n, ids)
        ids.reserveCapacity(Swift.max(n, ids.capacity))
        items.reserveCapacity(Swift.max(n, items.capacity))
    }

    public subscript(key: String) -> Value? {
        get { slot.find(key, in: ids).map { items[Int($0)]! } }
        set {
            if let newValue { _ = updateValue(newValue, forKey: key) } else { _ = removeValue(forKey: key) }
        }
        _modify {
            if let s = slot.find(key, in: ids) {
                let i = Int(s)
                var v = items[i]
                items[i] = nil // the caller's change then finds its arrays unshared
                defer {
                    if let v { items[i] = v } else { removeSlot(i) }
                }
                yield &v
            } else {
                var v: Value? = nil
                defer { if let v { append(v, forKey: key) } }
                yield &v
            }
        }
    }

    public subscript(key: String, default fallback: @autoclosure () -> Value) -> Value {
        get { self[key] ?? fallback() }
        set { self[key] = newValue }
    }

    @discardableResult
    public mutating func updateValue(_ value: Value, forKey key: String) -> Value? {
        if let s = slot.find(key, in: ids) {
            let old = items[Int(s)]
            items[Int(s)] = value
            return old
        }
        append(value, forKey: key)
        return nil
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> Value? {
        guard let s = slot.find(key, in: ids) else { return nil }
        let old = items[Int(s)]
        removeSlot(Int(s))
        return old
    }

    private mutating func append(_ value: Value, forKey key: String) {
        precondition(ids.count < Int(Int32.max), "EntityTable: more than 2^31 entities")
        ids.append(key)
        items.append(value)
        slot.appended(ids)
    }

    /// Drops slot `i`: the last entity moves into it.
    private mutating func removeSlot(_ i: Int) {
        let last = ids.count - 1
        slot.remove(Int32(i), key: ids[i], ids)
        if i != last {
            slot.move(Int32(last), to: Int32(i), key: ids[last])
            ids[i] = ids[last]
            items.swapAt(i, last)
        }
        ids.removeLast()
        items.removeLast()
    }

    public func makeIterator() -> Iterator { Iterator(table: self) }

    public struct Iterator: IteratorProtocol {
        let table: EntityTable
        var at = 0
        public mutating func next() -> Element? {
            guard at < table.ids.count else { return nil }
            defer { at += 1 }
            return (table.ids[at], table.items[at]!)
        }
    }

    public func mapValues<T>(_ transform: (Value) throws -> T) rethrows -> [String: T] {
        var out: [String: T] = [:]
        out.reserveCapacity(count)
        for i in ids.indices { out[ids[i]] = try transform(items[i]!) }
        return out
    }

    /// The same ids with each entity transformed, as a table again.
    public func mapEntities<T>(_ transform: (Value) throws -> T) rethrows -> EntityTable<T> {
        var out = EntityTable<T>()
        out.reserveCapacity(count)
        for i in ids.indices { out.append(try transform(items[i]!), forKey: ids[i]) }
        return out
    }

    public func filter(_ isIncluded: (Element) throws -> Bool) rethrows -> EntityTable {
        var out = EntityTable()
        for e in self where try isIncluded(e) { out.append(e.value, forKey: e.key) }
        return out
    }

    /// The same ids with equal entities, in whatever order.
    public static func == (a: EntityTable, b: EntityTable) -> Bool {
        guard a.count == b.count else { return false }
        for (k, v) in a { guard b[k] == v else { return false } }
        return true
    }
}

/// A table written in id order (snapshot lines, start-view chunks): a
/// dictionary of the small tables, or an EntityTable of the big ones.
public protocol IdKeyed<Value> {
    associatedtype Value
    var allIds: [String] { get }
    subscript(_ key: String) -> Value? { get }
}

extension Dictionary: IdKeyed where Key == String {
    public var allIds: [String] { Array(keys) }
}

extension EntityTable: IdKeyed {
    public var allIds: [String] { Array(ids) }
}
