/// The diagram of one ring for a referral package.
///
/// What it shows (the legend is drawn on every diagram):
/// - one shape and colour per entity kind: seller (blue rounded box), storefront (orange
///   ellipse), payment account (yellow hexagon), address (purple house), factory (red 3-D
///   box, always on the bottom row: `rank=sink`);
/// - evidence on the node, each kind distinct: confirmed fakes as a thick red outline,
///   seizures as a double outline, genuine test purchases (evidence against) as a dashed
///   green outline, and the counts written in the label;
/// - a hub (shared warehouse, escrow pool) once, grey and dashed, labelled
///   "hub: used by 4,312 storefronts", with at most `hubEdgeLimit` of the ring's edges;
/// - relations as edge styles (and words, on diagrams of up to `edgeLabelLimit` edges);
///   money transfers (`transfers_to`) always as bold directed edges;
/// - labels with the id, a short name (CJK allowed) and the evidence counts.
///
/// Rings over `readableNodeLimit` nodes are collapsed: storefronts without evidence are
/// grouped under their seller ("37 storefronts"), then all storefronts, then addresses and
/// accounts used by a single member, and at last only the most important entities are
/// kept; every step is written under the title.
public enum RingDiagram {
    /// Above this many entities a ring is collapsed so that the page stays readable.
    public static let readableNodeLimit = 120
    /// Diagrams with more edges than this draw relations by style only (no words).
    public static let edgeLabelLimit = 80
    /// The fonts of every text, in pango's family-list form: DejaVu Sans (fonts-dejavu-core)
    /// for Latin, Noto Sans CJK SC (fonts-noto-cjk) for what DejaVu lacks, i.e. Chinese.
    ///
    /// Latin first because of what cairo embeds in a PDF: its subset of Noto Sans CJK (a CFF
    /// font) weighed about 920 KB per face even for Latin-only text, and compressing it was
    /// most of the time of a referral PDF; used only for CJK glyphs it is far smaller
    /// (measured: 20 referral PDFs of the 100k world 21 MB → 4.5 MB, 2.9 s → 1.1 s).
    /// Without DejaVu, fontconfig falls back to another sans font for Latin.
    public static let fontName = "DejaVu Sans,Noto Sans CJK SC"

    /// Renders the diagram of one ring.
    ///
    /// - Parameters:
    ///   - input: the ring's entities and links; ids must be unique.
    ///   - formats: the documents to produce.
    ///   - budget: the layout bounds; see `LayoutBudget`.
    /// - Returns: one document per format.
    /// - Throws: `RenderingError` for inconsistent input (duplicate ids, edges to unknown
    ///   nodes) or when no layout finished within the budget.
    public static func render(_ input: RingDiagramInput, formats: Set<DiagramFormat>, budget: LayoutBudget = .default) throws -> [DiagramFormat: [UInt8]] {
        try renderDetailed(input, formats: formats, budget: budget).documents
    }

    /// Like `render`, also telling which engine was used, the seconds and any fallback, and
    /// with `keepsLayout` the laid-out graph (to draw the diagram on a PDF page).
    public static func renderDetailed(_ input: RingDiagramInput, formats: Set<DiagramFormat>, budget: LayoutBudget = .default,
                                      keepsLayout: Bool = false) throws -> RenderedDiagram {
        let graph = try graph(for: input, budget: budget)
        return try DiagramRenderer.render(graph, engine: .dot, formats: formats, budget: budget, keepsLayout: keepsLayout)
    }

    /// The Graphviz graph of the diagram (collapsed if needed), for inspection and tests.
    public static func graph(for input: RingDiagramInput, budget: LayoutBudget = .default) throws -> DiagramGraph {
        let legendAllowance = DiagramEntityKind.allCases.count + 4 + 2 * legendRelations.count
        let nodeLimit = max(1, min(readableNodeLimit, budget.maxNodes - legendAllowance))
        let edgeLimit = max(0, budget.maxEdges - 8)
        let ring = try drawnRing(input, nodeLimit: nodeLimit, edgeLimit: edgeLimit)
        return graph(for: ring, title: input.title, input: input)
    }

    static func graph(for ring: DrawnRing, title: String, input: RingDiagramInput) -> DiagramGraph {
        var graph = DiagramGraph(
            name: "ring",
            isDirected: true,
            attributes: [
                "fontname": fontName, "label": heading(title: title, input: input, ring: ring), "labelloc": "t",
                "fontsize": "18", "rankdir": "TB", "nodesep": "0.3", "ranksep": "0.7",
                "bgcolor": "white", "pad": "0.3",
                // At most 50 × 50 inches (3,600 px in the PNG, drawn at 72 dpi): bigger drawings are scaled
                // down, which keeps PNGs within cairo's limits.
                "size": "50,50",
            ],
            nodeDefaults: ["fontname": fontName, "fontsize": "11", "style": "filled", "penwidth": "1"],
            edgeDefaults: ["fontname": fontName, "fontsize": "9", "arrowsize": "0.7"]
        )
        let labelEdges = ring.edges.count <= edgeLabelLimit
        for node in ring.nodes {
            graph.nodes.append(.init(id: node.entity.id, attributes: nodeAttributes(node)))
        }
        // dot puts all storefronts of a ring on one row; like `unflatten -l`, stagger the
        // operates edges over up to 6 rows of about 6 so that the page is not a strip.
        let operatesCount = ring.edges.filter { $0.relation == "operates" }.count
        let rows = min(6, max(1, (operatesCount + 5) / 6))
        var operatesSeen = 0
        // The same for the accounts and addresses that storefronts lead to: all edges into
        // one of them share a minimum length, and successive targets take successive rows.
        let entities = Dictionary(uniqueKeysWithValues: ring.nodes.map { ($0.entity.id, $0.entity) })
        let staggeredTargets = ring.nodes.filter {
            [.paymentAccount, .address].contains($0.entity.kind) && $0.entity.hubDegree == nil
        }.map(\.entity.id)
        let targetRows = min(5, max(1, (staggeredTargets.count + 7) / 8))
        let targetRow = Dictionary(uniqueKeysWithValues: staggeredTargets.enumerated().map { ($1, $0 % targetRows) })
        for edge in ring.edges {
            var attributes = edgeAttributes(relation: edge.relation, directed: edge.directed)
            if edge.relation == "operates", rows > 1 {
                attributes["minlen"] = String(1 + operatesSeen % rows)
                // Heavier than the storefront's own edges, or dot pulls every row down to one.
                attributes["weight"] = "8"
                operatesSeen += 1
            } else if targetRows > 1, let row = targetRow[edge.to], attributes["constraint"] == nil,
                      [.storefront, .seller].contains(entities[edge.from]?.kind) {
                attributes["minlen"] = String(1 + row)
                attributes["weight"] = "4"
            }
            if labelEdges || edge.count > 1 {
                attributes["label"] = (labelEdges ? edge.relation : "") + (edge.count > 1 ? " ×\(formatted(edge.count))" : "")
            }
            graph.edges.append(.init(from: edge.from, to: edge.to, attributes: attributes))
        }
        let factories = ring.nodes.filter { $0.entity.kind == .factory }.map(\.entity.id)
        if !factories.isEmpty {
            graph.subgraphs.append(.init(isCluster: false, attributes: ["rank": "sink"], nodeIDs: factories))
        }
        let sellers = ring.nodes.filter { $0.entity.kind == .seller }.map(\.entity.id)
        if !sellers.isEmpty {
            graph.subgraphs.append(.init(isCluster: false, attributes: ["rank": "source"], nodeIDs: sellers))
        }
        addLegend(to: &graph, ring: ring)
        return graph
    }

    private static func heading(title: String, input: RingDiagramInput, ring: DrawnRing) -> String {
        var counts: [DiagramEntityKind: Int] = [:]
        for node in input.nodes { counts[node.kind, default: 0] += 1 }
        let summary = DiagramEntityKind.allCases.compactMap { kind -> String? in
            guard let count = counts[kind], count > 0 else { return nil }
            return "\(formatted(count)) \(kind.plural(count))"
        }.joined(separator: " · ")
        let fakes = input.nodes.reduce(0) { $0 + $1.confirmedFakes }
        let seizures = input.nodes.reduce(0) { $0 + $1.seizures }
        var lines = [GraphvizText.truncated(title, to: 100), summary + " · \(formatted(fakes)) confirmed fakes · \(formatted(seizures)) seizures"]
        if !ring.notes.isEmpty { lines.append("(" + ring.notes.joined(separator: "; ") + ")") }
        return lines.joined(separator: "\n")
    }
}

extension DiagramEntityKind {
    func plural(_ count: Int) -> String {
        let word = rawValue.replacingUnderscores()
        if count == 1 { return word }
        return self == .address ? "addresses" : (self == .factory ? "factories" : word + "s")
    }
}

extension String {
    func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
