import SellerCore

/// The rows of the pane shown: built from the model when it or the pane's
/// queue or conditions change — or taken from the cache (PaneCache) when the
/// runtime built them behind the screen or they were patched since —, with
/// the selection kept on the same item.
extension App {
    /// What a pane's data is built from now.
    func key(_ t: Tab) -> PaneKey {
        let p = panes[t]!
        return PaneKey(queue: p.queue, conditions: p.conditions, keep: p.keep)
    }

    mutating func rebuild() {
        if loading != nil, !previewing, pane.listsFromOverviewTables, let small = overviewTablesModel {
            // From the small tables the orders view carries (tickets, appeals, calls), as on the full state.
            let k = key(tab)
            // 结算 from the settlement facts carried (the small tables hold no orders).
            let derived = tab == .settlement ? inputsWorkedOut(settlement: true).settlement : nil
            let (built, _) = Panes.build(tab, small, k, derived: derived)
            show(BuiltPane(key: k, generation: cache.generation, at: model.now, data: built, figures: []))
            return
        }
        if loading != nil, !previewing {
            if pane.listsWhileLoading, preview == nil, let rows = previewRows {
                var orders = Panes.orders(rows, products: model.state.products, lang: model.lang)
                orders.search = SearchIndex(rows: orders.rows)
                preview = orders
                previewRows = nil
            }
            // Only the pane that lists from the orders view has rows yet.
            data = pane.listsWhileLoading && panes[tab]!.conditions.isEmpty ? preview ?? PaneData(columns: [], rows: []) : PaneData(columns: [], rows: [])
            figures = []
            cache.shown = nil
            sortRanks = [:]
            narrowing = nil
            // The overview's figures from the orders view's inputs, when it carries them.
            if tab == .dashboard, overviewInputs != nil {
                figures = inputsWorkedOut().figures
                figureSelected = min(figureSelected, max(0, figures.count - 1))
            }
            refilter()
            return
        }
        let k = key(tab)
        if let b = cache.panes.removeValue(forKey: tab), b.key == k, b.generation == cache.generation, b.fresh(model.now) {
            show(b)
            return
        }
        let (built, f) = Panes.build(tab, model, k)
        show(BuiltPane(key: k, generation: cache.generation, at: model.now, data: built, figures: f))
    }

    /// The overview's figures and the settlement lines from the orders view's
    /// inputs, worked out on first use and kept until the state arrives.
    mutating func inputsWorkedOut(settlement: Bool = false) -> (figures: [DashboardFigure], settlement: [OrderSettlement]?) {
        guard let inputs = overviewInputs else { return ([], nil) }
        // The lines only when asked for, or when the figures need them (bills exist).
        if settlementFromInputs == nil, settlement || !inputs.state.bills.isEmpty { settlementFromInputs = inputs.derivedSettlement(asOf: model.now) }
        if !settlement, figuresFromInputs == nil { figuresFromInputs = Dashboard.figures(inputs, model, derived: settlementFromInputs) }
        return (figuresFromInputs ?? [], settlementFromInputs)
    }

    /// Makes `b` the shown pane's data.
    mutating func show(_ b: BuiltPane) {
        var meta = b
        data = b.data
        meta.data = PaneData(columns: [], rows: [])
        if tab == .dashboard {
            figures = b.figures
            figureSelected = min(figureSelected, max(0, figures.count - 1))
        }
        meta.figures = []
        cache.shown = meta
        sortRanks = [:]
        narrowing = nil
        refilter()
    }

    mutating func switchTab(_ t: Tab) {
        guard t != tab else { return }
        // The pane left stays built (under the keep it was built with), so coming back is instant.
        if var b = cache.shown, loading == nil {
            b.data = data
            // Unfiltered behind the screen, it needs no index until its next `/`.
            if panes[tab]!.filter.isEmpty { b.data.dropSearch() }
            b.figures = tab == .dashboard ? figures : []
            data = PaneData(columns: [], rows: [])
            cache.panes[tab] = b
        }
        cache.shown = nil
        panes[tab]!.keep = []
        tab = t
        if case .filter = mode { mode = .normal }
        rebuild()
    }

    mutating func setFilter(_ s: String) {
        panes[tab]!.filter = s
        refilter()
    }
}

/// New state from the store and what the runtime built behind the screen.
extension App {
    /// `touched`: what changed since the state before (nil: unknown — the
    /// console's own write, a reload, a compaction elsewhere — so every pane
    /// is rebuilt). Panes whose descriptor can patch follow the change row by
    /// row; the others are rebuilt, or for the slow ones (overview, 结算) keep
    /// showing the previous data until the background build brings the new.
    mutating func storeChanged(_ m: Model, touched: Touched?) {
        let old = model
        model = m
        clock = nil
        cache.advance(touched)
        let g = cache.generation
        guard let touched, !touched.everything, loading == nil else {
            unread = App.countUnread(m)
            cache.discard(Array(cache.panes.values))
            cache.panes = [:]
            rebuild()
            return
        }
        unread += App.unreadDelta(touched.messages, from: old, to: m)
        for t in Array(cache.panes.keys) {
            var b = cache.panes.removeValue(forKey: t)!
            if b.generation == g - 1, Panes.patch(t, &b, from: old, to: m, touched: touched, generation: g) { cache.panes[t] = b } else { cache.discard([b]) }
        }
        if var s = cache.shown, s.generation == g - 1, s.key == key(tab), pane.patching != nil {
            // Patched even when older than BuiltPane.maxAge: the background build then replaces it.
            s.data = data
            data = PaneData(columns: [], rows: [])
            let ok = Panes.patch(tab, &s, from: old, to: m, touched: touched, generation: g)
            data = s.data
            s.data = PaneData(columns: [], rows: [])
            if ok {
                cache.shown = s
                sortRanks = [:]
                narrowing = nil
                refilter()
                return
            }
        }
        if pane.rebuildsInBackground, cache.shown != nil { return }
        rebuild()
    }

    /// The panes the last change dropped, handed over to be freed elsewhere
    /// (the console's store worker), so the keys' thread never waits on it.
    public mutating func takeDiscarded() -> DiscardedPanes {
        defer { cache.discarded = [] }
        return DiscardedPanes(panes: cache.discarded)
    }

    /// The clock moved a minute past the state's: the panes whose rows move
    /// with it (stall days, the overview's trends and deadlines) are built
    /// again behind the screen (`prebuild`), the previous rows shown meanwhile.
    mutating func refreshIfStale(_ now: Timestamp) {
        guard loading == nil, cache.shown != nil, now.seconds - model.now.seconds >= BuiltPane.maxAge,
              pane.rebuildsInBackground || pane.patching != nil else { return }
        var m = model
        m.now = now
        storeChanged(m, touched: Touched())
    }

    /// Unread messages gained among `ids` (negative: lost), by the badge's own rule.
    static func unreadDelta(_ ids: Set<String>, from old: Model, to new: Model) -> Int {
        let unread = MessageQuery(unreadOnly: true)
        func count(_ m: Model) -> Int { ids.count { id in m.state.messages[id].map { unread.matches($0, account: m.account, in: m.state) } ?? false } }
        return count(new) - count(old)
    }

    /// The panes not built for the state shown (nil: none): the runtime runs
    /// this on a thread of its own and sends the result back as `.prebuilt`.
    public var prebuild: PrebuildJob? {
        guard loading == nil else { return nil }
        let g = cache.generation
        let wanted = Tab.allCases.map { ($0, key($0)) }.filter { t, k in
            let b = t == tab ? cache.shown : cache.panes[t]
            return !(b.map { $0.key == k && $0.generation == g && $0.fresh(model.now) } ?? false)
        }
        return wanted.isEmpty ? nil : PrebuildJob(generation: g, model: model, panes: wanted.map { (tab: $0.0, key: $0.1) })
    }

    /// A background build's panes: taken when built for this state, or for
    /// an earlier one whose later changes they can be patched with.
    mutating func prebuilt(_ r: PrebuildResult) {
        let g = cache.generation
        for (t, built) in r.panes {
            var b = built
            guard b.key == key(t), b.generation <= g else { continue }
            if b.generation < g {
                let patched = cache.touched(since: b.generation).map { Panes.patch(t, &b, from: r.model, to: model, touched: $0, generation: g) } ?? false
                if !patched {
                    // The slow panes show a late build if it is newer than what
                    // they show; still stale, so the next job builds them again.
                    if t == tab, pane.rebuildsInBackground, let s = cache.shown, s.generation < built.generation { show(built) }
                    continue
                }
            }
            if t == tab {
                if let s = cache.shown, s.generation == g, s.fresh(model.now) { continue }
                show(b)
            } else {
                if let replaced = cache.panes.updateValue(b, forKey: t) { cache.discard([replaced]) }
            }
        }
    }
}
