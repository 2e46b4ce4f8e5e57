import SellerCore

/// What the UI reads: the core's state, who is looking, and when.
public struct Model: Sendable {
    public var state: SellerState
    public var account: Account
    public var now: Timestamp
    public var lang: Lang

    public init(state: SellerState, account: Account, now: Timestamp, lang: Lang) {
        self.state = state; self.account = account; self.now = now; self.lang = lang
    }
}
