import Communities
import Parallel

extension RingDetector {
    /// Components with at least this many sellers get all the detector's threads; the others
    /// run side by side, one thread each.
    public static let largeComponentSize = 50_000

    /// The seed of the component whose smallest seller is `key`: SplitMix64's finaliser of the
    /// run's seed and the key.
    ///
    /// Why per component: CPM's quality is a sum over communities, and no community ever spans
    /// two components (a move to a community with no link costs γ and gains nothing), so
    /// Leiden on the whole projection and Leiden on each component alone optimise the same thing.
    /// Run per component with a seed fixed by the component itself, the result no longer depends
    /// on which other components share the run, their numbering or the machine that runs them:
    /// `ringscope analyze`, `ringscope shard-communities` on any shard and the Spark job all
    /// give the same communities.
    public static func componentSeed(_ seed: UInt64, component key: Int32) -> UInt64 {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* (UInt64(UInt32(bitPattern: key)) &+ 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The communities of `links` with at least two sellers, each as increasing seller indices,
    /// ordered by their smallest seller: each connected component alone, seeded by
    /// ``componentSeed(_:component:)``.
    ///
    /// - Parameter names: the seller index each of `links`' sellers stands for, when `links` is
    ///   a shard renumbered densely (increasing, so the order of sellers is kept); seeds and
    ///   results are in these names. `nil`: sellers are themselves.
    /// - Complexity: Leiden on each component; components run in parallel.
    public func communities(of links: SellerLinks, names: [Int32]? = nil) -> [[Int32]] {
        let components = SellerComponents(links)
        let large = (0 ..< components.count).filter { components.size(of: $0) >= RingDetector.largeComponentSize }
        let small = (0 ..< components.count).filter { components.size(of: $0) < RingDetector.largeComponentSize }
        var groups: [[Int32]] = []
        for component in large {
            groups += self.groups(inComponent: component, of: components, links: links, names: names, threads: threads)
        }
        let smallGroups = concurrentMap(small.count, threads: threads) { position in
            self.groups(inComponent: small[position], of: components, links: links, names: names, threads: 1)
        }
        for part in smallGroups { groups += part }
        return groups.sorted { $0[0] < $1[0] }
    }

    /// The groups of two or more sellers in one component: Leiden (CPM), satellites attached,
    /// fragments joined (``joiningFragments(_:strong:seed:threads:)``), satellites attached
    /// again to the joined rings.
    func groups(inComponent component: Int, of components: SellerComponents, links: SellerLinks, names: [Int32]?,
                threads: Int) -> [[Int32]] {
        let sellers = components.sellers[components.sellerOffsets[component] ..< components.sellerOffsets[component + 1]]
        let linkIndices = components.links[components.linkOffsets[component] ..< components.linkOffsets[component + 1]]
        var sources: [Int32] = [], targets: [Int32] = [], weights: [Double] = []
        sources.reserveCapacity(linkIndices.count)
        targets.reserveCapacity(linkIndices.count)
        weights.reserveCapacity(linkIndices.count)
        for index in linkIndices {
            sources.append(components.localIndex[Int(links.sources[index])])
            targets.append(components.localIndex[Int(links.targets[index])])
            weights.append(SellerLinks.real(links.weights[index]))
        }
        let graph = WeightedGraph(nodeCount: sellers.count, sources: sources, targets: targets, weights: weights)
        let key = names.map { $0[Int(components.keys[component])] } ?? components.keys[component]
        let seed = RingDetector.componentSeed(self.seed, component: key)
        // Two Leiden iterations, as ``communities(of:in:)`` explains.
        let leiden = Leiden(objective: .cpm(resolution: resolution), algorithm: .leiden, iterations: 2, threads: threads)
        var membership = RingDetector.attachingSatellites(leiden.run(on: graph, seed: seed).membership, graph: graph)
        membership = joiningFragments(membership, strong: linkIndices.lazy.map { index in
            (components.localIndex[Int(links.sources[index])], components.localIndex[Int(links.targets[index])], links.strongWeights[index])
        }, seed: seed, threads: threads)
        // Satellites again, now against the rings as joined: a member tied to a large ring by one
        // phone or device shared with members in several fragments sends its weight to each of
        // them, none reaching the share, until they are one (``attachingSatellites(_:graph:)``).
        membership = RingDetector.attachingSatellites(membership, graph: graph)
        var members = [[Int32]](repeating: [], count: Int(membership.max() ?? -1) + 1)
        for (local, community) in membership.enumerated() {
            let seller = sellers[sellers.startIndex + local]
            members[Int(community)].append(names.map { $0[Int(seller)] } ?? seller)
        }
        return members.filter { $0.count >= 2 }
    }

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
    ///
    /// The weight between two communities is summed in fixed point (``SellerLinks``), so it does
    /// not depend on the order of the links.
    func joiningFragments<Strong: Sequence>(_ membership: [Int32], strong: Strong, seed: UInt64, threads: Int) -> [Int32]
    where Strong.Element == (Int32, Int32, Int64) {
        let communityCount = Int(membership.max() ?? -1) + 1
        guard communityCount > 1 else { return membership }
        var sizes = [Double](repeating: 0, count: communityCount)
        for community in membership { sizes[Int(community)] += 1 }
        var cross: [Int64: Int64] = [:]
        for (a, b, weight) in strong where weight > 0 {
            let ca = membership[Int(a)], cb = membership[Int(b)]
            guard ca != cb else { continue }
            let key = ca < cb ? Int64(ca) << 32 | Int64(cb) : Int64(cb) << 32 | Int64(ca)
            cross[key, default: 0] &+= weight
        }
        guard !cross.isEmpty else { return membership }
        var sources: [Int32] = [], targets: [Int32] = [], weights: [Double] = []
        for (key, weight) in cross.sorted(by: { $0.key < $1.key }) {
            sources.append(Int32(key >> 32))
            targets.append(Int32(truncatingIfNeeded: key))
            weights.append(SellerLinks.real(weight))
        }
        let graph = WeightedGraph(nodeCount: communityCount, sources: sources, targets: targets, weights: weights, nodeWeights: sizes)
        let second = Leiden(objective: .cpm(resolution: resolution * RingDetector.fragmentResolutionShare), algorithm: .leiden, threads: threads)
            .run(on: graph, seed: seed)
        return membership.map { second.membership[Int($0)] }
    }
}
