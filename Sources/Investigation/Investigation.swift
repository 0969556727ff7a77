import Foundation
import SellerGraph

/// The whole analysis: projection, communities, ring assembly, scoring, ranking, factories.
///
/// Deterministic for a seed: every step iterates in index order, Leiden is seeded and
/// thread-count independent, and ties are broken by ids.
public struct Investigation: Sendable {
    public struct Options: Sendable {
        public var seed: UInt64 = 1
        /// CPM resolution; `nil` chooses ``RingDetector/defaultResolution``.
        public var resolution: Double?
        public var threads = 1
        public var projection = Projection.Parameters()
        /// Split groups that only a supplier holds together, join the groups that an account,
        /// address or contact only they use spreads over, and attach sellers in no group through
        /// what mostly one group uses (``ExclusiveTies``).
        /// Read from the dataset after the communities, so it holds for a projection from a
        /// Spark folder too.
        public var readsExclusiveTies = true
        public init() {}
    }

    public var network: SellerNetwork
    public var projection: Projection
    /// Candidate rings, rank 1 first.
    public var rings: [Ring]
    /// Counterfeiters taken out of honest groups (``LoneSellerSplit``), in seller order.
    public var loneSellers: [LoneSeller] = []
    public var factories: FactoryRanking
    public var resolution: Double
    public var seed: UInt64
    /// Seconds per stage, in order.
    public var timings: [(stage: String, seconds: Double)]

    /// Runs the analysis. `projection` and `communities`, when given (read from a
    /// ``ProjectionFolder``), replace the projection and the community detection.
    public init(network: SellerNetwork, options: Options = Options(), projection given: Projection? = nil,
                communities found: [[Int32]]? = nil, progress: ((String) -> Void)? = nil) {
        var timings: [(String, Double)] = []
        var clock = Date()
        func lap(_ stage: String, _ detail: String) {
            let seconds = Date().timeIntervalSince(clock)
            timings.append((stage, seconds))
            progress?(String(format: "%@: %@ (%.2f s)", stage, detail, seconds))
            clock = Date()
        }
        self.network = network
        seed = options.seed
        projection = given ?? Projection(network: network, parameters: options.projection, threads: options.threads)
        lap("projection", "\(network.count(of: .seller)) sellers, \(projection.links.count) seller links, \(projection.hubs.count) hubs left out (limit \(projection.hubLimit) sellers)")
        let detector = RingDetector(resolution: options.resolution, seed: options.seed, threads: options.threads)
        resolution = detector.resolution
        var communities = found ?? detector.communities(of: projection, in: network)
        lap("communities", "\(communities.count) candidate groups of 2 or more sellers (CPM, resolution \(detector.resolution))")
        if options.readsExclusiveTies {
            let outcome = ExclusiveTies(network: network, projection: projection).apply(to: communities)
            communities = outcome.groups
            lap("exclusive ties", "\(outcome.split) groups split off (held only by a supplier), \(outcome.joined) joined into others, \(outcome.attached) sellers attached")
        }
        let assembler = RingAssembler(network: network, projection: projection)
        let scorer = EvidenceScorer(network: network)
        var rings: [Ring] = communities.map { sellers in
            var ring = assembler.assemble(sellers: sellers)
            scorer.score(&ring)
            return ring
        }
        loneSellers = LoneSellerSplit(network: network, assembler: assembler).split(&rings, scorer: scorer)
        loneSellers.sort { $0.seller < $1.seller }
        Investigation.assignIds(&rings, network: network)
        let ringOfSellers = Dictionary(rings.map { ($0.sellers.sorted(), $0.id) }, uniquingKeysWith: { first, _ in first })
        for position in loneSellers.indices {
            let lone = loneSellers[position]
            loneSellers[position].remainderRing = ringOfSellers[lone.group.filter { $0 != lone.seller }]
        }
        rings.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.confirmedFakes != b.confirmedFakes { return a.confirmedFakes > b.confirmedFakes }
            if a.sellers.count != b.sellers.count { return a.sellers.count > b.sellers.count }
            return a.id < b.id
        }
        for position in rings.indices { rings[position].rank = position + 1 }
        self.rings = rings
        lap("scoring", "\(rings.filter { $0.assessment == .counterfeitRing }.count) counterfeit rings, \(rings.filter { $0.assessment == .suspectedRing }.count) suspected, \(rings.filter { $0.assessment == .legitimateCluster }.count) legitimate clusters, \(loneSellers.count) lone sellers taken out of groups")
        factories = FactoryRanking(network: network, rings: rings)
        lap("factories", "\(factories.entries.count) factories supply rings")
        self.timings = timings
    }

    /// `R-` + 8 hex digits of a hash of the sorted seller ids: stable for the same members,
    /// whatever the row order or seed; a collision gets `-2`, `-3`… in order of the sorted ids.
    static func assignIds(_ rings: inout [Ring], network: SellerNetwork) {
        var keys: [(String, Int)] = []
        for (position, ring) in rings.enumerated() {
            // Ordered by bytes, as ids are compared everywhere (``ByteKey``).
            let ids = ring.sellers.map { network.id(.seller, $0) }.sorted { $0.precedesInBytes($1) }
            keys.append((ids.joined(separator: "\u{1F}"), position))
        }
        keys.sort { !$0.0.hasSameBytes(as: $1.0) ? $0.0.precedesInBytes($1.0) : $0.1 < $1.1 }
        var used: [String: Int] = [:]
        for (key, position) in keys {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            let hex = String(UInt32(truncatingIfNeeded: hash ^ (hash >> 32)), radix: 16)
            var id = "R-" + String(repeating: "0", count: 8 - hex.count) + hex
            let seen = used[id, default: 0]
            used[id] = seen + 1
            if seen > 0 { id += "-\(seen + 1)" }
            rings[position].id = id
        }
    }
}
