import Foundation
import Testing
@testable import SellerCore

/// Issue 16 item 2: one export writer with one rule — never overwrite — for
/// `seller orders export --out` and the console's `x` / `:export`.
@Suite struct ExportFileTests {
    @Test func writesCSVWithABOMInChunksAndNeverOverwrites() throws {
        let tmp = TempDir()
        let path = tmp.path + "/订单.csv"
        let rows = (0..<12).map { ["CS\($0)", "=1+1", "王芳"] }
        var heard: [Int] = []
        try ExportFile.writeCSV(to: path, headers: ["订单号", "公式", "客户"], rows: rows, chunk: 5) { heard.append($0) }
        #expect(heard == [5, 10, 12])
        let bytes = fileBytes(path)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == CSV.document(headers: ["订单号", "公式", "客户"], rows: rows, bom: false))
        // A second export to the same name is refused and the file stays as it was.
        #expect(throws: ExportFileError.exists(path: path)) { try ExportFile.writeCSV(to: path, headers: ["x"], rows: []) }
        #expect(fileBytes(path) == bytes)
        #expect(throws: ExportFileError.exists(path: path)) { try ExportFile.writeNew(Data("x".utf8), to: path) }
        #expect(fileBytes(path) == bytes)
        // Nothing half-written or temporary is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).sorted() == ["订单.csv"])
        // A directory that cannot be written names the path.
        guard case .cannotCreate(let p, _)? = { () -> ExportFileError? in
            do throws(ExportFileError) { try ExportFile.writeNew(Data("x".utf8), to: tmp.path + "/missing/x.csv"); return nil } catch { return error }
        }() else { Issue.record("a missing directory was not refused"); return }
        #expect(p == tmp.path + "/missing/x.csv")
    }
}
