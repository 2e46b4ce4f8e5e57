/// Sorting by keys taken beforehand: indices move, not elements. Records and
/// messages are large structs, and sorting 200k of them directly (or through
/// a closure over whole elements, which copies each) cost hundreds of ms.
public enum KeySort {
    /// `0..<keys.count` in the order of `keys`, ties by `ties`. The direction
    /// is chosen outside the comparator (a branch inside it doubled the time).
    @inlinable
    public static func order<K: Comparable, T: Comparable>(_ keys: [K], descending: Bool = false, ties: [T]) -> [Int] {
        precondition(keys.count == ties.count)
        if descending { return keys.indices.sorted { a, b in keys[a] != keys[b] ? keys[a] > keys[b] : ties[a] < ties[b] } }
        return keys.indices.sorted { a, b in keys[a] != keys[b] ? keys[a] < keys[b] : ties[a] < ties[b] }
    }
}
