import Foundation
import Testing
@testable import SellerCore

/// Real child processes against one store: killed writers, concurrent
/// writers, crashes inside compaction.
@Suite(.serialized) struct CrashAndConcurrencyTests {
    @Test func killedWritersNeverLoseAnAcknowledgedEvent() throws {
        let tmp = TempDir()
        #expect(try Probe.run(["init", tmp.store]).0 == 0)
        var acked = Set<String>()
        var rng = SystemRandomNumberGenerator()
        var tornSeen = 0
        let iterations = 200
        for i in 0..<iterations {
            // Every fifth writer compacts after every few lines, so kills also land inside compaction.
            let env = i % 5 == 0 ? ["SELLER_TEST_COMPACT_EVERY": "4"] : [:]
            let writer = Probe.start(["append", tmp.store, "0", "w\(i)"], env: env)
            usleep(UInt32.random(in: 5_000...150_000, using: &rng))
            // Never signal pid 0 or -1: that would reach the test runner's own group.
            #expect(writer.pid > 0)
            if writer.pid > 0 { kill(writer.pid, SIGKILL) }
            acked.formUnion(Probe.acked(writer.wait().out))
            let store = try Store.open(at: tmp.store)
            tornSeen += store.warnings.filter { $0.contains("incomplete last line") }.count
            let missing = acked.subtracting(store.probeIds)
            #expect(missing.isEmpty, "iteration \(i): acknowledged but lost: \(missing.sorted().prefix(5))")
            if !missing.isEmpty { break }
        }
        let final = try Store.open(at: tmp.store)
        #expect(acked.count >= iterations / 4, "the writers acknowledged only \(acked.count) events; the test did not exercise much")
        #expect(final.probeIds.isSuperset(of: acked))
        #expect(try StoreMaintenance.check(tmp.store).damage.isEmpty)
        print("kill -9 test: \(iterations) writers killed, \(acked.count) acknowledged events all present, \(final.lastSeq) events stored, \(tornSeen) torn lines recovered")
    }

    @Test func threeWritersAtOnceLoseNothing() throws {
        let tmp = TempDir()
        #expect(try Probe.run(["init", tmp.store]).0 == 0)
        let barrier = tmp.path + "/go"
        let writers = (0..<3).map { Probe.start(["append", tmp.store, "300", "p\($0)"], env: ["SELLER_PROBE_START_FILE": barrier]) }
        usleep(200_000)   // let all three open the store and wait
        writeBytes(barrier, [])
        var acked: [String] = []
        for w in writers {
            let r = w.wait()
            #expect(r.status == 0, "\(r.err)")
            acked += Probe.acked(r.out)
        }
        #expect(acked.count == 900)
        let store = try Store.open(at: tmp.store)   // a strict open checks sequence contiguity line by line
        #expect(store.lastSeq == 901)
        #expect(store.probeIds.isSuperset(of: Set(acked)))
        let seqs = String(decoding: fileBytes(tmp.store + "/journal.jsonl"), as: UTF8.self).split(separator: "\n").map { line -> Int in
            let tail = line[line.range(of: #""seq":"#)!.upperBound...]
            return Int(tail.prefix { $0.isNumber })!
        }
        let firstBreak = seqs.enumerated().first { $0.offset + 1 != $0.element }
        #expect(seqs.count == 901 && firstBreak == nil, "\(seqs.count) lines; first break at line \(firstBreak.map { "\($0.offset + 1): seq \($0.element)" } ?? "none")")
        // The three writers really interleaved: the writer changes along the journal.
        let writersInOrder = String(decoding: fileBytes(tmp.store + "/journal.jsonl"), as: UTF8.self)
            .split(separator: "\n").dropFirst().map { line -> Character in
                let after = line[line.range(of: #""id":"p"#)!.upperBound...]
                return after.first!
            }
        let switches = zip(writersInOrder, writersInOrder.dropFirst()).filter { $0 != $1 }.count
        #expect(switches >= 2, "writers did not overlap (\(switches) switches)")
    }

    @Test(arguments: CompactionStep.allCases)
    func crashAtEveryCompactionStepKeepsEveryEvent(step: CompactionStep) throws {
        let tmp = TempDir()
        #expect(try Probe.run(["init", tmp.store]).0 == 0)
        #expect(try Probe.run(["append", tmp.store, "25", "c"]).0 == 0)
        let before = try Store.open(at: tmp.store)
        let (status, _) = try Probe.run(["compact", tmp.store], env: ["SELLER_TEST_CRASH_AT": step.rawValue])
        #expect(status == 137, "the probe should have died at \(step.rawValue)")
        let after = try Store.open(at: tmp.store)
        #expect(after.state == before.state, "state differs after a crash at \(step.rawValue)")
        #expect(after.lastSeq == 26)
        try after.append(.messagePosted(MessagePost(category: 901, title: "after \(step.rawValue)", body: "")), by: .platform)
        let again = try Store.open(at: tmp.store)
        #expect(again.lastSeq == 27 && again.state == after.state)
        #expect(try StoreMaintenance.check(tmp.store).healthy)
        // A later compaction completes and clears any leftover.
        try again.compact()
        #expect(!FileIO.exists(tmp.store + "/snapshot.jsonl.tmp"))
        #expect(try Store.open(at: tmp.store).state == again.state)
    }
}

@Suite struct LiveTests {
    /// Another process appends; polling like the console's loop (every
    /// 250 ms) hears about it well within a second, each event once.
    @Test func pollingHearsOtherProcessesWithinASecond() throws {
        let tmp = TempDir()
        #expect(try Probe.run(["init", tmp.store]).0 == 0)
        let store = try Store.open(at: tmp.store)
        var heard: [String] = []
        #expect(try store.poll().isEmpty)
        let (status, _) = try Probe.run(["append", tmp.store, "3", "live"])
        #expect(status == 0)
        let appendedAt = Date()
        while heard.count < 3, Date().timeIntervalSince(appendedAt) < 1 {
            heard += try store.poll().events.map(\.id)
            if heard.count < 3 { usleep(250_000) }
        }
        #expect(heard == ["live-1", "live-2", "live-3"], "heard \(heard) within \(Date().timeIntervalSince(appendedAt)) s")
        #expect(store.state.messages["msg-live-2"] != nil)
        #expect(try Probe.run(["append", tmp.store, "1", "quiet"]).0 == 0)
        #expect(try store.poll().events.map(\.id) == ["quiet-1"], "only what is new")
        #expect(try store.poll().isEmpty, "and once")
    }
}
