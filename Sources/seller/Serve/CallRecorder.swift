import Foundation
import SellerCore

/// Refused calls (bad signature, replay, bad HTTP or JSON) come from anyone on
/// the internet: journaling each would let unsigned garbage fill the disk.
/// The first `burst` refusals of a kind — (minute, peer IP, activity,
/// orderId, result) — are written in full at once, so a misconfigured key
/// shows up straight away; the rest of that minute are counted and written as
/// one line with `count` once the minute is over. At most `keysPerMinute` kinds a minute:
/// beyond that a flood of made-up orders or activities shares one kind per
/// result code, so the journal grows by a bounded number of lines a minute
/// whatever arrives.
struct RefusalAggregator {
    static let keysPerMinute = 64
    static let burst = 5

    struct Key: Hashable { var minute: Int64; var peer: String; var activity: String; var orderId: String?; var code: String }
    private struct Seen { var sample: InterfaceCall; var written = 1; var more = 0; var lastMs: Int64 }
    private var seen: [Key: Seen] = [:]
    private var kinds: [Int64: Int] = [:]

    /// The peer without its port: one client's connections are one peer.
    static func host(_ peer: String) -> String {
        guard peer.filter({ $0 == ":" }).count == 1, let i = peer.lastIndex(of: ":") else { return peer }
        return String(peer[..<i])
    }

    /// The call to write now (among the first `burst` of its kind this minute), or nil when it was counted.
    mutating func admit(_ c: InterfaceCall) -> InterfaceCall? {
        let minute = c.atMs / 60_000
        var key = Key(minute: minute, peer: Self.host(c.peer), activity: c.activity, orderId: c.orderId, code: c.resultCode)
        if seen[key] == nil, kinds[minute, default: 0] >= Self.keysPerMinute {
            key = Key(minute: minute, peer: "*", activity: "", orderId: nil, code: c.resultCode)
        }
        if seen[key] != nil, seen[key]!.written < Self.burst {
            seen[key]!.written += 1
            return c
        }
        if seen[key] != nil {
            seen[key]!.more += 1
            seen[key]!.lastMs = c.atMs
            return nil
        }
        seen[key] = Seen(sample: c, lastMs: c.atMs)
        kinds[minute, default: 0] += 1
        return c
    }

    /// One line per kind with more calls than its first, for every minute
    /// before `nowMs`'s (all minutes with `all`).
    mutating func due(nowMs: Int64, all: Bool) -> [InterfaceCall] {
        let current = nowMs / 60_000
        var out: [InterfaceCall] = []
        for (key, s) in seen where all || key.minute < current {
            seen[key] = nil
            guard s.more > 0 else { continue }
            let what = key.peer == "*" ? "from \(Self.keysPerMinute)+ peers, activities or orders" : "like the first \(Self.burst)"
            out.append(InterfaceCall(atMs: s.lastMs, peer: key.peer, activity: key.activity, orderId: key.orderId,
                                     resultCode: key.code, resultMsg: String("\(s.more) more refused calls \(what) in this minute: \(s.sample.resultMsg)".prefix(255)),
                                     test: false, ms: 0, count: s.more))
        }
        for m in kinds.keys where all || m < current { kinds[m] = nil }
        return out.sorted { $0.atMs < $1.atMs }
    }
}

/// What can be journaled after the answer: each call's full time
/// (`interface.call_time`) and the aggregated refusals, written together in
/// one batch (one fsync) by `flush`, which a thread calls every 200 ms and
/// `serve` once more when it stops.
final class CallRecorder: @unchecked Sendable {
    /// Times waiting to be written; beyond this (a store that cannot be
    /// written) the newest are dropped: the calls themselves are journaled.
    static let pendingLimit = 50_000
    private let lock = NSLock()
    private var times: [InterfaceCallTime] = []
    private var refusals = RefusalAggregator()

    func time(callId: String, ms: Int) {
        lock.lock(); defer { lock.unlock() }
        if times.count < Self.pendingLimit { times.append(InterfaceCallTime(callId: callId, ms: ms)) }
    }

    /// The refused call to journal now, or nil when it was counted for later.
    func refused(_ c: InterfaceCall) -> InterfaceCall? {
        lock.lock(); defer { lock.unlock() }
        return refusals.admit(c)
    }

    /// Refusal counts taken but not written (the store could not be written):
    /// offered again by the next `take`, so the counts are not lost.
    private var unwritten: [InterfaceCall] = []

    /// Takes what is due: the pending times and the refusals of finished minutes.
    func take(nowMs: Int64, all: Bool) -> (times: [InterfaceCallTime], refusals: [InterfaceCall]) {
        lock.lock(); defer { lock.unlock() }
        let t = times
        times.removeAll(keepingCapacity: true)
        let r = unwritten + refusals.due(nowMs: nowMs, all: all)
        unwritten.removeAll()
        return (t, r)
    }

    /// What `take` handed out could not be written: kept for the next flush,
    /// within `pendingLimit` (beyond it the newest times are dropped, as in
    /// `time`; a count line is small and stands for many calls).
    func giveBack(times back: [InterfaceCallTime], refusals r: [InterfaceCall]) {
        lock.lock(); defer { lock.unlock() }
        unwritten = Array((r + unwritten).prefix(Self.pendingLimit))
        // As `time` does: the oldest are kept, the newest dropped beyond the limit.
        times = Array((back + times).prefix(Self.pendingLimit))
    }
}
