import Foundation
import Testing
@testable import SellerCore
@testable import SellerUI

/// Whole screens, compared with the checked-in text under Snapshots/: every
/// pane and every mode at 80×24 and 120×40, in Chinese and English, on the
/// demo store at its fixed `now`. They pin what the substring checks
/// elsewhere do not: nothing moved, nothing cut, no debris.
///
/// The expected files are regenerated only on request:
/// `SNAPSHOT_RECORD=1 swift test --filter SnapshotTests` (then read the diff).
/// Lines are stored without their trailing spaces (the width of every row is
/// checked separately, in full).
@Suite struct SnapshotTests {
    struct Scenario: CustomTestStringConvertible, Sendable {
        var name: String
        var start: Tab
        var script: @Sendable (inout App) -> Void
        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = {
        // Every pane as it opens, from the overview the console starts on.
        var all = Tab.allCases.map { tab in
            Scenario(name: "pane\(tab.rawValue)", start: .dashboard) { $0.send(.char(Character(String(tab.rawValue)))) }
        }
        all += [
            Scenario(name: "list-moved", start: .orders) { $0.send(.char("j"), .char("j"), .char("s")) },
            Scenario(name: "commandline", start: .orders) { $0.send(.char(":")); $0.type("status 处理") },
            Scenario(name: "commandline-applied", start: .orders) { $0.send(.char(":")); $0.type("status 处理中"); $0.send(.enter) },
            Scenario(name: "filter", start: .orders) { $0.send(.char("/")); $0.type("王") },
            Scenario(name: "help", start: .orders) { $0.send(.char("?")) },
            Scenario(name: "fulldetail", start: .supervision) { $0.send(.enter) },
            Scenario(name: "actionmenu", start: .supervision) { $0.send(.char("a")) },
            Scenario(name: "form", start: .supervision) { app in
                selectAppealable(&app)
                app.send(.char("A"))
                app.type("买家超过五天未验收")
            },
            Scenario(name: "form-review", start: .supervision) { app in
                selectAppealable(&app)
                app.send(.char("A"))
                app.type("买家超过五天未验收")
                app.send(.tab)
                app.type("/tmp/证据.png")
                app.send(.enter, .ctrl("s"))
            },
            Scenario(name: "receivers", start: .messages) { $0.send(.char("R")) },
            Scenario(name: "confirm", start: .messages) { $0.send(.char("M")) },
            Scenario(name: "draftoffer", start: .orders) { app in
                var form = FormState(purpose: .appeal(orderId: "CS261114000295"), rules: [], lang: app.model.lang)
                form.changed = true
                var d = FormDraft(form)
                d.values = ["reason": "买家超过五天未验收"]
                app.offerDraft(d)
            },
        ]
        return all
    }()

    /// Moves to the first supervision row an appeal may be filed on.
    static func selectAppealable(_ app: inout App) {
        let main = app.model.account
        for _ in 0..<app.rowCount {
            if let id = app.selectedId, app.model.state.appealRefusal(orderId: id, account: main) == nil { return }
            app.send(.char("j"))
        }
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    static let recording = ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1"

    static func text(_ app: App) -> String {
        app.screen.map { line in String(line.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n") + "\n"
    }

    /// A readable difference: each line that differs, expected then actual.
    static func diff(expected: String, actual: String) -> String {
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        var out: [String] = []
        for i in 0..<max(e.count, a.count) {
            let x = i < e.count ? e[i] : "(none)", y = i < a.count ? a[i] : "(none)"
            if x != y { out.append("line \(i + 1):\n  expected: \(x)\n  actual:   \(y)") }
        }
        return out.joined(separator: "\n")
    }

    @Test(arguments: scenarios, [Lang.zh, .en])
    func screen(_ scenario: Scenario, lang: Lang) throws {
        for (w, h) in [(80, 24), (120, 40)] {
            var app = Demo.app(width: w, height: h, lang: lang, start: scenario.start)
            scenario.script(&app)
            let lines = app.screen
            #expect(lines.count == h && lines.allSatisfy { TextWidth.width($0) == w }, "every row is \(w) cells: \(scenario.name)")
            let actual = Self.text(app)
            let file = Self.directory.appendingPathComponent("\(scenario.name).\(lang.rawValue).\(w)x\(h).txt")
            if Self.recording {
                try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
                try actual.write(to: file, atomically: true, encoding: .utf8)
                continue
            }
            guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
                Issue.record("no expected screen \(file.lastPathComponent); record it with SNAPSHOT_RECORD=1 and review it")
                continue
            }
            #expect(actual == expected, "\(file.lastPathComponent) differs:\n\(Self.diff(expected: expected, actual: actual))")
        }
    }

    /// The comparison itself can fail: a screen one cell off is caught and named.
    @Test func aChangedScreenIsReportedLineByLine() {
        let d = Self.diff(expected: "a\nb\nc\n", actual: "a\nB\nc\n")
        #expect(d.contains("line 2:") && d.contains("expected: b") && d.contains("actual:   B") && !d.contains("line 1"))
        #expect(Self.diff(expected: "a\n", actual: "a\n").isEmpty)
    }
}
