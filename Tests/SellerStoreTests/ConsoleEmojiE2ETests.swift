import Foundation
import Testing
@testable import SellerCore

/// Issue 15 item 11 in a real tmux: the 接口 pane lists calls whose order id
/// holds an emoji sequence; every row's next column starts at the same cell
/// as in a plain row, nothing is left between them, and Ctrl-L changes nothing.
/// The cells are counted with glibc's `wcwidth` (what tmux counts by), not
/// with the console's own width function.
@Suite(.serialized) struct ConsoleEmojiE2ETests {
    static let sequences = [
        "👍", "👍🏽", "👨‍👩‍👧‍👦", "🧑🏽‍💻", "🇨🇳", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", "❤️", "❤︎", "☎️",
        "1️⃣", "#️⃣", "⌚", "🌡", "🏳️‍🌈", "\u{1FAF8}", "中文",
    ]

    /// glibc's own `wcwidth` (the Glibc module does not export it to Swift).
    static let wcwidth: @convention(c) (Int32) -> Int32 = unsafeBitCast(dlsym(dlopen(nil, RTLD_NOW), "wcwidth")!, to: (@convention(c) (Int32) -> Int32).self)

    /// The cell a character index starts at in a captured line, by glibc's wcwidth in a UTF-8 locale.
    static func column(of marker: String, in line: String) -> Int? {
        guard let r = line.range(of: marker) else { return nil }
        let loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil)
        defer { if let loc { freelocale(loc) } }
        let old = uselocale(loc)
        defer { uselocale(old) }
        return line[..<r.lowerBound].unicodeScalars.reduce(0) { $0 + max(0, Int(Self.wcwidth(Int32(bitPattern: $1.value)))) }
    }

    @Test(.enabled(if: ConsoleE2ETests.hasTmux, ConsoleE2ETests.skipReason)) func emojiRowsKeepTheirColumnsAndCtrlLLeavesNoDebris() throws {
        let tmp = TempDir()
        #expect(try runBinary("seller", ["demo", "--store", tmp.store, "--orders", "60", "--seed", "3"]).status == 0)
        let store = try Store.open(at: tmp.store)
        let at = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        // Row "R" is the plain reference; the others carry one sequence each between two Q's.
        for (i, seq) in (["R"] + Self.sequences).enumerated() {
            let order = seq == "R" ? "QQ" : "Q\(seq)Q"
            let c = InterfaceCall(atMs: at.seconds * 1000 + Int64(i), peer: "127.0.0.1:1", activity: "queryInstance", orderId: order,
                                  instanceId: "M\(i)x", resultCode: "000003", resultMsg: "unknown", test: false, ms: 1)
            try store.append(.interfaceCall(c), by: .platform, id: "emoji-\(i)", at: at)
        }
        guard let s = ConsoleE2ETests.start("\(TestEnvironment.shellPrefix(locale: "zh_CN.UTF-8")) \(builtProduct("seller")) --store \(tmp.store); sleep 30",
                                            width: 120, height: 40) else { return }
        defer { s.kill() }
        #expect(s.wait(for: "[ 0 概览 ]"), "\(s.screen)")
        #expect(s.wait(for: "近 30 天"), "\(s.screen)")
        // From the overview's text to the pane: a cell a piece did not cover would keep the overview's character.
        s.keys("7")
        #expect(s.wait(for: "M0x"), "\(s.screen)")
        usleep(300_000)
        let first = s.screen
        func check(_ screen: String, _ when: String) {
            // A ZWJ reaching tmux joins the next emoji into its cell (or rides on a column separator).
            #expect(!screen.unicodeScalars.contains { $0.value == 0x200D }, "\(when): a ZWJ reached the terminal")
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let ref = lines.first(where: { $0.contains("M0x") }), let refCol = Self.column(of: "M0x", in: ref),
                  let refQ = Self.column(of: "QQ", in: ref) else {
                Issue.record("\(when): no reference row\n\(screen)"); return
            }
            for (i, seq) in Self.sequences.enumerated() {
                let marker = "M\(i + 1)x"
                guard let line = lines.first(where: { $0.contains(marker) }) else { Issue.record("\(when): no row \(marker) for \(seq)\n\(screen)"); continue }
                #expect(Self.column(of: "Q", in: line) == refQ, "\(when) \(seq): the order column starts where it should\n\(line)")
                #expect(Self.column(of: marker, in: line) == refCol, "\(when) \(seq): the next column starts at cell \(refCol)\n\(line)\n\(ref)")
                // Between the closing Q and the next column: blanks only, no debris.
                if let m = line.range(of: marker), let q = line[..<m.lowerBound].range(of: "Q", options: .backwards) {
                    #expect(line[q.upperBound..<m.lowerBound].allSatisfy { $0 == " " }, "\(when) \(seq): debris \(line[q.upperBound..<m.lowerBound].unicodeScalars.map { String($0.value, radix: 16) })")
                }
            }
        }
        check(first, "first paint")
        // Move through the rows (each repainted highlighted), then Ctrl-L repaints everything.
        for _ in 0..<Self.sequences.count { s.keys("j") }
        for _ in 0..<Self.sequences.count { s.keys("k") }
        usleep(300_000)
        check(s.screen, "after moving")
        s.keys("C-l")
        usleep(400_000)
        let repainted = s.screen
        check(repainted, "after Ctrl-L")
        #expect(repainted.split(separator: "\n").dropFirst() == first.split(separator: "\n").dropFirst(), "Ctrl-L changes nothing that was right")
    }
}
