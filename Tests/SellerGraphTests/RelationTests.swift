import Testing
@testable import SellerGraph

@Suite struct RelationTests {
    /// `index` is a switch, for speed; it must stay the position in `allCases`.
    @Test func indexIsThePositionInAllCases() {
        for (position, relation) in Relation.allCases.enumerated() {
            #expect(relation.index == position)
        }
    }
}
