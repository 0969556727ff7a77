import Testing
import SellerGraph

@Suite struct UnionFindTests {
    /// Each set's root is its smallest member, whatever order the unions come in.
    @Test(arguments: [[(4, 2), (2, 7), (5, 6), (6, 4)], [(6, 4), (5, 6), (2, 7), (4, 2)]])
    func rootIsTheSmallestMemberInAnyOrder(unions: [(Int32, Int32)]) {
        var sets = UnionFind(count: 9)
        for (a, b) in unions { sets.union(a, b) }
        #expect((0 ..< 9).map { sets.root($0) } == [0, 1, 2, 3, 2, 2, 2, 2, 8])
    }
}
