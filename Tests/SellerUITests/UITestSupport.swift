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

/// The screen tests' store: the state in memory, behind the same write
/// service the console uses (prepare, ids, check, append), so the tests run
/// the shipped write path; only the journal is a fold in memory.
final class MemoryTarget: WriteTarget {
    var state: SellerState
    let now: () -> Timestamp = { Demo.now }
    var stored: [String: [UInt8]] = [:]
    var seq = 0

    init(_ state: SellerState) { self.state = state }

    func store(_ a: Store.PreparedAttachment) throws(StoreError) { stored[a.ref.sha256 ?? a.ref.name] = a.bytes }

    func commit(_ make: (SellerState) throws(StoreError) -> EventEnvelope) throws(StoreError) -> (seq: Int, event: EventEnvelope) {
        let e = try make(state)
        do throws(DomainError) { try state.apply(e) } catch { throw .refused(error) }
        seq += 1
        return (seq, e)
    }

    /// The write service for `account`; files named by the tests need not
    /// exist (a name alone stands for a one-byte file).
    func service(_ account: String) -> WriteService {
        var w = WriteService(self, actor: .account(account))
        w.readFile = { p in Store.PreparedAttachment(ref: AttachmentRef(name: p, size: 1), bytes: [0]) }
        return w
    }

    /// Runs an effect as the console does and reports back to the app.
    func run(_ effect: Effect, on app: inout App) {
        guard let request = effect.writeRequest else { return }
        let account = app.model.account.id
        let result = service(account).perform(request)
        app.update(Model(state: state, account: state.accounts[account] ?? app.model.account, now: Demo.now, lang: app.model.lang))
        if case .failure(let r) = result { app.finished(effect, refusal: r) } else { app.finished(effect, refusal: nil) }
    }
}
