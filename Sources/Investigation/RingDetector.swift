import Communities
import SellerGraph

/// Finds candidate rings: Leiden communities of the seller projection under the CPM objective.
///
/// Why CPM and not modularity: modularity's resolution limit merges small groups in a large
/// graph (the peers' own example: 3,774 planted groups, ~300 found), and counterfeit rings are
/// exactly small groups in a large graph. CPM compares each group's internal linkage with a fixed
/// density γ, whatever the size of the rest of the graph, so the same default works on a
/// 2,000-seller demo and a million-seller marketplace.
///
/// Why γ = 0.02 by default: the projection's weights are in absolute units (``Projection``: each
/// shared entity pulls each of its users with its relation weight, spread over the others), so γ
/// has a fixed meaning: a group holds together when its members are on average linked at least
/// as strongly as two of 51 sellers that share one payout account. That keeps a warehouse shared
/// by 30 honest sellers (0.4 / 29 ≈ 0.014 per pair) apart, keeps two rings that only share a
/// workshop apart (0.1 / (k − 1) < 0.02 unless both are tiny), and still holds a ring of about a
/// hundred sellers together (each member pulls ~2–3 units towards its ring, against γ per
/// member). `--resolution` overrides it.
public struct RingDetector: Sendable {
    public static let defaultResolution = 0.02

    public var resolution: Double
    public var seed: UInt64
    public var threads: Int

    public init(resolution: Double? = nil, seed: UInt64 = 1, threads: Int = 1) {
        self.resolution = resolution ?? Self.defaultResolution
        self.seed = seed
        self.threads = threads
    }

    /// The communities of `projection` with at least two sellers, each as sorted seller indices,
    /// ordered by their smallest seller.
    public func communities(of projection: Projection, in network: SellerNetwork) -> [[Int32]] {
        // Two Leiden iterations, not "until stable": on the seller projection the later
        // iterations change nothing that matters (measured on the 100k worlds, seeds 1–3: the same
        // detection figures to four decimals; on 1M: ±0.001) and cost 2.6× the time (25.1 s →
        // 9.5 s for the 1M-seller world).
        let leiden = Leiden(objective: .cpm(resolution: resolution), algorithm: .leiden, iterations: 2, threads: threads)
        let partition = leiden.run(on: projection.graph, seed: seed)
        var membership = RingDetector.attachingSatellites(partition.membership, graph: projection.graph)
        membership = joiningFragments(membership, projection: projection, network: network)
        var groups = [[Int32]](repeating: [], count: (membership.max().map(Int.init) ?? -1) + 1)
        for (seller, community) in membership.enumerated() {
            groups[Int(community)].append(Int32(seller))
        }
        return groups.filter { $0.count >= 2 }.sorted { $0[0] < $1[0] }
    }

    /// The resolution of the second pass that joins fragments of one large ring, as a share of
    /// ``resolution``.
    public static let fragmentResolutionShare = 0.25

    /// Joins the fragments of a large ring.
    ///
    /// CPM bounds a group's size by its members' pull (each member pulls with its relation
    /// weights, against γ per fellow member), so a ring of a few hundred sellers comes out as
    /// several fragments, each holding its share of the ring's pools. A second CPM pass runs on
    /// the graph of communities — node weight = sellers, edge weight = the *strong* links between
    /// them only (shared payout accounts and non-factory addresses, direct transfers; see
    /// ``Projection/forEachStrongPair(in:_:)``) — at a quarter of γ. Fragments of one ring share
    /// accounts and return addresses across their borders and join; two rings that only buy
    /// from one workshop share no strong link and stay two.
    ///
    /// - Complexity: O(P) for the strong pairs P, plus Leiden on the community graph.
    func joiningFragments(_ membership: [Int32], projection: Projection, network: SellerNetwork) -> [Int32] {
        let communityCount = Int(membership.max() ?? -1) + 1
        guard communityCount > 1 else { return membership }
        var sizes = [Double](repeating: 0, count: communityCount)
        for community in membership { sizes[Int(community)] += 1 }
        var cross: [Int64: Double] = [:]
        projection.forEachStrongPair(in: network) { a, b, weight in
            let ca = membership[Int(a)], cb = membership[Int(b)]
            guard ca != cb else { return }
            let key = ca < cb ? Int64(ca) << 32 | Int64(cb) : Int64(cb) << 32 | Int64(ca)
            cross[key, default: 0] += weight
        }
        guard !cross.isEmpty else { return membership }
        var sources: [Int32] = [], targets: [Int32] = [], weights: [Double] = []
        for (key, weight) in cross.sorted(by: { $0.key < $1.key }) {
            sources.append(Int32(key >> 32))
            targets.append(Int32(truncatingIfNeeded: key))
            weights.append(weight)
        }
        let graph = WeightedGraph(nodeCount: communityCount, sources: sources, targets: targets, weights: weights, nodeWeights: sizes)
        let second = Leiden(objective: .cpm(resolution: resolution * RingDetector.fragmentResolutionShare), algorithm: .leiden, threads: threads)
            .run(on: graph, seed: seed)
        return membership.map { second.membership[Int($0)] }
    }

    /// Communities of at most this many sellers may be attached to a larger one.
    public static let satelliteSize = 3
    /// ... when at least this share of their link weight goes to it.
    public static let satelliteShare = 0.75

    /// Attaches satellites to the ring they orbit.
    ///
    /// CPM asks every member of a group to pull towards it with at least γ per fellow member, so a
    /// large ring cannot hold a member that shares only one pool with it (a "clean-looking"
    /// member: own account, hub shipping, and the ring's workshop or one return address). Such a
    /// seller ends up alone, or in a pair, although every non-hub link it has leads into the
    /// ring. A group of at most ``satelliteSize`` sellers whose link weight goes for at least
    /// ``satelliteShare`` to one community at least twice its size joins it. Decided on the
    /// Leiden partition as it stands (no cascading), so the result is order-independent.
    ///
    /// - Complexity: O(n + m).
    static func attachingSatellites(_ membership: [Int32], graph: WeightedGraph) -> [Int32] {
        let communityCount = Int(membership.max() ?? -1) + 1
        var sizes = [Int](repeating: 0, count: communityCount)
        for community in membership { sizes[Int(community)] += 1 }
        var members = [[Int]](repeating: [], count: communityCount)
        for (node, community) in membership.enumerated() where sizes[Int(community)] <= satelliteSize {
            members[Int(community)].append(node)
        }
        var result = membership
        var weightTo: [Int32: Double] = [:]
        for community in 0 ..< communityCount where sizes[community] <= satelliteSize && sizes[community] > 0 {
            weightTo.removeAll(keepingCapacity: true)
            var total = 0.0
            for node in members[community] {
                let weights = graph.weights(of: node)
                for (offset, neighbour) in graph.neighbours(of: node).enumerated() {
                    let weight = weights[weights.startIndex + offset]
                    total += weight
                    let other = membership[Int(neighbour)]
                    if Int(other) != community { weightTo[other, default: 0] += weight }
                }
            }
            guard total > 0 else { continue }
            let best = weightTo.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }
            guard let best, best.value >= satelliteShare * total, sizes[Int(best.key)] >= 2 * sizes[community] else { continue }
            for node in members[community] { result[node] = best.key }
        }
        return result
    }
}
