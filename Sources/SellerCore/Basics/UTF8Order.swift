#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two texts ordered and compared by their UTF-8 bytes alone (memcmp, then
/// the shorter first) — the order the encoder writes object keys in, the
/// snapshot's known ids are sorted by, and the identity the store's
/// byte-exact tables use (Swift's `==` on strings treats "é" and "e\u{301}"
/// as equal).
///
/// Why not `a.utf8.lexicographicallyPrecedes(b.utf8)`: that walks the two
/// views a byte at a time through generic code; at 1M events it was the
/// largest single cost of an ingest's compaction (sorting the known ids, and
/// checking every encoded object's keys are in order).
enum UTF8Order {
    /// Negative, zero or positive as `a`'s bytes sort before, equal or after `b`'s.
    @inline(__always)
    static func compare(_ a: String, _ b: String) -> Int {
        if let r = a.utf8.withContiguousStorageIfAvailable({ x in
            b.utf8.withContiguousStorageIfAvailable { y in compare(UnsafeRawBufferPointer(x), UnsafeRawBufferPointer(y)) }
        }), let r { return r }
        // A bridged or foreign string has no contiguous storage: the slow walk.
        if a.utf8.elementsEqual(b.utf8) { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }

    @inline(__always)
    static func compare(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Int {
        let n = Swift.min(x.count, y.count)
        let c = n == 0 ? 0 : Int(memcmp(x.baseAddress!, y.baseAddress!, n))
        return c != 0 ? c : x.count - y.count
    }

    @inline(__always)
    static func compare(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
        compare(UnsafeRawBufferPointer(x), UnsafeRawBufferPointer(y))
    }

    @inline(__always)
    static func less(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }

    /// The same bytes (the lengths first, then memcmp): for the decoders'
    /// checks of a token against a table's words, where the generic
    /// `elementsEqual` walked a byte at a time.
    @inline(__always)
    static func same(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { compare($0, b) == 0 }
    }

    /// Byte-for-byte equal (the lengths first: most unequal ids differ there or early).
    @inline(__always)
    static func equal(_ a: String, _ b: String) -> Bool { a.utf8.count == b.utf8.count && compare(a, b) == 0 }
}
