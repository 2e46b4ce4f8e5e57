import Foundation
import SellerCore
import SellerUI

/// `seller supervision [show ORDER | do ORDER ACTION …]`, `seller appeals`,
/// `seller appeal file ORDER …`.
enum SupervisionCommands {
    /// Every transition field as an option: `--result-description`, `--document FILE` …
    static let fieldOptions: [String: FieldID] = {
        var m: [String: FieldID] = [:]
        for f in FieldID.allCases { m[f.rawValue.replacingOccurrences(of: "_", with: "-")] = f }
        m["document"] = .documents
        m["attachment"] = .requirementAttachments
        return m
    }()

    static let supervision = Command(
        name: "supervision", summary: "service-supervision records: list, show, act",
        usage: """
        seller supervision [--queue Q] [--state S] [--type T] [--mine] [--stalled] [--format table|json|csv]
        seller supervision show ORDER_ID [--format table|json]
        seller supervision do ORDER_ID ACTION [--FIELD VALUE]… [--document FILE]…

          --queue Q     mine (待我处理), waiting (等待买家), review (复核中), appealed (申诉中),
                        colleague (待他人处理: a step another account of the shop takes), done (已完成), all
          --state S     a node, e.g. awaiting_delivery or 待实施服务
          --type T      a product type, e.g. hardware, manual_service
          --mine        only records where the acting account can take a step now
          --stalled     buyer step idle more than 5 days, or rejected 3 times or more

        ACTION is a step of the record's flow table that the merchant takes:
        \(FlowEvent.allCases.filter { e in FlowCatalog.all.contains { $0.transitions.contains { $0.event == e && $0.actor == .merchant } } }.map(\.rawValue).joined(separator: ", ")).
        `seller supervision show ORDER_ID` lists the ones possible now with their fields.
        Fields: \(fieldOptions.keys.sorted().map { "--" + $0 }.joined(separator: " "))
        (times as 2026-01-31 14:00, China time; --document FILE repeats; files are copied into the store).

        \(Common.help)
        """,
        valued: Common.valued.union(["queue", "state", "type"]).union(fieldOptions.keys),
        switches: ["mine", "stalled"]
    ) { args, console in
        switch args.positionals.first {
        case nil: return try list(try Session.open(args, console, readOnly: true), args)
        case "show": return try show(try Session.open(args, console, readOnly: true), args)
        case "do": return try act(try Session.open(args, console), args)
        case let other?: throw CLIError.usage("unknown supervision subcommand '\(other)' (show, do)")
        }
    }

    static func list(_ session: Session, _ args: Arguments) throws -> Exit {
        var q = RecordQuery(now: session.now)
        q.queue = try Parse.enumValue("queue", args.value("queue"), SupervisionQueue.self, aliases: Parse.queueAliases) ?? .all
        q.state = try Parse.enumValue("state", args.value("state"), SupervisionState.self, aliases: Parse.stateAliases)
        q.type = try Parse.enumValue("type", args.value("type"), ProductType.self)
        q.mine = args.has("mine")
        q.stalled = args.has("stalled")
        let s = session.state
        let rows = q.run(s, account: session.account)
        let format = try session.console.format(args)
        if format == .json { try session.console.json(rows); return .ok }
        session.console.print(Listing(
            headers: ["订单号", "商品名称", "流程", "当前节点", "队列", "停留", "驳回", "申诉", "提醒"],
            rows: rows.map { r in
                let p = s.products[r.productId]
                return [r.orderId, p?.name ?? r.productId, r.definition.id.zh, r.state.zh, r.queue(for: session.account, in: s).zh,
                        "\(r.enteredStateAt.days(until: session.now))天", "\(r.deliveryRejectionCount)", r.openAppealIds.joined(separator: ","),
                        r.stallReasons(now: session.now).map(\.zh).joined(separator: "；")]
            }, rightAligned: [5, 6], maxCellWidth: 24), as: format)
        return .ok
    }

    struct Detail: Encodable {
        var record: ServiceRecord
        var actions: [ActionOut]
    }

    struct ActionOut: Encodable {
        var action: String
        var available: Bool
        var reason: String?
        var required: [String]
        var optional: [String]
    }

    static func actionOut(_ a: SellerState.ActionOption) -> ActionOut {
        let name: String = switch a.kind {
        case .step(let e): e.rawValue
        case .fileAppeal: "file_appeal"
        }
        return ActionOut(action: name, available: a.isAvailable, reason: a.unavailableReason,
                         required: a.fields.filter(\.required).map(\.field.rawValue), optional: a.fields.filter { !$0.required }.map(\.field.rawValue))
    }

    static func record(_ session: Session, _ id: String) throws -> ServiceRecord {
        let s = session.state
        guard let r = s.records[id], let p = s.products[r.productId], Permissions.canSee(p, session.account) else {
            if s.orders[id] != nil, s.records[id] == nil { throw CLIError.refused("order \(id) has no service record") }
            throw CLIError.refused("no service record for order \(id)" + (s.records[id] != nil ? " visible to \(session.account.id)" : ""))
        }
        return r
    }

    static func show(_ session: Session, _ args: Arguments) throws -> Exit {
        guard args.positionals.count == 2 else { throw CLIError.usage("supervision show needs an order id") }
        let r = try record(session, args.positionals[1])
        let s = session.state
        let actions = s.actions(for: r.orderId, account: session.account)
        if try session.console.format(args, allowed: [.table, .json]) == .json {
            try session.console.json(Detail(record: r, actions: actions.map(actionOut)))
            return .ok
        }
        let model = session.model
        var lines = Details.record(r.orderId, model)
        for a in actions {
            let o = actionOut(a)
            let fields = (o.required.map { "--" + $0.replacingOccurrences(of: "_", with: "-") } + o.optional.map { "[--" + $0.replacingOccurrences(of: "_", with: "-") + "]" }).joined(separator: " ")
            lines.append((label: model.lang.t("cli.action"), value: "\(o.action) \(fields)" + (o.reason.map { model.lang.t("cli.action_unavailable", $0) } ?? "")))
        }
        session.console.out(OrderCommands.keyValues(lines))
        return .ok
    }

    /// Reads the field options into typed values; files stay paths, which
    /// the write service reads, checks and copies in.
    static func fields(_ args: Arguments) throws -> (FieldValues, documents: [String], requirementAttachments: [String]) {
        var v = FieldValues()
        var documents: [String] = [], attachments: [String] = []
        for (option, field) in fieldOptions.sorted(by: { $0.key < $1.key }) {
            guard let values = args.options[option] else { continue }
            switch field.kind {
            case .files:
                if field == .documents { documents += values } else { attachments += values }
            case .time:
                let t = try Parse.time(option, values.last)
                if field == .actualActivationTime { v.actualActivationTime = t } else { v.signedAt = t }
            case .cause:
                v.cause = try Parse.enumValue(option, values.last, AutoAcceptCause.self)
            case .text, .multilineText:
                let text = values.last!
                switch field {
                case .reason: v.reason = text
                case .requirementText: v.requirementText = text
                case .resultDescription: v.resultDescription = text
                case .carrier: v.carrier = text
                case .trackingNumber: v.trackingNumber = text
                case .logisticsPhone: v.logisticsPhone = text
                case .address: v.address = text
                case .identifier: v.identifier = text
                case .licenseCode: v.licenseCode = text
                case .note: v.note = text
                default: break
                }
            }
        }
        return (v, documents, attachments)
    }

    static func act(_ session: Session, _ args: Arguments) throws -> Exit {
        guard args.positionals.count == 3 else { throw CLIError.usage("supervision do needs ORDER_ID and ACTION") }
        let id = args.positionals[1]
        guard let event = FlowEvent(rawValue: args.positionals[2].replacingOccurrences(of: "-", with: "_")) else {
            throw CLIError.usage("unknown action '\(args.positionals[2])'; `seller supervision show \(id)` lists the possible ones")
        }
        let (values, documents, attachments) = try fields(args)
        // Refused before any file is copied in: the write service checks first.
        let done = try session.write(.step(orderId: id, event: event, fields: values, documents: documents, requirementAttachments: attachments))
        let r = session.state.records[id]!
        session.console.out("order \(id): \(event.zh) (\(event.rawValue)) → \(r.state.zh)  [seq \(done.seq)]")
        if event == .deliver, values.actualActivationTime == nil, let o = session.state.orders[id], o.chargingMode == .period {
            session.console.out("note: 实际开通时间 left empty — the validity period will start when the buyer accepts, not at delivery")
        }
        return .ok
    }

    static let appeals = Command(
        name: "appeals", summary: "merchant and buyer appeals with status and resolution",
        usage: "seller appeals [--open] [--format table|json|csv]\n\n\(Common.help)",
        valued: Common.valued, switches: ["open"]
    ) { args, console in
        let session = try Session.open(args, console, readOnly: true)
        let s = session.state
        let rows = AppealQuery(openOnly: args.has("open")).run(s, account: session.account)
        let format = try console.format(args)
        if format == .json { try console.json(rows); return .ok }
        console.print(Listing(headers: ["申诉号", "订单号", "发起方", "节点", "状态", "发起时间", "原因", "处理结果"],
                              rows: rows.map { a in
                                  [a.id, a.orderId, a.initiator.zh, a.node.zh, a.status.zh, a.filedAt.shortDisplay, a.reason,
                                   a.outcome.map { "\($0.zh)：\(a.resolution ?? "")" } ?? ""]
                              }, maxCellWidth: 30), as: format)
        return .ok
    }

    static let appeal = Command(
        name: "appeal", summary: "file an appeal on a supervision record",
        usage: """
        seller appeal file ORDER_ID --reason TEXT --evidence FILE [--evidence FILE]…

        Files a merchant appeal (申诉) — 「填写申诉原因并上传相关凭证后,点击确认即可」.
        The record freezes until the platform resolves every open appeal on it
        (the buyer may appeal too). Refused, with the reason, when your own appeal
        is already open, the record is closed or the account may not act on the product.
          --reason TEXT     申诉原因, required, at most \(Appeal.reasonMaxLength) characters
          --evidence FILE   申诉凭证, at least one, repeatable (at most \(Appeal.maxEvidenceFiles)), copied into the store

        \(Common.help)
        """,
        valued: Common.valued.union(["reason", "evidence"])
    ) { args, console in
        guard args.positionals.first == "file", args.positionals.count == 2 else { throw CLIError.usage("usage: seller appeal file ORDER_ID --reason TEXT --evidence FILE") }
        let session = try Session.open(args, console)
        let id = args.positionals[1]
        if let why = session.state.appealRefusal(orderId: id, account: session.account) { throw StoreError.refused(why) }
        guard let reason = args.value("reason") else { throw CLIError.usage("appeal file needs --reason") }
        let done = try session.write(.fileAppeal(orderId: id, reason: reason, evidence: args.options["evidence"] ?? []))
        let appealId = done.appealId ?? ""
        console.out("appeal \(appealId) filed on order \(id); the record is frozen until it is resolved  [seq \(done.seq)]")
        return .ok
    }
}
