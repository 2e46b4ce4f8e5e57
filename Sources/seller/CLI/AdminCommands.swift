import Foundation
import SellerCore

/// `seller invoices`, `invoice issue`, `accounts`, `products`.
enum AdminCommands {
    static let invoices = Command(
        name: "invoices", summary: "customer invoice requests with their 7-day deadline",
        usage: """
        seller invoices [--due] [--format table|json|csv]

          --due   only requests not issued yet, soonest deadline first

        Below 100 元 the customer pays shipping (到付); from 100 元 the merchant does.

        \(Common.help)
        """,
        valued: Common.valued, switches: ["due"]
    ) { args, console in
        let session = try Session.open(args, console, readOnly: true)
        if let r = Permissions.refusal(mainOnly: .seeInvoiceRequests, account: session.account, in: session.state) { throw StoreError.refused(r) }
        let now = session.now
        let rows = session.state.invoices.values.filter { !args.has("due") || !$0.isIssued }
            .sorted { $0.deadline != $1.deadline ? $0.deadline < $1.deadline : $0.id < $1.id }
        let format = try console.format(args)
        if format == .json { try console.json(rows); return .ok }
        // 开票金额 is the order's full amount (「商家给客户开票的金额为订单全额」 [S3]).
        let full = { (r: InvoiceRequest) in (session.state.orders[r.orderId]?.amount ?? r.amount).decimalString }
        console.print(Listing(headers: ["申请号", "订单号", "申请金额", "开票金额(订单全额)", "抬头", "申请时间", "期限", "状态", "运费"],
                              rows: rows.map { r in
                                  let status: String = switch r.deadlineStatus(now: now) {
                                  case .issued: "已开具 \(r.number ?? "")"
                                  case .due(let d): "剩 \(d) 天"
                                  case .overdue(let d): "已逾期 \(d) 天"
                                  }
                                  return [r.id, r.orderId, r.amount.decimalString, full(r), r.title, r.requestedAt.shortDisplay, r.deadline.dateDisplay,
                                          status, r.shippingPaidBy.zh]
                              }, rightAligned: [2, 3], maxCellWidth: 28), as: format)
        return .ok
    }

    static let invoice = Command(
        name: "invoice", summary: "record an invoice as issued",
        usage: """
        seller invoice issue REQUEST_ID --number N [--amount YUAN]

          --amount   the invoice's face value; it must be the order's full amount
                     (商家给客户开票的金额为订单全额), which is what is recorded

        \(Common.help)
        """,
        valued: Common.valued.union(["number", "amount"])
    ) { args, console in
        guard args.positionals.first == "issue", args.positionals.count == 2 else { throw CLIError.usage("usage: seller invoice issue REQUEST_ID --number N") }
        guard let number = args.value("number") else { throw CLIError.usage("invoice issue needs --number") }
        let amount = try args.value("amount").map { text throws(CLIError) -> Money in
            guard let m = Money(decimal: text) else { throw CLIError.usage("--amount: '\(text)' is not an amount in yuan such as 1200.00") }
            return m
        }
        let session = try Session.open(args, console)
        let done = try session.act(.invoiceIssued(InvoiceIssue(requestId: args.positionals[1], number: number, amount: amount)))
        let full = session.state.invoices[args.positionals[1]]?.issuedAmount.map { " for \($0.decimalString) (the full order amount)" } ?? ""
        console.out("invoice request \(args.positionals[1]) issued as \(number)\(full)  [seq \(done.seq)]")
        return .ok
    }

    static let accounts = Command(
        name: "accounts", summary: "the main account and sub-accounts: list, add",
        usage: """
        seller accounts [list] [--format table|json|csv]
        seller accounts add --id ID --name NAME --role delivery|support [--mobile …] [--email …]

        \(Common.help)
        """,
        valued: Common.valued.union(["id", "name", "role", "mobile", "email"])
    ) { args, console in
        let sub = args.positionals.first ?? "list"
        let session = try Session.open(args, console, readOnly: sub == "list")
        let s = session.state
        switch sub {
        case "list":
            let rows = s.accounts.values.sorted { ($0.isMain ? 0 : 1, $0.id) < ($1.isMain ? 0 : 1, $1.id) }
            let format = try console.format(args)
            if format == .json { try console.json(rows); return .ok }
            console.print(Listing(headers: ["ID", "名称", "角色", "手机", "邮箱", "授权商品"],
                                  rows: rows.map { a in [a.id, a.name, a.role.zh, a.mobile ?? "", a.email ?? "",
                                                         s.products.values.filter { $0.authorizedTo == a.id }.map(\.id).sorted().joined(separator: ",")] }),
                          as: format)
        case "add":
            guard let id = args.value("id"), let name = args.value("name") else { throw CLIError.usage("accounts add needs --id, --name and --role") }
            guard let role = try Parse.enumValue("role", args.value("role"), AccountRole.self), role != .main else {
                throw CLIError.usage("--role: expected delivery or support")
            }
            try session.act(.accountAdded(Account(id: id, name: name, role: role, mobile: args.value("mobile"), email: args.value("email"))))
            console.out("account \(id) (\(role.rawValue)) added")
        default:
            throw CLIError.usage("unknown accounts subcommand '\(sub)' (list, add)")
        }
        return .ok
    }

    static let products = Command(
        name: "products", summary: "products: list, authorise to a sub-account, revoke",
        usage: """
        seller products [list] [--format table|json|csv]
        seller products authorize PRODUCT --to ACCOUNT
        seller products revoke PRODUCT

        A product is authorised to one sub-account at most; its open tickets follow it.

        \(Common.help)
        """,
        valued: Common.valued.union(["to"])
    ) { args, console in
        let sub = args.positionals.first ?? "list"
        let session = try Session.open(args, console, readOnly: sub == "list")
        let s = session.state
        switch sub {
        case "list":
            let rows = s.products.values.filter { Permissions.canSee($0, session.account) }.sorted { $0.id < $1.id }
            let format = try console.format(args)
            if format == .json { try console.json(rows); return .ok }
            console.print(Listing(headers: ["ID", "名称", "类型", "销售模式", "场景", "状态", "授权给", "服务监管"],
                                  rows: rows.map { p in [p.id, p.name, p.type.zh, p.saleModel.zh, p.jointScenario?.zh ?? "", p.saleStatus.zh,
                                                         p.authorizedTo ?? "", p.isSupervised ? "是" : "否"] }), as: format)
        case "authorize", "authorise":
            guard args.positionals.count == 2, let to = args.value("to") else { throw CLIError.usage("usage: seller products authorize PRODUCT --to ACCOUNT") }
            try session.act(.productAuthorized(ProductAuthorization(productId: args.positionals[1], accountId: to)))
            console.out("product \(args.positionals[1]) authorised to \(to)")
        case "revoke":
            guard args.positionals.count == 2 else { throw CLIError.usage("usage: seller products revoke PRODUCT") }
            try session.act(.productAuthorizationRevoked(EntityRef(id: args.positionals[1])))
            console.out("authorisation of product \(args.positionals[1]) revoked")
        default:
            throw CLIError.usage("unknown products subcommand '\(sub)' (list, authorize, revoke)")
        }
        return .ok
    }
}
