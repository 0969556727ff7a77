import Foundation
import Testing
@testable import Rendering

/// Labels an attacker could put into a seller name, an address or an id.
let hostileLabels = [
    "\"];\ndigraph x {",
    "<script>alert(1)</script>",
    "../../x",
    "C:\\evil\\N\\l\\",
    "nul\u{0}bell\u{7}esc\u{1B}[31mdel\u{7F}",
    "\u{202E}x/../..",
    "&amp; &lt;b&gt; &#60;",
    "tab\tcr\r\nlf\nend",
    "<<TABLE><TR><TD>html</TD></TR></TABLE>>",
]

@Suite(.serialized) struct HostileLabelTests {
    @Test(arguments: hostileLabels)
    func labelIsInertInDOTAndSVG(label: String) throws {
        let graph = DiagramGraph(
            name: "hostile\"; x",
            attributes: ["label": label],
            nodes: [.init(id: label, attributes: ["label": label, "tooltip": label]), .init(id: "plain")],
            edges: [.init(from: label, to: "plain", attributes: ["label": label])],
            subgraphs: [.init(isCluster: true, attributes: ["label": label], nodeIDs: [label])]
        )
        let documents = try graph.render(formats: [.svg, .dot, .png])

        // DOT: reads back as the same two nodes and one edge; the label comes back escaped.
        let dot = try #require(documents[.dot])
        let readBack = try Graphviz.read(dot: dot)
        #expect(readBack.nodes == 2 && readBack.edges == 1)
        #expect(readBack.labels.first == GraphvizText.escape(label))
        let dotText = DocumentChecks.text(dot)
        #expect(!dotText.contains("<script"))
        #expect(!dot.contains { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 })
        #expect(dotText.hasPrefix("digraph hostile___x {"))

        // SVG: well-formed XML with two nodes, no element taken from data, text as given.
        let svg = try #require(documents[.svg])
        let parsed = try #require(DocumentChecks.parseSVG(svg))
        #expect(parsed.groupClasses.filter { $0 == "node" }.count == 2)
        #expect(parsed.elements.isSubset(of: ["svg", "g", "title", "polygon", "path", "text", "ellipse", "a", "polyline"]))
        let expected = label
            .replacingOccurrences(of: "\r\n", with: "\n")
            .unicodeScalars.map { $0 == "\t" ? " " : (GraphvizText.isUnsafe($0) && $0 != "\n" && $0 != "\r" ? "\u{FFFD}" : String($0)) }
            .joined()
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        for line in expected {
            #expect(parsed.text.contains(line), "line \(line.debugDescription) missing from SVG text")
        }
        #expect(DocumentChecks.pngSize(try #require(documents[.png])) != nil)
    }

    @Test func ringDiagramWithHostileNamesAndIDs() throws {
        let nodes = hostileLabels.enumerated().map { DiagramNode(id: $1 + "#\($0)", kind: .storefront, label: $1, confirmedFakes: 1) }
            + [DiagramNode(id: "seller", kind: .seller, label: hostileLabels[0])]
        let edges = nodes.dropLast().map { DiagramEdge(from: "seller", to: $0.id, relation: "operates\"]; x") }
        let ring = RingDiagramInput(title: hostileLabels[1], nodes: nodes, edges: edges)
        let documents = try RingDiagram.render(ring, formats: [.svg, .dot])
        let graph = try RingDiagram.graph(for: ring)
        let readBack = try Graphviz.read(dot: try #require(documents[.dot]))
        #expect(readBack.nodes == graph.nodes.count && readBack.edges == graph.edges.count)
        #expect(DocumentChecks.nodeCount(svg: try #require(documents[.svg])) == graph.nodes.count)
    }

    @Test func escapeRules() {
        #expect(GraphvizText.escape("a\\b") == "a\\\\b")
        #expect(GraphvizText.escape("x\"y") == "x&quot;y")
        #expect(GraphvizText.escape("<&>") == "&lt;&amp;&gt;")
        #expect(GraphvizText.escape("a\r\nb\nc\rd") == "a\\nb\\nc\\nd")
        #expect(GraphvizText.escape("a\u{0}b\u{1B}c\u{202E}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        #expect(GraphvizText.escape("广州 Putian") == "广州 Putian")
    }
}
