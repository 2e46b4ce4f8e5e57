import Foundation
import Testing
@testable import SellerCore

/// `seller check`, `repair` and `compact` as a user runs them.
@Suite struct StoreCommandTests {
    @Test func checkRepairCompactFromTheCommandLine() throws {
        let tmp = TempDir()
        _ = try StoreTests.seeded(tmp.store)

        var r = try runBinary("seller", ["check", "--store", tmp.store])
        #expect(r.status == 0, "\(r)")
        #expect(r.out.contains("journal   9 lines, last event 9") && r.out.contains("ok        the store opens cleanly"))
        #expect(r.out.contains("orders 3") && r.out.contains("service records 3"))

        // $SELLER_STORE is honoured when --store is absent.
        r = try runBinary("seller", ["check"], env: ["SELLER_STORE": tmp.store])
        #expect(r.status == 0 && r.out.contains(tmp.store))

        DamageTests.damage(tmp.store + "/journal.jsonl", line: 7, refresh: false) { l in var c = l; c[50] ^= 0x02; return c }
        r = try runBinary("seller", ["check", "--store", tmp.store])
        #expect(r.status == 1)
        #expect(r.out.contains("damaged   \(tmp.store)/journal.jsonl:7: checksum mismatch"))
        #expect(r.out.contains("seller repair"))

        r = try runBinary("seller", ["compact", "--store", tmp.store])
        #expect(r.status == 1, "a damaged store is not compacted")
        #expect(r.err.contains("journal.jsonl:7:"))

        r = try runBinary("seller", ["repair", "--store", tmp.store])
        #expect(r.status == 0, "\(r)")
        #expect(r.out.contains("backup    \(tmp.store)/backups/"))
        #expect(r.out.contains("dropped   \(tmp.store)/journal.jsonl:7: checksum mismatch"))
        #expect(r.out.contains("kept      8 events, up to sequence 9"), "line 7 dropped, lines 8 and 9 still apply: \(r.out)")

        r = try runBinary("seller", ["repair", "--store", tmp.store])
        #expect(r.status == 0 && r.out.contains("healthy; nothing to repair"))

        r = try runBinary("seller", ["compact", "--store", tmp.store])
        #expect(r.status == 0 && r.out.contains("compacted 0 journal lines"))
        #expect(try runBinary("seller", ["check", "--store", tmp.store]).status == 0)
    }

    @Test func usageErrorsAndHelp() throws {
        var r = try runBinary("seller", ["check", "--frobnicate"])
        #expect(r.status == 2 && r.err.contains("unknown option --frobnicate"))
        r = try runBinary("seller", ["teleport"])
        #expect(r.status == 2 && r.err.contains("unknown command 'teleport'"))
        r = try runBinary("seller", ["check", "--store"])
        #expect(r.status == 2 && r.err.contains("--store needs a value"))
        for c in ["check", "repair", "compact"] {
            r = try runBinary("seller", [c, "--help"])
            #expect(r.status == 0 && r.out.contains("seller \(c) [--store DIR]"))
        }
        r = try runBinary("seller", ["--help"])
        #expect(r.status == 0 && r.out.contains("check") && r.out.contains("repair") && r.out.contains("compact"))
        r = try runBinary("seller", ["check", "--store", "/nonexistent/store"])
        #expect(r.status == 1 && r.err.contains("no store at /nonexistent/store"))
    }
}
