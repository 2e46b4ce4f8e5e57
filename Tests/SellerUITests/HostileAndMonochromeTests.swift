import Testing
@testable import SellerCore
@testable import SellerUI

/// Untrusted text on screen, and a screen read without colour.
@Suite struct HostileAndMonochromeTests {
    static let hostile = "恶意\u{1B}[2J\u{1B}]0;pwned\u{07}客户\u{202E}gnp.exe\u{0}\u{8}\r\n😀👨‍👩‍👧" + String(repeating: "长", count: 500)

    /// The demo with one order's customer and one ticket body made hostile.
    static func state() -> SellerState {
        var s = Demo.state
        let id = s.orders.keys.sorted().first { s.orders[$0]!.createdAt == s.orders.values.map(\.createdAt).max() }!
        s.orders[id]!.customer.name = hostile
        if let t = s.tickets.keys.sorted().first { s.tickets[t]!.title = hostile }
        return s
    }

    @Test(arguments: [(80, 24), (120, 40), (200, 50)])
    func hostileTextIsShownAsSymbolsAndNeverReachesTheTerminal(size: (Int, Int)) {
        var app = Demo.app(width: size.0, height: size.1, state: Self.state())
        for keys in [[Key.char("1")], [.char("1"), .enter], [.escape, .char("3"), .char("]"), .char("]"), .char("]"), .char("]")], [.enter]] {
            app.send(keys.first!)
            for k in keys.dropFirst() { app.send(k) }
            let canvas = app.render()
            for y in 0..<canvas.height {
                for x in 0..<canvas.width {
                    let scalars = canvas[x, y].text.unicodeScalars
                    #expect(!scalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) },
                            "control character at \(x),\(y)")
                    #expect(!scalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) },
                            "bidi control at \(x),\(y)")
                }
            }
            // Every row is exactly the screen's width in cells: nothing overflowed.
            for line in app.screen { #expect(TextWidth.width(line) <= size.0) }
        }
        app.send(.escape, .char("1"))
        #expect(app.screenText.contains("恶意"), "the text itself is still shown")
    }

    @Test func withoutColourTheSelectionAndEveryStateStillRead() {
        var app = Demo.app()
        app.send(.char("j"), .char("j"))
        let canvas = app.render()
        // The selected row is in reverse video across the table, which needs no colour.
        let y = canvas.height > 0 ? (0..<canvas.height).first { row in
            (0..<20).allSatisfy { canvas[$0, row].style.reverse } && app.screen[row].contains(app.selectedId!)
        } : nil
        #expect(y != nil, "the selected row is marked by reverse video")
        // Statuses are words or symbols, never colour alone.
        app.send(.char("4"), .char("]"))
        let messages = app.screenText
        #expect(messages.contains("●"), "unread messages carry a symbol")
        app.send(.char("2"), .char("]"), .char("]"), .char("]"), .char("]"), .char("]"))
        #expect(app.screenText.contains("冻结") || app.screenText.contains("申诉"), "frozen records say so in words")
    }
}

/// The sanitizer's byte-level fast path against the scalar rule it stands for.
@Suite struct SanitizerFastPathTests {
    static func needsWork(_ v: UInt32) -> Bool {
        v < 0x20 || (0x7F..<0xA0).contains(v) || v == 0x2028 || v == 0x2029 || Sanitizer.isBidiControl(v)
    }

    @Test func theByteScanFlagsExactlyTheScalarsCleanChanges() {
        for v in UInt32(0)...0x10FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            var s = "a" + String(Character(u)) + "张"
            #expect(Sanitizer.needsNothing(&s) == !Self.needsWork(v), "U+\(String(v, radix: 16))")
        }
        for text in ["", "张三", "Acme Robotics", "\u{1B}[31m", "a\u{202E}b", "x\u{85}y", "😀👍🏽", "\u{2029}", "名\u{061C}字"] {
            var s = text
            #expect(Sanitizer.needsNothing(&s) == (Sanitizer.line(text) == text && !text.unicodeScalars.contains { Self.needsWork($0.value) }), "\(text.debugDescription)")
        }
    }
}
