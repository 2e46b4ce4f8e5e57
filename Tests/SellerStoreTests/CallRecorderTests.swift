import Foundation
import Testing
@testable import SellerCore
@testable import seller

/// A flush that cannot be written (lock timeout, full disk) keeps what it
/// took, so call times and refusal counts reach the store at the next one.
@Suite struct CallRecorderTests {
    @Test func whatAFailedFlushTookIsOfferedAgain() {
        let r = CallRecorder()
        let minute: Int64 = 29_000_000 * 60_000
        for i in 0..<(RefusalAggregator.burst + 7) {
            _ = r.refused(InterfaceCall(atMs: minute + Int64(i), peer: "203.0.113.9:4", activity: "newInstance",
                                        resultCode: ResultCode.auth.rawValue, resultMsg: "authentication failed", test: false, ms: 0))
        }
        r.time(callId: "call-1", ms: 12)
        let first = r.take(nowMs: minute + 60_000, all: false)
        #expect(first.times.map(\.callId) == ["call-1"])
        #expect(first.refusals.map(\.calls) == [7], "the 7 beyond the first \(RefusalAggregator.burst) as one count")
        r.giveBack(times: first.times, refusals: first.refusals)      // the write failed
        r.time(callId: "call-2", ms: 3)
        let second = r.take(nowMs: minute + 120_000, all: false)
        #expect(second.times.map(\.callId) == ["call-1", "call-2"])
        #expect(second.refusals.map(\.calls) == [7], "not lost, and not doubled")
        let third = r.take(nowMs: minute + 180_000, all: true)
        #expect(third.times.isEmpty && third.refusals.isEmpty)
    }
}
