import Testing
@testable import Communities

@Suite struct QualityTests {
    @Test func modularityOfTwoTrianglesByHand() {
        let partition = Partition(labels: [0, 0, 0, 1, 1, 1])
        #expect(abs(modularity(of: partition, in: Fixtures.twoTriangles) - 5.0 / 14) < 1e-12)
        // γ = 2: 2 · (3/7 − 2 · 1/4) = −1/7.
        #expect(abs(modularity(of: partition, in: Fixtures.twoTriangles, resolution: 2) + 1.0 / 7) < 1e-12)
        // Everything together: w = m, K = 2m, so Q = 1 − 1 = 0.
        #expect(abs(modularity(of: Partition(labels: [0, 0, 0, 0, 0, 0]), in: Fixtures.twoTriangles)) < 1e-12)
    }

    @Test func modularityWithSelfLoopsMatchesIgraph() {
        // igraph: Graph(n=2, edges=[(0,0),(0,1)]), weights [2, 1] → −0.0555…, 0.0.
        let loop = Fixtures.graph(nodeCount: 2, [(0, 0), (0, 1)], weights: [2, 1])
        #expect(abs(modularity(of: Partition(labels: [0, 1]), in: loop) + 0.055555555555555455) < 1e-12)
        #expect(abs(modularity(of: Partition(labels: [0, 0]), in: loop)) < 1e-12)
        // Duplicates, weights and a self-loop; igraph gives 0.2710204081632654 and, at γ = 0.5,
        // 0.5212244897959185.
        let mixed = Fixtures.graph(nodeCount: 5, [(0, 1), (1, 2), (0, 1), (2, 3), (3, 4), (2, 4), (4, 4)],
                                   weights: [1, 2, 0.5, 1, 3, 1, 0.25])
        let partition = Partition(labels: [0, 0, 0, 1, 1])
        #expect(abs(modularity(of: partition, in: mixed) - 0.2710204081632654) < 1e-12)
        #expect(abs(modularity(of: partition, in: mixed, resolution: 0.5) - 0.5212244897959185) < 1e-12)
    }

    @Test func cpmMatchesLeidenalgConvention() {
        // leidenalg CPMVertexPartition on triangle 0-1-2 plus 2-3, γ = 0.5:
        // [0,0,0,1] → 3.0; [0,0,0,0] → 2.0; with weights [1,2,1,3] and [0,0,0,1] → 5.0.
        let graph = Fixtures.graph(nodeCount: 4, [(0, 1), (1, 2), (0, 2), (2, 3)])
        #expect(cpmQuality(of: Partition(labels: [0, 0, 0, 1]), in: graph, resolution: 0.5) == 3)
        #expect(cpmQuality(of: Partition(labels: [0, 0, 0, 0]), in: graph, resolution: 0.5) == 2)
        let weighted = Fixtures.graph(nodeCount: 4, [(0, 1), (1, 2), (0, 2), (2, 3)], weights: [1, 2, 1, 3])
        #expect(cpmQuality(of: Partition(labels: [0, 0, 0, 1]), in: weighted, resolution: 0.5) == 5)
        // Two triangles, γ = 0.5 by hand: 2 · ((3 − 1.5) + (3 − 1.5)) = 6.
        #expect(cpmQuality(of: Partition(labels: [0, 0, 0, 1, 1, 1]), in: Fixtures.twoTriangles, resolution: 0.5) == 6)
    }

    @Test func cpmUsesNodeWeights() {
        // One edge of weight 1 between nodes of weights 2 and 3, together: n_c = 5,
        // 2 · (1 − γ · 5 · 4 / 2) with γ = 0.1 → 2 · (1 − 1) = 0.
        let graph = WeightedGraph(nodeCount: 2, sources: [0], targets: [1], weights: [1], nodeWeights: [2, 3])
        #expect(abs(cpmQuality(of: Partition(labels: [0, 0]), in: graph, resolution: 0.1)) < 1e-12)
    }
}
