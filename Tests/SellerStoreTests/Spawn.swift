import Foundation

/// Starts programs for the tests with posix_spawn and reaps them with a
/// blocking waitpid. Foundation's Process can miss a child's exit on Linux
/// (seen here: waitUntilExit hung on a zombie tmux client), so the tests
/// do not depend on it. Output goes to temporary files: no pipe can fill up.
struct Spawned {
    let pid: pid_t
    let outPath: String
    let errPath: String

    /// Waits for the exit; returns the status (128 + signal when killed) and output.
    func wait() -> (status: Int32, out: String, err: String) {
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0, errno == EINTR {}
        let status = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: outPath)
        try? FileManager.default.removeItem(atPath: errPath)
        return (status, out, err)
    }
}

/// The complete environment every child of the tests gets, and nothing else.
enum TestEnvironment {
    /// A private, empty home: no caller's settings, key map or store leaks in.
    static let home: String = {
        let path = NSTemporaryDirectory() + "seller-test-home-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path + "/.config", withIntermediateDirectories: true)
        return path
    }()

    /// `locale` fills both LC_ALL and LANG, so neither can be overridden by
    /// whatever the caller exported.
    static func base(locale: String = "C.UTF-8", term: String = "xterm-256color") -> [String: String] {
        [
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": home,
            "XDG_CONFIG_HOME": home + "/.config",
            "XDG_DATA_HOME": home + "/.local/share",
            "TMPDIR": NSTemporaryDirectory(),
            "LC_ALL": locale,
            "LANG": locale,
            "TERM": term,
        ]
    }

    /// The same environment as an `env -i …` prefix for a shell command line
    /// (tmux runs the console through `sh -c`, whose environment is the server's).
    static func shellPrefix(locale: String, term: String = "tmux-256color", extra: [String: String] = [:]) -> String {
        "env -i " + base(locale: locale, term: term).merging(extra) { $1 }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}

enum Spawn {
    static func start(_ path: String, _ args: [String], env: [String: String] = [:], stdinPath: String = "/dev/null") -> Spawned {
        let base = NSTemporaryDirectory() + "spawn-\(getpid())-\(UInt64.random(in: 0..<UInt64.max))"
        let outPath = base + ".out", errPath = base + ".err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Never the caller's environment: a test run under LC_ALL=C, another
        // HOME or a SELLER_STORE must behave exactly as one run anywhere else.
        var environment = TestEnvironment.base()
        for (k, v) in env { environment[k] = v }
        let argv = ([path] + args).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv { free(p) }; for p in envp { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
        precondition(rc == 0, "posix_spawn \(path): \(String(cString: strerror(rc)))")
        return Spawned(pid: pid, outPath: outPath, errPath: errPath)
    }

    static func run(_ path: String, _ args: [String], env: [String: String] = [:], stdinPath: String = "/dev/null") -> (status: Int32, out: String, err: String) {
        start(path, args, env: env, stdinPath: stdinPath).wait()
    }
}
