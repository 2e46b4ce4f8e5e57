import Foundation
@testable import SellerCore

/// A `seller serve` child on 127.0.0.1 with an ephemeral port, and a raw
/// HTTP client that can also be slow or malformed on purpose. Every wait is bounded.
final class ServeProcess: @unchecked Sendable {
    let dir: TempDir
    let spawned: Spawned
    let port: Int
    static let key = "serve-test-key-\u{4E2D}"
    var stopped = false

    static let env = ["LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TERM": "dumb", "SELLER_READONLY": "", "HOME": NSTemporaryDirectory()]

    static func keyFile(_ dir: TempDir, mode: Int = 0o600) -> String {
        let path = dir.path + "/access.key"
        FileManager.default.createFile(atPath: path, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: mode])
        chmod(path, mode_t(mode))
        return path
    }

    static func initStore(_ dir: TempDir) {
        let r = Spawn.run(builtProduct("seller"), ["init", "--store", dir.store, "--name", "Shop"], env: env)
        precondition(r.status == 0, "init: \(r.err)")
    }

    /// Starts serve on an existing (or fresh) store in `dir`.
    init(_ dir: TempDir = TempDir(), extra: [String] = [], fresh: Bool = true) throws {
        self.dir = dir
        if fresh { Self.initStore(dir) }
        spawned = Spawn.start(builtProduct("seller"), ["serve", "--listen", "127.0.0.1:0", "--key-file", Self.keyFile(dir), "--store", dir.store] + extra,
                              env: Self.env)
        var found: Int?
        for _ in 0..<500 where found == nil {
            let text = (try? String(contentsOfFile: spawned.outPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }), let p = Int(line.split(separator: ":").last ?? "") {
                found = p
            } else {
                var st: Int32 = 0
                if waitpid(spawned.pid, &st, WNOHANG) == spawned.pid {
                    let err = (try? String(contentsOfFile: spawned.errPath, encoding: .utf8)) ?? ""
                    throw ServeTestError(text: "serve exited before listening: \(err)")
                }
                usleep(20_000)
            }
        }
        guard let found else { kill(spawned.pid, SIGKILL); throw ServeTestError(text: "serve did not start listening within 10 s") }
        port = found
    }

    /// SIGTERM and wait; the exit status and stderr.
    func stop(signal sig: Int32 = SIGTERM) -> (status: Int32, err: String) {
        stopped = true
        kill(spawned.pid, sig)
        let r = spawned.wait()
        return (r.status, r.err)
    }

    deinit { if !stopped { kill(spawned.pid, SIGKILL); _ = spawned.wait() } }

    func seller(_ args: [String]) -> (status: Int32, out: String, err: String) {
        Spawn.run(builtProduct("seller"), args + ["--store", dir.store], env: Self.env)
    }
}

struct ServeTestError: Error, CustomStringConvertible { var text: String; var description: String { text } }

/// A blocking HTTP client over a raw socket.
final class RawClient: @unchecked Sendable {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard r == 0 else { close(fd); throw ServeTestError(text: "connect: \(String(cString: strerror(errno)))") }
        var tv = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    struct Response { var status: Int; var headers: [String: String]; var body: String; var json: [String: Any] }

    /// Reads one response (Content-Length framed); nil on close or the 20 s receive timeout.
    func read() -> Response? {
        var buf: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            if let end = RawClient.find(buf), let head = String(bytes: buf[0..<end], encoding: .utf8) {
                let lines = head.components(separatedBy: "\r\n")
                var headers: [String: String] = [:]
                for l in lines.dropFirst() { if let c = l.firstIndex(of: ":") { headers[l[..<c].lowercased()] = l[l.index(after: c)...].trimmingCharacters(in: .whitespaces) } }
                let status = Int(lines[0].split(separator: " ")[1]) ?? 0
                if status == 100 { buf.removeFirst(end + 4); continue }
                let length = Int(headers["content-length"] ?? "0") ?? 0
                while buf.count < end + 4 + length {
                    let n = recv(fd, &chunk, chunk.count, 0)
                    if n <= 0 { return nil }
                    buf += chunk[0..<n]
                }
                let body = String(decoding: buf[(end + 4)..<(end + 4 + length)], as: UTF8.self)
                let json = ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]) ?? [:]
                return Response(status: status, headers: headers, body: body, json: json)
            }
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            buf += chunk[0..<n]
        }
    }

    static func find(_ b: [UInt8]) -> Int? {
        guard b.count >= 4 else { return nil }
        for i in 0...(b.count - 4) where b[i] == 13 && b[i + 1] == 10 && b[i + 2] == 13 && b[i + 3] == 10 { return i }
        return nil
    }

    /// A signed V2 request for `body`; the query can be spoiled on purpose.
    static func signed(_ body: String, key: String = ServeProcess.key, timestampMs: Int64? = nil, nonce: String? = nil,
                       spoil: Bool = false, keepAlive: Bool = true) -> [UInt8] {
        let ts = String(timestampMs ?? Int64(Date().timeIntervalSince1970 * 1000))
        let n = nonce ?? UUID().uuidString
        var sig = InterfaceSignature.sign(key: Array(key.utf8), nonce: n, timestamp: ts, body: Array(body.utf8))
        if spoil { sig = String(sig.reversed()) }
        let head = "POST /saas?signature=\(sig)&timestamp=\(ts)&nonce=\(n) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json;charset=utf8\r\n"
            + "Content-Length: \(body.utf8.count)\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "\r\n"
        return Array(head.utf8) + Array(body.utf8)
    }

    /// One signed call on a fresh connection.
    static func call(_ port: Int, _ body: String, timestampMs: Int64? = nil, nonce: String? = nil, spoil: Bool = false) throws -> Response {
        let c = try RawClient(port: port)
        c.send(signed(body, timestampMs: timestampMs, nonce: nonce, spoil: spoil, keepAlive: false))
        guard let r = c.read() else { throw ServeTestError(text: "no response to \(body)") }
        return r
    }
}

func code(_ r: RawClient.Response) -> String { r.json["resultCode"] as? String ?? "—" }

func newInstanceBody(_ order: String, business: String, test: Bool = false) -> String {
    #"{"activity":"newInstance","businessId":"\#(business)","orderId":"\#(order)","orderLineId":"\#(order)-000001"\#(test ? #","testFlag":"1""# : "")}"#
}
