import SellerCore

/// What the runtime found at a path a form names (the UI does no I/O; the
/// executable answers with lstat/stat, tests with a table).
public struct FileFacts: Sendable, Equatable {
    /// `inaccessible`: something is there (or may be) but cannot be reached —
    /// permission, a file where a directory should be, a link loop; `errno` says which.
    public enum Kind: String, Sendable, CaseIterable { case missing, inaccessible, regular, directory, device, fifo, socket, other }
    /// What the path leads to, following links (a link to a directory is a directory).
    public var kind: Kind
    public var size: Int64
    public var errno: Int32

    public init(kind: Kind, size: Int64 = 0, errno: Int32 = 0) { self.kind = kind; self.size = size; self.errno = errno }
}

/// Answers what is at a path; nil from the App means "not known", and review
/// leaves files to the core's own check when filing.
public typealias FileInspector = @Sendable (String) -> FileFacts

extension FormState {
    /// Checks every field, puts each fault beside its field, moves the cursor
    /// to the first one and clears what was fixed; with no fault, goes on to
    /// the review screen. The rules are the core's: `Store.maxAttachmentBytes`,
    /// `ContactRules`; the form repeats none of them.
    mutating func review(inspect: FileInspector? = nil) {
        for i in fields.indices { fields[i].error = fault(in: fields[i], inspect: inspect) }
        if case .receiver = purpose, !fields.contains(where: { $0.error != nil }), case .failure(let why) = receiver() {
            if let i = fields.firstIndex(where: { $0.key == why.field }) { fields[i].error = why.text }
            else { error = why.text; return }
        }
        if let first = fields.firstIndex(where: { $0.error != nil }) {
            focus = first
            error = fields[first].error
            return
        }
        error = nil
        reviewing = true
    }

    /// The first thing wrong with one field, or nil.
    func fault(in f: Field, inspect: FileInspector?) -> String? {
        let text = f.editor.value.trimmingSpaces
        let empty = f.kind == .files ? f.files.isEmpty : text.isEmpty
        if f.required, empty { return lang.t("form.required", f.label) }
        if f.kind == .time, !text.isEmpty, FormState.time(text) == nil { return lang.t("form.time_format", f.label) }
        if f.kind == .files, let inspect {
            for path in f.files {
                let facts = inspect(path)
                switch facts.kind {
                case .missing: return lang.t("form.file_missing", f.label, path)
                case .inaccessible: return lang.t("form.file_inaccessible", f.label, path, RefusalText.errnoName(facts.errno, lang))
                case .regular:
                    if facts.size == 0 { return lang.t("form.file_empty", f.label, path) }
                    if facts.size > Store.maxAttachmentBytes {
                        return lang.t("form.file_too_large", f.label, path, FormState.mebibytes(facts.size), FormState.mebibytes(Store.maxAttachmentBytes))
                    }
                default: return lang.t("form.file_not_regular", f.label, path, (FormState.kindNames[facts.kind] ?? FormState.kindNames[.other]!)(lang))
                }
            }
        }
        guard !text.isEmpty else { return nil }
        if case .receiver = purpose {
            if f.key == "mobile", !ContactRules.isMobile(text) { return lang.t("form.mobile_format", f.label, text, ContactRules.mobileLength) }
            if f.key == "email", !ContactRules.isEmail(text) { return lang.t("form.email_format", f.label, text) }
        }
        if !f.accounts.isEmpty, FormState.account(named: text, in: f.accounts) == nil {
            return lang.t("form.unknown_account", f.label, text)
        }
        return nil
    }

    /// What a non-regular file is, for the message.
    static let kindNames: [FileFacts.Kind: @Sendable (Lang) -> String] = [
        .directory: { $0.t("form.file_kind.directory") }, .device: { $0.t("form.file_kind.device") },
        .fifo: { $0.t("form.file_kind.fifo") }, .socket: { $0.t("form.file_kind.socket") }, .other: { $0.t("form.file_kind.other") },
    ]

    /// "20 MiB", "20.5 MiB": sizes as people read them.
    static func mebibytes(_ bytes: Int64) -> String {
        let tenths = (bytes * 10 + 1024 * 1024 - 1) / (1024 * 1024)
        return tenths % 10 == 0 ? "\(tenths / 10) MiB" : "\(tenths / 10).\(tenths % 10) MiB"
    }

    /// The account id a typed name or id stands for (ids first, then names).
    static func account(named text: String, in accounts: [String: String]) -> String? {
        if accounts[text] != nil { return text }
        let byName = accounts.filter { $0.value == text }.map(\.key)
        return byName.count == 1 ? byName[0] : nil
    }

    /// The 转派 target as an id, whichever the merchant typed.
    var assigneeId: String? {
        guard let f = fields.first(where: { $0.key == TicketFlow.Field.assignee.rawValue }) else { return nil }
        let text = f.editor.value.trimmingSpaces
        guard !text.isEmpty else { return nil }
        return FormState.account(named: text, in: f.accounts) ?? text
    }

    /// Tab on an account field: completes a typed prefix of an id or name (the
    /// longest common prefix; the choices beside the field when several
    /// match). False when there is nothing to complete, so Tab moves on.
    mutating func completeAccount() -> Bool {
        guard fields.indices.contains(focus), !fields[focus].accounts.isEmpty else { return false }
        let f = fields[focus]
        let text = f.editor.value.trimmingSpaces
        guard !text.isEmpty, FormState.account(named: text, in: f.accounts) == nil else { return false }
        let names = Set(f.accounts.keys).union(f.accounts.values).sorted()
        let candidates = names.filter { $0.lowercased().hasPrefix(text.lowercased()) }
        guard let first = candidates.first else { return false }
        var common = first
        for c in candidates.dropFirst() { while !c.lowercased().hasPrefix(common.lowercased()) { common.removeLast() } }
        let max = f.editor.maxLength
        if common.count > text.count { fields[focus].editor = TextField(common, maxLength: max) }
        fields[focus].hint = candidates.count > 1 ? candidates.joined(separator: "  ") : nil
        return true
    }
}
