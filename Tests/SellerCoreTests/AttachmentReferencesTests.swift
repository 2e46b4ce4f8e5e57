import Foundation
import Testing
@testable import SellerCore

/// `seller check`'s list of the files the records and appeals name skips the
/// histories that cannot name one: it must find exactly what decoding every
/// history finds.
@Suite struct AttachmentReferencesTests {
    /// What check collected before: every history decoded, one core.
    static func everyHistoryDecoded(_ state: SellerState) -> Set<String> {
        var referenced = Set<String>()
        for r in state.records.values {
            for d in r.delivery?.documents ?? [] { if let s = d.sha256 { referenced.insert(s) } }
            for h in r.history { for d in h.fields?.documents ?? [] { if let s = d.sha256 { referenced.insert(s) } } }
        }
        for a in state.appeals.values { for d in a.evidence { if let s = d.sha256 { referenced.insert(s) } } }
        return referenced
    }

    static func doc(_ c: Character) -> AttachmentRef {
        AttachmentRef(name: "交付\(c).pdf", size: 10, sha256: String(repeating: c, count: 64))
    }

    @Test func findsWhatDecodingEveryHistoryFinds() throws {
        var f = try Fixture.withAccounts()
        try f.product("P1", .manualService)
        for i in 0..<40 {
            let id = "CS\(i)"
            try f.order(id, product: "P1")
            // Requirement texts that spell the member's name, so the cheap test says "may" without a file.
            try f.step(id, .submitRequirements, by: .buyer, FieldValues(requirementText: i % 5 == 0 ? "\"sha256\": 请附上" : "需求"))
            try f.step(id, .confirmRequirements, by: .account(Fixture.mainId))
            guard i % 3 == 0 else { continue }
            try f.step(id, .deliver, by: .account(Fixture.mainId), FieldValues(resultDescription: "完成", documents: [Self.doc("a")]))
            guard i % 2 == 0 else { continue }
            // Rejected, then delivered again with another file: the first one is named only by the history now.
            try f.step(id, .buyerReject, by: .buyer, FieldValues(reason: "不完整"))
            try f.step(id, .deliver, by: .account(Fixture.mainId),
                       FieldValues(resultDescription: "补全", documents: [Self.doc(i == 6 ? "b" : "c")]))
        }
        try f.apply(.appealFiled(AppealFiling(appealId: "AP1", orderId: "CS3", reason: "买家超过5天未验收", evidence: [Self.doc("d")])),
                    by: .account(Fixture.mainId))
        // A file only a history names: delivered, rejected, delivered again with another.
        try f.order("CSE", product: "P1")
        try f.step("CSE", .submitRequirements, by: .buyer, FieldValues(requirementText: "需求"))
        try f.step("CSE", .confirmRequirements, by: .account(Fixture.mainId))
        try f.step("CSE", .deliver, by: .account(Fixture.mainId), FieldValues(resultDescription: "完成", documents: [Self.doc("e")]))
        try f.step("CSE", .buyerReject, by: .buyer, FieldValues(reason: "不完整"))
        try f.step("CSE", .deliver, by: .account(Fixture.mainId), FieldValues(resultDescription: "补全", documents: [Self.doc("a")]))

        let expected = Self.everyHistoryDecoded(f.state)
        #expect(expected == Set(["a", "b", "c", "d", "e"].map { String(repeating: $0, count: 64) }))
        // Across chunks (both cores) and on one.
        #expect(AttachmentReferences.referenced(by: f.state, minimumChunk: 1) == expected)
        #expect(AttachmentReferences.referenced(by: f.state) == expected)
        // The cheap test says "no" only where the history names no file.
        for r in f.state.records.values where !r.historyLog.mayNameStoredFiles {
            #expect(r.history.allSatisfy { ($0.fields?.documents ?? []).isEmpty }, "\(r.orderId)")
        }
        #expect(!f.record("CS1").historyLog.mayNameStoredFiles)
        #expect(f.record("CS0").historyLog.mayNameStoredFiles)
        #expect(f.record("CS6").historyLog.mayNameStoredFiles)

        // Read back from a snapshot file, the histories stay there, each marked
        // as it was read: the same answers, the same files found.
        let path = FileManager.default.temporaryDirectory.path + "/seller-refs-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(Snapshot.encode(state: f.state, seq: 1, known: [:], at: Timestamp(seconds: 1_800_000_000))).write(to: URL(fileURLWithPath: path))
        let loaded = try Snapshot.load(path: path).state
        #expect(loaded.records.values.allSatisfy { $0.historyLog.isInFile })
        for r in f.state.records.values {
            #expect(loaded.records[r.orderId]!.historyLog.mayNameStoredFiles == r.historyLog.mayNameStoredFiles, "\(r.orderId)")
        }
        #expect(AttachmentReferences.referenced(by: loaded, minimumChunk: 1) == expected)
        #expect(loaded.records["CSE"]!.delivery?.documents.first?.sha256 == String(repeating: "a", count: 64), "e is named by the history alone")
    }
}
