import Foundation
import Testing
@testable import SellerCore

/// Damaged journals and snapshots: the open stops with file, line and reason,
/// and every byte on disk stays as it was. Repair backs up, then drops exactly
/// the damaged lines.
@Suite struct DamageTests {
    /// A store with 9 journal lines (see StoreTests.seeded), optionally compacted.
    static func store(_ tmp: TempDir, compacted: Bool) throws -> Store {
        let s = try StoreTests.seeded(tmp.store)
        if compacted { try s.compact() }
        return s
    }

    static func lines(_ path: String) -> [[UInt8]] {
        fileBytes(path).split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    }

    static func join(_ lines: [[UInt8]]) -> [UInt8] { Array(lines.joined(separator: [0x0A])) }

    /// Rewrites line `n` (1-based) with `change`, re-framing its checksum when
    /// asked so that only the intended damage remains.
    static func damage(_ path: String, line n: Int, refresh crc: Bool, _ change: ([UInt8]) -> [UInt8]) {
        var ls = lines(path)
        var l = change(ls[n - 1])
        if crc {
            let body = Array(l[LineFrame.headerLength..<(l.count - 1)])
            l = Array(LineFrame.frame(object: [UInt8(ascii: "{")] + body + [UInt8(ascii: "}")]).dropLast())
        }
        ls[n - 1] = l
        writeBytes(path, join(ls))
    }

    static func replace(_ s: [UInt8], _ a: String, _ b: String) -> [UInt8] {
        Array(String(decoding: s, as: UTF8.self).replacingOccurrences(of: a, with: b).utf8)
    }

    /// Snapshot of every file under the store, to prove nothing was touched.
    static func files(_ dir: String) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        let e = FileManager.default.enumerator(atPath: dir)
        while let name = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDir), !isDir.boolValue {
                out[name] = fileBytes(dir + "/" + name)
            }
        }
        return out
    }

    static func expectRefusal(_ tmp: TempDir, file: String, line: Int, mentions: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let before = files(tmp.store)
        do {
            _ = try Store.open(at: tmp.store)
            Issue.record("a damaged store opened", sourceLocation: sourceLocation)
        } catch {
            #expect(error.description.hasPrefix("\(tmp.store)/\(file):\(line): "), "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.contains(mentions), "\(error)", sourceLocation: sourceLocation)
        }
        #expect(files(tmp.store) == before, "opening a damaged store changed files", sourceLocation: sourceLocation)
        let report = try? StoreMaintenance.check(tmp.store)
        let listed = (report?.damage ?? []) + (report?.gaps ?? [])
        #expect(listed.contains { $0.file.hasSuffix(file) && $0.line == line }, sourceLocation: sourceLocation)
        #expect(files(tmp.store) == before, "check changed files", sourceLocation: sourceLocation)
    }

    // MARK: Journal

    @Test func bitFlippedJournalLine() throws {
        let tmp = TempDir()
        _ = try Self.store(tmp, compacted: false)
        Self.damage(tmp.store + "/journal.jsonl", line: 5, refresh: false) { l in var c = l; c[c.count / 2] ^= 0x04; return c }
        Self.expectRefusal(tmp, file: "journal.jsonl", line: 5, mentions: "checksum mismatch")
    }

    @Test func nonUTF8JournalLine() throws {
        let tmp = TempDir()
        _ = try Self.store(tmp, compacted: false)
        // Raw 0xFF 0xFE inside a string, with a correct checksum, so only the encoding is wrong.
        Self.damage(tmp.store + "/journal.jsonl", line: 5, refresh: true) { l in
            let s = String(decoding: l, as: UTF8.self)
            let r = s.range(of: "迁移")!
            return Array(s[..<r.lowerBound].utf8) + [0xFF, 0xFE] + Array(s[r.upperBound...].utf8)
        }
        Self.expectRefusal(tmp, file: "journal.jsonl", line: 5, mentions: "invalid UTF-8")
    }

    @Test func wrongTypeInJournal() throws {
        let tmp = TempDir()
        _ = try Self.store(tmp, compacted: false)
        Self.damage(tmp.store + "/journal.jsonl", line: 4, refresh: true) { Self.replace($0, #""amount":"100.00""#, #""amount":100"#) }
        Self.expectRefusal(tmp, file: "journal.jsonl", line: 4, mentions: "event.data.amount")
        let tmp2 = TempDir()
        _ = try Self.store(tmp2, compacted: false)
        Self.damage(tmp2.store + "/journal.jsonl", line: 6, refresh: true) { Self.replace($0, #""seq":6"#, #""seq":"6""#) }
        Self.expectRefusal(tmp2, file: "journal.jsonl", line: 6, mentions: "field seq")
    }

    @Test func invalidJSONAndSequenceGapAndTruncationInTheMiddle() throws {
        let tmp = TempDir()
        _ = try Self.store(tmp, compacted: false)
        Self.damage(tmp.store + "/journal.jsonl", line: 3, refresh: true) { Self.replace($0, #""type":"#, #""type"::"#) }
        Self.expectRefusal(tmp, file: "journal.jsonl", line: 3, mentions: "not valid JSON")

        let gap = TempDir()
        _ = try Self.store(gap, compacted: false)
        var ls = Self.lines(gap.store + "/journal.jsonl")
        ls.remove(at: 6)
        writeBytes(gap.store + "/journal.jsonl", Self.join(ls))
        Self.expectRefusal(gap, file: "journal.jsonl", line: 7, mentions: "sequence gap: expected 7, found 8")

        // A line cut short in the middle of the file (not the torn last line).
        let cut = TempDir()
        _ = try Self.store(cut, compacted: false)
        var cl = Self.lines(cut.store + "/journal.jsonl")
        cl[2] = Array(cl[2].prefix(40))
        writeBytes(cut.store + "/journal.jsonl", Self.join(cl))
        Self.expectRefusal(cut, file: "journal.jsonl", line: 3, mentions: "not a framed store line")
    }

    @Test func eventThatNoLongerAppliesIsNamed() throws {
        let tmp = TempDir()
        _ = try Self.store(tmp, compacted: false)
        // A well-formed, checksummed line whose event the domain refuses.
        Self.damage(tmp.store + "/journal.jsonl", line: 5, refresh: true) { Self.replace($0, #""orderId":"CS1""#, #""orderId":"CS404""#) }
        Self.expectRefusal(tmp, file: "journal.jsonl", line: 5, mentions: "unknown order 'CS404'")
    }

    // MARK: Snapshot

    @Test func damagedSnapshots() throws {
        let flip = TempDir()
        _ = try Self.store(flip, compacted: true)
        Self.damage(flip.store + "/snapshot.jsonl", line: 6, refresh: false) { l in var c = l; c[30] ^= 0x01; return c }
        Self.expectRefusal(flip, file: "snapshot.jsonl", line: 6, mentions: "checksum mismatch")

        let type = TempDir()
        _ = try Self.store(type, compacted: true)
        let orderLine = Self.lines(type.store + "/snapshot.jsonl").firstIndex { String(decoding: $0, as: UTF8.self).contains(#""kind":"order""#) }! + 1
        Self.damage(type.store + "/snapshot.jsonl", line: orderLine, refresh: true) { Self.replace($0, #""amount":"100.00""#, #""amount":true"#) }
        Self.expectRefusal(type, file: "snapshot.jsonl", line: orderLine, mentions: "data.amount")

        let utf = TempDir()
        _ = try Self.store(utf, compacted: true)
        Self.damage(utf.store + "/snapshot.jsonl", line: orderLine, refresh: true) { l in
            let s = String(decoding: l, as: UTF8.self)
            let r = s.range(of: "欧阳")!
            return Array(s[..<r.lowerBound].utf8) + [0xC3, 0x28] + Array(s[r.upperBound...].utf8)
        }
        Self.expectRefusal(utf, file: "snapshot.jsonl", line: orderLine, mentions: "invalid UTF-8")

        // Truncated at a line boundary: the end marker is missing.
        let cut = TempDir()
        _ = try Self.store(cut, compacted: true)
        var ls = Self.lines(cut.store + "/snapshot.jsonl")
        ls.removeLast(3)
        writeBytes(cut.store + "/snapshot.jsonl", Self.join(ls) + [0x0A])
        Self.expectRefusal(cut, file: "snapshot.jsonl", line: ls.count, mentions: "no end marker")

        // Truncated mid-line.
        let torn = TempDir()
        _ = try Self.store(torn, compacted: true)
        let bytes = fileBytes(torn.store + "/snapshot.jsonl")
        writeBytes(torn.store + "/snapshot.jsonl", Array(bytes.prefix(bytes.count - 25)))
        let n = Self.lines(torn.store + "/snapshot.jsonl").count
        Self.expectRefusal(torn, file: "snapshot.jsonl", line: n, mentions: "cut short")
    }

    // MARK: Repair

    @Test func repairBacksUpAndDropsExactlyTheDamagedLines() throws {
        let tmp = TempDir()
        let s = try Self.store(tmp, compacted: false)
        let healthyState = s.state
        #expect(try StoreMaintenance.repair(tmp.store, now: s.now()).changed == false, "a healthy store is left alone")
        #expect(!FileIO.exists(tmp.store + "/backups"))

        // Damage line 9 (the last requirement submission) and add a torn tail.
        Self.damage(tmp.store + "/journal.jsonl", line: 9, refresh: false) { l in var c = l; c[60] ^= 0x20; return c }
        let damaged = fileBytes(tmp.store + "/journal.jsonl") + Array("{\"crc\":".utf8)
        writeBytes(tmp.store + "/journal.jsonl", damaged)
        let r = try StoreMaintenance.repair(tmp.store, now: s.now())
        #expect(r.changed)
        #expect(r.report.damage.map(\.line) == [9])
        #expect(r.report.tornTail?.line == 10)
        #expect(fileBytes(r.backup! + "/journal.jsonl") == damaged, "the backup holds the damaged journal as it was")
        let repaired = try Store.open(at: tmp.store)
        #expect(repaired.lastSeq == 8)
        #expect(repaired.state.records["CS3"]?.state == .awaitingRequirements, "only the dropped submission is missing")
        #expect(repaired.state.records["CS2"] == healthyState.records["CS2"])
        #expect(try StoreMaintenance.check(tmp.store).healthy)
    }
}
