import Foundation
import Testing
import WorldGenerator
import SellerGraph

/// generate → load: the loader reads back exactly what the generator says it wrote, and the
/// shipped demo validates.
@Suite struct RoundTripTests {
    @Test func loaderReadsBackTheGeneratorsCounts() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ringscope-roundtrip-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var parameters = WorldGenerator.Parameters(sellers: 3000, rings: 8, seed: 5)
        parameters.images = 10
        let summary = try WorldGenerator(parameters).write(to: directory)
        let network = try DatasetLoader(directory: directory.path).load().network
        for kind in EntityKind.allCases {
            #expect(network.count(of: kind) == summary.rows(in: kind.fileName), "\(kind.fileName)")
        }
        #expect(network.links.reduce(0) { $0 + $1.count } == summary.rows(in: "links.csv"))
        for (relation, count) in summary.linksPerRelation { #expect(network.links(relation).count == count, "\(relation)") }
        #expect(network.evidence.count == summary.rows(in: "evidence.csv"))
        for (kind, count) in summary.evidencePerKind { #expect(network.evidence.filter { $0.kind == kind }.count == count, "\(kind)") }
        #expect(network.listings.count == summary.rows(in: "listings.csv"))
        #expect(network.images.count == summary.rows(in: "images.csv"))
        #expect(network.images.warnings.isEmpty, "every generated image file is there")
    }

    @Test func theShippedDemoIsValid() throws {
        let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("datasets/demo").path
        let loaded = try DatasetLoader(directory: demo).load()
        #expect(loaded.network.count(of: .seller) == 2000)
        #expect(loaded.network.table(.seller).columns.joined().contains { $0.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } })
    }
}
