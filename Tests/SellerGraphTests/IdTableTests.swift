import Testing
@testable import SellerGraph

@Suite struct IdTableTests {
    @Test func indicesFollowFirstInsertionThroughGrowth() {
        // 16 slots at first: 5,000 ids grow the table nine times.
        var table = IdTable(capacity: 1)
        for number in 0 ..< 5_000 {
            let (index, inserted) = table.insert("ID\(number)")
            #expect(index == Int32(number) && inserted)
        }
        for number in stride(from: 0, to: 5_000, by: 7) {
            #expect(table.insert("ID\(number)") == (Int32(number), false))
            #expect(table.index(of: "ID\(number)") == Int32(number))
            #expect(table[Int32(number)] == "ID\(number)")
        }
        #expect(table.count == 5_000)
        #expect(table.index(of: "ID5000") == nil)
        #expect(table.index(of: "ID") == nil)
    }

    @Test func emptyAndNonASCIIIdsAreIds() {
        var table = IdTable()
        #expect(table.insert("") == (0, true))
        #expect(table.insert("仓库7") == (1, true))
        #expect(table.index(of: "") == 0)
        #expect(table.index(of: "仓库7") == 1)
        #expect(table.index(of: "仓库") == nil)
    }

    /// Ids of up to 11 bytes live in the slot, longer ones in the arena: every length around the
    /// boundaries (8 and 11 bytes), ids that differ only in their last byte, through growth.
    @Test func shortAndLongIdsAcrossTheInlineLimit() {
        var table = IdTable(capacity: 1)
        var ids: [String] = []
        for length in 0 ... 40 {
            for last in ["a", "b", "仓"] {
                ids.append(String(repeating: "x", count: length) + last)
            }
        }
        for (position, id) in ids.enumerated() {
            #expect(table.insert(id) == (Int32(position), true))
        }
        for (position, id) in ids.enumerated() {
            #expect(table.index(of: id) == Int32(position))
            #expect(table.insert(id) == (Int32(position), false))
            #expect(table[Int32(position)] == id)
        }
        #expect(table.index(of: String(repeating: "x", count: 11)) == nil)
        #expect(table.index(of: String(repeating: "x", count: 12) + "c") == nil)
    }
}
