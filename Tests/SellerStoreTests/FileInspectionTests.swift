import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import seller
import SellerUI

/// Issue 14 item 6: the console's file inspector, on real files in a temp directory.
@Suite struct FileInspectionTests {
    @Test func itTellsWhatIsAtAPathFollowingLinks() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("证据".utf8).write(to: URL(fileURLWithPath: dir + "/ok.txt"))
        try Data().write(to: URL(fileURLWithPath: dir + "/empty.txt"))
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: dir + "/to-sub", withDestinationPath: dir + "/sub")
        try FileManager.default.createSymbolicLink(atPath: dir + "/to-ok", withDestinationPath: dir + "/ok.txt")
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling", withDestinationPath: dir + "/gone")
        let inspect = FileInspection.inspect
        #expect(inspect(dir + "/ok.txt") == FileFacts(kind: .regular, size: 6))
        #expect(inspect(dir + "/empty.txt") == FileFacts(kind: .regular, size: 0))
        #expect(inspect(dir + "/sub").kind == .directory)
        #expect(inspect(dir + "/fifo").kind == .fifo, "a FIFO is reported, never opened")
        #expect(inspect(dir + "/to-sub").kind == .directory, "a link to a directory is a directory")
        #expect(inspect(dir + "/to-ok") == FileFacts(kind: .regular, size: 6))
        #expect(inspect(dir + "/dangling").kind == .missing)
        #expect(inspect(dir + "/nothing").kind == .missing)
        #expect(inspect("/dev/null").kind == .device)
        // There, or maybe, but not reachable: said so with the reason, not "missing".
        try FileManager.default.createSymbolicLink(atPath: dir + "/loop", withDestinationPath: dir + "/loop")
        #expect(inspect(dir + "/ok.txt/inner") == FileFacts(kind: .inaccessible, errno: ENOTDIR))
        #expect(inspect(dir + "/loop") == FileFacts(kind: .inaccessible, errno: ELOOP))
    }
}
