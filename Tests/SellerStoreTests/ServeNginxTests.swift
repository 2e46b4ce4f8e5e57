import Foundation
import Testing
@testable import SellerCore

/// TLS in production through nginx, end to end: a real nginx (Debian package,
/// installed by .ci/run) with a self-signed certificate in front of
/// `seller serve`, driven with curl. The proxy block is README's.
@Suite(.serialized) struct ServeNginxTests {
    static func tool(_ name: String) -> String? {
        ["/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/", "/usr/local/sbin/", "/usr/local/bin/"].map { $0 + name }
            .first(where: FileManager.default.isExecutableFile)
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// The `location` block README shows, with the serve port filled in.
    static func proxyBlock(servePort: Int) -> String {
        """
            location / {
                proxy_pass http://127.0.0.1:\(servePort);
                proxy_http_version 1.1;
                proxy_set_header Connection "";
                proxy_set_header X-Real-IP $remote_addr;
                proxy_read_timeout 10s;
                client_max_body_size 1m;
            }
        """
    }

    @Test func curlThroughNginxTLSReachesServe() throws {
        guard let nginx = Self.tool("nginx"), let openssl = Self.tool("openssl"), let curl = Self.tool("curl") else {
            print("ServeNginxTests skipped: nginx, openssl or curl is not installed (.ci/run installs them with apt-get)")
            return
        }
        let s = try ServeProcess()
        let d = s.dir.path + "/nginx"
        try FileManager.default.createDirectory(atPath: d + "/tmp", withIntermediateDirectories: true)
        let env = ServeProcess.env.merging(["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]) { $1 }
        let cert = Spawn.run(openssl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", d + "/key.pem", "-out", d + "/cert.pem",
                                       "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"], env: env)
        try #require(cert.status == 0, "openssl req: \(cert.err)")
        let port = Self.freePort()
        let conf = """
        daemon off;
        master_process off;
        pid \(d)/nginx.pid;
        error_log \(d)/error.log;
        events { worker_connections 64; }
        http {
            access_log off;
            client_body_temp_path \(d)/tmp/body;
            proxy_temp_path \(d)/tmp/proxy;
            fastcgi_temp_path \(d)/tmp/fastcgi;
            uwsgi_temp_path \(d)/tmp/uwsgi;
            scgi_temp_path \(d)/tmp/scgi;
            server {
                listen 127.0.0.1:\(port) ssl;
                server_name localhost;
                ssl_certificate \(d)/cert.pem;
                ssl_certificate_key \(d)/key.pem;
                ssl_protocols TLSv1.2 TLSv1.3;
        \(Self.proxyBlock(servePort: s.port))
            }
        }
        """
        try conf.write(toFile: d + "/nginx.conf", atomically: true, encoding: .utf8)
        let proxy = Spawn.start(nginx, ["-p", d, "-c", d + "/nginx.conf", "-e", d + "/error.log"], env: env)
        // SIGKILL: a single-process nginx may inherit a mask that blocks SIGTERM; it is only the test's proxy.
        defer { kill(proxy.pid, SIGKILL); _ = proxy.wait() }
        var up = false
        for _ in 0..<500 where !up {
            if (try? RawClient(port: port)) != nil { up = true } else { usleep(20_000) }
        }
        try #require(up, "nginx did not listen: \((try? String(contentsOfFile: d + "/error.log", encoding: .utf8)) ?? "")")

        func curlCall(_ body: String, nonce: String = UUID().uuidString) -> (status: Int32, code: String, headers: String, json: [String: Any]) {
            let ts = String(Int64(Date().timeIntervalSince1970 * 1000))
            let sig = InterfaceSignature.sign(key: Array(ServeProcess.key.utf8), nonce: nonce, timestamp: ts, body: Array(body.utf8))
            let url = "https://localhost:\(port)/saasproduce?signature=\(sig)&timestamp=\(ts)&nonce=\(nonce)"
            let bodyFile = d + "/req-\(nonce).json"
            try? body.write(toFile: bodyFile, atomically: true, encoding: .utf8)
            let r = Spawn.run(curl, ["-sS", "--max-time", "20", "--cacert", d + "/cert.pem", "--resolve", "localhost:\(port):127.0.0.1",
                                     "-H", "Content-Type: application/json;charset=utf8", "-H", "Accept: application/json",
                                     "--data-binary", "@" + bodyFile, "-D", d + "/headers", "-o", d + "/out", "-w", "%{http_code}", url], env: env)
            let headers = (try? String(contentsOfFile: d + "/headers", encoding: .utf8)) ?? ""
            let out = (try? Data(contentsOf: URL(fileURLWithPath: d + "/out"))) ?? Data()
            return (r.status, r.out, headers, ((try? JSONSerialization.jsonObject(with: out)) as? [String: Any]) ?? [:])
        }

        let created = curlCall(newInstanceBody("CSNGINX", business: "tls-1"))
        #expect(created.status == 0 && created.code == "200", "curl: \(created)")
        #expect(created.json["resultCode"] as? String == "000000" && created.json["instanceId"] as? String == "tls-1")
        #expect(created.headers.lowercased().contains("content-type: application/json"))
        #expect(created.headers.contains("Body-Sign: sign_type=\"HMAC-SHA256\""))
        let again = curlCall(newInstanceBody("CSNGINX", business: "tls-2"))
        #expect(again.json["instanceId"] as? String == "tls-1")
        let nonce = "REPLAY-\(UUID().uuidString)"
        _ = curlCall(#"{"activity":"queryInstance","instanceId":"tls-1"}"#, nonce: nonce)
        #expect(curlCall(#"{"activity":"queryInstance","instanceId":"tls-1"}"#, nonce: nonce).json["resultCode"] as? String == "000001")
        // The caller is the one nginx names, not nginx itself.
        let calls = try JSONSerialization.jsonObject(with: Data(s.seller(["calls", "--format", "json"]).out.utf8)) as? [[String: Any]] ?? []
        #expect(calls.count == 4 && calls.allSatisfy { $0["peer"] as? String == "127.0.0.1" })
        // Plain HTTP to the TLS port is not served.
        let plain = Spawn.run(curl, ["-sS", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/"], env: env)
        #expect(plain.out == "400")
        #expect(s.stop().status == 0)
    }
}
