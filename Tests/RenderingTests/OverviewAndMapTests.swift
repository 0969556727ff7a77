import Foundation
import Testing
@testable import Rendering

/// Three rings; F1 supplies R1 and R2 (shared), F2 only R3.
private let rings = [
    OverviewRing(id: "R2", score: 61.25, sellerCount: 4, factories: [OverviewFactory(id: "F1", label: "莆田 workshop")]),
    OverviewRing(id: "R1", score: 87.46, sellerCount: 12, factories: [OverviewFactory(id: "F1", label: "莆田 workshop"), OverviewFactory(id: "F3", label: "Dongguan")]),
    OverviewRing(id: "R3", score: 40, sellerCount: 1, factories: [OverviewFactory(id: "F2", label: "Yiwu")]),
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

    @Test func fixedDecimalFormatting() {
        #expect(OverviewDiagram.scoreText(87.46) == "87.5")
        #expect(OverviewDiagram.scoreText(-3.04) == "-3.0")
    }
}
