import Foundation
import Testing
@testable import SellerCore

/// The snapshot reader shares the texts entities repeat, without changing
/// one of them: equal state, identical bytes on the next write.
@Suite struct StringInterningTests {
    static func storage(_ s: String) -> UnsafeRawPointer? {
        s.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
    }

    @Test func repeatedTitlesAreSharedAndLookalikesAreKept() throws {
        var (state, _) = try DemoTests.fold(.init(seed: 3, orders: 200))
        let ids = state.messages.keys.sorted()
        #expect(ids.count > 20)
        // Composed and decomposed forms are equal to Swift's == but not the same bytes.
        let composed = "订单已开通通知：é 😀 \u{202E}右到左", decomposed = "订单已开通通知：e\u{301} 😀 \u{202E}右到左"
        #expect(composed == decomposed && !composed.utf8.elementsEqual(decomposed.utf8))
        for (n, id) in ids.enumerated() { state.messages[id]!.title = n % 2 == 0 ? composed : decomposed }
        let at = Timestamp(seconds: 1_764_000_000)
        let bytes = try Snapshot.encode(state: state, seq: 3, known: [:], at: at)
        let loaded = try Snapshot.load(bytes, file: "snapshot.jsonl")
        #expect(loaded.state == state)
        #expect(try Snapshot.encode(state: loaded.state, seq: 3, known: [:], at: at) == bytes)
        for (n, id) in ids.enumerated() {
            #expect(loaded.state.messages[id]!.title.utf8.elementsEqual((n % 2 == 0 ? composed : decomposed).utf8), "message \(id) changed form")
        }
        // Every even message shares the first one's bytes, every odd the second's.
        let first = Self.storage(loaded.state.messages[ids[0]]!.title), second = Self.storage(loaded.state.messages[ids[1]]!.title)
        #expect(first != nil && first != second)
        for (n, id) in ids.enumerated() { #expect(Self.storage(loaded.state.messages[id]!.title) == (n % 2 == 0 ? first : second)) }
        // Customer names repeat across a customer's orders and are shared too.
        let byName = Dictionary(grouping: loaded.state.orders.values.filter { $0.customer.name.utf8.count > 15 }, by: \.customer.name)
        let repeated = try #require(byName.values.first { $0.count > 1 })
        #expect(Set(repeated.map { Self.storage($0.customer.name) }).count == 1)
        // Delivery documents keep their sizes and order, and share their names.
        let documents = loaded.state.records.values.flatMap { $0.delivery?.documents ?? [] }.filter { $0.name.utf8.count > 15 }
        let byDocument = Dictionary(grouping: documents, by: \.name)
        let sameName = try #require(byDocument.values.first { $0.count > 1 })
        #expect(Set(sameName.map { Self.storage($0.name) }).count == 1)
        for (id, r) in state.records { #expect(loaded.state.records[id]!.delivery?.documents == r.delivery?.documents) }
        // Ticket titles and appeal reasons too.
        for texts in [loaded.state.tickets.values.map(\.title), loaded.state.appeals.values.map(\.reason)] {
            let long = Dictionary(grouping: texts.filter { $0.utf8.count > 15 }, by: { $0 })
            let same = try #require(long.values.first { $0.count > 1 })
            #expect(Set(same.map { Self.storage($0) }).count == 1)
        }
    }
}
