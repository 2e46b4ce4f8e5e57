import Foundation
import SellerCore
#if canImport(Glibc)
import Glibc
#endif

/// `seller bench --serve`: the production interface over loopback, in this
/// process: a signed newInstance answered and persisted (median, p99), then
/// many concurrent clients, with every acknowledged instance checked in the
/// store afterwards. A benchmark: nothing in `swift test` depends on its times.
enum ServeBench {
    static func run(_ args: Arguments, _ console: Console) throws -> Exit {
        let clients = try args.value("clients").map { try Parse.int($0, "--clients", range: 1...250) } ?? 200
        let calls = try args.value("calls").map { try Parse.int($0, "--calls", range: 1...10_000) } ?? 50
        let sequential = try args.value("sequential").map { try Parse.int($0, "--sequential", range: 10...100_000) } ?? 2000
        let dir = NSTemporaryDirectory() + "seller-serve-bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let key = Array("bench-access-key".utf8)
        let store = try Store.create(at: dir)
        let service = InterfaceService(store: store, key: key, hooks: nil)
        let server = try HTTPServer(listen: "127.0.0.1:0", service: service, maxConnections: clients + 16)
        signal(SIGPIPE, SIG_IGN)
        let serverThread = Thread { server.run(drainSeconds: 5) }
        serverThread.stackSize = 1 << 20
        serverThread.start()
        console.out("serve bench: store \(dir), port \(server.port), \(sequential) sequential calls, then \(clients) clients × \(calls) calls")

        // 1. One client, one call at a time: the latency of an answered, fsynced newInstance.
        let c = try BenchClient(port: server.port)
        var samples: [Double] = []
        for i in 0..<sequential {
            let t = Clock.nowSeconds()
            guard let r = c.call(BenchClient.newInstance("SEQ\(i)", business: "seq-\(i)"), key: key), r.contains("\"000000\"") else {
                throw CLIError.refused("sequential call \(i) failed")
            }
            samples.append((Clock.nowSeconds() - t) * 1000)
        }
        samples.sort()
        let median = samples[samples.count / 2], p99 = samples[min(samples.count - 1, samples.count * 99 / 100)]
        console.out(String(format: "newInstance answered and persisted: median %.2f ms, p99 %.2f ms, max %.2f ms  target median ≤ 5, p99 ≤ 20  %@",
                           median, p99, samples.last!, median <= 5 && p99 <= 20 ? "ok" : "MISS"))

        // 2. Many clients at once, each on its own kept-alive connection.
        final class Tally: @unchecked Sendable {
            let lock = NSLock(); var acked: [String] = []; var errors = 0
        }
        let tally = Tally()
        let group = DispatchGroup()
        let start = Clock.nowSeconds()
        for t in 0..<clients {
            group.enter()
            let th = Thread {
                defer { group.leave() }
                guard let client = try? BenchClient(port: server.port) else { tally.lock.lock(); tally.errors += calls; tally.lock.unlock(); return }
                for i in 0..<calls {
                    let id = "c\(t)-\(i)"
                    let ok = client.call(BenchClient.newInstance("CC\(t)-\(i)", business: id), key: key)?.contains("\"000000\"") == true
                    tally.lock.lock()
                    if ok { tally.acked.append(id) } else { tally.errors += 1 }
                    tally.lock.unlock()
                }
            }
            th.stackSize = 256 << 10
            th.start()
        }
        guard group.wait(timeout: .now() + 600) == .success else { throw CLIError.refused("the concurrent clients did not finish within 10 minutes") }
        let seconds = Clock.nowSeconds() - start
        HTTPServer.requestStop()
        while !serverThread.isFinished { usleep(10_000) }
        let reopened = try Store.open(at: dir, readOnly: true)
        let lost = tally.acked.filter { reopened.state.instances[$0] == nil }.count
        console.out(String(format: "%d clients × %d calls: %d acknowledged, %d errors, %d acknowledged but missing after reopening; %.0f calls/s (%.2f s)  target no error, none lost  %@",
                           clients, calls, tally.acked.count, tally.errors, lost, Double(clients * calls) / seconds, seconds,
                           tally.errors == 0 && lost == 0 ? "ok" : "MISS"))
        return .ok
    }
}

/// A kept-alive loopback client that signs each call.
final class BenchClient {
    let port: Int
    var fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        self.port = port
        fd = try Self.connect(port)
    }

    static func connect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard r == 0 else { close(fd); throw CLIError.refused("connect: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var tv = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    deinit { close(fd) }

    static func newInstance(_ order: String, business: String) -> [UInt8] {
        Array(#"{"activity":"newInstance","businessId":"\#(business)","orderId":"\#(order)","orderLineId":"\#(order)-000001"}"#.utf8)
    }

    /// One signed call; the response body, or nil.
    func call(_ body: [UInt8], key: [UInt8]) -> String? {
        let ts = String(Clock.unixMs()), nonce = UUID().uuidString
        let sig = InterfaceSignature.sign(key: key, nonce: nonce, timestamp: ts, body: body)
        let head = "POST /saas?signature=\(sig)&timestamp=\(ts)&nonce=\(nonce) HTTP/1.1\r\nHost: b\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        guard ResponseWriter.write(fd, Array(head.utf8) + body, seconds: 30) else { return nil }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = RequestReader.find(Array("\r\n\r\n".utf8), in: buffer, from: 0) {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if buffer.count >= end + 4 + length {
                    let text = String(decoding: buffer[(end + 4)..<(end + 4 + length)], as: UTF8.self)
                    buffer.removeFirst(end + 4 + length)
                    // The server ends a connection after its 1000th request: open the next one.
                    if head.lowercased().contains("connection: close"), let next = try? Self.connect(port) {
                        close(fd); fd = next; buffer = []
                    }
                    return text
                }
            }
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            buffer += chunk[0..<n]
        }
    }
}
