import Foundation
import SellerCore

/// Opens the store on another thread while the console shows the orders view.
/// The store is handed over once, whole, when the thread is done with it.
final class BackgroundOpen: @unchecked Sendable {
    private let lock = NSLock()
    private var _fraction = 0.0
    private var _outcome: Result<Store, Error>?

    /// `writeStartView`: the console started without a usable start view;
    /// the next one should not (written here, off the keys' thread).
    init(directory: String, readOnly: Bool, writeStartView: Bool = false) {
        let thread = Thread { [self] in
            let result: Result<Store, Error>
            do {
                let store = try Store.open(at: directory, readOnly: readOnly) { f in
                    self.lock.withLock { self._fraction = f }
                }
                if writeStartView { try? store.writeStartView() }
                result = .success(store)
            } catch { result = .failure(error) }
            lock.withLock { _outcome = result }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    var fraction: Double { lock.withLock { _fraction } }
    var outcome: Result<Store, Error>? { lock.withLock { _outcome } }
}
