import Foundation
import SellerCore
import SellerUI

/// `seller orders [show ID | export …]`.
enum OrderCommands {
    static let filterHelp = """
      --id TEXT --customer TEXT --user TEXT --product TEXT
                        订单号 / 客户名称 / 用户名 / 商品名称 (id or name) contain TEXT
      --status S        订单状态: processing completed unsubscribed expired released (or 处理中 …)
      --from DATE --to DATE
                        创建时间 range, inclusive (2026-01-01, or 2026-01-01 09:00 China time)
      --sort FIELD      id customer user product type amount created status supervision
      --desc            sort descending
      --include-on-demand
                        also list 按需 (ON_DEMAND, ON_DEMAND_PKG) orders; like the seller
                        centre, the list shows only 包周期 and 按次 orders by default
                        (按需交易详情不在订单中显示; their income is in the bills)
    """

    static let orders = Command(
        name: "orders", summary: "list, show and export orders",
        usage: """
        seller orders [filters] [--format table|json|csv]
        seller orders show ID [--format table|json]
        seller orders export --format csv|json --out FILE [--bom] [filters]

        \(filterHelp)
        \(Common.help)
          --out FILE        (export) where to write; written whole, then linked into place — an existing FILE is never overwritten
          --bom             (export) start the CSV with a UTF-8 byte order mark, for Excel
        """,
        valued: Common.valued.union(["id", "customer", "user", "product", "status", "from", "to", "sort", "out"]),
        switches: ["desc", "bom", "include-on-demand"]
    ) { args, console in
        let session = try Session.open(args, console, readOnly: true)
        switch args.positionals.first {
        case nil: return try list(session, args)
        case "show": return try show(session, args)
        case "export": return try export(session, args)
        case let other?: throw CLIError.usage("unknown orders subcommand '\(other)' (show, export)")
        }
    }

    static func query(_ args: Arguments) throws -> OrderQuery {
        var q = OrderQuery()
        q.id = args.value("id"); q.customer = args.value("customer"); q.user = args.value("user"); q.product = args.value("product")
        q.status = try Parse.enumValue("status", args.value("status"), OrderStatus.self, aliases: Parse.orderStatusAliases)
        q.from = try Parse.time("from", args.value("from"))
        q.to = try Parse.time("to", args.value("to"), endOfDay: true)
        q.sort = try Parse.enumValue("sort", args.value("sort"), OrderQuery.SortKey.self) ?? .created
        q.descending = args.has("desc")
        q.includeOnDemand = args.has("include-on-demand")
        return q
    }

    static func listing(_ orders: [Order], _ s: SellerState) -> Listing {
        Listing(headers: ["订单号", "客户名称", "用户名", "商品名称", "商品类型", "金额", "创建时间", "订单状态", "服务监管状态"],
                rows: orders.map { o in
                    let p = s.products[o.productId]
                    let record = s.records[o.id]
                    let supervision = record.map { $0.isFrozen ? "\($0.state.zh)（申诉中）" : $0.state.zh } ?? "—"
                    return [o.id, o.customer.name, o.customer.userName, p?.name ?? o.productId, p?.type.zh ?? "",
                            o.amount.decimalString, o.createdAt.shortDisplay, o.status.zh, supervision]
                },
                rightAligned: [5], maxCellWidth: 28)
    }

    static func list(_ session: Session, _ args: Arguments) throws -> Exit {
        let rows = try query(args).run(session.state, account: session.account)
        let format = try session.console.format(args)
        if format == .json { try session.console.json(rows) } else { session.console.print(listing(rows, session.state), as: format) }
        return .ok
    }

    struct Detail: Encodable {
        var order: Order
        var record: ServiceRecord?
        var appeals: [Appeal]
        var renewalChain: [String]
        var validity: ValidityOut?
    }

    struct ValidityOut: Encodable { var start: Timestamp; var end: Timestamp?; var basis: String }

    static func show(_ session: Session, _ args: Arguments) throws -> Exit {
        guard args.positionals.count == 2 else { throw CLIError.usage("orders show needs an order id") }
        let s = session.state
        let id = args.positionals[1]
        guard let o = s.orders[id], Permissions.canSee(order: o, session.account, in: s) else {
            throw CLIError.refused("no order \(id)" + (s.orders[id] != nil ? " visible to \(session.account.id)" : ""))
        }
        let record = s.records[id]
        let appeals = (record?.appealIds ?? []).compactMap { s.appeals[$0] }
        let validity = s.validity(of: id)
        let format = try session.console.format(args, allowed: [.table, .json])
        if format == .json {
            try session.console.json(Detail(order: o, record: record, appeals: appeals, renewalChain: s.renewalChain(of: id),
                                             validity: validity.map { ValidityOut(start: $0.start, end: $0.end, basis: $0.basis.rawValue) }))
            return .ok
        }
        session.console.out(keyValues(Details.order(id, session.model)))
        return .ok
    }

    /// `label  value` lines, labels padded by display width, values sanitised.
    static func keyValues(_ lines: Details.Lines) -> String {
        let w = lines.map { TextWidth.width($0.label) }.max() ?? 0
        return lines.map { TextWidth.fit($0.label, to: w) + "  " + Sanitizer.line($0.value) }.joined(separator: "\n")
    }

    static func export(_ session: Session, _ args: Arguments) throws -> Exit {
        guard let out = args.value("out") else { throw CLIError.usage("orders export needs --out FILE") }
        // As the console's `x`: an export never replaces a file (refused before any work).
        if FileManager.default.fileExists(atPath: out) { throw CLIError.refused(ExportFileError.exists(path: out).description) }
        let format = try session.console.format(args, allowed: [.csv, .json])
        guard args.value("format") != nil else { throw CLIError.usage("orders export needs --format csv or json") }
        let rows = try query(args).run(session.state, account: session.account)
        let tty = isatty(2) == 1
        var data = Data()
        if format == .csv {
            let l = listing(rows, session.state)
            if args.has("bom") { data.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
            data.append(Data(CSV.line(l.headers).utf8))
            for (i, r) in l.rows.enumerated() {
                data.append(Data(CSV.line(r).utf8))
                if tty, i % 5000 == 0 { FileHandle.standardError.write(Data("\rexporting \(i)/\(rows.count)".utf8)) }
            }
        } else {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            data.append(Data("[".utf8))
            for (i, o) in rows.enumerated() {
                data.append(Data((i == 0 ? "\n" : ",\n").utf8))
                data.append(try enc.encode(o))
                if tty, i % 5000 == 0 { FileHandle.standardError.write(Data("\rexporting \(i)/\(rows.count)".utf8)) }
            }
            data.append(Data((rows.isEmpty ? "]\n" : "\n]\n").utf8))
        }
        if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        do throws(ExportFileError) { try ExportFile.writeNew(data, to: out) } catch { throw CLIError.refused(error.description) }
        session.console.out("exported \(rows.count) orders to \(out) (\(format.rawValue), \(data.count) bytes)")
        return .ok
    }
}
