import Testing
@testable import Communities

@Suite struct LeidenTests {
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func karateReachesNearBestModularity(seed: UInt64) {
        let graph = Fixtures.karate
        let partition = Leiden(objective: .modularity(resolution: 1)).run(on: graph, seed: seed)
        #expect(modularity(of: partition, in: graph) >= 0.41)
        #expect(Fixtures.communitiesAreConnected(partition, in: graph))
    }

    @Test func karateBestOfSeedsIsTheKnownOptimum() {
        let graph = Fixtures.karate
        let best = (1 ... 10).map { seed in
            modularity(of: Leiden(objective: .modularity(resolution: 1)).run(on: graph, seed: UInt64(seed)), in: graph)
        }.max()!
        #expect(abs(best - 0.4197896120973044) < 1e-9)
    }

    @Test func louvainRunsOnTheSamePath() {
        let graph = Fixtures.karate
        let partition = Leiden(objective: .modularity(resolution: 1), algorithm: .louvain).run(on: graph, seed: 3)
        #expect(modularity(of: partition, in: graph) >= 0.40)
    }

    @Test func twoTrianglesSplit() {
        let partition = Leiden(objective: .modularity(resolution: 1)).run(on: Fixtures.twoTriangles, seed: 9)
        #expect(partition.membership == [0, 0, 0, 1, 1, 1])
        let cpm = Leiden(objective: .cpm(resolution: 0.5)).run(on: Fixtures.twoTriangles, seed: 9)
        #expect(cpm.membership == [0, 0, 0, 1, 1, 1])
    }

    @Test func cpmHighResolutionGivesSingletons() {
        // γ above every density (1): no merge pays.
        let partition = Leiden(objective: .cpm(resolution: 1.5)).run(on: Fixtures.karate, seed: 1)
        #expect(partition.communityCount == 34)
    }

    @Test func plantedPartitionIsRecovered() {
        let graph = Fixtures.planted(groups: 10, size: 30, degree: 8, mixing: 0.1, seed: 5)
        let truth = (0 ..< 300).map { Int32($0 / 30) }
        let partition = Leiden(objective: .modularity(resolution: 1)).run(on: graph, seed: 1)
        #expect(normalizedMutualInformation(truth, partition.membership) > 0.95)
    }

    @Test func emptyGraphGivesEmptyPartition() {
        let graph = WeightedGraph(nodeCount: 0, sources: [], targets: [], weights: [])
        #expect(Leiden(objective: .modularity(resolution: 1)).run(on: graph, seed: 1).communityCount == 0)
    }

    @Test func fixedIterationCountIsRespected() {
        let result = Leiden(objective: .modularity(resolution: 1), iterations: 1).optimise(on: Fixtures.karate, seed: 1)
        #expect(result.iterations == 1)
        #expect(result.qualities.count == 1)
    }
}

@Suite struct AggregationTests {
    /// Two communities that each touch themselves and each other: every row of the aggregate
    /// names every community, the case where branch-free gathering used to write one slot past
    /// a per-thread scratch sized to the community count.
    @Test(arguments: [1, 2, 3])
    func aggregateIsTheSameOnAnyThreadCount(threads: Int) {
        let graph = Fixtures.graph(nodeCount: 6, [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3), (1, 4), (5, 5)],
                                   weights: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let partition = Partition(labels: [0, 0, 0, 1, 1, 1])
        let engine = LeidenEngine(graph: graph, objective: .modularity(resolution: 1), algorithm: .leiden,
                                  randomness: 0.01, threads: threads)
        let (aggregate, masses) = engine.aggregate(graph, masses: graph.strengths, by: partition)
        #expect(aggregate.offsets == [0, 2, 4])
        #expect(aggregate.targets == [0, 1, 1, 0])
        // Inside 0: 1 + 2 + 3; inside 1: 4 + 5 + 6 + 9; between: 7 + 8.
        #expect(aggregate.weights == [6, 15, 24, 15])
        let expectedMasses: [Double] = [27, 63]  // 2 · 6 + 15, 2 · 24 + 15
        #expect(masses == expectedMasses)
        #expect(aggregate.totalWeight == graph.totalWeight)
        let before = modularity(of: partition, in: graph)
        let after = modularity(of: Partition(labels: [0, 1]), in: aggregate)
        #expect(abs(after - before) < 1e-12)
    }
}
