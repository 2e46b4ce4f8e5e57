import SellerCore

/// What the UI reads: the core's state, who is looking, and when.
public struct Model: Sendable {
    public var state: SellerState
    public var account: Account
    public var now: Timestamp
    public var lang: Lang
    /// The records' fields, when `state` holds only the small tables the
    /// orders view carries (App.overviewTablesModel): the supervision list is
    /// built from them until the start view's partial state is in.
    public var recordFields: [RecordFields]?
    /// The messages' fields, likewise: 消息 is listed from them.
    public var messageFields: [OverviewInputs.MessageFields]?

    public init(state: SellerState, account: Account, now: Timestamp, lang: Lang, recordFields: [RecordFields]? = nil,
                messageFields: [OverviewInputs.MessageFields]? = nil) {
        self.state = state; self.account = account; self.now = now; self.lang = lang; self.recordFields = recordFields
        self.messageFields = messageFields
    }
}
