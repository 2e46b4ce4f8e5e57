import SellerCore

/// The detail of one item as label/value lines (values unsanitised; the
/// caller sanitises when it draws or prints). Shared by the console's detail
/// pane and the CLI's `show` commands.
public enum Details {
    public typealias Lines = [(label: String, value: String)]

    public static func order(_ id: String, _ m: Model) -> Lines {
        let s = m.state, l = m.lang
        guard let o = s.orders[id] else { return [] }
        let p = s.products[o.productId]
        var lines: Lines = [
            (l.t("details.order"), o.id), (l.t("details.line"), o.lineId),
            (l.t("details.customer"), o.customer.name), (l.t("details.user"), o.customer.userName),
            (l.t("details.product"), "\(p?.name ?? o.productId) (\(o.productId), \(p.map { l.term($0.type) } ?? "?"), \(p.map { l.term($0.saleModel) } ?? "?"))"),
            (l.t("details.order_type"), l.term(o.orderType)), (l.t("details.amount"), o.amount.display),
            (l.t("details.charging"), l.term(o.chargingMode)),
            (l.t("details.period"), o.periodType.map { l.t("details.period_value", o.periodNumber ?? 0, l.term($0)) } ?? "—"),
            (l.t("details.created"), o.createdAt.shortDisplay), (l.t("details.status"), l.term(o.status)),
            (l.t("details.expires_ref"), o.referenceExpiry?.shortDisplay ?? "—"),
        ]
        if let v = s.validity(of: id) {
            let basis = [Validity.Basis.actualActivation: l.t("details.from_actual_activation"),
                         .acceptance: l.t("details.from_buyer_acceptance"), .orderTime: l.t("details.from_order_time"),
                         .renewal: l.t("details.from_renewed_period_end")][v.basis]!
            lines.append((l.t("details.validity"), l.t("text.parenthetical", "\(v.start.dateDisplay) – \(v.end?.dateDisplay ?? "—")", basis)))
        } else if s.records[id] != nil {
            lines.append((l.t("details.validity"), l.t("details.set_by_activation_or_acceptance")))
        }
        if let inst = o.instanceId { lines.append((l.t("details.instance"), inst)) }
        // Instances the production interface (`seller serve`) created for this order.
        for i in s.instances(ofOrder: id) {
            let status = switch i.status {
            case .normal: l.t("details.instance_normal")
            case .frozen: l.t("details.instance_frozen")
            case .released: l.t("details.instance_released")
            }
            lines.append((l.t("details.saas_instance"), l.t("details.saas_instance_value", i.id, status)))
        }
        let chain = s.renewalChain(of: id)
        if chain.count > 1 { lines.append((l.t("details.renewals"), chain.joined(separator: " → "))) }
        if let r = s.records[id] {
            lines.append((l.t("details.supervision"), l.t("details.record_summary", l.term(r.state), l.term(r.definition.id), r.flowVersion, r.reviewRequired ? l.t("details.huawei_cloud_review") : "")))
            for a in r.appealIds.compactMap({ s.appeals[$0] }) {
                lines.append((l.t("details.appeal") + " " + a.id, l.t("text.label_value", "\(l.term(a.status)) \(l.term(a.initiator))", a.reason) + (a.outcome.map { " → \(l.term($0)) \(a.resolution ?? "")" } ?? "")))
            }
        }
        return lines
    }

    public static func record(_ id: String, _ m: Model) -> Lines {
        let s = m.state, l = m.lang
        guard let r = s.records[id] else { return order(id, m) }
        let def = r.definition
        // The record's own path: no 复核 node on records that skip review.
        let path = r.pathNodes
        let nodes = path.map { $0 == r.state ? "[\(l.term($0))]" : l.term($0) }.joined(separator: " → ")
        var lines: Lines = [
            (l.t("details.order"), r.orderId), (l.t("details.product"), s.products[r.productId]?.name ?? r.productId),
            (l.t("details.flow"), "\(l.term(def.id)) \(r.flowVersion)\(r.reviewRequired ? l.t("details.huawei_cloud_review") : "")"),
            (l.t("details.acceptance"), l.term(r.acceptanceRuleSet)),
            (l.t("details.nodes"), nodes + (path.contains(r.state) ? "" : "  " + l.t("text.label_value", l.t("details.now"), "[\(l.term(r.state))]"))),
            (l.t("details.queue"), l.term(r.queue(for: m.account, in: s))
                + (r.isFrozen ? l.t("details.appeal_open_frozen", r.openAppealIds.joined(separator: ", ")) : "")),
        ]
        if let q = s.products[r.productId]?.acceptanceStandard { lines.append((l.t("details.standard"), q)) }
        if let req = r.requirement {
            lines.append((l.t("details.requirements"), req.attachments.isEmpty ? req.text : l.t("text.parenthetical", req.text, req.attachments.map(\.name).joined(separator: l.t("list.separator")))))
        }
        if let d = r.delivery {
            lines.append((l.t("details.delivery"), (d.resultDescription ?? "—") + l.t("text.clause_separator") + l.t("details.activation")
                          + (d.actualActivationTime?.shortDisplay ?? l.t("details.empty_buyer_acceptance_counts"))))
            if !d.documents.isEmpty { lines.append((l.t("details.documents"), d.documents.map { "\($0.name) (\($0.size) B)" }.joined(separator: l.t("list.separator")))) }
        }
        for rej in r.rejections { lines.append((l.t("details.rejected"), l.t("text.label_value", "\(rej.at.shortDisplay) \(l.term(rej.by))", rej.reason))) }
        if let sh = r.shipping {
            lines.append((l.t("details.shipping"), [sh.carrier, sh.trackingNumber, sh.logisticsPhone.map { "☎ \($0)" },
                                                     sh.signedAt.map { l.t("details.signed") + $0.shortDisplay }, sh.address].compactMap { $0 }.joined(separator: " ")))
            lines.append((l.t("details.auto_accept"), l.term(s.hardwareAutoClose(orderId: r.orderId, now: m.now))))
        }
        if let lic = r.license {
            lines.append((l.t("details.licence"), [lic.identifier.map { l.t("details.licence_identifier", $0) }, lic.code.map { l.t("details.licence_code", $0) },
                                                     lic.activatedAt.map { l.t("details.licence_activated", $0.shortDisplay) }].compactMap { $0 }.joined(separator: " ")))
        }
        for reason in r.stallReasons(now: m.now) { lines.append((l.t("details.alert"), l.term(reason))) }
        let history: [ServiceRecord.HistoryEntry]
        do { history = try r.readHistory() } catch {
            history = []
            lines.append((l.t("details.history"), l.t("details.history_unreadable", error.path)))
        }
        for h in history.reversed() {
            let what: String = switch h.kind {
            case .opened: l.t("details.history_opened", l.term(h.to))
            case .transition: "\(h.event.map { l.term($0) } ?? "") \(h.from.map { l.term($0) } ?? "") → \(l.term(h.to))"
            case .appealFiled: l.t("details.history_appeal_filed", h.appealId ?? "", l.term(h.to))
            case .appealResolved: l.t("details.history_appeal_resolved", h.appealId ?? "")
            case .appealClosed: l.t("details.history_appeal_closed", h.appealId ?? "")
            }
            lines.append((l.t("details.history"), "\(h.at.shortDisplay) \(h.actor) \(what)"))
        }
        return lines
    }

    public static func ticket(_ id: String, _ m: Model) -> Lines {
        let s = m.state, l = m.lang
        guard let t = s.tickets[id] else { return [] }
        var lines: Lines = [
            (l.t("details.ticket"), "\(t.id)  \(t.title)"), (l.t("details.status_2"), l.term(t.status)),
            (l.t("details.owner"), s.accounts[t.owner].map { "\($0.name)(\(l.term($0.role)))" } ?? t.owner),
            (l.t("details.customer_2"), "\(t.customer.name) (\(t.customer.userName))"),
            (l.t("details.product"), s.products[t.productId]?.name ?? t.productId),
        ]
        if let o = t.orderId { lines.append((l.t("details.order_2"), o)) }
        for a in t.accessRequests { lines.append((l.t("details.access"), "\(l.term(a.kind)) \(a.at.shortDisplay) \(a.note ?? "")")) }
        for p in t.posts {
            let who = p.author.accountId.flatMap { s.accounts[$0]?.name } ?? l.term(p.author.kind)
            lines.append((p.at.shortDisplay, l.t("text.label_value", who, p.body)))
        }
        return lines
    }

    public static func message(_ id: String, _ m: Model) -> Lines {
        let l = m.lang
        guard let msg = m.state.messages[id] else { return [] }
        return [(l.t("details.title"), msg.title), (l.t("details.category"), "\(msg.category) \(l.term(CategoryTerm(msg.category)))"),
                (l.t("details.time"), msg.at.shortDisplay), (l.t("details.related"), msg.orderId ?? msg.productId ?? "—"),
                (l.t("details.channels"), msg.channels.map { l.term($0) }.joined(separator: l.t("list.separator"))), (l.t("details.read"), msg.read ? l.t("details.message_read") : l.t("details.message_unread")),
                body(msg.body, l)]
    }

    /// The body's line: its text, or — its snapshot file changed in place
    /// since it was read — a line that says so and names the file.
    static func body(_ b: MessageBody, _ l: Lang) -> (label: String, value: String) {
        do { return ("", try b.read()) } catch { return (l.t("details.body"), l.t("details.body_unreadable", error.path)) }
    }

    public static func appeal(_ id: String, _ m: Model) -> Lines {
        let l = m.lang
        guard let a = m.state.appeals[id] else { return [] }
        var lines: Lines = [(l.t("details.appeal_2"), a.id), (l.t("details.order"), a.orderId), (l.t("details.by"), l.term(a.initiator)),
                            (l.t("details.node"), l.term(a.node)), (l.t("details.status_2"), l.term(a.status)),
                            (l.t("details.filed"), a.filedAt.shortDisplay), (l.t("details.reason"), a.reason)]
        if let d = a.demands { lines.append((l.t("details.demands"), d)) }
        if !a.evidence.isEmpty { lines.append((l.t("details.evidence"), a.evidence.map(\.name).joined(separator: l.t("list.separator")))) }
        if let o = a.outcome { lines.append((l.t("details.outcome"), l.t("text.label_value", l.term(o), a.resolution ?? ""))) }
        return lines
    }

    static func lines(_ tab: Tab, id: String, _ m: Model) -> Lines { Panes.descriptor(tab).detail(id, m) }

    /// Wraps label/value lines to `width` cells: labels padded, values broken
    /// by display width, newlines in values kept, text sanitised.
    public static func wrap(_ lines: Lines, width: Int) -> [String] {
        guard width > 4 else { return [] }
        let labelWidth = min(16, lines.map { TextWidth.width($0.label) }.max() ?? 0)
        var out: [String] = []
        for (label, value) in lines {
            let valueWidth = label.isEmpty ? width : max(4, width - labelWidth - 2)
            let prefix = label.isEmpty ? "" : TextWidth.fit(label, to: labelWidth) + "  "
            let indent = label.isEmpty ? "" : String(repeating: " ", count: labelWidth + 2)
            var first = true
            for para in Sanitizer.lines(value) {
                for chunk in breakLine(para, width: valueWidth) {
                    out.append((first ? prefix : indent) + chunk)
                    first = false
                }
            }
            if first { out.append(prefix) }
        }
        return out
    }

    /// One line broken at `width` cells, sanitised first (what is measured is what the canvas shows).
    static func breakLine(_ s: String, width: Int) -> [String] {
        let s = Sanitizer.line(s)
        if s.isEmpty { return [""] }
        var out: [String] = [], cur = "", used = 0
        for ch in s {
            let w = TextWidth.width(of: ch)
            if used + w > width { out.append(cur); cur = ""; used = 0 }
            cur.append(ch)
            used += w
        }
        out.append(cur)
        return out
    }
}
