import Testing
@testable import SellerCore

/// The dense entity table against the dictionary it stands in for.
@Suite struct EntityTableTests {
    struct Thing: Sendable, Equatable { var id: String; var n: Int; var log: [Int] }

    @Test func randomEditsLeaveItEqualToADictionaryMadeTheSameWay() {
        var rng = SplitMix64(seed: 23)
        var table = EntityTable<Thing>()
        var reference: [String: Thing] = [:]
        for step in 0..<20_000 {
            let k = "k\(rng.next() % 500)"
            switch rng.next() % 6 {
            case 0: table[k] = Thing(id: k, n: step, log: []); reference[k] = Thing(id: k, n: step, log: [])
            case 1: #expect(table.removeValue(forKey: k) == reference.removeValue(forKey: k))
            case 2: table[k]?.n += 1; reference[k]?.n += 1
            case 3: table[k]?.log.append(step); reference[k]?.log.append(step)
            case 4: table[k] = nil; reference[k] = nil
            default: #expect(table.updateValue(Thing(id: k, n: -step, log: [1]), forKey: k) == reference.updateValue(Thing(id: k, n: -step, log: [1]), forKey: k))
            }
        }
        #expect(table.count == reference.count)
        for (k, v) in reference { #expect(table[k] == v) }
        #expect(Set(table.keys) == Set(reference.keys) && table.values.count == reference.count)
        for (k, v) in table { #expect(reference[k] == v && v.id == k) }
        // Equal whatever the order the same contents arrived in.
        #expect(EntityTable(uniqueKeysWithValues: reference.map { ($0.key, $0.value) }) == table)
        #expect(table.mapValues(\.n) == reference.mapValues(\.n))
        #expect(table.filter { $0.value.n > 0 }.count == reference.filter { $0.value.n > 0 }.count)
    }

    /// The slot index's removals shift entries back, wrapping round the end
    /// of its buckets: a table kept near full with ids churning must find
    /// every id it has and none it has not, after every step. Ids that are
    /// equal as Swift strings but not in bytes ("é" / "e\u{301}") are one
    /// id, as in a dictionary.
    @Test func churnNearFullFindsExactlyWhatADictionaryFinds() {
        var rng = SplitMix64(seed: 91)
        // Sizes just under 3/4 of 8, 16, 32, 64, 128 buckets: full enough
        // that runs of used buckets wrap round the end, whatever the
        // process's hash seed.
        for target in [6, 12, 24, 48, 96] {
            var table = EntityTable<Thing>()
            var reference: [String: Thing] = [:]
            let universe = (0..<(target * 2)).map { "id\($0)" } + ["é", "e\u{301}", "", "订单😀"]
            for step in 0..<4_000 {
                let k = universe[Int(rng.next() % UInt64(universe.count))]
                if reference.count < target, rng.next() % 4 != 0 {
                    table[k] = Thing(id: k, n: step, log: []); reference[k] = Thing(id: k, n: step, log: [])
                } else {
                    #expect(table.removeValue(forKey: k) == reference.removeValue(forKey: k))
                }
                #expect(table.count == reference.count)
                for u in universe where table[u] != reference[u] {
                    Issue.record("size \(target), step \(step): \(u.debugDescription) is \(String(describing: table[u])), expected \(String(describing: reference[u]))")
                }
            }
            #expect(table["é"] == table["e\u{301}"])
        }
    }

    /// Store.unshare copies a shared table by reserving its count: the copy
    /// keeps its room, so the next insert does not move every entity again.
    @Test func reservingACopyKeepsItsRoom() {
        var table = EntityTable<Thing>()
        table.reserveCapacity(100)
        for i in 0..<10 { table["k\(i)"] = Thing(id: "k\(i)", n: i, log: []) }
        let room = table.capacity, held = table
        table.reserveCapacity(table.count)
        #expect(table.capacity >= room && table.storageIdentity != held.storageIdentity, "copied, room kept")
        #expect(table.indexIdentity != held.indexIdentity, "the index copied too, not left for the next write")
        let after = table.storageIdentity
        table["new"] = Thing(id: "new", n: 0, log: [])
        #expect(table.storageIdentity == after, "the next insert fits where the copy is")
    }

    @Test func aChangeInPlaceIsNotSeenByACopyAndCopiesNothingWhenUnshared() {
        var table: EntityTable<Thing> = ["a": Thing(id: "a", n: 1, log: [1, 2, 3])]
        let copy = table
        table["a"]!.log.append(4)
        #expect(copy["a"]?.log == [1, 2, 3] && table["a"]?.log == [1, 2, 3, 4])
        // Unshared, the entity's own array is changed where it is (moved out for the change, not copied).
        let before = table["a"]!.log.withUnsafeBufferPointer { $0.baseAddress }
        table["a"]!.log[0] = 7
        #expect(table["a"]!.log.withUnsafeBufferPointer { $0.baseAddress } == before)
        #expect(table["a"]!.log == [7, 2, 3, 4])
        // Set to nil in place: removed; a new key through the same path: added.
        table["a"] = nil
        table["b", default: Thing(id: "b", n: 0, log: [])].n += 2
        #expect(table.count == 1 && table["a"] == nil && table["b"]?.n == 2)
    }
}
