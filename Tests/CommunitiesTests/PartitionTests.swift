import Testing
@testable import Communities

@Suite struct PartitionTests {
    @Test func numbersCommunitiesBySmallestNode() {
        let partition = Partition(labels: [7, 7, -2, 9, -2, 7])
        #expect(partition.membership == [0, 0, 1, 2, 1, 0])
        #expect(partition.communityCount == 3)
        #expect(partition.members(of: 1) == [2, 4])
        #expect(partition.communities == [[0, 1, 5], [2, 4], [3]])
        #expect(partition.sizes == [3, 2, 1])
        #expect(partition == Partition(labels: [1, 1, 0, 5, 0, 1]))
    }

    // Values from python-igraph 1.0 `compare_communities(a, b, method=...)`.
    @Test(arguments: [
        ([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], 0.5206652463984819, 0.07407407407407396),
        ([0, 0, 0, 0, 1, 1, 1, 2, 2, 2], [1, 1, 0, 0, 0, 2, 2, 2, 2, 0], 0.3692033550634544, 0.059040590405904245),
        ([0, 0, 0], [0, 1, 2], 0.0, 0.0),
    ] as [([Int32], [Int32], Double, Double)])
    func comparisonMatchesIgraph(a: [Int32], b: [Int32], nmi: Double, ari: Double) {
        #expect(abs(normalizedMutualInformation(a, b) - nmi) < 1e-12)
        #expect(abs(adjustedRandIndex(a, b) - ari) < 1e-12)
    }

    @Test func identicalGroupingsScoreOne() {
        let a: [Int32] = [3, 3, 1, 1, 2], b: [Int32] = [0, 0, 5, 5, 9]
        #expect(abs(normalizedMutualInformation(a, b) - 1) < 1e-12)
        #expect(abs(adjustedRandIndex(a, b) - 1) < 1e-12)
        #expect(adjustedRandIndex([0, 0, 0], [4, 4, 4]) == 1)
    }

    @Test func generatorIsFixedBySeed() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let first = (0 ..< 8).map { _ in a.next() }
        #expect(first == (0 ..< 8).map { _ in b.next() })
        #expect(first != (0 ..< 8).map { _ in c.next() })
        for bound in [1, 2, 3, 7, 1000] { #expect((0 ..< 100).allSatisfy { _ in a.nextBelow(bound) < bound }) }
    }
}
