import Foundation
import Testing
@testable import SellerCore
@testable import SellerUI

/// A message's body read from a snapshot file stays there (MessageBody) and
/// is read when asked for: it must be the body a fold of the events gives,
/// write the same snapshot bytes, and be refused — named — when the file is
/// changed in place under it; a body with an escape, or short enough to be
/// held inline, stays in memory.
@Suite struct MessageBodyInFileTests {
    static func span(_ b: MessageBody) -> FileSpan? {
        if case .inFile(let s) = b.storage { return s }
        return nil
    }

    /// Bodies at the edges: escapes, controls, exactly 15 and 16 bytes, empty, emoji, an override.
    static let edgeBodies = ["第一行\n第二行「引号」的正文", "他说 \"好\" 然后离开了这个会话窗口", #"C:\路径\文件 反斜杠正文"#, "\u{1B}[31m红色 终端转义正文",
                             "123456789012345", "1234567890123456", "", "😀😀😀😀 表情正文 👨‍👩‍👧", "\u{202E}gnp.exe 发票客户\u{202C}"]

    /// The demo's first half with the edge bodies among its messages, written at `path`.
    static func written(_ path: String) throws -> (events: [EventEnvelope], half: Int, folded: SellerState) {
        var (events, half, folded) = try HistoryInFileTests.halfWritten(path)
        _ = events
        for (i, b) in edgeBodies.enumerated() {
            folded.messages["msg-edge-\(i)"] = Message(id: "msg-edge-\(i)", category: 901, title: "边界 \(i)", body: MessageBody(b), orderId: nil,
                                                      productId: nil, at: HistoryInFileTests.at, read: i % 2 == 0, channels: [.inApp])
        }
        try Data(Snapshot.encode(state: folded, seq: half, known: [:], at: HistoryInFileTests.at)).write(to: URL(fileURLWithPath: path))
        return (events, half, folded)
    }

    @Test func bodiesLeftInTheFileAreTheFolds() throws {
        let tmp = TempDir()
        let path = tmp.path + "/snapshot.jsonl"
        let (events, half, folded) = try Self.written(path)
        for blockSize in [997, 4096] {
            #expect(try Snapshot.load(path: path, blockSize: blockSize).state == folded, "blocks of \(blockSize)")
        }
        var loaded = try Snapshot.load(path: path, blockSize: 4096).state
        #expect(loaded == folded)
        var inFile = 0, escaped = 0
        for m in folded.messages.values {
            let l = try #require(loaded.messages[m.id])
            let text = try m.body.read()
            #expect(try l.body.read() == text, "message \(m.id)")
            // Kept in the file exactly when the snapshot's bytes are the text's own.
            let plain = text.utf8.count > 15 && !text.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
            #expect(l.body.isInFile == plain, "message \(m.id): \(text.debugDescription)")
            #expect(l.body.heldBytes == (plain ? 0 : text.utf8.count))
            if plain { inFile += 1 }
            if text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { escaped += 1 }
        }
        #expect(inFile > 0 && escaped > 0, "bodies of both kinds: \(inFile) in the file, \(escaped) with an escape")
        #expect(escaped >= 4 && (0...3).allSatisfy { loaded.messages["msg-edge-\($0)"]?.body.isInFile == false })
        #expect(loaded.messages["msg-edge-4"]?.body.isInFile == false)
        #expect(loaded.messages["msg-edge-5"]?.body.isInFile == true)
        #expect(loaded.messages.values.contains { $0.body.text.contains("\u{202E}") && $0.body.isInFile },
                "a right-to-left override is not escaped: that body stays in the file")
        // The same snapshot bytes back, and the rest of the demo folds alike.
        #expect(try Snapshot.encode(state: loaded, seq: half, known: [:], at: HistoryInFileTests.at)
                == Snapshot.encode(state: folded, seq: half, known: [:], at: HistoryInFileTests.at))
        var all = folded
        for e in events[half...] { try all.apply(e); try loaded.apply(e) }
        #expect(loaded == all)
        #expect(try Snapshot.encode(state: loaded, seq: 1, known: [:], at: HistoryInFileTests.at)
                == Snapshot.encode(state: all, seq: 1, known: [:], at: HistoryInFileTests.at))
    }

    @Test func aBodyChangedInPlaceIsRefusedWithItsPath() throws {
        let tmp = TempDir()
        let path = tmp.path + "/snapshot.jsonl"
        let (_, _, folded) = try Self.written(path)
        let loaded = try Snapshot.load(path: path).state
        let victim = try #require(loaded.messages.values.first { $0.body.isInFile })
        let span = try #require(Self.span(victim.body))
        let fd = open(path, O_WRONLY)
        #expect(fd >= 0)
        var byte = UInt8(ascii: "#")
        #expect(pwrite(fd, &byte, 1, off_t(span.offset) + 1) == 1)
        close(fd)
        #expect(throws: SnapshotUnreadable.self) { try victim.body.read() }
        do { _ = try victim.body.read() } catch { #expect(error.path == path) }
        #expect(victim.body.text.isEmpty && victim != folded.messages[victim.id]!)
        // Another body is still read; nothing is written from the damaged one.
        let fine = try #require(folded.messages.values.first { $0.id != victim.id && $0.body.utf8Count > 15 })
        #expect(try loaded.messages[fine.id]!.body.read() == fine.body.read())
        #expect(throws: (any Error).self) { try Snapshot.encode(state: loaded, seq: 1, known: [:], at: HistoryInFileTests.at) }
        // Details says so, naming the file, in the console's language.
        let main = try #require(loaded.mainAccount)
        for lang in [Lang.zh, .en] {
            let lines = Details.message(victim.id, Model(state: loaded, account: main, now: HistoryInFileTests.at, lang: lang))
            let last = try #require(lines.last)
            #expect(last.label == lang.t("details.body") && last.value == lang.t("details.body_unreadable", path), "\(lang): \(last)")
            let good = Details.message(fine.id, Model(state: loaded, account: main, now: HistoryInFileTests.at, lang: lang))
            let text = try fine.body.read()
            #expect(good.last?.label == "" && good.last?.value == text)
        }
    }
}

extension MessageBody {
    var utf8Count: Int { text.utf8.count }
}
