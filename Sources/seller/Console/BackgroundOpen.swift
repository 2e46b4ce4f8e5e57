import Foundation
import SellerCore

/// Opens the store on another thread while the console shows the orders view:
/// first the start view (when asked: every pane's partial state), then the
/// whole store, each handed over once when the thread is done with it.
final class BackgroundOpen: @unchecked Sendable {
    private let lock = NSLock()
    private var _fraction = 0.0
    private var _outcome: Result<Store, Error>?
    private var _start: StartView?
    private var _wantsStartView = false

    /// `startView`: read the start view first; without a usable one,
    /// `wantsStartView` says so once the store has loaded (the console's store
    /// worker writes it then, after the hand-over: nobody waits for it).
    init(directory: String, readOnly: Bool, startView: Bool) {
        let thread = Thread { [self] in
            // Below the keys' thread, with every pass it starts: a pane the
            // merchant opens on the start view wins the cores (Behind).
            Parallel.runBehind()
            let result: Result<Store, Error>
            var writeStartView = false
            if startView {
                switch StartView.load(directory: directory) {
                case .success(let v): lock.withLock { _start = v }
                case .failure: writeStartView = true
                }
            }
            do {
                let store = try Self.open(at: directory, readOnly: readOnly) { f in
                    self.lock.withLock { self._fraction = f }
                }
                result = .success(store)
            } catch { result = .failure(error) }
            lock.withLock { _outcome = result; _wantsStartView = writeStartView }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// How the console opens a store (here, in the foreground without an
    /// orders view, and in the bench's probe): the load, then the freed
    /// decode buffers handed back so the idle console does not keep them.
    static func open(at directory: String, readOnly: Bool, progress: ((Double) -> Void)? = nil) throws -> Store {
        let store = try Store.open(at: directory, readOnly: readOnly, progress: progress)
        MemoryTrim.release()
        return store
    }

    var fraction: Double { lock.withLock { _fraction } }
    /// The start view once read, handed over once (the app keeps its state from then on).
    func takeStartView() -> StartView? { lock.withLock { defer { _start = nil }; return _start } }
    var outcome: Result<Store, Error>? { lock.withLock { _outcome } }
    var wantsStartView: Bool { lock.withLock { _wantsStartView } }
}
