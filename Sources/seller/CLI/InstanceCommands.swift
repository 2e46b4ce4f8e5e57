import Foundation
import SellerCore

/// `seller instances` and `seller calls`: what the production interface created and heard.
enum InstanceCommands {
    static let instances = Command(
        name: "instances", summary: "list the SaaS instances the production interface created",
        usage: "seller instances [--order ID] [--format table|json|csv]\n\n  fields: id, orderId, productId, status (normal, frozen, released), expireTime, createdAt\n\(Common.help)",
        valued: ["store", "format", "order"]
    ) { args, console in
        let store = try open(args, console)
        var rows = store.state.instances.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        if let o = args.value("order") { rows = rows.filter { $0.orderId == o } }
        let format = try console.format(args)
        if format == .json { try console.json(rows.map(InstanceOut.init)); return .ok }
        console.print(Listing(headers: ["id", "orderId", "productId", "status", "expireTime", "createdAt"],
                              rows: rows.map { [$0.id, $0.orderId, $0.productId ?? "", $0.status.rawValue,
                                                $0.expireTime?.iso8601 ?? "", $0.createdAt.iso8601] }), as: format)
        return .ok
    }

    struct InstanceOut: Encodable {
        var id: String, orderId: String, orderLineId: String, productId: String?, status: String
        var expireTime: Timestamp?, createdAt: Timestamp, appInfo: AppInfo?
        init(_ i: Instance) {
            id = i.id; orderId = i.orderId; orderLineId = i.orderLineId; productId = i.productId; status = i.status.rawValue
            expireTime = i.expireTime; createdAt = i.createdAt; appInfo = i.appInfo
        }
    }

    static let calls = Command(
        name: "calls", summary: "list production-interface calls, accepted and refused",
        usage: """
        seller calls [--failed] [--since TIME] [--format table|json|csv]
        seller calls --products [--format table|json|csv]

          fields: at, activity, resultCode, orderId, instanceId, test, ms (json adds peer, resultMsg and count:
          refused calls beyond the first 5 of a kind in a minute are one line with a count)
          --failed          only calls not answered 000000 / 000004
          --since TIME      from this date or time on (2026-11-01, or 2026-11-01 09:00 China time)
          --products        failed orders per product this month against the delisting rule
                            (more than 5 → delisted), and the last test (拨测) calls
        \(Common.help)
        """,
        valued: ["store", "format", "since"], switches: ["failed", "products"]
    ) { args, console in
        let store = try open(args, console)
        if args.has("products") { return try products(store, args, console) }
        let since = try Parse.time("since", args.value("since"))
        let rows = InterfaceReport.calls(store.state, failedOnly: args.has("failed"), since: since)
        let format = try console.format(args)
        if format == .json { try console.json(rows.map(CallOut.init)); return .ok }
        defer { if format == .table { console.out(footer(rows, store.state.callStats)) } }
        console.print(Listing(headers: ["at", "activity", "resultCode", "orderId", "instanceId", "test", "ms"],
                              rows: rows.map { c in [CallOut.time(c.atMs), c.activity, c.resultCode, c.orderId ?? "", c.instanceId ?? "",
                                                     c.test ? "1" : "0", String(c.ms)] },
                              rightAligned: [6]), as: format)
        return .ok
    }

    /// How many calls the lines stand for (refusals beyond the first few of a
    /// kind in a minute are one line with a count), and what the store heard in all.
    static func footer(_ rows: [InterfaceCall], _ stats: CallStats) -> String {
        let n = rows.reduce(0) { $0 + $1.calls }
        var text = "\(n) calls in \(rows.count) lines; \(stats.total) heard in all, \(stats.failed) refused or failed"
        if stats.dropped > 0 { text += "; only the latest \(CallStats.recentLimit)–\(CallStats.recentLimit * 3 / 2) are kept line by line" }
        return text
    }

    struct ProductOut: Encodable { var productId: String; var failedOrders: Int; var limit: Int; var state: String }

    static func products(_ store: Store, _ args: Arguments, _ console: Console) throws -> Exit {
        let now = Timestamp.now
        let rows = InterfaceReport.failuresThisMonth(store.state, now: now).map {
            ProductOut(productId: $0.productId, failedOrders: $0.failedOrders, limit: InterfaceReport.delistingLimit,
                       state: $0.delisted ? "delisted" : $0.nearLimit ? "near limit" : "ok")
        }
        let format = try console.format(args)
        if format == .json { try console.json(rows); return .ok }
        console.print(Listing(headers: ["productId", "failedOrders", "limit", "state"],
                              rows: rows.map { [$0.productId, String($0.failedOrders), String($0.limit), $0.state] }, rightAligned: [1, 2]), as: format)
        if format == .table {
            let probes = InterfaceReport.lastProbes(store.state)
            console.out(probes.isEmpty ? "no test (拨测) calls yet" : "last test (拨测) calls:")
            for c in probes { console.out("  \(CallOut.time(c.atMs))  \(c.activity)  \(c.resultCode)  \(c.resultMsg.prefix(80))") }
        }
        return .ok
    }

    struct CallOut: Encodable {
        var at: String, activity: String, resultCode: String, resultMsg: String, orderId: String?, instanceId: String?
        var test: Bool, ms: Int, peer: String
        /// Calls the line stands for (more than 1 for aggregated refusals).
        var count: Int
        init(_ c: InterfaceCall) {
            at = CallOut.time(c.atMs); activity = c.activity; resultCode = c.resultCode; resultMsg = c.resultMsg
            orderId = c.orderId; instanceId = c.instanceId; test = c.test; ms = c.ms; peer = c.peer; count = c.calls
        }
        /// ISO-8601 China time with milliseconds.
        static func time(_ ms: Int64) -> String {
            let base = Timestamp(seconds: ms / 1000).iso8601
            let frac = String(format: ".%03d", Int(ms % 1000))
            return base.replacingOccurrences(of: "+08:00", with: frac + "+08:00")
        }
    }

    static func open(_ args: Arguments, _ console: Console) throws -> Store {
        let dir = console.storePath(args)
        do { return try Store.open(at: dir, readOnly: true) } catch {
            guard case .notFound = error else { throw error }
            throw CLIError.refused("no store at \(dir)")
        }
    }
}
