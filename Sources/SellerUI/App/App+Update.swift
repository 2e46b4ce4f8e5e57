import SellerCore

/// Everything that can happen to the console, from the terminal, the clock,
/// the store or the runtime's work on an effect. One type in, one function
/// (`update`) handling it, effects out: the runtime has no order of calls to
/// keep, it sends what happened.
public enum Msg: Sendable {
    /// A key, or a mouse event (clicks and the wheel arrive as `Key` values when `--mouse` is on).
    case key(Key)
    case resize(width: Int, height: Int)
    /// The clock moved on (the runtime's idle tick).
    case tick(Timestamp)
    /// New state from the store: this console's action or another's.
    /// `touched`: what changed since the last state (nil: unknown, every pane is rebuilt).
    case storeChanged(Model, touched: Touched? = nil)
    /// Panes the runtime built behind the screen (`App.prebuild`).
    case prebuilt(PrebuildResult)
    /// The store loading behind the orders view has got this far (0…1).
    case loadProgress(Double)
    /// The full state has arrived. `rowsCurrent`: the store still ends where
    /// the orders view was made, so the order list it shows is the state's and
    /// need not be rebuilt (at a million orders that takes seconds).
    case loaded(Model, rowsCurrent: Bool)
    /// While the store loads: the start view's partial state (SellerCore's
    /// StartView), on which every pane lists and the overview counts; actions
    /// and details wait for `.loaded`. `rowsCurrent` as for `.loaded`.
    case preview(Model, rowsCurrent: Bool)
    /// The runtime's report on an effect that is not a write (an export): nil, or why it failed.
    case effectFinished(Effect, error: String?)
    /// The runtime's report on a write: nil, or the core's typed refusal (said in the console's language).
    case writeFinished(Effect, refusal: WriteRefusal?)
    /// Writes wait for another process's lock; `holders`: the processes holding it.
    case waitingForLock(holders: [Int])
    /// That wait is over: its notice leaves the status line.
    case lockWaitEnded(holders: [Int])
    /// Something the runtime has to say (a warning from opening the store, a hint).
    case notice(String, isError: Bool)
    /// A draft found on disk when the console opens: offered back.
    case draftFound(FormDraft)
}

extension App {
    /// The one entry point: applies a message, returns what the runtime should do.
    public mutating func update(_ msg: Msg) -> [Effect] {
        switch msg {
        case .key(let key):
            if key == .resize { clampScroll(); return [] }
            return controller.handle(key, app: &self)
        case .resize(let w, let h):
            width = w
            height = h
            clampScroll()
        case .tick(let now):
            refreshIfStale(now)
            clock = now
        case .storeChanged(let m, let touched):
            storeChanged(m, touched: touched)
        case .prebuilt(let r):
            prebuilt(r)
        case .loadProgress(let fraction):
            if loading != nil { loading = min(1, max(0, fraction)) }
        case .loaded(let m, let rowsCurrent):
            let keep = rowsCurrent && pane.listsWhileLoading && preview != nil && panes[tab]!.conditions.isEmpty
            model = m
            loading = nil
            preview = nil
            previewRows = nil
            previewing = false
            overviewInputs = nil
            unread = App.countUnread(m)
            cache.advance(nil)
            cache.panes = [:]
            if keep {
                // The preview's rows are the state's order list: they are the pane's data for this state.
                cache.shown = BuiltPane(key: key(tab), generation: cache.generation, at: m.now, data: PaneData(columns: [], rows: []))
            } else {
                rebuild()
            }
        case .preview(let m, let rowsCurrent):
            showPreview(m, rowsCurrent: rowsCurrent)
        case .effectFinished(let effect, let error):
            finished(effect, error: error)
        case .writeFinished(let effect, let refusal):
            finished(effect, refusal: refusal)
        case .waitingForLock(let holders):
            waitingForLock(holders: holders)
        case .lockWaitEnded(let holders):
            lockWaitEnded(holders: holders)
        case .notice(let text, let isError):
            status = (text, isError)
        case .draftFound(let d):
            // Read-only consoles cannot file a draft: none is offered.
            if !readOnly { mode = .draftOffer(d) }
        }
        return []
    }

    /// The controller of the current mode: the one place that routes by mode.
    var controller: any ModeController.Type {
        switch mode {
        case .normal: tab == .dashboard ? DashboardController.self : ListController.self
        case .filter: FilterController.self
        case .commandLine: CommandLineController.self
        case .help: HelpController.self
        case .fullDetail: FullDetailController.self
        case .actionMenu: ActionMenuController.self
        case .form: FormController.self
        case .receivers: ReceiversController.self
        case .draftOffer: DraftOfferController.self
        case .confirm: ConfirmController.self
        }
    }
}

/// Shorthands for `update(_:)` that read better in tests.
extension App {
    @discardableResult mutating func handle(_ key: Key) -> [Effect] { update(.key(key)) }
    mutating func update(_ model: Model) { _ = update(.storeChanged(model)) }
    mutating func finishLoading(_ model: Model, rowsCurrent: Bool) { _ = update(.loaded(model, rowsCurrent: rowsCurrent)) }
    mutating func loadingProgress(_ fraction: Double) { _ = update(.loadProgress(fraction)) }
    mutating func offerDraft(_ d: FormDraft) { _ = update(.draftFound(d)) }
    mutating func say(_ text: String, error: Bool = false) { _ = update(.notice(text, isError: error)) }
}
