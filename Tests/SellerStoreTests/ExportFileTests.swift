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

    /// FAT and exFAT (USB sticks) refuse hard links: the export is copied into
    /// a name created exclusively instead, whole, and still never over a file.
    @Test func withoutHardLinksTheExportIsCopiedIntoANewNameOnly() throws {
        let tmp = TempDir()
        let source = tmp.path + "/source.tmp"
        let content = Array(String(repeating: "订单,金额\n", count: 20_000).utf8)       // several 64 KiB blocks
        writeBytes(source, content)
        let fd = open(source, O_RDONLY)
        defer { close(fd) }
        let target = tmp.path + "/导出.csv"
        try ExportFile.copyExclusively(fd, to: target)
        #expect(fileBytes(target) == content)
        writeBytes(tmp.path + "/已有.csv", Array("keep".utf8))
        #expect(throws: ExportFileError.exists(path: tmp.path + "/已有.csv")) { try ExportFile.copyExclusively(fd, to: tmp.path + "/已有.csv") }
        #expect(fileBytes(tmp.path + "/已有.csv") == Array("keep".utf8), "an existing file is never overwritten")
    }
}
