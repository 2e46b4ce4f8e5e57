import Foundation
import Testing

/// `seller bench` is a benchmark, not a test: here only its shape is checked
/// (a debug build on a tiny store), never its times.
@Suite struct BenchCommandTests {
    @Test func benchPrintsEveryFigureAsNameMedianRangeTargetAndVerdict() throws {
        // The side-by-side lines have their own shape and test (BenchSideBySideTests).
        let r = try runBinary("seller", ["bench", "--orders", "300", "--repeat", "2", "--ingest-events", "400", "--skip-side-by-side"])
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("seller bench: ") == true, "\(lines)")
        // name: median unit (min … max)  target …  ok|MISS — or an info line.
        let figure = try Regex(#"^(.+): ([0-9.]+) (ms|s|×|B|GB) \(([0-9.]+) … ([0-9.]+)\)  (target .+  (ok|MISS)|\(no target: .+\))$"#)
        let figures = lines.dropFirst().dropLast()
        for line in figures { #expect(line.wholeMatch(of: figure) != nil, "not a figure line: \(line)") }
        let names = ["open to first frame", "open until every order is filterable", "the rest of the store loaded behind it",
                     "peak memory / store size", "filter keystroke", "sort by a column", "bytes to the terminal for one j",
                     "append + fsync at", "ingest 400 feed events",
                     // issue 19
                     "open until the overview shows its figures", "open until pane 2 (Supervision) is listed and filterable",
                     "open until pane 3", "open until pane 4", "open until pane 5", "open until pane 6", "open until pane 7",
                     "switch to any pane after start", "another console's append shown", "resident memory, console open and idle",
                     "seller check of the whole store"]
        for name in names { #expect(figures.contains { $0.contains(name) }, "no figure \(name) in \(lines)") }
        let verdicts = figures.filter { $0.hasSuffix(" ok") || $0.hasSuffix(" MISS") }.count
        #expect(verdicts == names.count - 2) // two info lines: the rest loaded, check at 100k
        #expect(lines.last == "all \(verdicts) figures meet their targets" || lines.last?.hasSuffix("figures miss their targets") == true)
        // The medians sit between their min and max.
        for line in figures {
            guard let m = line.wholeMatch(of: figure), let med = Double(m.output[2].substring ?? ""),
                  let lo = Double(m.output[4].substring ?? ""), let hi = Double(m.output[5].substring ?? "") else { continue }
            #expect(lo <= med && med <= hi, "\(line)")
        }
    }

    /// `--only append-shown`: that one figure, measured on a copy — the
    /// store given is left byte for byte as it was — and a name it does
    /// not know is a usage error naming the ones it does.
    @Test func onlyMeasuresOneFigureOnACopyAndNamesTheFiguresItKnows() throws {
        let tmp = TempDir()
        #expect(try runBinary("seller", ["demo", "--store", tmp.store, "--orders", "200", "--seed", "4"]).status == 0)
        func files() throws -> [String: Data] {
            var out: [String: Data] = [:]
            for f in try FileManager.default.contentsOfDirectory(atPath: tmp.store) where f != "attachments" {
                out[f] = FileManager.default.contents(atPath: tmp.store + "/" + f)
            }
            return out
        }
        let before = try files()
        let r = try runBinary("seller", ["bench", "--store", tmp.store, "--only", "append-shown", "--repeat", "1"])
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.first?.hasPrefix("seller bench: ") == true, "\(lines)")
        let figure = try Regex(#"^another console's append shown \(poll, update, draw\): [0-9.]+ ms \([0-9.]+ … [0-9.]+\)  target ≤ 16 ms  (ok|MISS)$"#)
        #expect(lines.dropFirst().first?.wholeMatch(of: figure) != nil, "\(lines)")
        #expect(lines.last == "all 1 figures meet their targets" || lines.last == "1 of 1 figures miss their targets", "\(lines)")
        #expect(try files() == before)
        // `--only check`: `seller check` as the command reads it (the views beside), changing nothing.
        let check = try runBinary("seller", ["bench", "--store", tmp.store, "--only", "check", "--repeat", "1"])
        #expect(check.status == 0, "\(check.err)")
        let checkLine = try Regex(#"^seller check of the whole store: [0-9.]+ s \([0-9.]+ … [0-9.]+\)  \(no target: ≤ 30 s at 1M orders\)$"#)
        #expect(check.out.split(separator: "\n").dropFirst().first.map { String($0).wholeMatch(of: checkLine) != nil } == true, "\(check.out)")
        #expect(try files() == before)
        let bad = try runBinary("seller", ["bench", "--store", tmp.store, "--only", "everything"])
        #expect(bad.status == 2 && bad.err.contains("append-shown") && bad.err.contains("check"), "\(bad.err)")
    }
}
