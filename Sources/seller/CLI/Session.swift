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
        let account = try resolveAccount(args.value("as"), accounts: store.state.accounts, main: store.state.mainAccount, dir: dir)
        return Session(store: store, account: account, console: console)
    }

    /// `--as` (or the main account), as the CLI and the console resolve it.
    static func resolveAccount(_ who: String?, accounts: [String: Account], main: Account?, dir: String) throws -> Account {
        switch AccountResolution.resolve(who, accounts: accounts, main: main) {
        case .success(let a): return a
        case .failure(.noSuchAccount(let who, let known)):
            throw CLIError.refused("--as \(who): no such account (accounts: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
        case .failure(.noMainAccount):
            throw CLIError.refused("the store at \(dir) has no main account; create it with `seller init --store \(dir) --name NAME`")
        }
    }

    static let readOnlyRefusal = "read-only mode (--readonly or SELLER_READONLY): this command would change the store; nothing was written"

    var state: SellerState { store.state }
    /// What the shared detail views read.
    var model: Model { Model(state: store.state, account: account, now: now, lang: Lang.from(environment: console.environment)) }
    var actor: Actor { .account(account.id) }
    var now: Timestamp { Timestamp.now }

    /// Writes a merchant action through the one write service; a refusal
    /// becomes exit 1 with the reason (the store's English description).
    @discardableResult
    func write(_ request: WriteRequest) throws -> WriteService.Receipt {
        let seen = store.warnings.count
        let result = WriteService(store, actor: actor).perform(request)
        // Stored and fsynced: anything after it (a failed compaction) is a warning only.
        for w in store.warnings.dropFirst(seen) { console.err(w) }
        switch result {
        case .success(let receipt): return receipt
        case .failure(let refusal): throw refusal.storeError
        }
    }

    /// A merchant action that brings no files.
    @discardableResult
    func act(_ event: DomainEvent) throws -> WriteService.Receipt { try write(.event(event)) }
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
