import Foundation
import Testing

/// The suite must not depend on the environment it runs in (issue 14): a
/// caller's LC_ALL once overrode the LANG the console tests set, and every
/// tmux test failed under `LC_ALL=C.UTF-8`.
@Suite struct EnvironmentTests {
    static func parse(_ out: String) -> [String: String] {
        var env: [String: String] = [:]
        for line in out.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            env[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return env
    }

    @Test func aChildGetsExactlyTheTestEnvironmentPlusItsOverrides() {
        let r = Spawn.run("/usr/bin/env", [], env: ["SELLER_READONLY": "1"])
        var expected = TestEnvironment.base()
        expected["SELLER_READONLY"] = "1"
        #expect(r.status == 0)
        #expect(Self.parse(r.out) == expected, "nothing of the caller's environment leaks into a child")
    }

    @Test func theConsoleCommandLineSetsACompleteLocale() {
        // What the tmux tests type: sh -c "<prefix> program …", with a hostile
        // LC_ALL and LANG already in the shell's environment.
        let line = TestEnvironment.shellPrefix(locale: "zh_CN.UTF-8") + " /usr/bin/env"
        let r = Spawn.run("/bin/sh", ["-c", line], env: ["LC_ALL": "C", "LANG": "en_US.UTF-8", "SELLER_STORE": "/nonexistent"])
        let env = Self.parse(r.out)
        #expect(env["LC_ALL"] == "zh_CN.UTF-8" && env["LANG"] == "zh_CN.UTF-8")
        #expect(env["TERM"] == "tmux-256color")
        #expect(env["SELLER_STORE"] == nil)
        #expect(env["HOME"] == TestEnvironment.home && env["XDG_CONFIG_HOME"] == TestEnvironment.home + "/.config")
    }
}
