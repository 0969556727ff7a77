/// What a community detection run maximises.
///
/// Both objectives have the form "weight inside communities minus a resolution-scaled penalty
/// on community mass", which is why ``Leiden`` handles them on one code path:
///
///     H = Σ_c ( w_c − γ′ · A_c² / 2 )
///
/// where `w_c` is the weight of the edges inside community `c` (each edge once, self-loops
/// included) and `A_c` the community's mass. For modularity the mass of a node is its strength
/// (weighted degree) and `γ′ = γ / 2m`; for CPM it is the node weight and `γ′ = γ`.
public enum Objective: Sendable, Equatable {
    /// Newman–Girvan modularity with a resolution γ (the RB configuration model of
    /// Reichardt & Bornholdt). γ = 1 is classic modularity; larger γ finds smaller communities.
    case modularity(resolution: Double)
    /// The constant Potts model (Traag, Van Dooren & Nesterov 2011) with resolution γ: a
    /// community is worth keeping when its density exceeds γ. It has no resolution limit,
    /// which matters for small rings in large graphs.
    case cpm(resolution: Double)

    /// The resolution γ.
    public var resolution: Double {
        switch self {
        case .modularity(let resolution), .cpm(let resolution): resolution
        }
    }

    /// The quality this objective reports: ``modularity(of:in:resolution:)`` or
    /// ``cpmQuality(of:in:resolution:)``.
    public func quality(of partition: Partition, in graph: WeightedGraph) -> Double {
        switch self {
        case .modularity(let resolution): Communities.modularity(of: partition, in: graph, resolution: resolution)
        case .cpm(let resolution): Communities.cpmQuality(of: partition, in: graph, resolution: resolution)
        }
    }

    /// The mass of each node: strength for modularity, node weight for CPM.
    func masses(of graph: WeightedGraph) -> [Double] {
        switch self {
        case .modularity: graph.strengths
        case .cpm: graph.nodeWeights
        }
    }

    /// γ′, the factor of the mass penalty in edge-weight units.
    func penaltyScale(for graph: WeightedGraph) -> Double {
        switch self {
        case .modularity(let resolution): graph.totalWeight > 0 ? resolution / (2 * graph.totalWeight) : 0
        case .cpm(let resolution): resolution
        }
    }
}

/// Per community: the weight of its internal edges (each edge once) and its total mass.
func communityTotals(of membership: [Int32], communityCount: Int, in graph: WeightedGraph,
                     masses: [Double]) -> (internal: [Double], mass: [Double]) {
    var internalWeight = [Double](repeating: 0, count: communityCount)
    var mass = [Double](repeating: 0, count: communityCount)
    for node in 0 ..< graph.nodeCount {
        let community = Int(membership[node])
        mass[community] += masses[node]
        for arc in graph.offsets[node] ..< graph.offsets[node + 1] {
            let neighbour = Int(graph.targets[arc])
            guard membership[neighbour] == membership[node] else { continue }
            // A non-loop edge is met from both ends, a self-loop once.
            internalWeight[community] += neighbour == node ? graph.weights[arc] : graph.weights[arc] / 2
        }
    }
    return (internalWeight, mass)
}

/// Modularity of a partition with resolution γ:
///
///     Q = 1/(2m) · Σ_ij ( A_ij − γ · k_i k_j / 2m ) · δ(c_i, c_j)
///       = Σ_c ( w_c / m − γ · (K_c / 2m)² )
///
/// with `A_ii` twice the self-loop weight, `k_i` strengths, `m` the total edge weight, `w_c`
/// and `K_c` the internal weight and total strength of community `c`. Matches igraph's
/// `Graph.modularity(membership, weights, resolution)`. A graph without edges has modularity 0.
///
/// - Parameters:
///   - partition: The partition, one community per node of `graph`.
///   - graph: The graph.
///   - resolution: γ, default 1.
/// - Complexity: O(n + m).
public func modularity(of partition: Partition, in graph: WeightedGraph, resolution: Double = 1) -> Double {
    precondition(partition.nodeCount == graph.nodeCount, "partition and graph differ in node count")
    let m = graph.totalWeight
    guard m > 0 else { return 0 }
    let totals = communityTotals(of: partition.membership, communityCount: partition.communityCount,
                                 in: graph, masses: graph.strengths)
    var quality = 0.0
    for community in 0 ..< partition.communityCount {
        let share = totals.mass[community] / (2 * m)
        quality += totals.internal[community] / m - resolution * share * share
    }
    return quality
}

/// Quality of a partition under the constant Potts model, in leidenalg's convention
/// (`CPMVertexPartition.quality()`):
///
///     H = 2 · Σ_c ( w_c − γ · n_c (n_c − 1) / 2 )
///
/// where `w_c` is the weight inside community `c` and `n_c` the sum of its node weights (its
/// node count with the default weights). The penalty counts the pairs of distinct nodes,
/// `n_c(n_c − 1)/2`; leidenalg uses this for graphs without self-loops. It differs from the
/// `n_c²/2` convention only by the constant `γ · Σ n_i`, so both rank partitions alike and
/// give the same moves.
///
/// - Parameters:
///   - partition: The partition, one community per node of `graph`.
///   - graph: The graph; its node weights are the sizes.
///   - resolution: γ, the density a community must exceed to be worth keeping.
/// - Complexity: O(n + m).
public func cpmQuality(of partition: Partition, in graph: WeightedGraph, resolution: Double) -> Double {
    precondition(partition.nodeCount == graph.nodeCount, "partition and graph differ in node count")
    let totals = communityTotals(of: partition.membership, communityCount: partition.communityCount,
                                 in: graph, masses: graph.nodeWeights)
    var quality = 0.0
    for community in 0 ..< partition.communityCount {
        let size = totals.mass[community]
        quality += totals.internal[community] - resolution * size * (size - 1) / 2
    }
    return 2 * quality
}
