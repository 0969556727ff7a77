/// A factory as the overview shows it.
public struct OverviewFactory: Sendable, Equatable {
    public var id: String
    /// Short name or city; may be CJK.
    public var label: String
    public init(id: String, label: String) {
        self.id = id
        self.label = label
    }
}

/// One ring on the overview sheet.
public struct OverviewRing: Sendable, Equatable {
    public var id: String
    /// The ring's evidence score; higher is a stronger case.
    public var score: Double
    public var sellerCount: Int
    /// The factories that supply the ring.
    public var factories: [OverviewFactory]
    public init(id: String, score: Double, sellerCount: Int, factories: [OverviewFactory]) {
        self.id = id
        self.score = score
        self.sellerCount = sellerCount
        self.factories = factories
    }
}

/// All rings and the factories they share, on one sheet (`overview.svg`).
///
/// Rings are boxes on top (strongest first, left to right), factories 3-D boxes on the
/// bottom row; a factory that supplies two or more rings is filled red, drawn with a thick
/// outline and labelled "shared by N rings" — those matter most for a raid.
public enum OverviewDiagram {
    /// At most this many rings are drawn (the strongest); the rest are counted in the title.
    public static let ringLimit = 40

    public static func render(title: String, rings: [OverviewRing], formats: Set<DiagramFormat>, budget: LayoutBudget = .default) throws -> [DiagramFormat: [UInt8]] {
        try DiagramRenderer.render(graph(title: title, rings: rings), engine: .dot, formats: formats, budget: budget).documents
    }

    /// The Graphviz graph of the overview.
    public static func graph(title: String, rings: [OverviewRing]) -> DiagramGraph {
        let ordered = rings.enumerated().sorted { ($1.element.score, $0.offset) < ($0.element.score, $1.offset) }.map(\.element)
        // Keyed by ``diagramKey(_:)``: ids that differ in a byte are two nodes.
        var seenRings = Set<String>()
        let drawn = ordered.filter { seenRings.insert(diagramKey($0.id)).inserted }.prefix(ringLimit)
        var sharing: [String: Set<String>] = [:]
        var factoryOrder: [OverviewFactory] = []
        for ring in drawn {
            for factory in ring.factories {
                if sharing[diagramKey(factory.id)] == nil { factoryOrder.append(factory) }
                sharing[diagramKey(factory.id), default: []].insert(diagramKey(ring.id))
            }
        }
        let font = RingDiagram.fontName
        var heading = [GraphvizText.truncated(title, to: 100),
                       "\(RingDiagram.formatted(drawn.count)) rings · \(RingDiagram.formatted(factoryOrder.count)) factories · \(RingDiagram.formatted(sharing.values.filter { $0.count > 1 }.count)) shared"]
        if seenRings.count > drawn.count {
            heading.append("(\(RingDiagram.formatted(seenRings.count - drawn.count)) weaker rings not drawn)")
        }
        var graph = DiagramGraph(
            name: "overview",
            attributes: ["fontname": font, "label": heading.joined(separator: "\n"), "labelloc": "t", "fontsize": "18",
                         "rankdir": "TB", "nodesep": "0.25", "ranksep": "1.2", "size": "50,50", "pad": "0.3"],
            nodeDefaults: ["fontname": font, "fontsize": "11", "style": "filled"],
            edgeDefaults: ["fontname": font, "color": "#922b21", "arrowsize": "0.7"]
        )
        for (rank, ring) in drawn.enumerated() {
            graph.nodes.append(.init(id: "ring " + diagramKey(ring.id), attributes: [
                "shape": "box", "style": "rounded,filled", "fillcolor": "#d6e6f5", "penwidth": "1.5",
                "label": "#\(rank + 1) \(GraphvizText.truncated(ring.id, to: 32))\nscore \(scoreText(ring.score))\n\(RingDiagram.formatted(ring.sellerCount)) seller\(ring.sellerCount == 1 ? "" : "s")",
            ]))
        }
        for factory in factoryOrder {
            let rings = sharing[diagramKey(factory.id)]!.count
            var attributes = ["shape": "box3d", "fillcolor": "#f4b6b0",
                              "label": GraphvizText.truncated(factory.id, to: 32) + "\n" + GraphvizText.truncated(factory.label, to: 28)]
            if rings > 1 {
                attributes["fillcolor"] = "#e74c3c"
                attributes["fontcolor"] = "white"
                attributes["penwidth"] = "3"
                attributes["label"]! += "\nshared by \(rings) rings"
            }
            graph.nodes.append(.init(id: "factory " + diagramKey(factory.id), attributes: attributes))
        }
        var drawnEdges = Set<String>()
        for ring in drawn {
            for factory in ring.factories where drawnEdges.insert(diagramKey(ring.id) + "\u{1F}" + diagramKey(factory.id)).inserted {
                graph.edges.append(.init(from: "ring " + diagramKey(ring.id), to: "factory " + diagramKey(factory.id),
                                         attributes: sharing[diagramKey(factory.id)]!.count > 1 ? ["penwidth": "2.5"] : [:]))
            }
        }
        if !drawn.isEmpty {
            graph.subgraphs.append(.init(isCluster: false, attributes: ["rank": "source"], nodeIDs: drawn.map { "ring " + diagramKey($0.id) }))
        }
        if !factoryOrder.isEmpty {
            graph.subgraphs.append(.init(isCluster: false, attributes: ["rank": "sink"], nodeIDs: factoryOrder.map { "factory " + diagramKey($0.id) }))
        }
        return graph
    }

    /// One decimal, without the locale: 87.46 → "87.5".
    static func scoreText(_ score: Double) -> String {
        guard score.isFinite else { return "n/a" }
        let tenths = Int((score * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
