@testable import Communities

/// Small named graphs used across the tests.
enum Fixtures {
    /// Zachary's karate club (34 members, 78 friendships), 0-based as in igraph's
    /// `Graph.Famous("Zachary")`. Best modularity partition: Q = 0.4198 (four communities).
    static let karateEdges: [(Int32, Int32)] = [
        (0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (0, 7), (0, 8), (0, 10), (0, 11), (0, 12),
        (0, 13), (0, 17), (0, 19), (0, 21), (0, 31), (1, 2), (1, 3), (1, 7), (1, 13), (1, 17), (1, 19),
        (1, 21), (1, 30), (2, 3), (2, 7), (2, 27), (2, 28), (2, 32), (2, 9), (2, 8), (2, 13), (3, 7),
        (3, 12), (3, 13), (4, 6), (4, 10), (5, 6), (5, 10), (5, 16), (6, 16), (8, 30), (8, 32), (8, 33),
        (9, 33), (13, 33), (14, 32), (14, 33), (15, 32), (15, 33), (18, 32), (18, 33), (19, 33),
        (20, 32), (20, 33), (22, 32), (22, 33), (23, 25), (23, 27), (23, 32), (23, 33), (23, 29),
        (24, 25), (24, 27), (24, 31), (25, 31), (26, 29), (26, 33), (27, 33), (28, 31), (28, 33),
        (29, 32), (29, 33), (30, 32), (30, 33), (31, 32), (31, 33), (32, 33),
    ]

    static var karate: WeightedGraph { graph(nodeCount: 34, karateEdges) }

    /// Two triangles joined by one edge:
    ///
    ///     0 — 1       3 — 4
    ///      \ /         \ /
    ///       2 ———————— 5 ... (edge 2–3)
    ///
    /// m = 7; with communities {0,1,2} and {3,4,5} each has w_c = 3 and K_c = 7, so
    /// Q = 2 · (3/7 − (7/14)²) = 5/14.
    static var twoTriangles: WeightedGraph {
        graph(nodeCount: 6, [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    }

    static func graph(nodeCount: Int, _ edges: [(Int32, Int32)], weights: [Double] = []) -> WeightedGraph {
        WeightedGraph(nodeCount: nodeCount, sources: edges.map(\.0), targets: edges.map(\.1), weights: weights)
    }

    /// A planted-partition random graph: `groups` groups of `size` nodes, each node draws
    /// `degree` edges, inside its group with probability 1 − `mixing`.
    static func planted(groups: Int, size: Int, degree: Int, mixing: Double, seed: UInt64,
                        weighted: Bool = false) -> WeightedGraph {
        var generator = SeededGenerator(seed: seed)
        let n = groups * size
        var sources: [Int32] = [], targets: [Int32] = [], weights: [Double] = []
        for node in 0 ..< n {
            for _ in 0 ..< degree {
                let other: Int
                if generator.nextUnitDouble() < mixing {
                    other = generator.nextBelow(n)
                } else {
                    other = (node / size) * size + generator.nextBelow(size)
                }
                sources.append(Int32(node))
                targets.append(Int32(other))
                if weighted { weights.append(0.5 + generator.nextUnitDouble() * 2) }
            }
        }
        return WeightedGraph(nodeCount: n, sources: sources, targets: targets, weights: weights)
    }

    /// True when every community of `partition` induces a connected subgraph of `graph`.
    static func communitiesAreConnected(_ partition: Partition, in graph: WeightedGraph) -> Bool {
        var seen = [Bool](repeating: false, count: graph.nodeCount)
        var reached = [Int](repeating: 0, count: partition.communityCount)
        var rootSeen = [Bool](repeating: false, count: partition.communityCount)
        for root in 0 ..< graph.nodeCount {
            let community = Int(partition.membership[root])
            guard !rootSeen[community] else { continue }
            rootSeen[community] = true
            var stack = [root]
            seen[root] = true
            while let node = stack.popLast() {
                reached[community] += 1
                for neighbour in graph.neighbours(of: node) where !seen[Int(neighbour)]
                    && partition.membership[Int(neighbour)] == partition.membership[node] {
                    seen[Int(neighbour)] = true
                    stack.append(Int(neighbour))
                }
            }
        }
        return reached == partition.sizes
    }
}
