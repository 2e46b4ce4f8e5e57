#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only, for the derived views read at a console's
/// start: the kernel maps the page cache's own pages, so nothing is copied
/// and no fresh memory is faulted in. At 100k orders `orders.view` (46 MB)
/// took ~36 ms to read into an array and ~6 ms to map; at 1M (462 MB)
/// ~350 ms and ~45 ms (`/tmp/mm.c`-style test on this machine, warm cache).
///
/// A mapping sees later writes to the same file, and a file truncated in
/// place while mapped faults its reader (SIGBUS) where a read would have
/// seen a short file. The views are never written in place: every writer
/// replaces them by rename (DerivedFile.replace), which leaves the mapped
/// file whole until it is unmapped, and a view is mapped only for the
/// length of one decode; a person or tool truncating `orders.view` in place
/// during that fraction of a second is the trade made for the speed.
/// Whatever the bytes say is still checked (CRCs, bounds) as a read's
/// would be, every length read once into a local before it is used.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    private let length: Int

    init(_ path: String) throws(StoreError) {
        let fd = try FileIO.open(path, O_RDONLY)
        defer { FileIO.close(fd) }
        let size = try FileIO.size(fd, path: path)
        guard size > 0 else { bytes = UnsafeRawBufferPointer(start: nil, count: 0); length = 0; return }
        guard size <= Int64(Int.max) else { throw FileIO.fail(path, "map") }
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE // every page mapped now, in one call, not one fault each
        #else
        let flags = MAP_PRIVATE
        #endif
        let p = mmap(nil, Int(size), PROT_READ, flags, fd, 0)
        guard let p, p != MAP_FAILED else { throw FileIO.fail(path, "map") }
        length = Int(size)
        bytes = UnsafeRawBufferPointer(start: p, count: length)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), length) }
    }
}
