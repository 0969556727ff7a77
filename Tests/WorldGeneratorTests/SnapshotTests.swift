import Foundation
import SellerGraph
import Testing
@testable import WorldGenerator

/// generate → snapshot → load: the later world is a valid dataset with nothing unlinked, its
/// persisting entities keep their ids, and its answer key says which ring continues which.
@Suite struct SnapshotTests {
    private func rows(_ path: URL) throws -> [[String]] {
        try CSVTable.read(path.path)!.rows
    }

    @Test func aSnapshotKeepsIdsEvolvesRingsAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ringscope-snapshot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = folder.appendingPathComponent("base"), later = folder.appendingPathComponent("later"), again = folder.appendingPathComponent("again")
        try WorldGenerator(WorldGenerator.Parameters(sellers: 3000, rings: 12, seed: 3)).write(to: base)
        let summary = try WorldSnapshot(WorldSnapshot.Parameters(seed: 9)).write(from: base, to: later)
        try WorldSnapshot(WorldSnapshot.Parameters(seed: 9)).write(from: base, to: again)
        for file in ["sellers.csv", "links.csv", "evidence.csv", "truth/lineage.csv", "enforcement/outcomes.csv"] {
            #expect(FileManager.default.contents(atPath: later.appendingPathComponent(file).path) == FileManager.default.contents(atPath: again.appendingPathComponent(file).path), "\(file)")
        }
        #expect(summary.reEmerged >= 1 && summary.raided + summary.reEmerged >= 2 && summary.new >= 1 && summary.continued >= 1)

        let loaded = try DatasetLoader(directory: later.path).load()
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings.map(\.description))")
        let network = loaded.network

        let lineage = try rows(later.appendingPathComponent("truth/lineage.csv"))
        let baseRings = Dictionary(grouping: try rows(base.appendingPathComponent("truth/rings.csv")), by: { $0[0] }).mapValues { Set($0.map { $0[1] }) }
        let laterRings = Dictionary(grouping: try rows(later.appendingPathComponent("truth/rings.csv")), by: { $0[0] }).mapValues { Set($0.map { $0[1] }) }
        #expect(Set(lineage.map { $0[0] }).isSuperset(of: laterRings.keys))
        let baseFactories = Set(try rows(base.appendingPathComponent("factories.csv")).map { $0[0] })
        for row in lineage {
            switch row[2] {
            case "continued":
                // Sellers who stayed keep their ids; the ring keeps its id.
                #expect(!baseRings[row[1]]!.isDisjoint(with: laterRings[row[0]]!))
            case "re_emerged":
                // New sellers, and at least one workshop of the old world behind them.
                #expect(baseRings[row[1]]!.isDisjoint(with: laterRings[row[0]]!))
                let sellers = laterRings[row[0]]!.compactMap { network.table(.seller).index(of: $0) }
                let storefronts = (0 ..< Int32(network.count(of: .storefront))).filter { sellers.contains(network.seller(of: $0)) }
                let workshops = Set(storefronts.flatMap { network.links(.suppliedBy).forward[$0].map { network.id(.factory, $0) } })
                #expect(!workshops.isDisjoint(with: baseFactories), "\(row[0]) reuses no workshop")
                #expect(row[3] == "yes")
            case "new":
                #expect(laterRings[row[0]]!.isDisjoint(with: baseRings.values.reduce(Set<String>(), { $0.union($1) })))
            case "vanished":
                #expect(laterRings[row[0]] == nil)
            default:
                Issue.record("unknown change \(row[2])")
            }
        }
        // The raids name entities of the old world.
        let outcomes = try rows(later.appendingPathComponent("enforcement/outcomes.csv"))
        #expect(!outcomes.isEmpty)
        let baseSellers = Set(try rows(base.appendingPathComponent("sellers.csv")).map { $0[0] })
        for row in outcomes where row[0] == "seller" { #expect(baseSellers.contains(row[1])) }
        // Links still active at the old end run on into the new months.
        #expect(try rows(later.appendingPathComponent("links.csv")).contains { $0[4] > "2025-12-01" })
    }

    @Test func aDatasetWithoutItsAnswerKeyIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ringscope-snapshot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("seller_id\nS1\n".utf8).write(to: folder.appendingPathComponent("sellers.csv"))
        let error = #expect(throws: WorldGenerator.ParameterError.self) {
            try WorldSnapshot().write(from: folder, to: folder.appendingPathComponent("out"))
        }
        #expect(error?.message.contains("has no truth/rings.csv") == true)
    }
}
