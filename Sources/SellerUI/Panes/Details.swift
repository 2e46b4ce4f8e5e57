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
            (l.pick("订单号", "Order"), o.id), (l.pick("订单行ID", "Line"), o.lineId),
            (l.pick("客户名称", "Customer"), o.customer.name), (l.pick("用户名", "User"), o.customer.userName),
            (l.pick("商品", "Product"), "\(p?.name ?? o.productId) (\(o.productId), \(p?.type.zh ?? "?"), \(p?.saleModel.zh ?? "?"))"),
            (l.pick("订单类型", "Order type"), o.orderType.zh), (l.pick("金额", "Amount"), o.amount.display),
            (l.pick("计费模式", "Charging"), o.chargingMode.zh),
            (l.pick("购买时长", "Period"), o.periodType.map { "\(o.periodNumber ?? 0)\($0.zh)" } ?? "—"),
            (l.pick("创建时间", "Created"), o.createdAt.shortDisplay), (l.pick("订单状态", "Status"), o.status.zh),
            (l.pick("过期时间(参考)", "Expires (ref.)"), o.referenceExpiry?.shortDisplay ?? "—"),
        ]
        if let v = s.validity(of: id) {
            let basis = [Validity.Basis.actualActivation: l.pick("按实际开通时间", "from actual activation"),
                         .acceptance: l.pick("按买家验收时间", "from buyer acceptance"), .orderTime: l.pick("按下单时间", "from order time")][v.basis]!
            lines.append((l.pick("有效期", "Validity"), "\(v.start.dateDisplay) – \(v.end?.dateDisplay ?? "—")（\(basis)）"))
        } else if s.records[id] != nil {
            lines.append((l.pick("有效期", "Validity"), l.pick("待实际开通时间或买家验收后确定", "set by activation or acceptance")))
        }
        if let inst = o.instanceId { lines.append((l.pick("实例ID", "Instance"), inst)) }
        let chain = s.renewalChain(of: id)
        if chain.count > 1 { lines.append((l.pick("续费链", "Renewals"), chain.joined(separator: " → "))) }
        if let r = s.records[id] {
            lines.append((l.pick("服务监管", "Supervision"), "\(r.state.zh)（\(r.definition.id.zh) \(r.flowVersion)\(r.reviewRequired ? "，需华为云复核" : "")）"))
            for a in r.appealIds.compactMap({ s.appeals[$0] }) {
                lines.append((l.pick("申诉", "Appeal") + " " + a.id, "\(a.status.zh) \(a.initiator.zh)：\(a.reason)" + (a.outcome.map { " → \($0.zh) \(a.resolution ?? "")" } ?? "")))
            }
        }
        return lines
    }

    public static func record(_ id: String, _ m: Model) -> Lines {
        let s = m.state, l = m.lang
        guard let r = s.records[id] else { return order(id, m) }
        let def = r.definition
        let nodes = def.nodes.map { $0 == r.state ? "[\($0.zh)]" : $0.zh }.joined(separator: " → ")
        var lines: Lines = [
            (l.pick("订单号", "Order"), r.orderId), (l.pick("商品", "Product"), s.products[r.productId]?.name ?? r.productId),
            (l.pick("流程", "Flow"), "\(def.id.zh) \(r.flowVersion)\(r.reviewRequired ? l.pick("，需华为云复核", ", Huawei Cloud review") : "")"),
            (l.pick("验收规则", "Acceptance"), r.acceptanceRuleSet.zh),
            (l.pick("节点", "Nodes"), nodes + (def.nodes.contains(r.state) ? "" : "  \(l.pick("当前", "now"))：[\(r.state.zh)]")),
            (l.pick("队列", "Queue"), r.queue.zh + (r.openAppealId.map { l.pick("，申诉 \($0) 处理中，流程已冻结", ", appeal \($0) open: frozen") } ?? "")),
        ]
        if let q = s.products[r.productId]?.acceptanceStandard { lines.append((l.pick("验收标准", "Standard"), q)) }
        if let req = r.requirement {
            lines.append((l.pick("需求", "Requirements"), req.text + (req.attachments.isEmpty ? "" : "（\(req.attachments.map(\.name).joined(separator: "、"))）")))
        }
        if let d = r.delivery {
            lines.append((l.pick("交付", "Delivery"), (d.resultDescription ?? "—") + "；" + l.pick("实际开通时间 ", "activation ")
                          + (d.actualActivationTime?.shortDisplay ?? l.pick("未填（以买家验收时间为准）", "empty (buyer acceptance counts)"))))
            if !d.documents.isEmpty { lines.append((l.pick("文档", "Documents"), d.documents.map { "\($0.name) (\($0.size) B)" }.joined(separator: "、"))) }
        }
        for rej in r.rejections { lines.append((l.pick("驳回", "Rejected"), "\(rej.at.shortDisplay) \(rej.by.zh)：\(rej.reason)")) }
        if let sh = r.shipping {
            lines.append((l.pick("物流", "Shipping"), [sh.carrier, sh.trackingNumber, sh.logisticsPhone.map { "☎ \($0)" },
                                                     sh.signedAt.map { l.pick("签收 ", "signed ") + $0.shortDisplay }, sh.address].compactMap { $0 }.joined(separator: " ")))
            lines.append((l.pick("自动验收", "Auto-accept"), s.hardwareAutoClose(orderId: r.orderId, now: m.now).zh))
        }
        if let lic = r.license {
            lines.append((l.pick("授权", "Licence"), [lic.identifier.map { "识别码 \($0)" }, lic.code.map { "授权码 \($0)" },
                                                     lic.activatedAt.map { "激活于 \($0.shortDisplay)" }].compactMap { $0 }.joined(separator: " ")))
        }
        for reason in r.stallReasons(now: m.now) { lines.append((l.pick("提醒", "Alert"), reason.zh)) }
        for h in r.history.reversed() {
            let what: String = switch h.kind {
            case .opened: "开启 → \(h.to.zh)"
            case .transition: "\(h.event?.zh ?? "") \(h.from?.zh ?? "") → \(h.to.zh)"
            case .appealFiled: "发起申诉 \(h.appealId ?? "")（冻结于 \(h.to.zh)）"
            case .appealResolved: "申诉 \(h.appealId ?? "") 已处理，流程恢复"
            }
            lines.append((l.pick("历史", "History"), "\(h.at.shortDisplay) \(h.actor) \(what)"))
        }
        return lines
    }

    public static func ticket(_ id: String, _ m: Model) -> Lines {
        let s = m.state, l = m.lang
        guard let t = s.tickets[id] else { return [] }
        var lines: Lines = [
            (l.pick("工单", "Ticket"), "\(t.id)  \(t.title)"), (l.pick("状态", "Status"), t.status.zh),
            (l.pick("处理人", "Owner"), s.accounts[t.owner].map { "\($0.name)(\($0.role.zh))" } ?? t.owner),
            (l.pick("客户", "Customer"), "\(t.customer.name) (\(t.customer.userName))"),
            (l.pick("商品", "Product"), s.products[t.productId]?.name ?? t.productId),
        ]
        if let o = t.orderId { lines.append((l.pick("订单", "Order"), o)) }
        for a in t.accessRequests { lines.append((l.pick("授权申请", "Access"), "\(a.kind.zh) \(a.at.shortDisplay) \(a.note ?? "")")) }
        for p in t.posts {
            let who = p.author.accountId.flatMap { s.accounts[$0]?.name } ?? p.author.kind.zh
            lines.append((p.at.shortDisplay, "\(who)：\(p.body)"))
        }
        return lines
    }

    public static func message(_ id: String, _ m: Model) -> Lines {
        let l = m.lang
        guard let msg = m.state.messages[id] else { return [] }
        return [(l.pick("标题", "Title"), msg.title), (l.pick("类别", "Category"), "\(msg.category) \(MessageCategory.zh(msg.category))"),
                (l.pick("时间", "Time"), msg.at.shortDisplay), (l.pick("关联", "Related"), msg.orderId ?? msg.productId ?? "—"),
                (l.pick("渠道", "Channels"), msg.channels.map(\.zh).joined(separator: "、")), (l.pick("状态", "Read"), msg.read ? "已读" : "未读"),
                ("", msg.body)]
    }

    public static func appeal(_ id: String, _ m: Model) -> Lines {
        let l = m.lang
        guard let a = m.state.appeals[id] else { return [] }
        var lines: Lines = [(l.pick("申诉号", "Appeal"), a.id), (l.pick("订单号", "Order"), a.orderId), (l.pick("发起方", "By"), a.initiator.zh),
                            (l.pick("节点", "Node"), a.node.zh), (l.pick("状态", "Status"), a.status.zh),
                            (l.pick("发起时间", "Filed"), a.filedAt.shortDisplay), (l.pick("原因", "Reason"), a.reason)]
        if let d = a.demands { lines.append((l.pick("诉求", "Demands"), d)) }
        if !a.evidence.isEmpty { lines.append((l.pick("凭证", "Evidence"), a.evidence.map(\.name).joined(separator: "、"))) }
        if let o = a.outcome { lines.append((l.pick("处理结果", "Outcome"), "\(o.zh)：\(a.resolution ?? "")")) }
        return lines
    }

    static func lines(_ tab: Tab, id: String, _ m: Model) -> Lines {
        switch tab {
        case .dashboard: []
        case .orders: order(id, m)
        case .supervision: record(id, m)
        case .tickets: ticket(id, m)
        case .messages: message(id, m)
        case .appeals: appeal(id, m)
        }
    }

    /// Wraps label/value lines to `width` cells: labels padded, values broken
    /// by display width, newlines in values kept, text sanitised.
    public static func wrap(_ lines: Lines, width: Int) -> [String] {
        guard width > 4 else { return [] }
        let labelWidth = min(16, lines.map { TextWidth.width($0.label) }.max() ?? 0)
        var out: [String] = []
        for (label, value) in lines {
            let valueWidth = label.isEmpty ? width : max(4, width - labelWidth - 2)
            let prefix = label.isEmpty ? "" : TextWidth.fit(Sanitizer.line(label), to: labelWidth) + "  "
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

    static func breakLine(_ s: String, width: Int) -> [String] {
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
