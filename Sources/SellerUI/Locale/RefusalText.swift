import SellerCore
#if canImport(Glibc)
import Glibc
#endif

/// The core's refusals, in the console's language. The core keeps typed
/// values and its English `description` (what the CLI prints); here each
/// case becomes a locale template with its arguments, states and events by
/// their names in the language. `state` (the console's model) lets a
/// refused transition name the steps possible instead.
public enum RefusalText {
    public static func text(_ r: WriteRefusal, _ l: Lang, state: SellerState? = nil) -> String {
        switch r {
        case .domain(let d): text(d, l, state: state)
        case .store(let s): text(s, l, state: state)
        case .attachment(let a): text(a, l)
        }
    }

    public static func text(_ e: DomainError, _ l: Lang, state: SellerState? = nil) -> String {
        switch e {
        case .unknown(let what, let id): return l.t("refusal.unknown", entity(what, l), id)
        case .duplicate(let what, let id): return l.t("refusal.duplicate", entity(what, l), id)
        case .resent(let what, let id, let diffs):
            if diffs.isEmpty { return l.t("refusal.resent_same", entity(what, l), id) }
            let list = diffs.map { l.t("refusal.difference", $0.field, $0.stored.isEmpty ? "—" : $0.stored, $0.sent.isEmpty ? "—" : $0.sent) }
            return l.t("refusal.resent_conflict", entity(what, l), id, list.joined(separator: l.t("text.clause_separator")))
        case .invalidTransition(let o, let s, let ev, let why):
            return l.t("refusal.invalid_transition", o, l.term(ev), l.term(s), transitionReason(o, s, ev, why, l, state))
        case .frozenByAppeal(let o, let s, let ev, let appeal):
            return l.t("refusal.frozen_by_appeal", o, eventName(ev, l), l.term(s), appeal)
        case .missingField(let ev, let f): return l.t("refusal.missing_field", eventName(ev, l), fieldName(f, l))
        case .unexpectedField(let ev, let f): return l.t("refusal.unexpected_field", eventName(ev, l), fieldName(f, l))
        case .invalidField(let ev, let f, let why): return l.t("refusal.invalid_field", eventName(ev, l), fieldName(f, l), text(why, l))
        case .invalidContact(let ev, .mobile, let v): return l.t("refusal.invalid_mobile", eventName(ev, l), v)
        case .invalidContact(let ev, .email, let v): return l.t("refusal.invalid_email", eventName(ev, l), v)
        case .wrongActor(let ev, let expected, let actual):
            return l.t("refusal.wrong_actor", eventName(ev, l), expected, actorName(actual, l))
        case .notPermitted(let action, let account, let allowed):
            return l.t("refusal.not_permitted", account, Self.action(action, l), whoMay(allowed, l))
        case .ticketTransition(let t, let s, let ev, _):
            let offered = TicketFlow.rows(from: s).map { l.term($0.event) }
            let why = offered.isEmpty ? l.t("refusal.ticket_closed") : l.t("refusal.only_possible", offered.joined(separator: l.t("list.separator")))
            return l.t("refusal.ticket_transition", t, l.term(ev), l.term(s), why)
        case .rule(let r): return text(r, l)
        case .refused(let why): return l.t("refusal.refused", why)
        }
    }

    public static func text(_ e: StoreError, _ l: Lang, state: SellerState? = nil) -> String {
        switch e {
        case .notFound(let p): return l.t("refusal.store.not_found", p)
        case .notAStore(let p, let why): return l.t("refusal.store.not_a_store", p, why)
        case .newerFormat(let p, let found, let supported): return l.t("refusal.store.newer_format", p, found, supported)
        case .damaged(let file, let line, let why):
            return line > 0 ? l.t("refusal.store.damaged_line", file, line, why) : l.t("refusal.store.damaged", file, why)
        case .io(let p, let op, let n): return l.t("refusal.store.io", p, op, errnoText(n, l))
        case .unsafePath(let p, let why): return l.t("refusal.store.unsafe_path", p, why)
        case .refused(let d): return text(d, l, state: state)
        case .attachment(let p, let why): return l.t("refusal.attachment.other", p, why)
        case .duplicateEvent(let id): return l.t("refusal.store.duplicate_event", id)
        case .lockTimeout(let p, let n, let holder):
            let pids = lockHolders(holder)
            return pids.isEmpty ? l.t("refusal.store.lock_timeout", n, p) : l.t("refusal.store.lock_timeout_held", n, p, pids)
        case .foreign(let file, let found, let expected): return l.t("refusal.store.foreign", file, found, expected)
        }
    }

    public static func text(_ a: AttachmentError, _ l: Lang) -> String {
        let p = a.path
        switch a.problem {
        case .unreadable(let n): return l.t("refusal.attachment.unreadable", p, errnoText(n, l))
        case .notRegular(let kind): return l.t("refusal.attachment.not_regular", p, fileKind(kind, l))
        case .empty: return l.t("refusal.attachment.empty", p)
        case .tooLarge(let n, let limit): return l.t("refusal.attachment.too_large", p, n, limit)
        case .changedWhileRead(let b, let r, let after): return l.t("refusal.attachment.changed", p, b, r, after)
        }
    }

    /// The PIDs in `StoreError.lockTimeout`'s holder text (" held by PID 12, 34").
    static func lockHolders(_ holder: String) -> String {
        holder.split(whereSeparator: { !$0.isNumber }).joined(separator: ", ")
    }

    static func transitionReason(_ orderId: String, _ s: SupervisionState, _ ev: FlowEvent, _ why: String, _ l: Lang, _ state: SellerState?) -> String {
        if s.isTerminal { return l.t("refusal.record_closed") }
        guard let record = state?.records[orderId] else { return why }
        let here = record.definition.rows(from: s)
        if here.contains(where: { $0.event == ev }) { return l.t("refusal.cause_does_not_apply") }
        let offered = Set(here.map(\.event)).sorted { $0.rawValue < $1.rawValue }.map { l.term($0) }
        return l.t("refusal.only_possible", offered.joined(separator: l.t("list.separator")))
    }

    static func entity(_ e: DomainError.Entity, _ l: Lang) -> String {
        switch e {
        case .product: l.t("refusal.entity.product")
        case .order: l.t("refusal.entity.order")
        case .record: l.t("refusal.entity.record")
        case .appeal: l.t("refusal.entity.appeal")
        case .ticket: l.t("refusal.entity.ticket")
        case .message: l.t("refusal.entity.message")
        case .receiver: l.t("refusal.entity.receiver")
        case .account: l.t("refusal.entity.account")
        case .invoice: l.t("refusal.entity.invoice")
        case .bill: l.t("refusal.entity.bill")
        }
    }

    static func fileKind(_ k: AttachmentProblem.FileKind, _ l: Lang) -> String {
        switch k {
        case .directory: l.t("refusal.file_kind.directory")
        case .characterDevice: l.t("refusal.file_kind.character_device")
        case .blockDevice: l.t("refusal.file_kind.block_device")
        case .pipe: l.t("refusal.file_kind.pipe")
        case .socket: l.t("refusal.file_kind.socket")
        case .other: l.t("refusal.file_kind.other")
        }
    }

    /// The errors a merchant meets, named in the language; others as the C library says them.
    public static func errnoName(_ n: Int32, _ l: Lang) -> String { errnoText(n, l) }

    static func errnoText(_ n: Int32, _ l: Lang) -> String {
        switch n {
        case ENOENT: l.t("refusal.errno.enoent")
        case EACCES, EPERM: l.t("refusal.errno.eacces")
        case ENOSPC, EDQUOT: l.t("refusal.errno.enospc")
        case EROFS: l.t("refusal.errno.erofs")
        case EISDIR: l.t("refusal.errno.eisdir")
        case EIO: l.t("refusal.errno.eio")
        case ELOOP: l.t("refusal.errno.eloop")
        default: String(cString: strerror(n))
        }
    }

    /// An event named in a refusal: a flow step by its term, `kind step` by the step's term.
    static func eventName(_ raw: String, _ l: Lang) -> String {
        for word in raw.split(separator: " ").map(String.init) {
            if let e = FlowEvent(rawValue: word) { return l.term(e) }
            if let e = TicketEvent(rawValue: word) { return l.term(e) }
        }
        return raw
    }

    static func fieldName(_ raw: String, _ l: Lang) -> String {
        FieldID(rawValue: raw).map { l.term($0) } ?? raw
    }

    static func actorName(_ a: Actor, _ l: Lang) -> String {
        if let id = a.accountId { return l.t("refusal.actor_account", id) }
        return l.term(a.kind)
    }
}
