import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SellerCore

/// `seller probe`: the 应用接入调试 page in the terminal (SAAS-INTERFACE.md §4).
/// Sends signed debug calls (`testFlag=1`, the platform's MOCK orders) to any
/// production address and checks each answer as the platform would.
enum ProbeCommand {
    static let probe = Command(
        name: "probe", summary: "debug any production interface the way 应用接入调试 does",
        usage: """
        seller probe URL --key-file FILE [--scenario NAME]... [--format table|json]

          --scenario NAME   newInstance queryInstance refreshInstance updateInstanceStatus
                            upgradeInstance releaseInstance (default: all, in that order)
          --key-file FILE   the access key bound to that address (mode 600)
        One line per check, 通过 (pass) or 失败 (fail) with the reason; exit 0 only when all pass.
        """,
        valued: ["key-file", "scenario", "format", "timeout"]
    ) { args, console in
        guard let url = args.positionals.first, let target = URL(string: url), ["http", "https"].contains(target.scheme ?? "") else {
            throw CLIError.usage("expected the production address, an http:// or https:// URL")
        }
        guard let keyPath = args.value("key-file") else { throw CLIError.usage("--key-file FILE is required") }
        let key = try KeyFile.load(keyPath)
        let chosen = try (args.options["scenario"] ?? []).map { name -> Activity in
            guard let a = Activity(rawValue: name) else {
                throw CLIError.usage("--scenario \(name): expected one of \(Activity.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return a
        }
        let format = try console.format(args, allowed: [.table, .json])
        let timeout = try args.value("timeout").map { try Double(Parse.int($0, "--timeout", range: 1...60)) } ?? 20
        let checks = Prober(url: target, key: key, timeout: timeout).run(chosen.isEmpty ? Prober.defaultOrder : chosen)
        if format == .json {
            try console.json(checks)
        } else {
            console.print(Listing(headers: ["result", "scenario", "check", "detail"],
                                  rows: checks.map { [$0.passed ? "通过" : "失败", $0.scenario, $0.check, $0.detail] }, maxCellWidth: 100), as: .table)
        }
        return checks.allSatisfy(\.passed) ? .ok : .refused
    }
}

struct ProbeFailure: Error {
    var text: String
    /// No answer within the time limit (the address may still be reachable).
    var timedOut = false
}

struct ProbeCheck: Encodable, Equatable {
    var scenario: String
    var check: String
    var passed: Bool
    var detail: String
}

struct Prober {
    let url: URL
    let key: [UInt8]
    let timeout: Double

    /// Release last: the calls before it act on the instance.
    static let defaultOrder: [Activity] = [.newInstance, .queryInstance, .refreshInstance, .updateInstanceStatus, .upgradeInstance, .releaseInstance]

    /// The platform's mock orders for debugging (§2.1), per scenario.
    static let mockOrders: [Activity: String] = [
        .newInstance: "MOCKPERIODYEARNEW", .refreshInstance: "MOCKMONTYRENEW", .upgradeInstance: "MOCKMONTYCHANGE",
        .releaseInstance: "MOCKMONTYUNSUBSCRIBE",
    ]

    struct Reply { var status: Int; var contentType: String; var body: Data; var seconds: Double; var bodySign: String? }

    final class Box: @unchecked Sendable { var reply: Reply?; var error: String?; var timedOut = false }

    func send(_ fields: [(String, String)]) -> Result<Reply, ProbeFailure> {
        let body = InterfaceAnswer.JSON.object(fields.map { ($0.0, .string($0.1)) }).bytes
        let ts = String(Int64(Date().timeIntervalSince1970 * 1000))
        let nonce = Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255) }, uppercase: true)
        let sig = InterfaceSignature.sign(key: key, nonce: nonce, timestamp: ts, body: body)
        var comps = URLComponents(url: url, resolvingAgainstBaseURL: false)!
        comps.queryItems = (comps.queryItems ?? []) + [URLQueryItem(name: "signature", value: sig), URLQueryItem(name: "timestamp", value: ts),
                                                       URLQueryItem(name: "nonce", value: nonce)]
        var req = URLRequest(url: comps.url!, timeoutInterval: timeout)
        req.httpMethod = "POST"
        req.httpBody = Data(body)
        req.setValue("application/json", forHTTPHeaderField: "Accept")
        req.setValue("application/json;charset=utf8", forHTTPHeaderField: "Content-Type")
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let start = Date()
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: config)
        session.dataTask(with: req) { data, response, error in
            if let error {
                box.error = error.localizedDescription
                box.timedOut = (error as NSError).code == NSURLErrorTimedOut
            }
            else if let http = response as? HTTPURLResponse {
                box.reply = Reply(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type") ?? "",
                                  body: data ?? Data(), seconds: Date().timeIntervalSince(start),
                                  bodySign: http.value(forHTTPHeaderField: "Body-Sign"))
            } else { box.error = "no HTTP response" }
            done.signal()
        }.resume()
        if done.wait(timeout: .now() + timeout + 5) == .timedOut {
            session.invalidateAndCancel()
            return .failure(ProbeFailure(text: "no answer within \(Int(timeout)) s", timedOut: true))
        }
        session.finishTasksAndInvalidate()
        if let r = box.reply { return .success(r) }
        if box.timedOut { return .failure(ProbeFailure(text: "no answer within \(Int(timeout)) s", timedOut: true)) }
        return .failure(ProbeFailure(text: box.error ?? "no answer"))
    }

    /// Runs the scenarios in order; later ones act on the instance newInstance returned.
    func run(_ scenarios: [Activity]) -> [ProbeCheck] {
        var out: [ProbeCheck] = []
        let business = UUID().uuidString.lowercased()
        var instanceId = business
        var firstNewId: String?
        for activity in scenarios {
            let order = Self.mockOrders[activity] ?? "MOCKPERIODYEARNEW"
            var fields: [(String, String)] = [("activity", activity.rawValue), ("testFlag", "1")]
            switch activity {
            case .newInstance: fields += [("orderId", order), ("orderLineId", order + "-000001"), ("businessId", business)]
            case .queryInstance: fields += [("instanceId", instanceId)]
            case .refreshInstance:
                fields += [("instanceId", instanceId), ("orderId", order), ("orderLineId", order + "-000001"), ("scene", "RENEWAL"),
                           ("expireTime", Self.utcStamp(Date().addingTimeInterval(366 * 86_400)))]
            case .updateInstanceStatus: fields += [("instanceId", instanceId), ("status", "FREEZE")]
            case .releaseInstance: fields += [("instanceId", instanceId), ("orderId", order), ("orderLineId", order + "-000001")]
            case .upgradeInstance: fields += [("instanceId", instanceId), ("orderId", order), ("orderLineId", order + "-000001")]
            }
            let rounds = activity == .newInstance ? 2 : 1
            for round in 0..<rounds {
                let name = round == 0 ? activity.rawValue : activity.rawValue + " (again)"
                let (checks, json) = check(name, activity, send(fields))
                out += checks
                if activity == .newInstance, let id = json?["instanceId"] as? String {
                    if round == 0 { firstNewId = id; instanceId = id }
                    else {
                        out.append(ProbeCheck(scenario: name, check: "idempotent", passed: id == firstNewId,
                                              detail: id == firstNewId ? "the same instanceId \(id)" : "instanceId \(id) differs from the first answer \(firstNewId ?? "—")"))
                    }
                }
            }
        }
        return out
    }

    /// The checks of §4, in the platform's order; a failed step ends that call's checks.
    func check(_ name: String, _ activity: Activity, _ result: Result<Reply, ProbeFailure>) -> ([ProbeCheck], [String: Any]?) {
        var out: [ProbeCheck] = []
        func add(_ check: String, _ ok: Bool, _ detail: String) { out.append(ProbeCheck(scenario: name, check: check, passed: ok, detail: detail)) }
        let r: Reply
        switch result {
        case .failure(let why):
            // A timeout names the check that failed: an address that accepts
            // connections but does not answer is reachable, not in time.
            if why.timedOut, let hostPort = Self.accepts(url) {
                add("reachable", true, "\(hostPort) accepts connections")
                add("in time", false, why.text)
            } else {
                add("reachable", false, why.text)
            }
            return (out, nil)
        case .success(let reply): r = reply
        }
        add("reachable", true, url.absoluteString)
        add("in time", r.seconds <= timeout, String(format: "answered in %.0f ms", r.seconds * 1000))
        add("HTTP 200", r.status == 200, "HTTP \(r.status)")
        let type = r.contentType.lowercased()
        add("JSON content type", type.hasPrefix("application/json"), r.contentType.isEmpty ? "no Content-Type" : "Content-Type: \(r.contentType)")
        guard let json = (try? JSONSerialization.jsonObject(with: r.body)) as? [String: Any] else {
            add("resultCode and resultMsg", false, "the body is not a JSON object")
            return (out, nil)
        }
        let code = json["resultCode"] as? String
        add("resultCode and resultMsg", code != nil && json["resultMsg"] is String,
            code == nil ? "resultCode missing or not a string" : (json["resultMsg"] is String ? "present" : "resultMsg missing or not a string"))
        add("000000", code == "000000", "resultCode \(code ?? "—"): \(String(describing: json["resultMsg"] ?? "").prefix(120))")
        var problems: [String] = []
        func field(_ o: [String: Any], _ name: String, max: Int, required: Bool, at path: String) {
            guard let v = o[name] else { if required { problems.append("\(path)\(name) missing") }; return }
            guard let s = v as? String else { problems.append("\(path)\(name) is not a string"); return }
            if s.count > max { problems.append("\(path)\(name) is \(s.count) characters; at most \(max)") }
            if required, s.isEmpty { problems.append("\(path)\(name) is empty") }
        }
        field(json, "resultCode", max: 6, required: true, at: "")
        field(json, "resultMsg", max: 255, required: false, at: "")
        switch activity {
        case .newInstance: field(json, "instanceId", max: 64, required: true, at: "")
        case .queryInstance:
            guard let info = json["info"] as? [[String: Any]], !info.isEmpty else { problems.append("info missing or empty"); break }
            for (i, e) in info.enumerated() {
                field(e, "instanceId", max: 64, required: true, at: "info[\(i)].")
                if let app = e["appInfo"] as? [String: Any] {
                    field(app, "frontEndUrl", max: 512, required: true, at: "info[\(i)].appInfo.")
                    for (n, _, m) in AppInfo.limits { field(app, n, max: m, required: false, at: "info[\(i)].appInfo.") }
                }
                for (j, u) in ((e["usageInfo"] as? [[String: Any]]) ?? []).enumerated() {
                    if u["usageValue"] == nil { problems.append("info[\(i)].usageInfo[\(j)].usageValue missing") }
                    field(u, "statisticalTime", max: 20, required: true, at: "info[\(i)].usageInfo[\(j)].")
                }
            }
        default: break
        }
        add("required fields and lengths", problems.isEmpty, problems.isEmpty ? "all present and within their lengths" : problems.joined(separator: "; "))
        return (out, json)
    }

    /// "host:port" when a TCP connection to the URL's address opens within 3 s.
    static func accepts(_ url: URL) -> String? {
        guard let host = url.host else { return nil }
        let port = url.port ?? (url.scheme == "https" ? 443 : 80)
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        if connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else { return nil }
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&p, 1, 3000) == 1 else { return nil }
            var err: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0, err == 0 else { return nil }
        }
        return "\(host):\(port)"
    }

    static func utcStamp(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMddHHmmss"
        return f.string(from: d)
    }
}
