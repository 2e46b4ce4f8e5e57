import Foundation
import Testing
@testable import SellerCore

/// `seller serve` as a real child process on 127.0.0.1: activities, refusals,
/// the journal behind every answer, hooks, and `seller probe`.
@Suite(.serialized) struct ServeTests {
    @Test func activitiesAreAnsweredJournaledAndListed() throws {
        let s = try ServeProcess()
        let first = try RawClient.call(s.port, newInstanceBody("CS1", business: "biz-1"))
        #expect(first.status == 200 && code(first) == "000000" && first.json["instanceId"] as? String == "biz-1")
        #expect(first.headers["content-type"]?.hasPrefix("application/json") == true)
        let sign = InterfaceSignature.bodySign(key: Array(ServeProcess.key.utf8), body: Array(first.body.utf8))
        #expect(first.headers["body-sign"] == sign)
        let again = try RawClient.call(s.port, newInstanceBody("CS1", business: "biz-2"))
        #expect(code(again) == "000000" && again.json["instanceId"] as? String == "biz-1")
        let q = try RawClient.call(s.port, #"{"activity":"queryInstance","instanceId":"biz-1"}"#)
        #expect(code(q) == "000000" && ((q.json["info"] as? [[String: Any]])?.first?["instanceId"] as? String) == "biz-1")
        #expect(code(try RawClient.call(s.port, #"{"activity":"updateInstanceStatus","instanceId":"biz-1","status":"FREEZE"}"#)) == "000000")
        #expect(code(try RawClient.call(s.port, #"{"activity":"updateInstanceStatus","instanceId":"biz-1","status":"FREEZE"}"#)) == "000000")
        #expect(code(try RawClient.call(s.port, #"{"activity":"queryInstance","instanceId":"nope"}"#)) == "000003")
        #expect(code(try RawClient.call(s.port, #"{"activity":"updateInstanceStatus","instanceId":"biz-1","status":"STOP"}"#)) == "000002")
        #expect(code(try RawClient.call(s.port, newInstanceBody("MOCKPERIODYEARNEW", business: "t-1", test: true))) == "000000")
        // Other commands work on the store while serve runs (it locks per append only).
        let listed = s.seller(["instances", "--format", "json"])
        #expect(listed.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [[String: Any]] ?? []
        #expect(rows.count == 1 && rows.first?["id"] as? String == "biz-1" && rows.first?["status"] as? String == "frozen")
        let failed = s.seller(["calls", "--failed", "--format", "csv"])
        #expect(failed.status == 0)
        let lines = failed.out.split(whereSeparator: \.isNewline)
        #expect(lines.first == "at,activity,resultCode,orderId,instanceId,test,ms")
        #expect(lines.count == 3 && lines.contains { $0.contains(",000003,") } && lines.contains { $0.contains(",000002,") })
        let all = s.seller(["calls", "--format", "json"])
        let calls = try JSONSerialization.jsonObject(with: Data(all.out.utf8)) as? [[String: Any]] ?? []
        #expect(calls.count == 8 && calls.filter { $0["test"] as? Bool == true }.count == 1)
        #expect(calls.allSatisfy { ($0["peer"] as? String)?.hasPrefix("127.0.0.1:") == true })
        let products = s.seller(["calls", "--products"])
        #expect(products.status == 0 && products.out.hasPrefix("productId  failedOrders  limit  state"))
        #expect(products.out.contains("last test (拨测) calls:") && products.out.contains("newInstance  000000"))
        let stop = s.stop()
        #expect(stop.status == 0, "SIGTERM exits 0: \(stop.err)")
        #expect(!stop.err.contains(ServeProcess.key), "the key is never logged")
    }

    @Test func signatureTimestampAndNonceRefusalsAre000001AndRecorded() throws {
        let s = try ServeProcess()
        let body = newInstanceBody("CS9", business: "b9")
        #expect(code(try RawClient.call(s.port, body, spoil: true)) == "000001")
        let old = Int64(Date().timeIntervalSince1970 * 1000) - 61_000
        #expect(code(try RawClient.call(s.port, body, timestampMs: old)) == "000001")
        #expect(code(try RawClient.call(s.port, body, timestampMs: old + 122_000)) == "000001")
        let r = try RawClient.call(s.port, body, nonce: "NONCE-ONCE")
        #expect(code(r) == "000000")
        let replay = try RawClient.call(s.port, body, nonce: "NONCE-ONCE")
        #expect(code(replay) == "000001" && (replay.json["resultMsg"] as? String ?? "").contains("nonce"))
        let unsigned = try RawClient(port: s.port)
        unsigned.send(Array("POST / HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}".utf8))
        #expect(unsigned.read().map(code) == "000001")
        let calls = s.seller(["calls", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(calls.out.utf8)) as? [[String: Any]] ?? []
        #expect(rows.map { $0["resultCode"] as? String ?? "" } == ["000001", "000001", "000001", "000000", "000001", "000001"])
        #expect(s.seller(["instances", "--format", "csv"]).out.split(whereSeparator: \.isNewline).count == 2)
        #expect(s.stop().status == 0)
    }

    @Test func keyFileReadableByOthersIsRefused() throws {
        let dir = TempDir()
        ServeProcess.initStore(dir)
        let key = ServeProcess.keyFile(dir, mode: 0o644)
        let r = Spawn.run(builtProduct("seller"), ["serve", "--listen", "127.0.0.1:0", "--key-file", key, "--store", dir.store], env: ServeProcess.env)
        #expect(r.status == 1 && r.err.contains("readable by group or others") && !r.err.contains(ServeProcess.key))
        let missing = Spawn.run(builtProduct("seller"), ["serve", "--key-file", key, "--store", dir.store], env: ServeProcess.env)
        #expect(missing.status == 2)
    }

    static func hookDir(_ dir: TempDir, _ script: String) -> String {
        let hooks = dir.path + "/hooks"
        try? FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        let path = hooks + "/newInstance"
        // Written through a close-on-exec descriptor: a child this test process
        // spawns meanwhile must not keep the script open for writing, or
        // running it fails with ETXTBSY (serve also retries that briefly).
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        precondition(fd >= 0, "cannot write \(path)")
        let bytes = Array(("#!/bin/sh\n" + script + "\n").utf8)
        precondition(write(fd, bytes, bytes.count) == bytes.count && close(fd) == 0, "cannot write \(path)")
        return hooks
    }

    @Test func hooksProvisionAndTheirFailuresAre000005WithNothingApplied() throws {
        let cases: [(String, String, Bool)] = [
            ("ok", #"cat > /dev/null; echo '{"appInfo":{"frontEndUrl":"https://app.example.cn/login","userName":"admin"}}'"#, true),
            ("fails", "cat > /dev/null; echo oops >&2; exit 3", false),
            ("hangs", "sleep 30", false),
            ("invalid JSON", "cat > /dev/null; echo 'not json'", false),
            ("no frontEndUrl", #"cat > /dev/null; echo '{"appInfo":{"memo":"x"}}'"#, false),
        ]
        for (name, script, succeeds) in cases {
            let dir = TempDir()
            let s = try ServeProcess(dir, extra: ["--hook", Self.hookDir(dir, script), "--hook-timeout", "1"])
            let r = try RawClient.call(s.port, newInstanceBody("CS5", business: "h-1"))
            #expect(code(r) == (succeeds ? "000000" : "000005"), "\(name): \(r.body)")
            let rows = try JSONSerialization.jsonObject(with: Data(s.seller(["instances", "--format", "json"]).out.utf8)) as? [[String: Any]] ?? []
            #expect(rows.count == (succeeds ? 1 : 0), "\(name)")
            if succeeds {
                #expect((rows.first?["appInfo"] as? [String: Any])?["frontEndUrl"] as? String == "https://app.example.cn/login")
                let q = try RawClient.call(s.port, #"{"activity":"queryInstance","instanceId":"h-1"}"#)
                #expect(((q.json["info"] as? [[String: Any]])?.first?["appInfo"] as? [String: Any])?["userName"] as? String == "admin")
            } else {
                let failed = s.seller(["calls", "--failed"]).out
                #expect(failed.contains("000005"), "\(name): the failure is recorded")
            }
            #expect(s.stop().status == 0)
        }
    }

    @Test func probePassesAgainstServe() throws {
        let s = try ServeProcess()
        let r = Spawn.run(builtProduct("seller"), ["probe", "http://127.0.0.1:\(s.port)/saasproduce", "--key-file", ServeProcess.keyFile(s.dir), "--format", "json"],
                          env: ServeProcess.env)
        #expect(r.status == 0, "\(r.out)\(r.err)")
        let checks = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]] ?? []
        #expect(checks.count > 40 && checks.allSatisfy { $0["passed"] as? Bool == true })
        #expect(checks.contains { $0["check"] as? String == "idempotent" })
        // Debug traffic created nothing.
        #expect(s.seller(["instances", "--format", "csv"]).out.split(whereSeparator: \.isNewline).count == 1)
        let wrongKey = TempDir()
        let other = wrongKey.path + "/k"
        FileManager.default.createFile(atPath: other, contents: Data("another-key".utf8), attributes: [.posixPermissions: 0o600])
        let bad = Spawn.run(builtProduct("seller"), ["probe", "http://127.0.0.1:\(s.port)/", "--key-file", other, "--scenario", "queryInstance"], env: ServeProcess.env)
        #expect(bad.status == 1 && bad.out.contains("失败") && bad.out.contains("000001"))
        #expect(s.stop().status == 0)
    }
}
