import Testing
@testable import Communities

/// Guarantees checked over many seeds and random graphs.
@Suite struct LeidenPropertyTests {
    static let objectives: [Objective] = [.modularity(resolution: 1), .modularity(resolution: 3), .cpm(resolution: 0.05), .cpm(resolution: 0.3)]

    static func randomGraph(_ index: Int) -> WeightedGraph {
        Fixtures.planted(groups: 3 + index % 5, size: 5 + index * 3 % 17, degree: 2 + index % 4,
                         mixing: 0.1 + Double(index % 4) * 0.15, seed: UInt64(index), weighted: index % 2 == 0)
    }

    @Test(arguments: 0 ..< 24)
    func guaranteesHold(index: Int) {
        let graph = Self.randomGraph(index)
        for objective in Self.objectives {
            let seed = UInt64(index * 31 + 7)
            let result = Leiden(objective: objective).optimise(on: graph, seed: seed)
            let partition = result.partition
            // Every node in exactly one community, numbered canonically.
            #expect(partition.membership.count == graph.nodeCount)
            #expect(partition == Partition(labels: partition.membership))
            #expect(Set(partition.membership).count == partition.communityCount)
            // Every community connected.
            #expect(Fixtures.communitiesAreConnected(partition, in: graph))
            // Quality never decreases between iterations, and beats singletons.
            let singletons = objective.quality(of: .singletons(nodeCount: graph.nodeCount), in: graph)
            let qualities = [singletons] + result.qualities
            for (before, after) in zip(qualities, qualities.dropFirst()) { #expect(after >= before - 1e-12) }
            // Deterministic for a seed, whatever the thread count.
            let again = Leiden(objective: objective, threads: 1).run(on: graph, seed: seed)
            var threadedLeiden = Leiden(objective: objective, threads: 2)
            threadedLeiden.parallelMovingMinimumNodes = 1  // parallel moving on every level
            let threaded = threadedLeiden.run(on: graph, seed: seed)
            #expect(again == partition)
            #expect(threaded.membership == partition.membership)
            var threadedLouvain = Leiden(objective: objective, algorithm: .louvain, threads: 3)
            threadedLouvain.parallelMovingMinimumNodes = 1
            #expect(threadedLouvain.run(on: graph, seed: seed)
                == Leiden(objective: objective, algorithm: .louvain).run(on: graph, seed: seed))
            // Louvain keeps coverage and monotone quality too.
            let louvain = Leiden(objective: objective, algorithm: .louvain).optimise(on: graph, seed: seed)
            let louvainQualities = [singletons] + louvain.qualities
            for (before, after) in zip(louvainQualities, louvainQualities.dropFirst()) { #expect(after >= before - 1e-12) }
        }
    }

    /// A graph large enough for the default threshold of parallel moving: chunks of many
    /// nodes, moves re-checked and re-evaluated when a neighbour earlier in the chunk moved,
    /// flags set from two threads; with and without a tolerance.
    @Test(arguments: [0, 0.01])
    func parallelMovingMatchesOneThreadOnALargerGraph(tolerance: Double) {
        let graph = Fixtures.planted(groups: 250, size: 100, degree: 4, mixing: 0.3, seed: 11, weighted: true)
        var leiden = Leiden(objective: .modularity(resolution: 1), iterations: 2)
        leiden.tolerance = tolerance
        let sequential = leiden.run(on: graph, seed: 5)
        leiden.threads = 2
        let parallel = leiden.run(on: graph, seed: 5)
        leiden.threads = 3
        let three = leiden.run(on: graph, seed: 5)
        #expect(graph.nodeCount >= SweepScratch.parallelMinimumNodes)
        #expect(parallel == sequential)
        #expect(three == sequential)
        #expect(modularity(of: sequential, in: graph) > 0.6)
    }

    /// A tolerance stops local moving early but keeps every guarantee.
    @Test(arguments: 0 ..< 6)
    func toleranceKeepsTheGuarantees(index: Int) {
        let graph = Self.randomGraph(index + 60)
        for objective in Self.objectives {
            var leiden = Leiden(objective: objective)
            leiden.tolerance = 0.05
            let result = leiden.optimise(on: graph, seed: 3)
            #expect(Fixtures.communitiesAreConnected(result.partition, in: graph))
            let singletons = objective.quality(of: .singletons(nodeCount: graph.nodeCount), in: graph)
            let qualities = [singletons] + result.qualities
            for (before, after) in zip(qualities, qualities.dropFirst()) { #expect(after >= before - 1e-12) }
            leiden.threads = 2
            leiden.parallelMovingMinimumNodes = 1
            #expect(leiden.run(on: graph, seed: 3) == result.partition)
        }
    }

    @Test(arguments: 0 ..< 8)
    func startingFromAPartitionNeverLosesQuality(index: Int) {
        let graph = Self.randomGraph(index + 40)
        var generator = SeededGenerator(seed: UInt64(index))
        let start = Partition(labels: (0 ..< graph.nodeCount).map { _ in Int32(generator.nextBelow(4)) })
        let objective = Objective.modularity(resolution: 1)
        let result = Leiden(objective: objective, iterations: 3).optimise(on: graph, seed: 1, from: start)
        #expect(result.qualities.first! >= objective.quality(of: start, in: graph) - 1e-12)
        #expect(Fixtures.communitiesAreConnected(result.partition, in: graph))
    }

    /// Relabelling the nodes changes the random order, so only a graph whose best partition
    /// is clear-cut must give the same grouping; on it, any relabelling does.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func relabellingChangesOnlyTheNumbering(seed: UInt64) {
        // A ring of 8 cliques of 6, joined by single edges.
        var edges: [(Int32, Int32)] = []
        for clique in 0 ..< 8 {
            for a in 0 ..< 6 { for b in a + 1 ..< 6 { edges.append((Int32(clique * 6 + a), Int32(clique * 6 + b))) } }
            edges.append((Int32(clique * 6), Int32((clique + 1) % 8 * 6 + 1)))
        }
        var generator = SeededGenerator(seed: seed)
        var permutation = (0 ..< 48).map { Int32($0) }
        generator.shuffle(&permutation)
        let relabelled = edges.map { (permutation[Int($0.0)], permutation[Int($0.1)]) }
        let leiden = Leiden(objective: .modularity(resolution: 1))
        let original = leiden.run(on: Fixtures.graph(nodeCount: 48, edges), seed: seed)
        let other = leiden.run(on: Fixtures.graph(nodeCount: 48, relabelled), seed: seed)
        let mappedBack = Partition(labels: (0 ..< 48).map { other.membership[Int(permutation[$0])] })
        #expect(original == mappedBack)
        #expect(original.communityCount == 8)
    }
}
