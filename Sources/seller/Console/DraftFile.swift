import Foundation
import SellerCore
import SellerUI

/// `<store>/drafts/<account>/<console>.json`: the form one running console
/// is typing, written as it changes and removed when it is filed or
/// discarded. Each console owns its own file and holds an exclusive flock on
/// `<console>.lock` while it runs, so two consoles on one account never write,
/// offer or delete each other's drafts. A draft whose console is gone (its
/// lock is free: closed, killed, crashed) is an orphan: the next console of
/// that account adopts it and offers it back.
final class DraftFile {
    let directory: String
    let path: String
    private let lockPath: String
    private var lockFD: Int32 = -1

    init(store: String, account: String) {
        let safe = DraftFile.safeName(account)
        directory = store + "/drafts/" + safe
        let me = "\(getpid())-\(UInt64(Date().timeIntervalSince1970 * 1000))"
        path = directory + "/" + me + ".json"
        lockPath = directory + "/" + me + ".lock"
        legacyPath = store + "/drafts/" + safe + ".json"
        // Never through a link: drafts/ and drafts/<account>/ are the store's own (PrivateFiles).
        try? PrivateFiles.ensureDirectory(store + "/drafts")
        try? PrivateFiles.ensureDirectory(directory)
        lockFD = PrivateFiles.isDirectory(directory) ? open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600) : -1
        if lockFD >= 0 { _ = flock(lockFD, LOCK_EX | LOCK_NB) }
    }

    deinit {
        if lockFD >= 0 { close(lockFD) }
        unlink(lockPath)
    }

    /// The one file of the format before drafts were per console.
    private let legacyPath: String

    static func safeName(_ s: String) -> String {
        s.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == "." ? String($0) : "_" }.joined()
    }

    /// The newest draft of this account whose console no longer runs, moved
    /// into this console's own file (so it is offered again if this console
    /// dies too); nil when there is none. Drafts of running consoles are
    /// never read, moved or deleted.
    func adoptOrphan() -> FormDraft? {
        guard PrivateFiles.isDirectory(directory) else { return nil }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var orphans: [(path: String, lock: String, at: Date)] = []
        for n in names where n.hasSuffix(".json") && directory + "/" + n != path {
            let json = directory + "/" + n
            orphans.append((json, String(json.dropLast(5)) + ".lock", modified(json)))
        }
        // Locks of consoles that ended without a draft: nothing to keep.
        for n in names where n.hasSuffix(".lock") && directory + "/" + n != lockPath && !names.contains(String(n.dropLast(5)) + ".json") {
            let fd = open(directory + "/" + n, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
            if fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0 { unlink(directory + "/" + n) }
            if fd >= 0 { close(fd) }
        }
        if PrivateFiles.read(legacyPath) != nil { orphans.append((legacyPath, legacyPath + ".lock", modified(legacyPath))) }
        for o in orphans.sorted(by: { $0.at > $1.at }) {
            // Its console still holds the lock: the draft is that console's.
            let fd = open(o.lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            guard let bytes = PrivateFiles.read(o.path), let draft = try? JSONDecoder().decode(FormDraft.self, from: Data(bytes)) else {
                continue // unreadable: left for a person to look at, never deleted
            }
            save(draft)
            guard FileManager.default.fileExists(atPath: path) else { return draft }
            unlink(o.path)
            unlink(o.lock)
            return draft
        }
        return nil
    }

    private func modified(_ p: String) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: p))?[.modificationDate] as? Date) ?? .distantPast
    }

    func save(_ draft: FormDraft?) {
        guard let draft else { PrivateFiles.remove(path); return }
        guard let data = try? JSONEncoder().encode(draft) else { return }
        try? PrivateFiles.ensureDirectory(directory)
        try? PrivateFiles.write(Array(data), to: path)
    }
}
