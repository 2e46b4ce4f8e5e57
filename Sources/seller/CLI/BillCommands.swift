import Foundation
import SellerCore

/// `seller bills`: the platform's bills (账单), their lines (详单),
/// reconciliation (对账) and the merchant's invoice to Huawei Cloud (R7).
enum BillCommands {
    static let bills = Command(
        name: "bills", summary: "the platform's bills: list, show, reconcile, invoice Huawei Cloud",
        usage: """
        seller bills [--format table|json|csv]
        seller bills show ID [--format table|json|csv]          the bill and its lines (详单)
        seller bills reconcile ID [--format table|json]         compare with the console's own settlement;
                                                                exit 0 when they agree, 1 with every difference
        seller bills invoice ID --number N --amount X           record the invoice sent to Huawei Cloud (联营/华为/
                                                                自服务 bills in to_invoice; X = the bill's total settlement)

        \(SettlementCommands.policyHelp)
        \(Common.help)
        """,
        valued: SettlementCommands.valued.union(["number", "amount"])
    ) { args, console in
        let sub = args.positionals.first ?? "list"
        let session = try Session.open(args, console, readOnly: sub != "invoice")
        if let r = Permissions.refusal(mainOnly: .seeBills, account: session.account, in: session.state) { throw StoreError.refused(r) }
        let s = session.state
        func bill() throws -> Bill {
            guard args.positionals.count == 2 else { throw CLIError.usage("usage: seller bills \(sub) ID") }
            guard let b = s.bills[args.positionals[1]] else {
                throw CLIError.refused("unknown bill '\(args.positionals[1])' (bills: \(s.bills.keys.sorted().prefix(20).joined(separator: ", ")))")
            }
            return b
        }
        switch sub {
        case "list":
            let (policy, asOf) = try SettlementCommands.policy(args, session)
            let derived = Settlement.derive(s, policy: policy, asOf: asOf)
            let rows = s.bills.values.sorted { ($0.period, $0.id) < ($1.period, $1.id) }
            let format = try console.format(args)
            if format == .json { try console.json(rows); return .ok }
            console.print(Listing(headers: ["账单号", "账期", "商品类型", "状态", "行数", "销售金额", "结算金额", "对账", "开票"],
                                  rows: rows.map { b in
                                      let r = Settlement.reconcile(b, with: derived)
                                      return [b.id, b.period.text, b.productType.rawValue, "\(b.status.rawValue) \(b.status.zh)", String(b.lines.count),
                                              b.totalAmount.decimalString, b.totalSettlement.decimalString,
                                              r.agrees ? "ok" : "\(r.differences.count) differences", invoiceText(b, s, now: session.now)]
                                  }, rightAligned: [4, 5, 6]), as: format)
        case "show":
            let b = try bill()
            let format = try console.format(args)
            if format == .json { try console.json(b); return .ok }
            if format == .table {
                console.out("bill \(b.id)  账期 \(b.period.text)  \(b.productType.rawValue) (\(b.productType.zh))  \(b.status.rawValue) (\(b.status.zh))  published \(b.publishedAt.shortDisplay)")
                console.out("total \(b.totalAmount.decimalString), settlement \(b.totalSettlement.decimalString); invoice: \(invoiceText(b, s, now: session.now))")
            }
            console.print(Listing(headers: ["订单号", "商品类型", "计费模式", "销售金额", "结算金额"],
                                  rows: b.lines.map { l in
                                      let o = s.orders[l.orderId]
                                      return [l.orderId, o.flatMap { s.products[$0.productId]?.type.rawValue } ?? "", o?.chargingMode.rawValue ?? "",
                                              l.amount.decimalString, l.settlement.decimalString]
                                  }, rightAligned: [3, 4]), as: format)
        case "reconcile":
            let b = try bill()
            let (policy, asOf) = try SettlementCommands.policy(args, session)
            let r = Settlement.reconcile(b, with: Settlement.derive(s, policy: policy, asOf: asOf))
            let format = try console.format(args, allowed: [.table, .json])
            if format == .json { try console.json(r) } else {
                console.out("bill \(b.id) (\(b.period.text), \(b.productType.rawValue)): \(r.billLines) lines, settlement \(r.billSettlement.decimalString); "
                            + "console: \(r.consoleLines) orders, settlement \(r.consoleSettlement.decimalString)"
                            + (r.consoleUnknownRate > 0 ? " (+ \(r.consoleUnknownRate) at an unknown rate, see --fee-rate)" : "")
                            + (r.onDemandLines > 0 ? "; 按需 income \(r.onDemandIncome.decimalString) in \(r.onDemandLines) lines (bill only)" : ""))
                if r.agrees { console.out("agrees: every line matches the console's settlement") } else {
                    console.print(Listing(headers: ["订单号", "差异", "账单金额", "本地金额", "账单结算", "本地结算", "说明"],
                                          rows: r.differences.map { d in
                                              [d.orderId, d.kind.rawValue, d.billAmount?.decimalString ?? "", d.consoleAmount?.decimalString ?? "",
                                               d.billSettlement?.decimalString ?? "", d.consoleSettlement?.decimalString ?? "", d.reason ?? ""]
                                          }, rightAligned: [2, 3, 4, 5], maxCellWidth: 70), as: .table)
                }
            }
            return r.agrees ? .ok : .refused
        case "invoice":
            guard args.positionals.count == 2 else { throw CLIError.usage("usage: seller bills invoice ID --number N --amount X") }
            guard let number = args.value("number"), let a = args.value("amount") else { throw CLIError.usage("bills invoice needs --number and --amount") }
            guard let amount = Money(decimal: a) else { throw CLIError.usage("--amount \(a): expected an amount in yuan such as 950.00") }
            let done = try session.act(.billInvoiced(BillInvoicing(billId: args.positionals[1], number: number, amount: amount)))
            console.out("bill \(args.positionals[1]): invoice \(number) for \(amount.decimalString) recorded  [seq \(done.seq)]")
        case let other: throw CLIError.usage("unknown bills subcommand '\(other)' (show, reconcile, invoice)")
        }
        return .ok
    }

    static func invoiceText(_ b: Bill, _ s: SellerState, now: Timestamp) -> String {
        if let i = b.huaweiInvoice { return "invoiced \(i.number)" }
        guard HuaweiInvoicing.required(for: b, in: s) else { return "not needed (通用)" }
        guard b.status == .toInvoice, let due = b.invoiceDeadline else { return "—" }
        let days = now.days(until: due)
        return days >= 0 ? "due \(due.dateDisplay) (\(days) days)" : "overdue since \(due.dateDisplay)"
    }
}
