import Testing
@testable import SellerCore

/// The compact instance index against the dictionary of sets it replaced.
@Suite struct InstanceOrdersTests {
    @Test func itAnswersAsADictionaryOfSetsWouldInAnyOrderOfInsertion() {
        var rng = SplitMix64(seed: 19)
        var reference: [String: Set<String>] = [:]
        var index = InstanceOrders()
        var inserts: [(String, String)] = []
        for _ in 0..<2_000 {
            let i = "inst-\(rng.next() % 300)", o = "CS\(rng.next() % 900)"
            inserts.append((i, o))
            reference[i, default: []].insert(o)
            index.insert(o, on: i)
        }
        #expect(index.count == reference.count)
        for i in (0..<320).map({ "inst-\($0)" }) { #expect(index[i] == reference[i], "\(i)") }
        // The same pairs in another order (and twice over) make an equal index.
        var again = InstanceOrders()
        for (i, o) in (inserts + inserts).reversed() { again.insert(o, on: i) }
        #expect(again == index)
        let literal: InstanceOrders = ["a": ["CS1"], "b": ["CS2", "CS3"]]
        #expect(literal["a"] == ["CS1"] && literal["b"] == ["CS2", "CS3"] && literal["c"] == nil && literal.count == 2)
        var one = InstanceOrders()
        one.insert("CS1", on: "a"); one.insert("CS1", on: "a")
        #expect(one == ["a": ["CS1"]], "an order inserted twice is one order")
    }
}
