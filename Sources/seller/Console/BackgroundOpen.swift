import Foundation
import SellerCore

/// Opens the store on another thread while the console shows the orders view.
/// The store is handed over once, whole, when the thread is done with it.
final class BackgroundOpen: @unchecked Sendable {
    private let lock = NSLock()
    private var _fraction = 0.0
    private var _outcome: Result<Store, Error>?

    init(directory: String, readOnly: Bool) {
        let thread = Thread { [self] in
            let result: Result<Store, Error>
            do {
                result = .success(try Self.open(at: directory, readOnly: readOnly) { f in
                    self.lock.withLock { self._fraction = f }
                })
            } catch { result = .failure(error) }
            lock.withLock { _outcome = result }
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
    var outcome: Result<Store, Error>? { lock.withLock { _outcome } }
}
