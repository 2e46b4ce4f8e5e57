import Foundation
import Testing
@testable import SellerCore

/// Issue 15 items 2 and 16 on a real full disk: a small tmpfs, mounted only
/// when the tests run as root (skipped visibly otherwise), always unmounted.
@Suite(.serialized) struct FullDiskTests {
    static func withSmallDisk(_ body: (String) throws -> Void) throws {
        guard getuid() == 0 else {
            print("FullDiskTests: skipped — mounting a tmpfs needs root")
            return
        }
        let tmp = TempDir()
        let mnt = tmp.path + "/disk"
        try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: true)
        let mount = Spawn.run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt], env: ["LC_ALL": "C", "LANG": "C"])
        guard mount.status == 0 else {
            print("FullDiskTests: skipped — cannot mount a tmpfs here: \(mount.err)")
            return
        }
        defer { _ = Spawn.run("/bin/umount", [mnt], env: ["LC_ALL": "C", "LANG": "C"]) }
        try body(mnt)
    }

    @Test func anIngestStoppedByAFullDiskSaysWhatWasAppliedAndWhere() throws {
        try Self.withSmallDisk { mnt in
            let dir = mnt + "/store"
            _ = try StoreTests.seeded(dir)
            let feed = NSTemporaryDirectory() + "full-disk-feed-\(getpid()).jsonl"
            defer { try? FileManager.default.removeItem(atPath: feed) }
            var text = ""
            for i in 1...12_000 {
                text += #"{"id":"f-\#(i)","type":"message.posted","at":"2026-03-02T10:00:00+08:00","category":901,"title":"消息 \#(i)","body":"一条足够长的正文，让磁盘很快写满。"}"# + "\n"
            }
            writeBytes(feed, Array(text.utf8))
            let r = try runBinary("seller", ["ingest", feed, "--store", dir], env: ["LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TERM": "dumb"])
            #expect(r.status == 1)
            #expect(r.err.contains("No space left on device"), "\(r.err)")
            let applied = try #require(r.out.firstMatch(of: /applied (\d+),/).flatMap { Int($0.1) }, "\(r.out)")
            let stopped = try #require(r.out.firstMatch(of: /stopped at line (\d+)/).flatMap { Int($0.1) }, "\(r.out)")
            #expect(applied > 0 && stopped == applied + 1, "\(r.out)")
            // Exactly what the summary says is stored, and the store still opens.
            let store = try Store.open(at: dir, readOnly: true)
            #expect(store.lastSeq == 9 + applied)
            #expect(store.state.messages["msg-f-\(applied)"] != nil && store.state.messages["msg-f-\(applied + 1)"] == nil)
        }
    }
}
