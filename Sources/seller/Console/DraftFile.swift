import Foundation
import SellerUI

/// `<store>/drafts/<account>.json`: the form being typed, written as it
/// changes and removed when it is filed or discarded.
struct DraftFile {
    let directory: String
    let path: String

    init(store: String, account: String) {
        directory = store + "/drafts"
        let safe = account.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == "." ? String($0) : "_" }.joined()
        path = directory + "/" + safe + ".json"
    }

    func load() -> FormDraft? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(FormDraft.self, from: data)
    }

    func save(_ draft: FormDraft?) {
        guard let draft else { try? FileManager.default.removeItem(atPath: path); return }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard let data = try? JSONEncoder().encode(draft) else { return }
        let tmp = path + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: data, attributes: [.posixPermissions: 0o600]) else { return }
        _ = rename(tmp, path)
    }
}
