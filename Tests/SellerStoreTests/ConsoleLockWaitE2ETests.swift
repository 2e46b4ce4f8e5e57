import Foundation
import Testing
@testable import SellerCore

/// Issue 15 item 13, the console: a stopped process holding the store lock
/// does not freeze the console. Its write waits on another thread; the keys,
/// tab switches and Ctrl-C keep working; the status line says who holds the
/// lock, then the outcome once the holder is gone.
@Suite(.serialized) struct ConsoleLockWaitE2ETests {
    /// `flock -o LOCK sleep 60` and its sleeping child, ended once (by id, never by name).
    final class Holder {
        let pid: pid_t
        let child: pid_t?
        private var released = false
        init(pid: pid_t, child: pid_t?) { self.pid = pid; self.child = child }

        func release() {
            guard !released else { return }
            released = true
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
            if let child { kill(child, SIGKILL) }
        }
    }

    /// A holder stopped (SIGSTOP) once it holds the store's lock.
    static func stoppedHolder(_ store: String) -> Holder? {
        let h = Spawn.start("/usr/bin/flock", ["-o", store + "/lock", "/bin/sleep", "60"])
        for _ in 0..<100 where !FileLock.holders(of: store + "/lock").contains(Int(h.pid)) { usleep(20_000) }
        // flock(1) forks its command after taking the lock: find the child to end it too.
        var children = ""
        for _ in 0..<50 {
            children = (try? String(contentsOfFile: "/proc/\(h.pid)/task/\(h.pid)/children", encoding: .utf8)) ?? ""
            if !children.isEmpty { break }
            usleep(20_000)
        }
        let holder = Holder(pid: h.pid, child: children.split(separator: " ").first.flatMap { pid_t(String($0)) })
        guard FileLock.holders(of: store + "/lock").contains(Int(h.pid)) else { holder.release(); return nil }
        kill(h.pid, SIGSTOP)
        return holder
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/flock"), "needs util-linux flock(1)"))
    func aWriteWaitingForAStoppedLockHolderLeavesTheConsoleResponsive() throws {
        let tmp = TempDir()
        #expect(try runBinary("seller", ["demo", "--store", tmp.store, "--orders", "60", "--seed", "3"]).status == 0)
        let state = try Store.open(at: tmp.store).state
        let ticket = try #require(TicketQueue.todo.run(state, account: state.mainAccount!).first).id
        let command = "\(TestEnvironment.shellPrefix(locale: "zh_CN.UTF-8")) \(builtProduct("seller")) --store \(tmp.store); echo EXIT=$?; sleep 30"
        guard let s = ConsoleE2ETests.start(command, width: 120, height: 40) else { return }
        defer { s.kill() }
        #expect(s.wait(for: "近 30 天"), "\(s.screen)")

        guard let holder = Self.stoppedHolder(tmp.store) else { Issue.record("flock did not take the lock"); return }
        defer { holder.release() }
        // Accept a ticket: the write waits for the stopped holder.
        s.keys("3")
        #expect(s.wait(for: "[ 3 工单 ]"))
        s.keys("a")
        #expect(s.wait(for: "操作 — 工单 \(ticket)"), "\(s.screen)")
        s.keys("Enter")
        #expect(s.wait(for: "将提交以下内容"))
        s.keys("y")
        #expect(s.wait(for: "等待存储锁（进程 \(holder.pid) 持有）…", timeout: 8), "\(s.screen)")
        #expect(!s.screen.contains("工单 \(ticket)：受理 已完成"))
        // The holder goes: the write completes and says so.
        holder.release()
        #expect(s.wait(for: "工单 \(ticket)：受理 已完成", timeout: 8), "\(s.screen)")
        #expect(!s.screen.contains("等待存储锁"))
        #expect(try Store.open(at: tmp.store).state.tickets[ticket]?.status == .doing)

        // Stopped again: Ctrl-C quits at once, with the shell's 130, while a write waits.
        guard let again = Self.stoppedHolder(tmp.store) else { Issue.record("flock did not take the lock"); return }
        defer { again.release() }
        s.keys("4")
        #expect(s.wait(for: "[ 4 消息 ]"))
        s.keys("Enter")                                    // marks the message read: waits
        #expect(s.wait(for: "等待存储锁（进程 \(again.pid) 持有）…", timeout: 8), "\(s.screen)")
        // Still reading keys: the detail closes, other panes open, and the wait is still told.
        s.keys("Escape")
        #expect(s.wait(for: "[未读"), "\(s.screen)")
        s.keys("1")
        #expect(s.wait(for: "[ 1 订单 ]"), "\(s.screen)")
        s.keys("2")
        #expect(s.wait(for: "[ 2 服务监管 ]"), "\(s.screen)")
        #expect(s.wait(for: "等待存储锁（进程 \(again.pid) 持有）…"), "\(s.screen)")
        s.keys("C-c")
        #expect(s.wait(for: "EXIT=130", timeout: 5), "\(s.screen)")
        #expect(s.screen.contains("退出时仍有 1 项写入在等待存储锁，未写入存储"), "the unmade write is said: \(s.screen)")
        again.release()
        let after = try Store.open(at: tmp.store).state
        #expect(after.messages.values.filter { !$0.read }.count == state.messages.values.filter { !$0.read }.count, "and it was not made")
    }
}
