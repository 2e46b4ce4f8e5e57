import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The merchant's provisioning hooks: an executable `DIR/<activity>` gets the
/// request body on stdin and prints `{"appInfo":{…}}` (or `{}`) on stdout.
/// Each runs in its own process group with a clean environment and a time
/// limit well under the platform's 5 s timeout (SAAS-INTERFACE.md §1).
struct HookRunner: Sendable {
    let directory: String
    var timeLimit: Double = 3.0
    /// With `--hook-async S`: a newInstance hook still running after
    /// `timeLimit` is answered 000004 and may run this long in the background.
    var asyncLimit: Double?
    /// Longest stdout read; more is a failure (a hook is not a data channel).
    var outputLimit = 64 << 10

    func hook(for activity: String) -> String? {
        let path = directory + "/" + activity
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, access(path, X_OK) == 0 else { return nil }
        return path
    }

    enum Failure: Error, CustomStringConvertible {
        case spawn(String), timeout(Double), exit(Int32), output(String), stopped
        var description: String {
            switch self {
            case .spawn(let why): "could not start: \(why)"
            case .timeout(let s): "did not finish within \(s) s and was killed"
            case .exit(let s): "exited with status \(s)"
            case .output(let why): why
            case .stopped: "was killed because serve is stopping"
            }
        }
    }

    /// Runs `path` with `input` on stdin; the bytes it printed, or why not.
    /// `limit`: seconds before it is killed (default `timeLimit`; an
    /// asynchronous newInstance allows `asyncLimit`).
    /// `cancelled`: asked while waiting; true kills the hook (serve stopping
    /// with an asynchronous newInstance still running: it must not outlive serve).
    func run(_ path: String, input: [UInt8], activity: String, limit: Double? = nil,
             cancelled: () -> Bool = { false }) -> Result<[UInt8], Failure> {
        let timeLimit = limit ?? self.timeLimit
        // The limit counts from here: a retried spawn (ETXTBSY below) is part of it.
        let deadline = Clock.nowSeconds() + timeLimit
        // stdin from a temporary file: no pipe to fill while we read stdout.
        let inPath = NSTemporaryDirectory() + "seller-hook-\(getpid())-\(UInt64.random(in: 0..<UInt64.max)).json"
        guard FileManager.default.createFile(atPath: inPath, contents: Data(input), attributes: [.posixPermissions: 0o600]) else {
            return .failure(.spawn("cannot write its input file"))
        }
        defer { unlink(inPath) }
        var pipeFDs: [Int32] = [0, 0]
        // Close-on-exec: a hook another thread spawns meanwhile must not inherit
        // this one's write end (its stdout would not end until that one exits).
        guard closeOnExecPipe2(&pipeFDs, O_CLOEXEC) == 0 else { return .failure(.spawn(String(cString: strerror(errno)))) }
        let (readFD, writeFD) = (pipeFDs[0], pipeFDs[1])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeFD, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, readFD)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attr, 0)
        let env = ["PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C.UTF-8", "LANG=C.UTF-8", "SELLER_ACTIVITY=\(activity)"]
        let argv = [strdup(path)] + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) }; for p in envp { free(p) } }
        var pid: pid_t = 0
        // ETXTBSY: the hook file is still open for writing somewhere — it is
        // being deployed, or another thread's fork briefly inherited the
        // writer's descriptor. That passes within milliseconds; retry for a
        // bounded part of the limit instead of failing the platform's call.
        var rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
        let busyUntil = Clock.nowSeconds() + min(0.5, timeLimit / 4)
        while rc == ETXTBSY, Clock.nowSeconds() < busyUntil, !cancelled() {
            usleep(10_000)
            rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
        }
        close(writeFD)
        guard rc == 0 else { close(readFD); return .failure(.spawn(String(cString: strerror(rc)))) }
        defer { close(readFD) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        var failure: Failure?
        reading: while true {
            let left = deadline - Clock.nowSeconds()
            if left <= 0 { failure = .timeout(timeLimit); break }
            if cancelled() { failure = .stopped; break }
            var p = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, Int32(min(left, 0.2) * 1000) + 1)
            if r < 0 { if errno == EINTR { continue }; failure = .spawn("poll failed"); break }
            if r == 0 { continue }
            let n = read(readFD, &chunk, chunk.count)
            if n < 0 { if errno == EINTR { continue }; failure = .spawn("read failed"); break }
            if n == 0 { break reading }
            out += chunk[0..<n]
            if out.count > outputLimit { failure = .output("printed more than \(outputLimit) bytes"); break }
        }
        // Whatever happened, the hook does not outlive its call: stdout closed
        // is not exit, so wait for the exit within what is left of the limit.
        var status: Int32 = 0
        while failure == nil {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0, errno != EINTR { break }
            if Clock.nowSeconds() >= deadline { failure = .timeout(timeLimit); break }
            if cancelled() { failure = .stopped; break }
            usleep(2000)
        }
        if failure != nil {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            return .failure(failure!)
        }
        let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return code == 0 ? .success(out) : .failure(.exit(code))
    }
}
