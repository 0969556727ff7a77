import Foundation
import Testing
@testable import Investigation
import SellerGraph
import TestFixtures

@Suite struct SellerLinksTests {
    private func pairs(_ rows: [(Int32, Int32, Double)]) -> SellerPairs {
        var pairs = SellerPairs()
        for (a, b, weight) in rows {
            pairs.sources.append(a)
            pairs.targets.append(b)
            pairs.weights.append(weight)
        }
        return pairs
    }

    @Test func weightsAreTheSameBitsInAnyOrder() {
        // 0.1 + 0.2 + 0.3 ≠ 0.3 + 0.2 + 0.1 in doubles; in fixed point the order does not matter.
        let ascending: Double = (0.1 + 0.2) + 0.3
        let descending: Double = (0.3 + 0.2) + 0.1
        #expect(ascending != descending)
        let forward = SellerLinks(sellerCount: 3, all: pairs([(0, 1, 0.1), (1, 0, 0.2), (0, 1, 0.3), (2, 1, 0.5)]), strong: pairs([(1, 0, 0.2)]))
        let backward = SellerLinks(sellerCount: 3, all: pairs([(1, 2, 0.5), (0, 1, 0.3), (0, 1, 0.2), (1, 0, 0.1)]), strong: pairs([(0, 1, 0.2)]))
        #expect(forward == backward)
        #expect(forward.sources == [0, 1] && forward.targets == [1, 2])
        let sum: Int64 = SellerLinks.fixedPoint(0.1) + SellerLinks.fixedPoint(0.2) + SellerLinks.fixedPoint(0.3)
        #expect(forward.weights[0] == sum)
        #expect(forward.strongWeights == [SellerLinks.fixedPoint(0.2), 0])
        // Truncated towards zero, as Spark's CAST(w * 2^40 AS BIGINT).
        #expect(SellerLinks.fixedPoint(1.0) == 1 << 40)
        let third: Double = 0.8 / 3
        let truncated = Int64(third * 1_099_511_627_776.0)
        #expect(SellerLinks.fixedPoint(third) == truncated)
    }

    @Test func componentsAreNamedByTheirSmallestSeller() {
        //  5 ─ 2 ─ 7     0 ─ 4     (1, 3, 6 alone)
        let links = SellerLinks(sellerCount: 8, all: pairs([(7, 2, 1), (2, 5, 1), (4, 0, 1)]), strong: pairs([]))
        let components = SellerComponents(links)
        #expect(components.keys == [0, 2])
        #expect(Array(components.sellers[components.sellerOffsets[1] ..< components.sellerOffsets[2]]) == [2, 5, 7])
        #expect(components.size(of: 0) == 2)
        #expect(components.localIndex[7] == 2)
    }

    @Test func componentSeedsDependOnTheRunSeedAndTheComponent() {
        #expect(RingDetector.componentSeed(1, component: 0) != RingDetector.componentSeed(1, component: 1))
        #expect(RingDetector.componentSeed(1, component: 5) != RingDetector.componentSeed(2, component: 5))
        #expect(RingDetector.componentSeed(1, component: 5) == RingDetector.componentSeed(1, component: 5))
    }

    /// The projection of the hand-drawn world, with its rings' components.
    private func miniProjection() throws -> (SellerNetwork, Projection) {
        let network = try MiniWorld().network()
        return (network, Projection(network: network))
    }

    @Test func eachComponentAloneGivesTheGroupsOfTheWhole() throws {
        let (_, projection) = try miniProjection()
        let detector = RingDetector()
        let whole = detector.communities(of: projection.links)
        #expect(whole.count >= 3)
        // Every component as its own shard, renumbered densely: the Spark job's shards.
        let components = SellerComponents(projection.links)
        var fromShards: [[Int32]] = []
        for component in 0 ..< components.count {
            let names = Array(components.sellers[components.sellerOffsets[component] ..< components.sellerOffsets[component + 1]])
            let indices = components.links[components.linkOffsets[component] ..< components.linkOffsets[component + 1]]
            let shard = SellerLinks(sellerCount: names.count,
                                    sources: indices.map { components.localIndex[Int(projection.links.sources[$0])] },
                                    targets: indices.map { components.localIndex[Int(projection.links.targets[$0])] },
                                    weights: indices.map { projection.links.weights[$0] },
                                    strongWeights: indices.map { projection.links.strongWeights[$0] })
            fromShards += detector.communities(of: shard, names: names)
        }
        #expect(fromShards.sorted { $0[0] < $1[0] } == whole)
        // More threads: the same groups.
        #expect(RingDetector(threads: 3).communities(of: projection.links) == whole)
    }

    @Test func aComponentsGroupsDoNotDependOnTheOthers() throws {
        let (_, projection) = try miniProjection()
        let links = projection.links
        // The same world with 1,000 sellers of unrelated pairs after it.
        let extra = 1_000
        var sources = links.sources, targets = links.targets, weights = links.weights, strong = links.strongWeights
        for pair in stride(from: 0, to: extra, by: 2) {
            sources.append(Int32(links.sellerCount + pair))
            targets.append(Int32(links.sellerCount + pair + 1))
            weights.append(SellerLinks.fixedPoint(0.5))
            strong.append(0)
        }
        let larger = SellerLinks(sellerCount: links.sellerCount + extra, sources: sources, targets: targets, weights: weights, strongWeights: strong)
        let detector = RingDetector(seed: 7)
        let groups = detector.communities(of: larger).filter { $0[0] < Int32(links.sellerCount) }
        #expect(groups == detector.communities(of: links))
    }

    @Test func aProjectionFolderReadsBackAsTheSameAnalysis() throws {
        let (network, projection) = try miniProjection()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("projection-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/links", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/communities", withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let header = ProjectionFolder.Header(format: ProjectionFolder.format, spec: ProjectionSpec(Projection.Parameters()),
                                             sellers: network.count(of: .seller), sellersSha256: "-", hubLimit: projection.hubLimit,
                                             communities: .init(seed: 1, resolution: nil))
        try encoder.encode(header).write(to: URL(fileURLWithPath: folder + "/projection.json"))
        // Two part files in the reverse order of the pairs, and Spark's marker files.
        var lines = (0 ..< projection.links.count).map { index in
            "\(projection.links.sources[index])\t\(projection.links.targets[index])\t\(projection.links.weights[index])\t\(projection.links.strongWeights[index])\n"
        }
        lines.reverse()
        try lines.prefix(lines.count / 2).joined().write(toFile: folder + "/links/part-00000", atomically: true, encoding: .utf8)
        try lines.dropFirst(lines.count / 2).joined().write(toFile: folder + "/links/part-00001", atomically: true, encoding: .utf8)
        try "".write(toFile: folder + "/links/_SUCCESS", atomically: true, encoding: .utf8)
        try projection.hubs.map { "\($0.kind.rawValue)\t\($0.entity)\t\($0.sellers)\n" }.joined()
            .write(toFile: folder + "/hubs.tsv", atomically: true, encoding: .utf8)
        let groups = RingDetector().communities(of: projection.links)
        try groups.flatMap { group in group.map { "\($0)\t\(group[0])\n" } }.joined()
            .write(toFile: folder + "/communities/part-00000", atomically: true, encoding: .utf8)

        let read = try ProjectionFolder(path: folder)
        #expect(read.links == projection.links)
        #expect(read.communities == groups)
        let given = try Projection(folder: read, network: network)
        #expect(given.hubs == projection.hubs)
        #expect(given.hubLimit == projection.hubLimit)
        let single = Investigation(network: network)
        let distributed = Investigation(network: network, projection: given, communities: read.communities)
        #expect(distributed.rings.map(\.id) == single.rings.map(\.id))
        #expect(distributed.rings.map(\.score) == single.rings.map(\.score))
        #expect(distributed.factories.entries.map(\.factory) == single.factories.entries.map(\.factory))

        // Another spec is refused.
        var other = Projection.Parameters()
        other.returnsTo = 0.7
        #expect(throws: DatasetError.self) { try Projection(folder: read, network: network, parameters: other) }
        // A dataset with identifier ties reads its identifier hubs back as analyze makes them:
        // the group's first row, every spelling a hub, the links of every spelling counted.
        var withPhones = MiniWorld()
        withPhones.extraFiles["identifiers.csv"] = "identifier_id,kind,value\nP1,phone,138 0013 8000\nP2,phone,+86 138-0013-8000\n"
        withPhones.extraLinks = "AS1_1,P1,uses\nBS1_1,P2,uses\n"
        let phones = try withPhones.network()
        var tight = Projection.Parameters()
        tight.hubLimit = 1
        let local = Projection(network: phones, parameters: tight)
        #expect(local.hubs.contains { $0.kind == .identifier && $0.entity == 0 && $0.links == 2 })
        let phoneFolder = folder + "-phones"
        defer { try? FileManager.default.removeItem(atPath: phoneFolder) }
        try FileManager.default.createDirectory(atPath: phoneFolder + "/links", withIntermediateDirectories: true)
        var phoneHeader = header
        phoneHeader.spec = ProjectionSpec(tight)
        phoneHeader.sellers = phones.count(of: .seller)
        phoneHeader.hubLimit = local.hubLimit
        try encoder.encode(phoneHeader).write(to: URL(fileURLWithPath: phoneFolder + "/projection.json"))
        try local.hubs.map { "\($0.kind.rawValue)\t\($0.entity)\t\($0.sellers)\n" }.joined()
            .write(toFile: phoneFolder + "/hubs.tsv", atomically: true, encoding: .utf8)
        let phoneProjection = try Projection(folder: try ProjectionFolder(path: phoneFolder), network: phones, parameters: tight)
        #expect(phoneProjection.hubs == local.hubs)
        #expect(phoneProjection.isHub(.identifier, 1) && local.isHub(.identifier, 1))
        // A bad line is named.
        try "0\t1\t5\n".write(toFile: folder + "/links/part-00002", atomically: true, encoding: .utf8)
        #expect { try ProjectionFolder(path: folder) } throws: { error in
            "\(error)".contains("part-00002:1:1") && "\(error)".contains("expected 4 tab-separated fields")
        }
    }
}
