import Foundation
import SellerCore
import SellerUI

/// `seller tickets`, `seller ticket ACTION ID …`.
enum TicketCommands {
    static let tickets = Command(
        name: "tickets", summary: "customer tickets by queue; show one with its thread",
        usage: """
        seller tickets [--queue todo|doing|waiting|done|all] [--format table|json|csv]
        seller tickets show ID [--format table|json]

          --queue Q     todo 待我处理 (default), doing 处理中, waiting 待客户确认, done 已解决/已关闭, all

        \(Common.help)
        """,
        valued: Common.valued.union(["queue"])
    ) { args, console in
        let session = try Session.open(args, console, readOnly: true)
        let s = session.state
        if args.positionals.first == "show" {
            guard args.positionals.count == 2, let t = s.tickets[args.positionals[1]], Permissions.canSee(t, session.account) else {
                throw CLIError.refused("no ticket \(args.positionals.dropFirst().first ?? "") visible to \(session.account.id)")
            }
            if try console.format(args, allowed: [.table, .json]) == .json { try console.json(t); return .ok }
            // The thread prints as it was written, one post after another.
            let all = Details.ticket(t.id, session.model)
            let header = Array(all.prefix(all.count - t.posts.count))
            console.out(OrderCommands.keyValues(header))
            for (p, line) in zip(t.posts, all.suffix(t.posts.count)) {
                console.out("")
                console.out("── \(line.label)  \(p.kind.rawValue)")
                for l in Sanitizer.lines(line.value) { console.out("   " + l) }
            }
            return .ok
        }
        guard args.positionals.isEmpty else { throw CLIError.usage("unknown tickets subcommand '\(args.positionals[0])' (show)") }
        let queue = try Parse.enumValue("queue", args.value("queue"), TicketQueue.self) ?? .todo
        let rows = queue.run(s, account: session.account)
        let format = try console.format(args)
        if format == .json { try console.json(rows); return .ok }
        console.print(Listing(headers: ["工单号", "标题", "客户", "商品", "状态", "处理人", "更新时间"],
                              rows: rows.map { [$0.id, $0.title, $0.customer.name, s.products[$0.productId]?.name ?? $0.productId,
                                                $0.status.zh, owner($0.owner, s), $0.updatedAt.shortDisplay] }, maxCellWidth: 30), as: format)
        return .ok
    }

    static func owner(_ id: String, _ s: SellerState) -> String { s.accounts[id].map { "\($0.name)(\($0.role.zh))" } ?? id }

    static let verbs: [String: TicketEvent] = ["accept": .accept, "reply": .reply, "request-access": .requestAccess, "resolve": .resolve, "reassign": .reassign]

    static let ticket = Command(
        name: "ticket", summary: "accept, reply to, request access on, resolve or reassign a ticket",
        usage: """
        seller ticket accept ID
        seller ticket reply ID --body TEXT
        seller ticket request-access ID --kind huawei-account|confidential-info [--body TEXT]
        seller ticket resolve ID [--body TEXT]
        seller ticket reassign ID --to ACCOUNT [--body TEXT]     (main account only)

        \(Common.help)
        """,
        valued: Common.valued.union(["body", "kind", "to"])
    ) { args, console in
        guard args.positionals.count == 2, let verb = verbs[args.positionals[0]] else {
            throw CLIError.usage("usage: seller ticket accept|reply|request-access|resolve|reassign ID")
        }
        let session = try Session.open(args, console)
        let kind = try args.value("kind").map { k -> AccessKind in
            guard let a = AccessKind(rawValue: k.replacingOccurrences(of: "-", with: "_")) else {
                throw CLIError.usage("--kind \(k): expected huawei-account or confidential-info")
            }
            return a
        }
        let id = args.positionals[1]
        let done = try session.act(.ticket(TicketStep(ticketId: id, event: verb, body: args.value("body"), access: kind, assignee: args.value("to"))))
        console.out("ticket \(id): \(verb.zh) → \(session.state.tickets[id]!.status.zh)  [seq \(done.seq)]")
        return .ok
    }
}
