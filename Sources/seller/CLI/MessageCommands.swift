import Foundation
import SellerCore
import SellerUI

/// `seller messages`, `seller receivers`.
enum MessageCommands {
    static let messages = Command(
        name: "messages", summary: "the message centre: list, read, mark read or unread",
        usage: """
        seller messages [--unread] [--category N] [--format table|json|csv]
        seller messages show ID              (marks it read)
        seller messages read ID… | --all [--unread]
                                             (--unread marks them unread instead)

        \(Common.help)
        """,
        valued: Common.valued.union(["category"]), switches: ["unread", "all"]
    ) { args, console in
        // `show` reads (and marks read); in read-only mode it only reads.
        let viewing = args.readOnly(console.environment) && args.positionals.first == "show"
        let readOnly = args.positionals.isEmpty || viewing
        let session = try Session.open(args, console, readOnly: readOnly)
        let s = session.state
        switch args.positionals.first {
        case nil:
            let category = try args.value("category").map { v -> Int in
                guard let n = Int(v) else { throw CLIError.usage("--category \(v): expected a code such as 101, 501, 901") }
                return n
            }
            let rows = MessageQuery(unreadOnly: args.has("unread"), category: category).run(s, account: session.account)
            let format = try console.format(args)
            if format == .json { try console.json(rows); return .ok }
            let unread = rows.filter { !$0.read }.count
            console.print(Listing(headers: ["", "消息ID", "类别", "标题", "关联", "时间"],
                                  rows: rows.map { m in
                                      [m.read ? " " : "●", m.id, "\(m.category) \(MessageCategory.zh(m.category))", m.title,
                                       m.orderId ?? m.productId ?? "", m.at.shortDisplay]
                                  }, maxCellWidth: 36), as: format)
            if format == .table { console.out("\(rows.count) messages, \(unread) unread") }
        case "show":
            guard args.positionals.count == 2, let m = s.messages[args.positionals[1]], Permissions.canSee(m, session.account, in: s) else {
                throw CLIError.refused("no message \(args.positionals.dropFirst().first ?? "") visible to \(session.account.id)")
            }
            // Read first: a body that cannot be read leaves the message unread.
            let body: String
            do { body = try m.body.read() } catch { throw CLIError.refused("message \(m.id): \(error)") }
            if !m.read, !viewing { try session.act(.messagesMarked(MessageMark(ids: [m.id], read: true))) }
            let lines = Details.message(m.id, session.model)
            console.out(OrderCommands.keyValues(lines.filter { !$0.label.isEmpty }))
            console.out("")
            for l in Sanitizer.lines(body) { console.out(l) }
        case "read":
            let ids = Array(args.positionals.dropFirst())
            guard args.has("all") != !ids.isEmpty else { throw CLIError.usage("messages read takes message ids or --all") }
            try session.act(.messagesMarked(MessageMark(ids: ids, all: args.has("all"), read: !args.has("unread"))))
            console.out("marked \(args.has("all") ? "all visible messages" : "\(ids.count) messages") \(args.has("unread") ? "unread" : "read")")
        case let other?:
            throw CLIError.usage("unknown messages subcommand '\(other)' (show, read)")
        }
        return .ok
    }

    static let receivers = Command(
        name: "receivers", summary: "message receivers (消息接收人): list, add, edit, remove",
        usage: """
        seller receivers [list]
        seller receivers add --id ID --name NAME [--mobile 1XXXXXXXXXX] [--email ADDRESS]
                             [--category N]… --channel sms|email|in_app…
        seller receivers edit ID [--name …] [--mobile …] [--email …] [--category N]… [--channel …]…
        seller receivers remove ID

        With no receiver configured, notices go to the phone and email bound to the
        main account. No --category means every category.

        \(Common.help)
        """,
        valued: Common.valued.union(["id", "name", "mobile", "email", "category", "channel"])
    ) { args, console in
        let sub = args.positionals.first ?? "list"
        let session = try Session.open(args, console, readOnly: sub == "list")
        let s = session.state
        func categories() throws -> [Int]? {
            try args.options["category"].map { try $0.map { v in guard let n = Int(v) else { throw CLIError.usage("--category \(v): expected a number") }; return n } }
        }
        func channels() throws -> [Channel]? {
            try args.options["channel"].map { try $0.map { v in
                guard let c = Channel(rawValue: v.replacingOccurrences(of: "-", with: "_")) else { throw CLIError.usage("--channel \(v): expected sms, email or in_app") }
                return c
            } }
        }
        switch sub {
        case "list":
            let format = try console.format(args)
            let rows = s.receivers.values.sorted { $0.id < $1.id }
            if format == .json { try console.json(rows); return .ok }
            if rows.isEmpty {
                let fallback = s.effectiveReceivers(for: 101).first
                console.out("no receivers configured: notices go to the main account's bound " +
                            (fallback.map { [$0.mobile.map { "phone \($0)" }, $0.email.map { "email \($0)" }].compactMap { $0 }.joined(separator: " and ") } ?? "contacts (none bound)"))
                return .ok
            }
            console.print(Listing(headers: ["ID", "姓名", "手机", "邮箱", "类别", "渠道"],
                                  rows: rows.map { r in [r.id, r.name, r.mobile ?? "", r.email ?? "",
                                                         r.categories.isEmpty ? "全部" : r.categories.map(String.init).joined(separator: ","),
                                                         r.channels.map(\.zh).joined(separator: "、")] }), as: format)
            // Per category: one no receiver takes goes to the bound phone and email
            // (「若商家未设置消息接收人,系统消息将自动发送至商家的华为云账号绑定的手机号及邮箱」).
            if format == .table {
                console.out("\n按类别接收 (who receives each category):")
                for entry in s.receiversByCategory() {
                    let who = entry.receivers.map { $0.id == "default" ? "账号绑定的手机号及邮箱 (fallback)" : "\($0.name) (\($0.id))" }
                    console.out("  \(entry.category) \(MessageCategory.zh(entry.category))：" + (who.isEmpty ? "— (no bound contact)" : who.joined(separator: "、")))
                }
            }
        case "add":
            guard let id = args.value("id"), let name = args.value("name") else { throw CLIError.usage("receivers add needs --id and --name") }
            try session.act(.receiverAdded(MessageReceiver(id: id, name: name, mobile: args.value("mobile"), email: args.value("email"),
                                                           categories: try categories() ?? [], channels: try channels() ?? [])))
            console.out("receiver \(id) added")
        case "edit":
            guard args.positionals.count == 2, var r = s.receivers[args.positionals[1]] else {
                throw CLIError.refused("no receiver \(args.positionals.dropFirst().first ?? "")")
            }
            if let v = args.value("name") { r.name = v }
            if let v = args.value("mobile") { r.mobile = v.isEmpty ? nil : v }
            if let v = args.value("email") { r.email = v.isEmpty ? nil : v }
            if let c = try categories() { r.categories = c }
            if let c = try channels() { r.channels = c }
            try session.act(.receiverUpdated(r))
            console.out("receiver \(r.id) updated")
        case "remove":
            guard args.positionals.count == 2 else { throw CLIError.usage("receivers remove needs an id") }
            try session.act(.receiverRemoved(EntityRef(id: args.positionals[1])))
            console.out("receiver \(args.positionals[1]) removed")
        default:
            throw CLIError.usage("unknown receivers subcommand '\(sub)' (list, add, edit, remove)")
        }
        return .ok
    }
}
