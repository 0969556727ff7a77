import Foundation
import Testing
@testable import Rendering

/// A hand-made ring:
///
///     S1 ──operates──▶ SF1 ──pays_to──▶ PA1 ──transfers_to──▶ PA2
///        └─operates──▶ SF2 ──pays_to──▶ PA1
///                      SF1 ──supplied_by──▶ F1 ──located_at──▶ A1
///                      SF2 ──ships_from──▶ HUB (hub: 4,312 storefronts)
private let smallRing = RingDiagramInput(
    title: "Ring R-001 · score 91",
    nodes: [
        DiagramNode(id: "S1", kind: .seller, label: "广州星辉贸易有限公司"),
        DiagramNode(id: "SF1", kind: .storefront, label: "shop one", confirmedFakes: 2),
        DiagramNode(id: "SF2", kind: .storefront, label: "shop two", seizures: 1, genuinePurchases: 1),
        DiagramNode(id: "PA1", kind: .paymentAccount, label: "Alipay"),
        DiagramNode(id: "PA2", kind: .paymentAccount, label: "WeChat Pay"),
        DiagramNode(id: "F1", kind: .factory, label: "莆田 workshop"),
        DiagramNode(id: "A1", kind: .address, label: "Putian"),
        DiagramNode(id: "HUB", kind: .address, label: "Baiyun logistics park", hubDegree: 4312),
    ],
    edges: [
        DiagramEdge(from: "S1", to: "SF1", relation: "operates"),
        DiagramEdge(from: "S1", to: "SF2", relation: "operates"),
        DiagramEdge(from: "SF1", to: "PA1", relation: "pays_to"),
        DiagramEdge(from: "SF2", to: "PA1", relation: "pays_to"),
        DiagramEdge(from: "PA1", to: "PA2", relation: "transfers_to", directed: false),
        DiagramEdge(from: "SF1", to: "F1", relation: "supplied_by"),
        DiagramEdge(from: "F1", to: "A1", relation: "located_at"),
        DiagramEdge(from: "SF2", to: "HUB", relation: "ships_from"),
    ]
)

@Suite(.serialized) struct RingDiagramTests {
    @Test func allFormatsAreWellFormed() throws {
        let graph = try RingDiagram.graph(for: smallRing)
        let documents = try RingDiagram.render(smallRing, formats: Set(DiagramFormat.allCases))
        let svg = try #require(documents[.svg])
        // every entity plus the legend's sample nodes
        #expect(DocumentChecks.nodeCount(svg: svg) == graph.nodes.count)
        #expect(graph.nodes.filter { !$0.id.hasPrefix("legend: ") }.count == smallRing.nodes.count)
        let pdf = try #require(documents[.pdf])
        #expect(DocumentChecks.isPDF(pdf))
        let png = try #require(documents[.png])
        let size = try #require(DocumentChecks.pngSize(png))
        #expect((200...5_000).contains(size.width) && (150...5_000).contains(size.height))
        #expect(DocumentChecks.text(documents[.dot]).hasPrefix("digraph ring {"))
    }

    @Test func labelsCarryIDNameEvidenceAndHubMark() throws {
        let svg = try #require(try RingDiagram.render(smallRing, formats: [.svg])[.svg])
        let text = try #require(DocumentChecks.parseSVG(svg)?.text)
        for expected in ["SF1", "shop one", "2 confirmed fakes", "1 seizure · 1 genuine", "hub: used by 4,312 storefronts", "legend", "Ring R-001 · score 91"] {
            #expect(text.contains(expected), "\(expected)")
        }
    }

    @Test func chineseLabelSurvivesIntoSVGText() throws {
        let svg = try #require(try RingDiagram.render(smallRing, formats: [.svg])[.svg])
        let text = try #require(DocumentChecks.parseSVG(svg)?.text)
        #expect(text.contains("广州星辉贸易有限公司"))
        #expect(text.contains("莆田 workshop"))
        #expect(DocumentChecks.text(svg).contains("font-family=\"DejaVu Sans,Noto Sans CJK SC\""))
    }

    @Test func evidenceIsMarkedDistinctly() throws {
        let graph = try RingDiagram.graph(for: smallRing)
        func attributes(_ id: String) -> [String: String] { graph.nodes.first { $0.id == id }!.attributes }
        #expect(attributes("SF1")["penwidth"] == "3" && attributes("SF1")["color"] == RingDiagram.fakeColor)
        #expect(attributes("SF2")["peripheries"] == "2")
        #expect(attributes("SF2")["color"] == RingDiagram.genuineColor && attributes("SF2")["style"]!.contains("dashed"))
        #expect(attributes("HUB")["style"]!.contains("dashed") && attributes("HUB")["fillcolor"] == RingDiagram.hubFill)
    }

    @Test func moneyTransfersAreDirectedAndFactoriesSink() throws {
        let graph = try RingDiagram.graph(for: smallRing)
        let transfer = try #require(graph.edges.first { $0.attributes["label"] == "transfers_to" && !$0.from.hasPrefix("legend") })
        #expect(transfer.attributes["dir"] == nil)
        #expect(graph.subgraphs.contains { $0.attributes["rank"] == "sink" && $0.nodeIDs == ["F1"] })
    }

    @Test func sameRingRendersToIdenticalSVGAndDOT() throws {
        let ring = RingDiagramInput.synthetic(entityCount: 120, hubDegree: 10_000)
        let first = try RingDiagram.render(ring, formats: [.svg, .dot])
        let second = try RingDiagram.render(ring, formats: [.svg, .dot])
        #expect(first[.svg] == second[.svg])
        #expect(first[.dot] == second[.dot])
        // Nothing in the SVG varies with the clock.
        let svg = DocumentChecks.text(first[.svg])
        #expect(!svg.contains("2026") && !svg.contains("Date"))
    }

    /// Regression: cairo wrote the wall-clock time as /CreationDate, so PDFs differed.
    @Test func sameRingRendersToIdenticalPDFAndPNG() throws {
        let first = try RingDiagram.render(smallRing, formats: [.pdf, .png])
        Thread.sleep(forTimeInterval: 1.1)
        let second = try RingDiagram.render(smallRing, formats: [.pdf, .png])
        #expect(first[.pdf] == second[.pdf])
        #expect(first[.png] == second[.png])
        #expect(DocumentChecks.text(first[.pdf]).contains("/CreationDate (D:19700101000000"))
    }

    @Test func bigRingIsCollapsedUnderTheReadableLimit() throws {
        let ring = RingDiagramInput.synthetic(entityCount: 2_000)
        let graph = try RingDiagram.graph(for: ring)
        let entities = graph.nodes.filter { !$0.id.hasPrefix("legend: ") }
        #expect(entities.count <= RingDiagram.readableNodeLimit)
        #expect(entities.contains { ($0.attributes["label"] ?? "").contains("operates 13 storefronts") })
        #expect(entities.contains { ($0.attributes["label"] ?? "").hasPrefix("S1000\n") })
        #expect(graph.attributes["label"]!.contains("storefronts grouped under their seller"))
        #expect(entities.filter { $0.attributes["shape"] == "box3d" }.count == 3, "every factory is kept")
    }

    @Test func midSizeRingGroupsStorefrontsUnderTheirSeller() throws {
        let graph = try RingDiagram.graph(for: .synthetic(entityCount: 300))
        let entities = graph.nodes.filter { !$0.id.hasPrefix("legend: ") }
        #expect(entities.count <= RingDiagram.readableNodeLimit)
        #expect(entities.contains { ($0.attributes["label"] ?? "").hasPrefix("13 storefronts\nof S1000 广州星辉贸易") })
    }

    @Test func hubGraphRendersWithinBudget() throws {
        // A ring plus 10,000 storefronts of the rest of the network that ship from its hub.
        let ring = RingDiagramInput.synthetic(entityCount: 300, hubDegree: 10_000, hubStorefronts: 10_000)
        let budget = LayoutBudget(secondsPerLayout: 30)
        let clock = ContinuousClock()
        let started = clock.now
        let rendered = try RingDiagram.renderDetailed(ring, formats: [.svg], budget: budget)
        #expect(clock.now - started < .seconds(30))
        let svg = try #require(rendered.documents[.svg])
        let count = try #require(DocumentChecks.nodeCount(svg: svg))
        #expect(count <= RingDiagram.readableNodeLimit + 40)
        let text = try #require(DocumentChecks.parseSVG(svg)?.text)
        #expect(text.contains("hub: used by 10,000 storefronts"))
        #expect(text.contains("ring links not drawn"))
    }

    @Test func layoutOverTheTimeLimitFallsBack() throws {
        let ring = RingDiagramInput.synthetic(entityCount: 140)
        let rendered = try RingDiagram.renderDetailed(ring, formats: [.svg], budget: LayoutBudget(secondsPerLayout: 0.001))
        // dot and sfdp are killed at once; the pinned grid (at least 10 s) makes it.
        #expect(rendered.fallbacks.count == 2)
        #expect(rendered.engine == .neato)
        let svg = try #require(rendered.documents[.svg])
        #expect(DocumentChecks.nodeCount(svg: svg) == (try RingDiagram.graph(for: ring)).nodes.count)
    }

    @Test func duplicateIDsAreRejectedWithAHint() {
        var ring = smallRing
        ring.nodes.append(DiagramNode(id: "A1", kind: .seller))
        #expect(throws: RenderingError.self) { try RingDiagram.render(ring, formats: [.svg]) }
    }

    @Test func numbersUseFixedGrouping() {
        #expect(RingDiagram.formatted(4312) == "4,312")
        #expect(RingDiagram.formatted(10_000_000) == "10,000,000")
        #expect(RingDiagram.formatted(999) == "999")
    }
}
