import Foundation
import SellerCore

/// `seller settlement [filters]`, `seller settlement why ORDER_ID`: the
/// console's own settlement of every order (SETTLEMENT.md R1–R6).
enum SettlementCommands {
    static let policyHelp = """
      --as-of TIME      judge as of this time (default: now), e.g. 2026-12-05
      --fee-rate K=R    platform fee rate R (0.05 or 5%) for a sale model (general, joint,
                        huawei, self_service) or a product id; repeatable. 通用 is 5 % since
                        2019-05-01; the other models have no documented rate until set
      --billing-day N   the day of the month bills are made (3 on the CN site, 7 国际站)
    """

    static let valued = Common.valued.union(["period", "state", "order", "as-of", "fee-rate", "billing-day"])

    static let settlement = Command(
        name: "settlement", summary: "settlement (结算) of every order: 账期, billed / pending / not billable and why",
        usage: """
        seller settlement [--period YYYYMM] [--state billed|pending|not_billable] [--order ID] [--format table|json|csv]
        seller settlement totals [--format table|json|csv]      sale, fee and settlement per period
        seller settlement why ORDER_ID                          why an order is or is not billed

        \(policyHelp)
        \(Common.help)
        """,
        valued: valued
    ) { args, console in
        let session = try Session.open(args, console, readOnly: true)
        if let r = Permissions.refusal(mainOnly: .seeSettlement, account: session.account, in: session.state) { throw StoreError.refused(r) }
        let (policy, asOf) = try Self.policy(args, session)
        let lines = Settlement.derive(session.state, policy: policy, asOf: asOf)
        switch args.positionals.first {
        case nil: return try list(lines, args, console)
        case "totals":
            let totals = Settlement.totals(lines)
            let format = try console.format(args)
            if format == .json { try console.json(totals); return .ok }
            console.print(Listing(headers: ["账期", "已出账", "待出账", "销售金额", "平台费", "结算金额", "费率未知"],
                                  rows: totals.map { [$0.period.text, String($0.billed), String($0.pending), $0.sale.decimalString,
                                                      $0.fee.decimalString, $0.settlement.decimalString, String($0.unknownRate)] },
                                  rightAligned: [1, 2, 3, 4, 5, 6]), as: format)
            return .ok
        case "why":
            guard args.positionals.count == 2 else { throw CLIError.usage("usage: seller settlement why ORDER_ID") }
            let id = args.positionals[1]
            guard let line = lines.first(where: { $0.orderId == id }) else {
                throw CLIError.refused(session.state.orders[id] == nil ? "unknown order '\(id)'" : "order \(id): its product is unknown, so it cannot be settled")
            }
            console.out(why(line, session.state, policy))
            return .ok
        case let other?: throw CLIError.usage("unknown settlement subcommand '\(other)' (totals, why)")
        }
    }

    static func list(_ all: [OrderSettlement], _ args: Arguments, _ console: Console) throws -> Exit {
        var lines = all
        if let p = args.value("period") {
            guard let period = Period(p) else { throw CLIError.usage("--period \(p): expected YYYYMM, e.g. 202611") }
            lines = lines.filter { $0.period == period }
        }
        if let s = try Parse.enumValue("state", args.value("state"), SettlementState.self) { lines = lines.filter { $0.state == s } }
        if let id = args.value("order") { lines = lines.filter { $0.orderId == id } }
        let format = try console.format(args)
        if format == .json { try console.json(lines); return .ok }
        console.print(Listing(headers: ["订单号", "账期", "状态", "商品类型", "订单类型", "销售金额", "费率", "结算金额", "原因"],
                              rows: lines.map { l in
                                  [l.orderId, l.period?.text ?? "—", l.state.rawValue, l.productType.rawValue, l.orderType.rawValue,
                                   l.saleAmount.decimalString, l.feeRate ?? "—", l.settlementAmount?.decimalString ?? "—",
                                   l.reasons.map(\.text).joined(separator: "; ")]
                              }, rightAligned: [5, 6, 7], maxCellWidth: 60), as: format)
        return .ok
    }

    /// One screen: the facts, the rule that applies, the outcome.
    static func why(_ l: OrderSettlement, _ s: SellerState, _ policy: SettlementPolicy) -> String {
        let o = s.orders[l.orderId]!
        let p = s.products[o.productId]
        let r = s.records[o.id]
        let supervision = r.map { $0.state == .completed ? "已完成 \(($0.closedAt ?? $0.enteredStateAt).shortDisplay)" : "\($0.state.zh)" } ?? "不涉及"
        var out = [
            "order       \(o.id)  \(o.orderType.rawValue) (\(o.orderType.zh)), \(o.chargingMode.rawValue) (\(o.chargingMode.zh)), placed \(o.createdAt.shortDisplay)",
            "product     \(p?.id ?? o.productId)  \(p?.name ?? "")  \(l.productType.rawValue) (\(l.productType.zh)), \(l.saleModel.rawValue) (\(l.saleModel.zh))",
            "supervision \(supervision)" + (o.parentOrderId.map { "; renews/refunds \($0)" } ?? ""),
            "basis       \(l.basis)" + (l.eligibleAt.map { ", eligible from \($0.shortDisplay)" } ?? ""),
            "state       \(l.state.rawValue) (\(l.state.zh))" + (l.period.map { " in 账期 \($0.text), billed on \(policy.billingDate(of: $0).dateDisplay)" } ?? ""),
        ]
        for reason in l.reasons { out.append("  because   \(reason.text)") }
        if let rate = l.feeRateBasisPoints, let settled = l.settlementAmount {
            out.append("amounts     \(l.saleAmount.decimalString) × (1 − \(SettlementPolicy.rateText(rate)) + \(SettlementPolicy.rateText(l.tierIncrementBasisPoints))) = \(settled.decimalString)")
        } else {
            out.append("amounts     sale \(l.saleAmount.decimalString); \(SettlementReason.rateUnknown(l.saleModel).text)")
        }
        let bills = s.bills.values.filter { $0.lines.contains { $0.orderId == l.orderId } }.sorted { $0.id < $1.id }
        for b in bills {
            let bl = b.lines.first { $0.orderId == l.orderId }!
            out.append("bill        \(b.id) (\(b.period.text), \(b.status.rawValue) \(b.status.zh)): amount \(bl.amount.decimalString), settlement \(bl.settlement.decimalString)")
        }
        if bills.isEmpty { out.append("bill        no platform bill lists this order") }
        out.append("rules       R1 prerequisites (服务监管不涉及/已完成, 已生效, 同类商品累计 ≥ 1000 元), R2 账期, R4 分成, R5 退订冲抵 — README › Settlement")
        return out.joined(separator: "\n")
    }

    static func policy(_ args: Arguments, _ session: Session) throws -> (SettlementPolicy, Timestamp) {
        var p = SettlementPolicy()
        for spec in args.options["fee-rate"] ?? [] {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let bp = basisPoints(parts[1]) else {
                throw CLIError.usage("--fee-rate \(spec): expected MODEL=RATE or PRODUCT=RATE, RATE as 0.05 or 5%")
            }
            if let m = SaleModel(rawValue: parts[0]) { p.saleModelRates[m] = bp } else { p.productRates[parts[0]] = bp }
        }
        if let d = args.value("billing-day") { p.billingDay = try Parse.int(d, "--billing-day", range: 1...28) }
        let asOf = try Parse.time("as-of", args.value("as-of"), endOfDay: true) ?? session.now
        return (p, asOf)
    }

    /// `0.05` or `5%` → 500; at most 100 %.
    static func basisPoints(_ text: String) -> Int? {
        let percent = text.hasSuffix("%")
        guard let m = Money(decimal: percent ? String(text.dropLast()) : text), m.fen >= 0 else { return nil }
        // Money reads two decimals: 0.05 is 5 "fen" = 500 bp; 5% is 500 "fen" = 500 bp.
        let bp = percent ? Int(m.fen) : Int(m.fen) * 100
        return bp <= 10_000 ? bp : nil
    }
}
