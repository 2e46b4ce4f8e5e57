import Foundation

/// Child processes for the bench's side-by-side figure: an explicit
/// environment (never the caller's), output through a pipe read up to a
/// bound, and a bounded wait (a child past it is killed). Foundation's
/// Process is not used: it can miss a tmux client's exit on Linux.
enum BenchChild {
    struct Outcome {
        var status: Int32
        var out: String
    }

    /// Runs `path args` to its end, at most `seconds`; nil when it could not
    /// start or ran past the bound (then it has been killed and reaped).
    static func run(_ path: String, _ args: [String], env: [String: String], seconds: Double = 10,
                    limit: Int = 1 << 20, stdinPath: String = "/dev/null") -> Outcome? {
        var fds: [Int32] = [0, 0]
        // Close-on-exec from the start: neither end leaks into the child past its
        // dup onto 1 and 2, nor into another thread's child spawned meanwhile.
        guard closeOnExecPipe2(&fds, O_CLOEXEC) == 0 else { return nil }
        let (readFD, writeFD) = (fds[0], fds[1])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeFD, 1)
        posix_spawn_file_actions_adddup2(&actions, writeFD, 2)
        let argv = ([path] + args).map { strdup($0) } + [nil]
        let envp = env.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv { free(p) }; for p in envp { free(p) } }
        var pid: pid_t = 0
        var rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
        // A script another thread's child still holds open for writing (fork before exec) is "busy" for a moment.
        for _ in 0..<20 where rc == ETXTBSY {
            usleep(10_000)
            rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
        }
        close(writeFD)
        defer { close(readFD) }
        guard rc == 0 else { return nil }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = clockMs() + seconds * 1000
        var timedOut = false
        while true {
            let left = deadline - clockMs()
            if left <= 0 { timedOut = true; break }
            var p = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, Int32(min(left, 1000)))
            if ready < 0, errno == EINTR { continue }
            if ready <= 0 { continue }
            let n = buffer.withUnsafeMutableBytes { read(readFD, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            // Past the bound the bytes are read and dropped, so the child never blocks on a full pipe.
            if out.count < limit { out.append(contentsOf: buffer[0..<min(n, limit - out.count)]) }
        }
        if timedOut { kill(pid, SIGKILL) }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0, errno == EINTR {}
        if timedOut { return nil }
        let status = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
        return Outcome(status: status, out: String(decoding: out, as: UTF8.self))
    }

    /// A command line for `sh -c` that runs `path args` with exactly `env`
    /// (`exec env -i …`, so the program is the pane's own process).
    static func shellLine(_ path: String, _ args: [String], env: [String: String]) -> String {
        (["exec", "env", "-i"] + env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [path] + args)
            .map(quote).joined(separator: " ")
    }

    static func quote(_ s: String) -> String {
        s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-=:+,".contains($0)) } && !s.isEmpty
            ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Whether `pid` has ended (gone, or a zombie nobody reaped yet).
    static func ended(_ pid: pid_t) -> Bool {
        if kill(pid, 0) != 0 { return errno == ESRCH }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state == "Z" || state == "X"
    }
}

/// One program in a detached tmux session on a private server (its own
/// socket name, under a private TMUX_TMPDIR): nothing here can reach another
/// tmux, and `end` stops the server, removes its socket and waits for the
/// program to be gone.
struct BenchTmux {
    let tmux: String
    let socket: String
    /// The environment of every tmux client (and so of the server the first starts).
    let env: [String: String]
    private(set) var panePid: pid_t?
    /// The tmux server's own process (it outlives `kill-server`'s reply for a moment).
    private(set) var serverPid: pid_t?

    init(tmux: String, socket: String, env: [String: String]) {
        self.tmux = tmux
        self.socket = socket
        self.env = env
    }

    enum Failure: Error, CustomStringConvertible {
        case cannotStart(String)
        var description: String {
            switch self { case .cannotStart(let why): return "tmux: \(why)" }
        }
    }

    @discardableResult
    func client(_ args: [String], seconds: Double = 10) -> BenchChild.Outcome? {
        BenchChild.run(tmux, ["-L", socket] + args, env: env, seconds: seconds)
    }

    /// Starts the session running `command` (a `sh -c` line) at width×height.
    mutating func start(_ command: String, width: Int, height: Int) throws {
        guard let r = client(["-u", "-f", "/dev/null", "new-session", "-d", "-s", socket, "-x", "\(width)", "-y", "\(height)", command]),
              r.status == 0 else {
            throw Failure.cannotStart("new-session on socket \(socket) failed")
        }
        // The server's pid too: `kill-server` returns before the server has
        // exited, and a bench (or its test) must not end with it still there.
        let pids = client(["display-message", "-p", "-t", socket, "#{pid} #{pane_pid}"])?.out
            .split(whereSeparator: \.isWhitespace).compactMap { pid_t($0) } ?? []
        (serverPid, panePid) = pids.count == 2 ? (pids[0], pids[1]) : (nil, nil)
    }

    /// The screen as text, or nil when the session is gone (the program ended).
    func capture() -> String? {
        guard let r = client(["capture-pane", "-p", "-t", socket]), r.status == 0 else { return nil }
        return r.out
    }

    /// Ends the server (its programs get SIGHUP) and waits up to 5 s for the
    /// pane's program to be gone, then kills it: no run competes with the next.
    func end() {
        client(["kill-server"])
        // tmux leaves its socket file behind: not in a private TMUX_TMPDIR.
        if let dir = env["TMUX_TMPDIR"] { unlink("\(dir)/tmux-\(getuid())/\(socket)") }
        for pid in [panePid, serverPid].compactMap({ $0 }) {
            let deadline = clockMs() + 5000
            while !BenchChild.ended(pid), clockMs() < deadline { usleep(5000) }
            if !BenchChild.ended(pid) {
                kill(pid, SIGKILL)
                let hard = clockMs() + 2000
                while !BenchChild.ended(pid), clockMs() < hard { usleep(5000) }
            }
        }
    }
}
