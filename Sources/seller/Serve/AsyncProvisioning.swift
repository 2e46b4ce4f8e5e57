import Foundation
import SellerCore

/// One hook run on its own thread: the caller waits for it up to the
/// synchronous limit; if it is still running then, its result goes to a
/// completion handler instead, on the hook's thread (newInstance answered 000004).
final class HookJob: @unchecked Sendable {
    typealias Outcome = Result<[UInt8], HookRunner.Failure>
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var result: Outcome?
    private var completion: (@Sendable (Outcome) -> Void)?

    init(_ work: @escaping @Sendable () -> Outcome) {
        let thread = Thread { [self] in
            let r = work()
            lock.lock()
            if let then = completion {
                lock.unlock()
                then(r)
            } else {
                result = r
                lock.unlock()
                done.signal()
            }
        }
        thread.stackSize = 512 << 10
        thread.start()
    }

    /// The result if it came within `seconds`; otherwise nil, and `then`
    /// receives it when the hook ends.
    func wait(seconds: Double, otherwise then: @escaping @Sendable (Outcome) -> Void) -> Outcome? {
        _ = done.wait(timeout: .now() + seconds)
        lock.lock(); defer { lock.unlock() }
        if let r = result { return r }
        completion = then
        return nil
    }
}

/// Order lines whose newInstance hook is running: a re-sent newInstance (the
/// platform retries anything but 000000) gets 000004 with the promised
/// instanceId instead of a second hook; queryInstance of that id gets 000004 too.
final class Provisioning: @unchecked Sendable {
    private let lock = NSLock()
    private var byLine: [String: String] = [:]
    private var ids: Set<String> = []

    /// Claims the order line for `id`; the id already promised when a hook is running for it.
    func begin(line: String, id: String) -> String? {
        lock.lock(); defer { lock.unlock() }
        if let running = byLine[line] { return running }
        byLine[line] = id
        ids.insert(id)
        return nil
    }

    func end(line: String) {
        lock.lock(); defer { lock.unlock() }
        if let id = byLine.removeValue(forKey: line) { ids.remove(id) }
    }

    func isRunning(_ id: String) -> Bool { lock.lock(); defer { lock.unlock() }; return ids.contains(id) }
    var count: Int { lock.lock(); defer { lock.unlock() }; return byLine.count }

    /// Waits (bounded) for the background hooks, so a stop does not cut one that is about to finish.
    func drain(seconds: Double) {
        let until = Clock.nowSeconds() + seconds
        while count > 0, Clock.nowSeconds() < until { usleep(20_000) }
    }
}
