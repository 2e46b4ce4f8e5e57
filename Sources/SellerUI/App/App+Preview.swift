import SellerCore

/// The console on the store's start view (SellerCore's StartView) while the
/// full state loads: the model is a partial state — every entity the lists
/// and figures read, without bodies — so every pane lists, filters, sorts and
/// switches queues, and the overview counts, by the same builders as on the
/// full state. Details, actions and anything that needs bodies say the store
/// is still loading until `.loaded` brings the full state.
extension App {
    /// A console on a start view's partial state (`.loaded` brings the rest).
    public init(preview model: Model, width: Int, height: Int, storeLabel: String, badges: [String] = [], readOnly: Bool = false,
                bindings: KeyBindings = .defaults, startTab: Tab = .dashboard) {
        self.init(model: model, width: width, height: height, storeLabel: storeLabel, badges: badges, readOnly: readOnly,
                  bindings: bindings, startTab: startTab)
        loading = 0
        previewing = true
    }

    /// `.preview`: the partial state arrives while the store still loads. The
    /// order list from the orders view stays when it is the same store end
    /// (rebuilding it would hold the keys for a moment to give the same rows).
    mutating func showPreview(_ m: Model, rowsCurrent: Bool) {
        // Only before the full state: a late preview must not replace it.
        guard loading != nil else { return }
        let keep = rowsCurrent && pane.listsWhileLoading && preview != nil && panes[tab]!.conditions.isEmpty
        model = m
        previewing = true
        overviewInputs = nil
        previewRows = nil
        unread = App.countUnread(m)
        if !keep { rebuild() }
    }

    /// Besides what works while only the order list is in (CommandRegistry.whileLoading):
    /// the queues, the overview's columns and Enter on a figure (which opens a list).
    func worksOnPreview(_ id: CommandID) -> Bool {
        // On the orders view's overview inputs: the figures are walked and opened (the lists then wait).
        if !previewing, overviewInputs != nil, tab == .dashboard { return [.columnLeft, .columnRight, .open].contains(id) }
        if !previewing, overviewInputs != nil, pane.listsFromOverviewTables { return [.nextQueue, .prevQueue].contains(id) }
        guard previewing else { return false }
        switch id {
        case .nextQueue, .prevQueue, .columnLeft, .columnRight: return true
        case .open: return tab == .dashboard
        default: return false
        }
    }

    /// Whether the model is a start view's partial state (the store still loading).
    public var isPreview: Bool { previewing && loading != nil }
    /// Whether the overview shows its figures already (from the orders view's
    /// inputs or a partial state), or still says the store is loading.
    public var overviewCounts: Bool { loading == nil || previewing || overviewInputs != nil }

    /// Whether `t` lists now: always once loaded or on the start view's
    /// partial state; before that the order list (from the orders view) and
    /// the panes that list from the overview's small tables.
    public func listsNow(_ t: Tab) -> Bool {
        let d = Panes.descriptor(t)
        // The orders view's rows are the unconditioned list: a figure's list (conditions) waits.
        return loading == nil || previewing || (d.listsWhileLoading && panes[t]!.conditions.isEmpty)
            || (overviewInputs != nil && d.listsFromOverviewTables)
    }

    /// The model the panes that list from the overview's small tables are built from.
    var overviewTablesModel: Model? {
        overviewInputs.map { Model(state: $0.state, account: model.account, now: model.now, lang: model.lang, recordFields: $0.records,
                               messageFields: $0.messages) }
    }
}
