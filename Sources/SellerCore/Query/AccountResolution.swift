/// Who `--as` names: an account id, else an account name; with no `--as`,
/// the main account. The CLI and the console resolve it the same way.
public enum AccountResolution {
    public enum Failure: Error, Equatable {
        case noSuchAccount(String, known: [String])
        case noMainAccount
    }

    public static func resolve(_ who: String?, accounts: [String: Account], main: Account?) -> Result<Account, Failure> {
        if let who {
            guard let a = accounts[who] ?? accounts.values.sorted(by: { $0.id < $1.id }).first(where: { $0.name == who }) else {
                return .failure(.noSuchAccount(who, known: accounts.keys.sorted()))
            }
            return .success(a)
        }
        return main.map(Result.success) ?? .failure(.noMainAccount)
    }
}
