import Testing
@testable import Communities

@Suite struct WeightedGraphTests {
    @Test func sumsDuplicatesAndStoresSelfLoopsOnce() {
        // 0–1 twice (1 + 2), self-loop on 2 (weight 4), 1–2 (0.5); 3 is isolated.
        let graph = Fixtures.graph(nodeCount: 4, [(0, 1), (1, 0), (2, 2), (1, 2)], weights: [1, 2, 4, 0.5])
        #expect(graph.edgeCount == 3)
        #expect(graph.arcCount == 5)
        #expect(Array(graph.neighbours(of: 0)) == [1])
        #expect(Array(graph.weights(of: 0)) == [3])
        #expect(Array(graph.neighbours(of: 1)) == [0, 2])
        #expect(Array(graph.weights(of: 1)) == [3, 0.5])
        #expect(Array(graph.neighbours(of: 2)) == [2, 1])
        #expect(graph.degree(of: 3) == 0)
        #expect(graph.strengths == [3, 3.5, 8.5, 0])
        #expect(graph.totalWeight == 7.5)
        #expect(graph.nodeWeights == [1, 1, 1, 1])
    }

    @Test func emptyWeightsMeanOne() {
        let graph = Fixtures.twoTriangles
        #expect(graph.nodeCount == 6)
        #expect(graph.edgeCount == 7)
        #expect(graph.totalWeight == 7)
        #expect(graph.strengths == [2, 2, 3, 3, 2, 2])
    }

    @Test func emptyGraph() {
        let graph = WeightedGraph(nodeCount: 0, sources: [], targets: [], weights: [])
        #expect(graph.edgeCount == 0)
        #expect(graph.totalWeight == 0)
    }
}
