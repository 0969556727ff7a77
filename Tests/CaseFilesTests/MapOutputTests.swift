import Foundation
import Geography
import Testing
@testable import CaseFiles
import Investigation
import SellerGraph
import TestFixtures

/// The map files of a run, places.csv and the jurisdiction bundles, on the mini world (ring A
/// in Guangzhou with the Putian workshop, ring B in Guangzhou).
@Suite(.serialized) struct MapOutputTests {
    private func run(_ world: MiniWorld = MiniWorld(), byJurisdiction: Bool = false, extra: [String: String] = [:]) throws -> String {
        let directory = try world.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, text) in extra { try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8) }
        let loaded = try DatasetLoader(directory: directory).load()
        let investigation = Investigation(network: loaded.network, options: Investigation.Options())
        var options = CaseFileWriter.Options()
        options.byJurisdiction = byJurisdiction
        options.formats = [.svg, .dot]
        let destination = NSTemporaryDirectory() + "ringscope-map-" + UUID().uuidString
        try CaseFileWriter().write(investigation, datasetDirectory: directory, files: loaded.files, to: destination, options: options)
        return destination
    }

    private func investigationForTests() throws -> Investigation {
        let directory = try MiniWorld().write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return Investigation(network: try DatasetLoader(directory: directory).load().network, options: Investigation.Options())
    }

    private func text(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func writesTheMapsAndPlaces() throws {
        let destination = try run()
        defer { try? FileManager.default.removeItem(atPath: destination) }
        let svg = try text(destination + "/map.svg")
        #expect(svg.contains("广东 Guangdong") && svg.contains("#1 "), "provinces and ranked factories")
        #expect(FileManager.default.fileExists(atPath: destination + "/map.pdf"))
        let html = try text(destination + "/map.html")
        #expect(html.contains("id=\"ringscope-map\"") && html.contains("script-src &#39;sha256-"), "map.html allows only its own scripts")
        let index = try text(destination + "/index.html")
        #expect(index.contains("id=\"ringscope-map\"") && index.contains("<a href=\"#map\">Map</a>"))
        let places = try text(destination + "/places.csv")
        #expect(places.contains("factory,WS,25.4,119,china,350000,福建 Fujian,350300,莆田 Putian,CN,0,Putian,Fujian,"))
        #expect(places.contains("address,RB1,23.2,113.3,china,440000,广东 Guangdong,440100,广州 Guangzhou"))
    }

    /// Each referral.pdf carries its ring's map, on a page of its own.
    @Test func referralCarriesItsRingsMap() throws {
        let investigation = try investigationForTests()
        let ring = try #require(investigation.rings.first { $0.assessment != .legitimateCluster })
        let map = try #require(CaseFileWriter.ringMap(ring, in: investigation))
        let with = try ReferralPDF.render(ring, investigation: investigation, diagram: nil, map: map)
        let without = try ReferralPDF.render(ring, investigation: investigation, diagram: nil, map: nil)
        func pages(_ pdf: [UInt8]) -> Int {
            let text = String(decoding: pdf, as: UTF8.self)
            return text.components(separatedBy: "/Type /Page").count - text.components(separatedBy: "/Type /Pages").count
        }
        #expect(pages(with) > pages(without))
        let text = String(decoding: with, as: UTF8.self)
        #expect(text.contains("/MediaBox [ 0 0 841.89") && !String(decoding: without, as: UTF8.self).contains("/MediaBox [ 0 0 841.89"),
                "the map is on a landscape page")
    }

    @Test func bundlesByJurisdiction() throws {
        let destination = try run(byJurisdiction: true)
        defer { try? FileManager.default.removeItem(atPath: destination) }
        let index = try text(destination + "/jurisdictions/index.md")
        #expect(index.contains("440000-Guangdong/440100-Guangzhou"))
        #expect(index.contains("350000-Fujian/350300-Putian"), "the Putian workshop's jurisdiction")
        let guangzhou = destination + "/jurisdictions/440000-Guangdong/440100-Guangzhou"
        for file in ["cover.md", "cover.pdf", "map.svg", "factories.csv"] {
            #expect(FileManager.default.fileExists(atPath: guangzhou + "/" + file), "\(file)")
        }
        let rings = try FileManager.default.contentsOfDirectory(atPath: guangzhou + "/rings")
        #expect(!rings.isEmpty)
        #expect(FileManager.default.fileExists(atPath: guangzhou + "/rings/" + rings[0] + "/referral.pdf"))
        let putian = try text(destination + "/jurisdictions/350000-Fujian/350300-Putian/factories.csv")
        #expect(putian.contains("WS,Shared workshop"))
        // The manifest covers the bundles.
        #expect(try text(destination + "/manifest.json").contains("jurisdictions/index.md"))
    }

    /// Text that names another place than the coordinates is reported in places.csv.
    @Test func warnsWhereTextAndCoordinatesDisagree() throws {
        // The Putian workshop's row says Putian, Fujian; move its coordinates to Hangzhou.
        let directory = try MiniWorld().write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/factories.csv"
        let original = try text(path)
        try original.replacingOccurrences(of: "WS,Shared workshop,Putian,Fujian,25.4,119.0", with: "WS,Shared workshop,Putian,Fujian,30.27,120.15")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try DatasetLoader(directory: directory).load()
        let investigation = Investigation(network: loaded.network, options: Investigation.Options())
        let basemap = try Basemap.bundled.get()
        var map = RunMap(investigation, basemap: basemap)
        let places = String(decoding: map.placesTable(), as: UTF8.self)
        #expect(places.contains("the text names 福建 Fujian, the coordinates are in 杭州 Hangzhou"))
        #expect(map.warnings().count >= 1)
    }

    /// Rows without coordinates (or at 0,0) are placed by their text, never at 0,0.
    @Test func placesWithoutCoordinatesGoByText() throws {
        let directory = try MiniWorld().write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/factories.csv"
        try text(path).replacingOccurrences(of: "WS,Shared workshop,Putian,Fujian,25.4,119.0", with: "WS,Shared workshop,Putian,Fujian,0,0")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try DatasetLoader(directory: directory).load()
        let investigation = Investigation(network: loaded.network, options: Investigation.Options())
        var map = RunMap(investigation, basemap: try Basemap.bundled.get())
        let places = String(decoding: map.placesTable(), as: UTF8.self)
        #expect(places.contains("factory,WS,0,0,by text only,350000,福建 Fujian,350300,莆田 Putian"))
        let input = map.input(title: "t")
        #expect(input.factories.first { $0.id == "WS" }?.coordinate == nil)
    }
}
