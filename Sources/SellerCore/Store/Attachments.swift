#if canImport(Glibc)
import Glibc
#endif

/// Evidence and acceptance documents, copied into `attachments/` and named by
/// the SHA-256 of their content. The original name travels in the event's
/// `AttachmentRef`; the store never keeps a path to the user's file.
extension Store {
    public static let maxAttachmentBytes: Int64 = 20 * 1024 * 1024

    /// A file read and hashed, ready to be stored: nothing is written yet,
    /// so a command can be validated before the store changes.
    public struct PreparedAttachment: Sendable {
        public var ref: AttachmentRef
        var bytes: [UInt8]
    }

    /// Reads a regular, non-empty file of at most 20 MiB and computes its
    /// address. The checks are made on the open descriptor (not the path, which
    /// a link swap could change between check and read), and the file must be
    /// the same before and after the read: what is stored is what was checked.
    public static func prepareAttachment(path: String) throws(StoreError) -> PreparedAttachment {
        do throws(AttachmentError) { return try inspectAttachment(path: path) } catch {
            throw .attachment(path: error.path, reason: error.problem.description)
        }
    }

    /// `prepareAttachment` with the reason as a value (what the write service reports).
    public static func inspectAttachment(path: String) throws(AttachmentError) -> PreparedAttachment {
        func fail(_ p: AttachmentProblem) -> AttachmentError { AttachmentError(path: path, problem: p) }
        // O_NONBLOCK: opening a FIFO must not hang the command; it is refused below.
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw fail(.unreadable(errno: errno)) }
        defer { FileIO.close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw fail(.unreadable(errno: errno)) }
        guard st.st_mode & S_IFMT == S_IFREG else { throw fail(.notRegular(kind: .init(mode: st.st_mode))) }
        guard st.st_size > 0 else { throw fail(.empty) }
        guard Int64(st.st_size) <= Store.maxAttachmentBytes else { throw fail(.tooLarge(bytes: Int64(st.st_size), limit: Store.maxAttachmentBytes)) }
        Store.attachmentReadHook?(path)
        let bytes: [UInt8]
        do throws(StoreError) { bytes = try FileIO.read(fd, from: 0, max: Int(Store.maxAttachmentBytes) + 1, path: path) } catch {
            if case .io(_, _, let e) = error { throw fail(.unreadable(errno: e)) }
            throw fail(.unreadable(errno: EIO))
        }
        var after = stat()
        guard fstat(fd, &after) == 0 else { throw fail(.unreadable(errno: errno)) }
        guard Int64(bytes.count) == Int64(st.st_size), after.st_size == st.st_size,
              after.st_mtim.tv_sec == st.st_mtim.tv_sec, after.st_mtim.tv_nsec == st.st_mtim.tv_nsec else {
            throw fail(.changedWhileRead(before: Int64(st.st_size), read: Int64(bytes.count), after: Int64(after.st_size)))
        }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return PreparedAttachment(ref: AttachmentRef(name: Store.sanitiseFileName(base), size: Int64(bytes.count), sha256: SHA256.hex(bytes)),
                                  bytes: bytes)
    }

    /// Test hook: runs between the checks and the read (a test changes the file there).
    nonisolated(unsafe) static var attachmentReadHook: ((String) -> Void)?

    /// Copies a prepared file into `attachments/` (once per content).
    public func store(_ a: PreparedAttachment) throws(StoreError) {
        guard !readOnly else { throw .refused(.rule(.readOnlyStore)) }
        let sha = a.ref.sha256!
        try FileIO.ensureDirectory(attachmentsPath)
        let dest = attachmentsPath + "/" + sha
        switch FileIO.kind(dest) {
        case .file:
            return // same content already stored
        case .missing:
            let tmp = dest + ".tmp-\(getpid())"
            let out = try FileIO.open(tmp, O_WRONLY | O_TRUNC | O_EXCL, create: true)
            do {
                try FileIO.writeAll(out, a.bytes, path: tmp)
                try FileIO.sync(out, path: tmp)
            } catch { FileIO.close(out); _ = unlink(tmp); throw error }
            FileIO.close(out)
            guard rename(tmp, dest) == 0 else { _ = unlink(tmp); throw FileIO.fail(dest, "rename") }
            try FileIO.syncDirectory(attachmentsPath)
        default:
            throw .unsafePath(path: dest, reason: "exists and is not a regular file")
        }
    }

    /// Reads, hashes and copies a file into the store.
    public func importAttachment(path: String) throws(StoreError) -> AttachmentRef {
        guard !readOnly else { throw .refused(.rule(.readOnlyStore)) }
        let prepared = try Store.prepareAttachment(path: path)
        try store(prepared)
        return prepared.ref
    }

    /// The bytes of a stored attachment, checked against their address.
    public func attachmentBytes(_ ref: AttachmentRef) throws(StoreError) -> [UInt8] {
        guard let sha = ref.sha256, sha.count == 64, sha.allSatisfy(\.isHexDigit) else {
            throw .attachment(path: ref.name, reason: "has no content address (a platform-side file)")
        }
        let bytes = try FileIO.readFile(attachmentsPath + "/" + sha)
        guard SHA256.hex(bytes) == sha else { throw .damaged(file: attachmentsPath + "/" + sha, line: 0, reason: "content does not match its SHA-256 name") }
        return bytes
    }

    /// A file name safe to keep and show: no directories, no control or bidi
    /// characters, at most 255 UTF-8 bytes.
    public static func sanitiseFileName(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        for u in name.unicodeScalars {
            let v = u.value
            if u.properties.generalCategory == .control || u.properties.generalCategory == .format || v == 0x2F || v == 0x5C { continue }
            if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { continue }
            out.append(u)
        }
        var s = String(out).trimmingCharacters(in: " .")
        while s.utf8.count > 255 { s.removeLast() }
        return s.isEmpty ? "attachment" : s
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var sub = Substring(self)
        while let f = sub.first, chars.contains(f) { sub = sub.dropFirst() }
        while let l = sub.last, chars.contains(l) { sub = sub.dropLast() }
        return String(sub)
    }
}
