import Testing
@testable import SellerCore
@testable import SellerUI

/// A demo state folded once and shared by the screen tests.
enum Demo {
    static let state: SellerState = {
        var s = SellerState()
        for e in DemoGenerator(.init(seed: 2, orders: 140)) { try! s.apply(e) }
        return s
    }()
    static let now = DemoGenerator.Options.defaultAnchor

    /// A console on the orders tab (most tests start there); `start: .dashboard` is what `seller` opens on.
    static func app(width: Int = 120, height: Int = 40, account: String = "yunshan", lang: Lang = .zh, state: SellerState = Demo.state,
                    start: Tab = .orders) -> App {
        App(model: Model(state: state, account: state.accounts[account]!, now: now, lang: lang), width: width, height: height,
            storeLabel: "/tmp/demo", badges: ["DEMO"], startTab: start)
    }
}

extension App {
    /// Sends keys; typed text as characters.
    @discardableResult
    mutating func send(_ keys: Key...) -> [Effect] { keys.flatMap { handle($0) } }

    @discardableResult
    mutating func type(_ text: String) -> [Effect] { text.flatMap { handle(.char($0)) } }

    var screen: [String] { render().lines() }
    var screenText: String { screen.joined(separator: "\n") }
}
