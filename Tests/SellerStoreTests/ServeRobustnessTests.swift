import Foundation
import Testing
@testable import SellerCore

/// `seller serve` on the open internet: malformed and oversized requests,
/// slow clients, a connection cap, kill -9 under load, a draining SIGTERM,
/// and `seller probe` against a server that gets everything wrong.
@Suite(.serialized) struct ServeRobustnessTests {
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        private var items: [String] = []
        func set() { lock.lock(); value = true; lock.unlock() }
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
        func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
    }

    @Test func malformedAndOversizedRequestsGetClearAnswersAndNoCrash() throws {
        let s = try ServeProcess()
        let big = String(repeating: "a", count: 20 << 10)
        let cases: [(String, [UInt8], Int)] = [
            ("garbage", Array("HELLO\r\n\r\n".utf8), 400),
            ("binary", [0, 0xFF, 0xFE, 13, 10, 13, 10], 400),
            ("GET", Array("GET /saas HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 405),
            ("no length", Array("POST /saas HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 411),
            ("chunked", Array("POST /saas HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8), 501),
            ("huge body", Array("POST /saas HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n".utf8), 413),
            ("bad length", Array("POST /saas HTTP/1.1\r\nContent-Length: -5\r\n\r\n".utf8), 400),
            ("huge header", Array("POST /saas HTTP/1.1\r\nX-Big: \(big)\r\n\r\n".utf8), 431),
            ("huge line", Array(("POST /" + big).utf8), 414),
            ("HTTP/2", Array("POST / HTTP/2.0\r\n\r\n".utf8), 400),
        ]
        for (name, bytes, status) in cases {
            let c = try RawClient(port: s.port)
            c.send(bytes)
            let r = c.read()
            #expect(r?.status == status, "\(name): \(r?.status ?? 0) \(r?.body ?? "no answer")")
            #expect(r.map(code) == "000002", "\(name) answers a JSON body")
        }
        // Signed bodies that are not JSON, or not UTF-8, are 000002 inside HTTP 200.
        for body in ["{\"activity\":", "[]", "\u{FF}", String(repeating: "[", count: 100_000)] {
            let r = try RawClient.call(s.port, body)
            #expect(r.status == 200 && code(r) == "000002", "\(body.prefix(20))")
        }
        let c = try RawClient(port: s.port)
        c.send([0x50, 0x4F, 0x53, 0x54, 0x20, 0x2F, 0x20, 0x48, 0x54, 0x54, 0x50, 0x2F, 0x31, 0x2E, 0x31, 0x0D, 0x0A, 0x58, 0x3A, 0xC3, 0x28, 0x0D, 0x0A, 0x0D, 0x0A])
        #expect(c.read()?.status == 400, "invalid UTF-8 in a header")
        // Still serving, and keep-alive carries several calls on one connection.
        let k = try RawClient(port: s.port)
        for i in 0..<3 {
            k.send(RawClient.signed(newInstanceBody("CSK\(i)", business: "k\(i)")))
            #expect(k.read().map(code) == "000000")
        }
        #expect(s.stop().status == 0)
    }

    @Test func aSlowClientDelaysNoOneAndIsCutOffAtItsDeadline() throws {
        // 5 s: room for the fast calls on a loaded machine; the slow request needs a minute.
        let s = try ServeProcess(extra: ["--read-timeout", "5"])
        let slowDone = Flag(), slowStatus = Flag()
        let slow = try RawClient(port: s.port)
        let thread = Thread {
            // One byte every 0.2 s: the request would take minutes to arrive.
            for b in Array(RawClient.signed(newInstanceBody("SLOW", business: "slow"))) {
                if !slow.send([b]) { break }
                usleep(200_000)
                var p = pollfd(fd: slow.fd, events: Int16(POLLIN), revents: 0)
                if poll(&p, 1, 0) > 0 { break }
            }
            if let r = slow.read() { slowStatus.add(String(r.status)) }
            slowDone.set()
        }
        thread.start()
        usleep(300_000)
        for i in 0..<5 {
            #expect(code(try RawClient.call(s.port, newInstanceBody("FAST\(i)", business: "f\(i)"))) == "000000")
        }
        #expect(!slowDone.isSet, "the fast calls were answered while the slow client was still sending")
        for _ in 0..<300 where !slowDone.isSet { usleep(50_000) }
        #expect(slowStatus.all == ["408"], "the slow client is cut off with 408")
        #expect(s.stop().status == 0)
    }

    @Test func connectionsBeyondTheCapGet503() throws {
        let s = try ServeProcess(extra: ["--max-connections", "2"])
        let a = try RawClient(port: s.port), b = try RawClient(port: s.port)
        a.send(RawClient.signed(newInstanceBody("A", business: "a")))
        #expect(a.read().map(code) == "000000")
        b.send(RawClient.signed(newInstanceBody("B", business: "b")))
        #expect(b.read().map(code) == "000000")
        let third = try RawClient(port: s.port)
        #expect(third.read()?.status == 503)
        #expect(s.stop().status == 0)
    }

    @Test func everyAcknowledgedInstanceSurvivesKill9UnderLoad() throws {
        let dir = TempDir()
        let s = try ServeProcess(dir)
        let acked = Flag()
        let stop = Flag()
        var threads: [Thread] = []
        let done = DispatchGroup()
        for t in 0..<6 {
            done.enter()
            let th = Thread {
                defer { done.leave() }
                guard let c = try? RawClient(port: s.port) else { return }
                for i in 0..<2000 where !stop.isSet {
                    let id = "k9-\(t)-\(i)"
                    guard c.send(RawClient.signed(newInstanceBody("O\(t)-\(i)", business: id))), let r = c.read() else { return }
                    if code(r) == "000000" { acked.add(id) }
                }
            }
            threads.append(th)
            th.start()
        }
        for _ in 0..<600 where acked.all.count < 300 { usleep(20_000) }
        kill(s.spawned.pid, SIGKILL)
        stop.set()
        #expect(done.wait(timeout: .now() + 30) == .success)
        let status = s.stop(signal: SIGKILL).status
        #expect(status == 128 + SIGKILL)
        let ids = acked.all
        #expect(ids.count >= 300)
        // A fresh serve on the same store, then the CLI: every acknowledged instance is there.
        let again = try ServeProcess(dir, fresh: false)
        let listed = again.seller(["instances", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [[String: Any]] ?? []
        let stored = Set(rows.compactMap { $0["id"] as? String })
        let lost = ids.filter { !stored.contains($0) }
        #expect(lost.isEmpty, "acknowledged but lost: \(lost.prefix(5))")
        #expect(again.seller(["check"]).status == 0)
        #expect(again.stop().status == 0)
    }

    @Test func sigtermLetsTheRequestInFlightFinish() throws {
        let dir = TempDir()
        let marker = dir.path + "/hook-started"
        let hooks = ServeTests.hookDir(dir, "touch \(marker); cat > /dev/null; sleep 1; echo '{}'")
        let s = try ServeProcess(dir, extra: ["--hook", hooks])
        let answer = Flag()
        let th = Thread {
            if let r = try? RawClient.call(s.port, newInstanceBody("TERM", business: "term-1")) { answer.add(code(r)) }
        }
        th.start()
        for _ in 0..<500 where !FileManager.default.fileExists(atPath: marker) { usleep(10_000) }
        #expect(FileManager.default.fileExists(atPath: marker))
        let stop = s.stop()
        #expect(stop.status == 0, "\(stop.err)")
        #expect(answer.all == ["000000"], "the in-flight call was answered before the exit")
        let listed = Spawn.run(builtProduct("seller"), ["instances", "--store", dir.store, "--format", "csv"], env: ServeProcess.env)
        #expect(listed.out.contains("term-1"))
    }

    /// A production address that gets everything wrong, on a thread of the test.
    final class BrokenServer: @unchecked Sendable {
        enum Fault: Sendable { case everything, status500, silent }
        let fd: Int32
        let port: Int
        init(_ fault: Fault = .everything) {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.fd = fd
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
            _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            listen(fd, 16)
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
            port = Int(UInt16(bigEndian: addr.sin_port))
            let listener = fd
            Thread {
                // Bounded: at most 50 connections, each answered once; the test closes the socket.
                for _ in 0..<50 {
                    var p = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                    guard poll(&p, 1, 20_000) > 0 else { return }
                    let c = accept(listener, nil, nil)
                    if c < 0 { return }
                    var buf = [UInt8](repeating: 0, count: 65536)
                    _ = recv(c, &buf, buf.count, 0)
                    if fault == .silent {
                        // Holds the connection without a word until the client gives up (at most 10 s).
                        let until = Date().addingTimeInterval(10)
                        while Date() < until {
                            var p = pollfd(fd: c, events: Int16(POLLIN), revents: 0)
                            if poll(&p, 1, 200) == 1, recv(c, &buf, buf.count, 0) <= 0 { break }
                        }
                        close(c)
                        continue
                    }
                    let body = fault == .status500 ? #"{"resultCode":"000000","resultMsg":"ok","instanceId":"i-1"}"#
                        : #"{"resultCode":"000005","instanceId":"\#(UUID().uuidString)\#(String(repeating: "x", count: 40))"}"#
                    let head = fault == .status500 ? "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json" : "HTTP/1.1 200 OK\r\nContent-Type: text/html"
                    let text = head + "\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
                    _ = Array(text.utf8).withUnsafeBytes { send(c, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    close(c)
                }
            }.start()
        }
        deinit { close(fd) }
    }

    @Test func probeNamesEveryFailingCheckOfABrokenServer() throws {
        let broken = BrokenServer()
        let dir = TempDir()
        let key = ServeProcess.keyFile(dir)
        let r = Spawn.run(builtProduct("seller"), ["probe", "http://127.0.0.1:\(broken.port)/", "--key-file", key, "--format", "json",
                                                   "--scenario", "newInstance", "--scenario", "queryInstance"], env: ServeProcess.env)
        #expect(r.status == 1)
        let checks = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]] ?? []
        let failed = Set(checks.filter { $0["passed"] as? Bool == false }.map { "\($0["scenario"]!): \($0["check"]!)" })
        for want in ["newInstance: JSON content type", "newInstance: resultCode and resultMsg", "newInstance: 000000",
                     "newInstance: required fields and lengths", "newInstance (again): idempotent", "queryInstance: required fields and lengths"] {
            #expect(failed.contains(want), "\(want) not reported; failed: \(failed.sorted())")
        }
        #expect(checks.contains { $0["check"] as? String == "HTTP 200" && $0["passed"] as? Bool == true })
        // Nobody listening at all.
        let closedPort = BrokenServer()
        let port = closedPort.port
        close(closedPort.fd)
        let table = Spawn.run(builtProduct("seller"), ["probe", "http://127.0.0.1:\(port)/", "--key-file", key, "--scenario", "releaseInstance"], env: ServeProcess.env)
        #expect(table.status == 1 && table.out.contains("失败") && table.out.contains("reachable"))
    }

    /// The two checks the server above cannot fail: a non-200 status, and an
    /// address that accepts the connection but never answers (reachable, not in time).
    @Test func probeNamesAWrongStatusAndASilentServer() throws {
        let dir = TempDir()
        let key = ServeProcess.keyFile(dir)
        func failed(_ fault: BrokenServer.Fault, _ extra: [String]) throws -> (Int32, Set<String>, Set<String>) {
            let server = BrokenServer(fault)
            let r = Spawn.run(builtProduct("seller"), ["probe", "http://127.0.0.1:\(server.port)/", "--key-file", key, "--format", "json"] + extra,
                              env: ServeProcess.env)
            let checks = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]] ?? []
            let names = { (ok: Bool) in Set(checks.filter { $0["passed"] as? Bool == ok }.map { "\($0["scenario"]!): \($0["check"]!)" }) }
            return (r.status, names(false), names(true))
        }
        let (status500, bad500, _) = try failed(.status500, ["--scenario", "releaseInstance"])
        #expect(status500 == 1 && bad500 == ["releaseInstance: HTTP 200"], "\(bad500)")
        let (statusSilent, badSilent, goodSilent) = try failed(.silent, ["--scenario", "releaseInstance", "--timeout", "1"])
        #expect(statusSilent == 1 && badSilent == ["releaseInstance: in time"], "\(badSilent)")
        #expect(goodSilent.contains("releaseInstance: reachable"))
    }
}
