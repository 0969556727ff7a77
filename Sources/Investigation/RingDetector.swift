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
    public func communities(of projection: Projection) -> [[Int32]] {
        let leiden = Leiden(objective: .cpm(resolution: resolution), algorithm: .leiden, threads: threads)
        let partition = leiden.run(on: projection.graph, seed: seed)
        var groups = [[Int32]](repeating: [], count: partition.communityCount)
        for (seller, community) in partition.membership.enumerated() {
            groups[Int(community)].append(Int32(seller))
        }
        return groups.filter { $0.count >= 2 }
    }
}
