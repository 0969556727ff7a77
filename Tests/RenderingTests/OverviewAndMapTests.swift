import Foundation
import Testing
@testable import Rendering

/// Three rings; F1 supplies R1 and R2 (shared), F2 only R3.
private let rings = [
    OverviewRing(id: "R2", score: 61.25, sellerCount: 4, factories: [OverviewFactory(id: "F1", label: "莆田 workshop")]),
    OverviewRing(id: "R1", score: 87.46, sellerCount: 12, factories: [OverviewFactory(id: "F1", label: "莆田 workshop"), OverviewFactory(id: "F3", label: "Dongguan")]),
    OverviewRing(id: "R3", score: 40, sellerCount: 1, factories: [OverviewFactory(id: "F2", label: "Yiwu")]),
]

/// Guangzhou (south-west), Shenzhen (south-east), Yiwu (north-east), and two sites in
/// Putian 100 m apart that share one node; one point without coordinates.
private let places = [
    GeoPoint(id: "F1", label: "workshop", city: "广州 Guangzhou", latitude: 23.13, longitude: 113.26, kind: .factory),
    GeoPoint(id: "A7", label: "return address", city: "深圳 Shenzhen", latitude: 22.54, longitude: 114.06, kind: .address),
    GeoPoint(id: "F2", label: "", city: "义乌 Yiwu", latitude: 29.31, longitude: 120.08, kind: .factory),
    GeoPoint(id: "A1", label: "", city: "莆田 Putian", latitude: 25.454, longitude: 119.007, kind: .address),
    GeoPoint(id: "A2", label: "", city: "莆田 Putian", latitude: 25.455, longitude: 119.008, kind: .address),
    GeoPoint(id: "A9", label: "", city: "nowhere", latitude: .nan, longitude: 500, kind: .address),
]

@Suite(.serialized) struct OverviewAndMapTests {
    @Test func overviewShowsRingsStrongestFirstAndSharedFactories() throws {
        let documents = try OverviewDiagram.render(title: "Overview", rings: rings, formats: [.svg, .png, .dot])
        let svg = try #require(documents[.svg])
        #expect(DocumentChecks.nodeCount(svg: svg) == 6)
        let text = try #require(DocumentChecks.parseSVG(svg)?.text)
        #expect(text.contains("#1 R1") && text.contains("score 87.5") && text.contains("#3 R3"))
        #expect(text.contains("shared by 2 rings"))
        #expect(text.contains("3 rings · 3 factories · 1 shared"))
        let png = try #require(documents[.png])
        #expect(DocumentChecks.pngSize(png) != nil)
        // factories below rings
        let labels = DocumentChecks.nodeLabels(svg: svg)
        let ringY = try #require(labels.first { $0.text.hasPrefix("#1") }?.y)
        let factoryY = try #require(labels.first { $0.text == "F1" }?.y)
        #expect(factoryY > ringY)
    }

    @Test func overviewIsDeterministic() throws {
        let first = try OverviewDiagram.render(title: "Overview", rings: rings, formats: [.svg, .dot])
        let second = try OverviewDiagram.render(title: "Overview", rings: rings, formats: [.svg, .dot])
        #expect(first == second)
    }

    @Test func overviewDrawsAtMostTheRingLimit() {
        let many = (0..<100).map { OverviewRing(id: "R\($0)", score: Double($0), sellerCount: 2, factories: [OverviewFactory(id: "F\($0 % 7)", label: "")]) }
        let graph = OverviewDiagram.graph(title: "many", rings: many)
        #expect(graph.nodes.filter { $0.id.hasPrefix("ring ") }.count == OverviewDiagram.ringLimit)
        #expect(graph.attributes["label"]!.contains("60 weaker rings not drawn"))
        #expect(graph.nodes.first?.id == "ring R99")
    }

    @Test func mapPlacesPointsByLatitudeAndLongitude() throws {
        let documents = try GeoMap.render(title: "Factories and addresses", points: places, formats: [.svg, .png, .pdf])
        let svg = try #require(documents[.svg])
        #expect(DocumentChecks.nodeCount(svg: svg) == 4, "Putian's two sites share a node; the invalid point is left out")
        let labels = DocumentChecks.nodeLabels(svg: svg)
        func position(_ city: String) throws -> (x: Double, y: Double) {
            let label = try #require(labels.first { $0.text == city })
            return (label.x, label.y)
        }
        let guangzhou = try position("广州 Guangzhou"), shenzhen = try position("深圳 Shenzhen"), yiwu = try position("义乌 Yiwu")
        #expect(shenzhen.x > guangzhou.x && yiwu.x > shenzhen.x, "east is right")
        #expect(yiwu.y < guangzhou.y && guangzhou.y < shenzhen.y, "north is up")
        let text = try #require(DocumentChecks.parseSVG(svg)?.text)
        #expect(text.contains("2 sites: A1, A2"))
        #expect(text.contains("1 places without valid coordinates"))
        #expect(DocumentChecks.isPDF(try #require(documents[.pdf])))
    }

    @Test func mapIsDeterministic() throws {
        let first = try GeoMap.render(title: "map", points: places, formats: [.svg, .dot])
        let second = try GeoMap.render(title: "map", points: places, formats: [.svg, .dot])
        #expect(first == second)
    }

    @Test func mapOfNothingStillRenders() throws {
        let documents = try GeoMap.render(title: "empty", points: [], formats: [.svg])
        #expect(DocumentChecks.nodeCount(svg: try #require(documents[.svg])) == 0)
    }

    @Test func fixedDecimalFormatting() {
        #expect(GeoMap.decimal(113.26) == "113.2600")
        #expect(GeoMap.decimal(-0.00005) == "-0.0001")
        #expect(OverviewDiagram.scoreText(87.46) == "87.5")
        #expect(OverviewDiagram.scoreText(-3.04) == "-3.0")
    }
}
