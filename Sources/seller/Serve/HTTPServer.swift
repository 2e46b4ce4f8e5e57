import Foundation
import SellerCore
#if canImport(Glibc)
import Glibc
#endif

// SIGTERM / SIGINT ask the accept loop to drain and stop; a C signal handler
// cannot capture, so the flag is a global only it writes.
nonisolated(unsafe) private var serveStopRequested: Int32 = 0

/// A small HTTP/1.1 server on POSIX sockets: one thread per connection up to
/// a cap (a slow client holds only its own thread, and only until its
/// deadline), keep-alive, and a drain on SIGTERM.
final class HTTPServer: @unchecked Sendable {
    let listenFD: Int32
    let port: Int
    let limits: HTTPLimits
    let maxConnections: Int
    let service: InterfaceService
    private let lock = NSLock()
    private var active = 0
    private var stopping = false

    enum StartError: Error, CustomStringConvertible {
        case address(String), socket(String)
        var description: String {
            switch self {
            case .address(let a): "--listen \(a): expected HOST:PORT with an IPv4 address (e.g. 127.0.0.1:8080)"
            case .socket(let why): why
            }
        }
    }

    init(listen: String, service: InterfaceService, limits: HTTPLimits = HTTPLimits(), maxConnections: Int = 256) throws {
        guard let colon = listen.lastIndex(of: ":"), let p = UInt16(listen[listen.index(after: colon)...]) else { throw StartError.address(listen) }
        var host = String(listen[..<colon])
        if host == "localhost" { host = "127.0.0.1" }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = p.bigEndian
        guard inet_pton(AF_INET, host, &addr.sin_addr) == 1 else { throw StartError.address(listen) }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartError.socket("socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, Glibc.listen(fd, 1024) == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw StartError.socket("cannot listen on \(listen): \(why)")
        }
        var actual = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        listenFD = fd
        port = Int(UInt16(bigEndian: actual.sin_port))
        self.service = service; self.limits = limits; self.maxConnections = maxConnections
    }

    static func installSignals() {
        signal(SIGPIPE, SIG_IGN)
        let stop: @convention(c) (Int32) -> Void = { _ in serveStopRequested = 1 }
        for sig in [SIGTERM, SIGINT] {
            var sa = sigaction()
            sa.__sigaction_handler.sa_handler = stop
            sigemptyset(&sa.sa_mask)
            sigaction(sig, &sa, nil)
        }
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM); sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// What SIGTERM does, for a server run inside another command (the bench).
    static func requestStop() { serveStopRequested = 1 }

    private var isStopping: Bool { lock.lock(); defer { lock.unlock() }; return stopping }

    /// Accepts until SIGTERM / SIGINT, then lets in-flight requests finish
    /// (at most `drainSeconds`) and returns.
    func run(drainSeconds: Double = 15) {
        service.startFlusher()
        defer { service.stopFlusher(drainSeconds: drainSeconds) }
        while serveStopRequested == 0 {
            var p = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, 100)
            if r <= 0 { continue }
            var peer = sockaddr_in()
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            let fd = withUnsafeMutablePointer(to: &peer) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listenFD, $0, &len) } }
            if fd < 0 { continue }
            var ip = [CChar](repeating: 0, count: 64)
            inet_ntop(AF_INET, &peer.sin_addr, &ip, 64)
            let text = ip.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            let address = String(decoding: text, as: UTF8.self) + ":" + String(UInt16(bigEndian: peer.sin_port))
            lock.lock()
            let full = active >= maxConnections
            if !full { active += 1 }
            lock.unlock()
            if full {
                // Answered at once, never queued: a flood cannot pile up threads.
                let body = InterfaceAnswer.failure(.internalError, "too many connections; try again")
                ResponseWriter.write(fd, ResponseWriter.head(status: 503, length: body.count, keepAlive: false, extra: []) + body, seconds: 1)
                close(fd)
                continue
            }
            let thread = Thread { [self] in
                serve(fd, peer: address)
                close(fd)
                lock.lock(); active -= 1; lock.unlock()
            }
            thread.stackSize = 512 << 10
            thread.start()
        }
        close(listenFD)
        lock.lock(); stopping = true; lock.unlock()
        let until = Clock.nowSeconds() + drainSeconds
        while Clock.nowSeconds() < until {
            lock.lock(); let n = active; lock.unlock()
            if n == 0 { break }
            usleep(10_000)
        }
    }

    private func serve(_ fd: Int32, peer: String) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var reader = RequestReader(fd: fd, limits: limits) { [weak self] in self?.isStopping ?? true }
        for n in 1...limits.requestsPerConnection {
            switch reader.next(writeContinue: { ResponseWriter.write($0, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), seconds: 1) }) {
            case .closed:
                return
            case .failure(let f):
                // The stream is out of step: answer, record and close.
                let body = InterfaceAnswer.failure(.badParameters, "HTTP \(f.status): \(f.reason)")
                ResponseWriter.write(fd, ResponseWriter.head(status: f.status, length: body.count, keepAlive: false, extra: []) + body,
                                     seconds: limits.writeSeconds)
                service.refused(InterfaceCall(atMs: Clock.unixMs(), peer: peer, activity: "", resultCode: ResultCode.badParameters.rawValue,
                                             resultMsg: "HTTP \(f.status): \(f.reason)", test: false, ms: 0))
                return
            case .request(let req):
                let started = Clock.nowSeconds()
                let answer = service.handle(req, peer: Self.caller(req, peer: peer), started: started)
                // The last request a connection may carry says so, as HTTP/1.1 asks.
                let keep = req.keepAlive && !isStopping && n < limits.requestsPerConnection
                let bytes = ResponseWriter.head(status: answer.status, length: answer.body.count, keepAlive: keep, extra: answer.headers) + answer.body
                let written = ResponseWriter.write(fd, bytes, seconds: limits.writeSeconds)
                // `ms` covers the whole handling, the journal's fsync and this write included.
                service.answered(answer, started: started)
                guard written, keep else { return }
            }
        }
    }

    /// Behind a proxy on this machine (nginx, README) the caller is the one it
    /// names; from anyone else the header is not believed [inf].
    static func caller(_ req: HTTPRequest, peer: String) -> String {
        guard peer.hasPrefix("127."), let real = req.headers["x-real-ip"] ?? req.headers["x-forwarded-for"]?.split(separator: ",").last.map(String.init) else {
            return peer
        }
        let ip = real.trimmingCharacters(in: .whitespaces)
        return ip.count <= 45 && ip.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" }) ? ip : peer
    }
}
