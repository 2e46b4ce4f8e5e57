import Foundation
import SellerCore
import SellerUI

/// An opened store and the account the command acts as (`--as`, default the
/// main account).
struct Session {
    let store: Store
    let account: Account
    let console: Console

    static func open(_ args: Arguments, _ console: Console, readOnly: Bool = false) throws -> Session {
        let dir = console.storePath(args)
        if args.readOnly(console.environment), !readOnly { throw CLIError.refused(Session.readOnlyRefusal) }
        let store: Store
        do { store = try Store.open(at: dir, readOnly: readOnly) } catch {
            guard case .notFound = error else { throw error }
            throw CLIError.refused("no store at \(dir); create one with `seller init --store \(dir) --name NAME` or `seller demo --store \(dir)`")
        }
        for w in store.warnings { console.err(w) }
        let account: Account
        if let who = args.value("as") {
            guard let a = store.state.accounts[who] ?? store.state.accounts.values.first(where: { $0.name == who }) else {
                let known = store.state.accounts.keys.sorted().joined(separator: ", ")
                throw CLIError.refused("--as \(who): no such account (accounts: \(known.isEmpty ? "none" : known))")
            }
            account = a
        } else {
            guard let main = store.state.mainAccount else {
                throw CLIError.refused("the store at \(dir) has no main account; create it with `seller init --store \(dir) --name NAME`")
            }
            account = main
        }
        return Session(store: store, account: account, console: console)
    }

    static let readOnlyRefusal = "read-only mode (--readonly or SELLER_READONLY): this command would change the store; nothing was written"

    var state: SellerState { store.state }
    /// What the shared detail views read.
    var model: Model { Model(state: store.state, account: account, now: now, lang: Lang.from(environment: console.environment)) }
    var actor: Actor { .account(account.id) }
    var now: Timestamp { Timestamp(seconds: Int64(Date().timeIntervalSince1970)) }

    /// Appends a merchant action; a refusal becomes exit 1 with the reason.
    @discardableResult
    func act(_ event: DomainEvent) throws -> Store.Appended {
        let seen = store.warnings.count
        let r = try store.append(event, by: actor)
        // Stored and fsynced: anything after it (a failed compaction) is a warning only.
        for w in store.warnings.dropFirst(seen) { console.err(w) }
        return r
    }

    /// Checks an event against the current state without writing anything.
    func precheck(_ event: DomainEvent) throws {
        do throws(DomainError) {
            _ = try state.applying(EventEnvelope(id: "precheck", at: now, actor: actor, event: event))
        } catch {
            throw StoreError.refused(error)
        }
    }
}

enum CLIError: Error, CustomStringConvertible {
    case usage(String)
    case refused(String)

    var description: String {
        switch self {
        case .usage(let s), .refused(let s): s
        }
    }
}

/// Options most commands share.
enum Common {
    static let valued: Set<String> = ["store", "as", "format"]
    static let help = """
      --store DIR       the store (default: $SELLER_STORE, else $XDG_DATA_HOME/seller-center,
                        else ~/.local/share/seller-center)
      --as ACCOUNT      act as this account id or name (default: the main account)
      --format F        table (default), json or csv
    """
}
