import Foundation
import Testing
@testable import Investigation
import SellerGraph
import TestFixtures

/// MiniWorld's hub warehouse written two ways, half of its honest users on each spelling (125
/// sellers each, under the hub limit of 200) and every ring storefront on the second: only
/// resolution shows it is one hub of 250 sellers.
@Suite struct ResolvedHubTests {
    private func network() throws -> SellerNetwork {
        var files = MiniWorld().files()
        files["addresses.csv"] = files["addresses.csv"]!.replacingOccurrences(
            of: "H,Logistics Park Hub,Guangzhou,Guangdong,23.1,113.2\n",
            with: "H,\"Warehouse 1, No. 5 Huanshi Road, Guangzhou\",Guangzhou,Guangdong,23.1,113.2\nH2,5 Huanshi Rd WH 1 Guangzhou,Guangzhou,Guangdong,23.1001,113.2\n")
        var links = files["links.csv"]!.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, line) in links.enumerated() where line.hasSuffix(",H,ships_from") {
            let storefront = line.prefix { $0 != "," }
            let honest = storefront.hasPrefix("HS") ? Int(storefront.dropFirst(2)) : nil
            if honest.map({ $0 % 2 == 1 }) ?? true { links[index] = storefront + ",H2,ships_from" }
        }
        files["links.csv"] = links.joined(separator: "\n")
        let directory = NSTemporaryDirectory() + "ringscope-hub-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, content) in files { try Data(content.utf8).write(to: URL(fileURLWithPath: directory + "/" + name)) }
        return try DatasetLoader(directory: directory).load().network
    }

    @Test func aHubWrittenTwoWaysIsOneHub() throws {
        let network = try network()
        var options = Investigation.Options()
        options.projection.resolvesAddresses = true
        let investigation = Investigation(network: network, options: options)
        let hub = try #require(network.table(.address).index(of: "H"))
        #expect(investigation.projection.hubs.contains { $0.kind == .address && $0.entity == hub })
        #expect(investigation.projection.isHub(.address, try #require(network.table(.address).index(of: "H2"))))
        let ringA = try #require(investigation.rings.first { $0.sellers.contains(network.table(.seller).index(of: "A1")!) })
        #expect(ringA.hubs.contains { $0.hub.kind == .address && $0.hub.entity == hub && $0.ringLinks == 12 })
        #expect(!ringA.members.contains { $0.kind == .address && ($0.entity == hub || network.id(.address, $0.entity) == "H2") })

        // Without resolution neither spelling is a hub: each is shared by 125 sellers.
        let plain = Investigation(network: network)
        #expect(!plain.projection.isHub(.address, hub))
    }
}
