import Foundation
import SellerCore

// A child process for the store's crash and concurrency tests. Not installed,
// not user-facing: it appends, acknowledges on stdout, and compacts on command.
//
//   store-probe init DIR
//   store-probe append DIR COUNT TAG     (COUNT 0 = until killed)
//   store-probe compact DIR              (SELLER_TEST_CRASH_AT=step crashes there)
//   store-probe repair DIR               (SELLER_TEST_REPAIR_CRASH_AT=step crashes there;
//                                         pinned clock, so two repairs write the same bytes)

let a = CommandLine.arguments
/// Unbuffered: an acknowledgement is on the pipe before the next append starts.
func say(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }
func die(_ s: String) -> Never { FileHandle.standardError.write(Data((s + "\n").utf8)); exit(3) }
guard a.count >= 3 else { die("usage: store-probe init|append|compact DIR …") }
let dir = a[2]
do {
    switch a[1] {
    case "init":
        let s = try Store.create(at: dir)
        if s.state.mainAccount == nil {
            try s.append(.accountAdded(Account(id: "main", name: "云杉科技", role: .main)), by: .platform, id: "bootstrap-main")
        }
    case "append":
        guard a.count == 5, let count = Int(a[3]) else { die("append DIR COUNT TAG") }
        let s = try Store.open(at: dir)
        if let every = ProcessInfo.processInfo.environment["SELLER_TEST_COMPACT_EVERY"].flatMap(Int.init) {
            s.compactionThreshold = every
        }
        // A start barrier: writers launched together wait for the same file,
        // so "at once" does not depend on how fast each process starts.
        if let barrier = ProcessInfo.processInfo.environment["SELLER_PROBE_START_FILE"] {
            while !FileManager.default.fileExists(atPath: barrier) { usleep(1000) }
        }
        var i = 0
        while count == 0 || i < count {
            i += 1
            let id = "\(a[4])-\(i)"
            let r = try s.append(.messagePosted(MessagePost(category: 901, title: "探针 \(id)", body: "进程 \(getpid()) 第 \(i) 条")), by: .platform, id: id)
            say("ack \(id) \(r.seq)")
        }
    case "compact":
        let s = try Store.open(at: dir)
        try s.compact()
        say("compacted")
    case "repair":
        let r = try StoreMaintenance.repair(dir, now: Timestamp(china: .init(year: 2026, month: 11, day: 22, hour: 12)))
        say(r.changed ? "repaired" : "healthy")
    default:
        die("unknown mode \(a[1])")
    }
} catch {
    die("store-probe: \(error)")
}
