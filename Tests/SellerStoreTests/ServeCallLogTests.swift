import Foundation
import Testing
@testable import SellerCore

/// What `seller serve` writes about calls: refused calls from anyone are
/// bounded on disk, accepted ones are kept in full, each call's `ms` is
/// written once its answer is out, and a slow newInstance hook is answered
/// 000004 and finished in the background.
@Suite(.serialized) struct ServeCallLogTests {
    static func storeBytes(_ dir: String) -> Int {
        var total = 0
        let e = FileManager.default.enumerator(atPath: dir)
        while let f = e?.nextObject() as? String {
            if let a = try? FileManager.default.attributesOfItem(atPath: dir + "/" + f), a[.type] as? FileAttributeType == .typeRegular {
                total += (a[.size] as? Int) ?? 0
            }
        }
        return total
    }

    /// Sends `n` requests over keep-alive connections (reconnecting when the server closes one).
    static func flood(_ port: Int, _ n: Int, _ make: (Int) -> [UInt8]) throws -> [String: Int] {
        var codes: [String: Int] = [:]
        var client = try RawClient(port: port)
        var i = 0
        while i < n {
            guard client.send(make(i)), let r = client.read() else { client = try RawClient(port: port); continue }
            codes[code(r), default: 0] += 1
            i += 1
        }
        return codes
    }

    @Test func tenThousandRefusedCallsGrowTheJournalByABoundedAmountAndAreStillCounted() throws {
        let s = try ServeProcess()
        #expect(code(try RawClient.call(s.port, newInstanceBody("CS1", business: "ok-1"))) == "000000")
        let before = Self.storeBytes(s.dir.store)
        let bad = newInstanceBody("CS2", business: "x")
        // Unsigned garbage, spoiled signatures and bad JSON, as anyone on the internet could send.
        let codes = try Self.flood(s.port, 10_000) { i in
            switch i % 3 {
            case 0: return RawClient.signed(bad, spoil: true)
            case 1: return Array("POST / HTTP/1.1\r\nContent-Length: 7\r\n\r\nnotjson".utf8)
            default: return RawClient.signed(#"{"activity":"newInstance","orderId":"CS\#(i)"}"#, key: "wrong-key")
            }
        }
        #expect(codes["000001"] == 10_000, "\(codes)")
        #expect(s.stop().status == 0)
        let growth = Self.storeBytes(s.dir.store) - before
        // At most 64 kinds a minute, each 5 lines in full and 1 count line (one call a line would be ~4 MB).
        #expect(growth < 256 << 10, "the store grew \(growth) bytes for 10 000 refused calls")
        let failed = s.seller(["calls", "--failed", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(failed.out.utf8)) as? [[String: Any]] ?? []
        #expect(rows.count < 300, "\(rows.count) lines")
        #expect(rows.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == 10_000, "every refused call is counted")
        let table = s.seller(["calls", "--failed"]).out
        #expect(table.contains("10000 calls in \(rows.count) lines; 10001 heard in all, 10000 refused or failed"), "\(table.suffix(300))")
        // Accepted calls stay one line each, with their ids.
        let all = try JSONSerialization.jsonObject(with: Data(s.seller(["calls", "--format", "json"]).out.utf8)) as? [[String: Any]] ?? []
        #expect(all.filter { $0["resultCode"] as? String == "000000" }.count == 1)
    }

    @Test func msIsWrittenAfterTheAnswerAndCoversTheHook() throws {
        let dir = TempDir()
        let s = try ServeProcess(dir, extra: ["--hook", ServeTests.hookDir(dir, #"cat > /dev/null; sleep 0.3; echo '{}'"#)])
        #expect(code(try RawClient.call(s.port, newInstanceBody("CS7", business: "ms-1"))) == "000000")
        #expect(s.stop().status == 0)
        let journal = Self.journalText(dir.store)
        #expect(journal.contains("\"interface.call_time\""), "the call's full time follows it in the journal")
        let rows = try JSONSerialization.jsonObject(with: Data(s.seller(["calls", "--format", "json"]).out.utf8)) as? [[String: Any]] ?? []
        #expect(rows.count == 1 && (rows.first?["ms"] as? Int ?? 0) >= 300)
    }

    static func journalText(_ store: String) -> String {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: store)) ?? []
        return files.filter { $0.hasPrefix("journal") }.compactMap { try? String(contentsOfFile: store + "/" + $0, encoding: .utf8) }.joined()
    }

    /// Polls a condition (bounded; not a timing assertion: the bound only stops a broken build hanging).
    static func eventually(_ seconds: Double = 20, _ ok: () -> Bool) -> Bool {
        let until = Date().addingTimeInterval(seconds)
        while Date() < until { if ok() { return true }; usleep(50_000) }
        return ok()
    }

    static func instanceIds(_ s: ServeProcess) -> [String] {
        let rows = (try? JSONSerialization.jsonObject(with: Data(s.seller(["instances", "--format", "json"]).out.utf8))) as? [[String: Any]] ?? []
        return rows.compactMap { $0["id"] as? String }
    }

    @Test func aSlowNewInstanceHookIsAnswered000004AndFinishedInTheBackground() throws {
        let dir = TempDir()
        let runs = dir.path + "/runs"
        let release = dir.path + "/release"
        // The hook waits until the test lets it go, so "slow" does not depend on timing.
        let script = #"cat > /dev/null; echo run >> \#(runs); while [ ! -e \#(release) ]; do sleep 0.05; done; echo '{"appInfo":{"frontEndUrl":"https://app.example.cn/a"}}'"#
        let s = try ServeProcess(dir, extra: ["--hook", ServeTests.hookDir(dir, script), "--hook-timeout", "0.3", "--hook-async", "60"])
        let first = try RawClient.call(s.port, newInstanceBody("CS3", business: "async-1"))
        #expect(code(first) == "000004" && first.json["instanceId"] as? String == "async-1", "\(first.body)")
        // The platform's retry (a new businessId) while the hook runs: the same id, no second hook.
        let retry = try RawClient.call(s.port, newInstanceBody("CS3", business: "async-2"))
        #expect(code(retry) == "000004" && retry.json["instanceId"] as? String == "async-1")
        let query = try RawClient.call(s.port, #"{"activity":"queryInstance","instanceId":"async-1"}"#)
        #expect(code(query) == "000004")
        #expect(Self.instanceIds(s).isEmpty, "nothing exists before the hook finished")
        FileManager.default.createFile(atPath: release, contents: Data())
        #expect(Self.eventually { Self.instanceIds(s) == ["async-1"] })
        let done = try RawClient.call(s.port, newInstanceBody("CS3", business: "async-3"))
        #expect(code(done) == "000000" && done.json["instanceId"] as? String == "async-1")
        let q = try RawClient.call(s.port, #"{"activity":"queryInstance","instanceId":"async-1"}"#)
        #expect(((q.json["info"] as? [[String: Any]])?.first?["appInfo"] as? [String: Any])?["frontEndUrl"] as? String == "https://app.example.cn/a")
        #expect(((try? String(contentsOfFile: runs, encoding: .utf8)) ?? "").split(separator: "\n").count == 1)
        #expect(s.stop().status == 0)
    }

    @Test func aSlowHookThatFinallyFailsCreatesNothingAndTheRetryRunsItAgain() throws {
        let dir = TempDir()
        let runs = dir.path + "/runs"
        let release = dir.path + "/release"
        let script = #"cat > /dev/null; echo run >> \#(runs); while [ ! -e \#(release) ]; do sleep 0.05; done; exit 7"#
        let s = try ServeProcess(dir, extra: ["--hook", ServeTests.hookDir(dir, script), "--hook-timeout", "0.3", "--hook-async", "60"])
        let first = try RawClient.call(s.port, newInstanceBody("CS4", business: "fail-1"))
        #expect(code(first) == "000004", "\(first.body)")
        FileManager.default.createFile(atPath: release, contents: Data())
        #expect(Self.eventually { s.seller(["calls", "--failed"]).out.contains("000005") }, "the background failure is recorded")
        #expect(Self.instanceIds(s).isEmpty, "a failed hook creates nothing")
        // The hook is not running any more: the retry runs it again (and it fails at once now).
        let again = try RawClient.call(s.port, newInstanceBody("CS4", business: "fail-2"))
        #expect(code(again) == "000005" || code(again) == "000004", "\(again.body)")
        #expect(Self.eventually { ((try? String(contentsOfFile: runs, encoding: .utf8)) ?? "").split(separator: "\n").count == 2 })
        #expect(Self.instanceIds(s).isEmpty)
        #expect(s.stop().status == 0)
    }

    @Test func sigtermKillsABackgroundHookAndRecordsThatNothingWasCreated() throws {
        let dir = TempDir()
        let pidFile = dir.path + "/hook.pid"
        let script = #"cat > /dev/null; echo $$ > \#(pidFile); while true; do sleep 0.05; done"#
        let s = try ServeProcess(dir, extra: ["--hook", ServeTests.hookDir(dir, script), "--hook-timeout", "0.3", "--hook-async", "600"])
        let first = try RawClient.call(s.port, newInstanceBody("CS8", business: "term-1"))
        #expect(code(first) == "000004", "\(first.body)")
        let stop = s.stop()
        #expect(stop.status == 0, "\(stop.err)")
        let pid = Int32(((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(pid > 0 && kill(pid, 0) != 0, "the hook does not outlive serve")
        #expect(Self.instanceIds(s).isEmpty)
        #expect(s.seller(["calls", "--failed"]).out.contains("000005"), "its failure is recorded")
    }
}
