#if canImport(Glibc)
import Glibc
#endif

/// Small files the console keeps inside the store (`drafts/<account>.json`),
/// read and written with the store's own rules: never through a symbolic
/// link, owner-only, replaced atomically. A draft directory or file that is a
/// link is ignored for reading and refused for writing, so a planted link
/// cannot make the console read or overwrite a file elsewhere.
public enum PrivateFiles {
    /// The file's bytes, or nil when it is missing, a link, or in a linked directory.
    public static func read(_ path: String) -> [UInt8]? {
        let dir = parent(path)
        guard FileIO.kind(dir) == .directory, FileIO.kind(path) == .file else { return nil }
        return try? FileIO.readFile(path)
    }

    /// Writes the file atomically, creating its directory (mode 700) if needed.
    public static func write(_ bytes: [UInt8], to path: String) throws(StoreError) {
        let dir = parent(path)
        try FileIO.ensureDirectory(dir)
        try FileIO.replaceAtomically(path, with: bytes, directory: dir)
    }

    /// Removes the file (a link is removed itself, never its target).
    public static func remove(_ path: String) {
        guard FileIO.kind(parent(path)) == .directory else { return }
        _ = unlink(path)
    }

    /// Creates the directory (mode 700) if it is missing; refuses a link or a file.
    public static func ensureDirectory(_ path: String) throws(StoreError) { try FileIO.ensureDirectory(path) }

    /// Whether `path` is a directory itself, not a link to one.
    public static func isDirectory(_ path: String) -> Bool { FileIO.kind(path) == .directory }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
