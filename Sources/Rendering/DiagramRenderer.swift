/// A rendered diagram and how it was laid out.
public struct RenderedDiagram: Sendable {
    /// The documents, one per requested format.
    public var documents: [DiagramFormat: [UInt8]]
    /// The laid-out graph, when asked for: to draw the same picture on a PDF page.
    public var layout: DiagramLayout?
    /// The engine that produced the layout (after any fallback).
    public var engine: LayoutEngine
    /// Wall-clock seconds for all attempts together.
    public var seconds: Double
    /// One line per attempt that failed or timed out, and the style it fell back to.
    public var fallbacks: [String]
    /// Graphviz warnings.
    public var messages: [String]
}

/// Lays out and renders a `DiagramGraph` within a `LayoutBudget`.
public enum DiagramRenderer {
    /// The Graphviz library version in use.
    public static var graphvizVersion: String { Graphviz.version }

    /// Starts `count` layout server processes, to which later layouts go instead of forking
    /// the program (cheap while the program is small, costly once it holds a large dataset).
    /// Call it at the start of a command that will draw many diagrams; optional.
    public static func startLayoutServers(_ count: Int) {
        Graphviz.startLayoutServers(count)
    }

    /// Renders `graph` with `engine` into `formats`, never running past the budget.
    ///
    /// - Parameters:
    ///   - graph: the graph; its text attributes are escaped here.
    ///   - engine: the preferred engine; `dot` becomes `sfdp` above `budget.maxDotNodes`.
    ///   - formats: the documents to produce.
    ///   - budget: size caps, iteration limits and the time limit per attempt.
    ///   - keepsLayout: also return the laid-out graph (``RenderedDiagram/layout``).
    /// - Returns: the documents and how they were made.
    /// - Throws: `RenderingError` when the graph is over the size caps or invalid, or when
    ///   every fallback failed.
    public static func render(
        _ graph: DiagramGraph,
        engine: LayoutEngine,
        formats: Set<DiagramFormat>,
        budget: LayoutBudget = .default,
        keepsLayout: Bool = false
    ) throws -> RenderedDiagram {
        try graph.validate()
        guard graph.nodes.count <= budget.maxNodes, graph.edges.count <= budget.maxEdges else {
            throw RenderingError(.invalidGraph, "\(graph.nodes.count) nodes and \(graph.edges.count) edges exceed the budget of \(budget.maxNodes) nodes and \(budget.maxEdges) edges; collapse the graph first")
        }
        let clock = ContinuousClock()
        let start = clock.now
        var fallbacks: [String] = []
        var firstEngine = engine
        if engine == .dot, graph.nodes.count > budget.maxDotNodes {
            firstEngine = .sfdp
            fallbacks.append("dot skipped: \(graph.nodes.count) nodes > \(budget.maxDotNodes); used sfdp")
        }
        var attempts: [(LayoutEngine, DiagramGraph)] = [(firstEngine, bounded(graph, for: firstEngine))]
        if firstEngine != .sfdp {
            attempts.append((.sfdp, bounded(simplified(graph), for: .sfdp)))
        }
        attempts.append((.neato, pinnedGrid(simplified(graph))))

        var lastError = RenderingError(.layoutFailed, "no layout attempted")
        for (index, (attemptEngine, attemptGraph)) in attempts.enumerated() {
            do {
                // The pinned grid needs no search, only edge routing and drawing; it gets at
                // least 10 s so that a tiny budget still ends with a picture.
                let isLast = index == attempts.count - 1
                let limit = isLast ? max(budget.secondsPerLayout, 10) : budget.secondsPerLayout
                let outcome = try Graphviz.render(
                    attemptGraph, engine: attemptEngine, formats: formats,
                    timeLimit: budget.isolatesLayout ? limit : nil, keepsLayout: keepsLayout
                )
                let elapsed = clock.now - start
                var documents = outcome.documents
                if let pdf = documents[.pdf] { documents[.pdf] = PDFDate.fixingCreationDate(pdf) }
                return RenderedDiagram(
                    documents: documents, layout: outcome.layout, engine: attemptEngine,
                    seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                    fallbacks: fallbacks, messages: outcome.messages
                )
            } catch let error as RenderingError where error.kind == .layoutTimedOut || error.kind == .layoutFailed {
                lastError = error
                if index + 1 < attempts.count {
                    fallbacks.append("\(error.message); fell back to \(index + 1 == attempts.count - 1 ? "a pinned grid" : "sfdp with straight unlabelled edges")")
                }
            }
        }
        throw lastError
    }

    /// Adds the iteration limits of `engine` that the graph does not set itself, and a
    /// fixed `start` seed so force-directed engines are deterministic.
    static func bounded(_ graph: DiagramGraph, for engine: LayoutEngine) -> DiagramGraph {
        var graph = graph
        let limits: [String: String] = switch engine {
        // nslimit/nslimit1 bound network-simplex passes (× node count), mclimit scales
        // the mincross passes, searchsize bounds the edges searched per pass.
        case .dot: ["nslimit": "4", "nslimit1": "4", "mclimit": "0.5", "searchsize": "30", "remincross": "false"]
        case .neato: ["maxiter": "400", "start": "7", "epsilon": "0.001"]
        case .fdp: ["maxiter": "300", "start": "7"]
        case .sfdp: ["maxiter": "300", "start": "7"]
        case .circo: [:]
        }
        graph.attributes.merge(limits) { own, _ in own }
        graph.attributes["layout"] = engine.rawValue
        return graph
    }

    /// The simpler style of the fallbacks: straight edges without labels.
    static func simplified(_ graph: DiagramGraph) -> DiagramGraph {
        var graph = graph
        for index in graph.edges.indices {
            for key in ["label", "xlabel", "headlabel", "taillabel"] { graph.edges[index].attributes[key] = nil }
        }
        graph.attributes["splines"] = "line"
        graph.attributes["concentrate"] = nil
        return graph
    }

    /// Last resort: every node pinned on a square grid, so neato only routes straight edges.
    static func pinnedGrid(_ graph: DiagramGraph) -> DiagramGraph {
        var graph = graph
        let columns = max(1, Int(Double(graph.nodes.count).squareRoot().rounded(.up)))
        for index in graph.nodes.indices {
            let x = Double(index % columns) * 2.5
            let y = -Double(index / columns) * 1.5
            graph.nodes[index].attributes["pos"] = "\(x),\(y)!"
        }
        graph.attributes["layout"] = LayoutEngine.neato.rawValue
        graph.attributes["overlap"] = "true"
        graph.attributes["maxiter"] = "1"
        graph.attributes["start"] = "7"
        return graph
    }
}

extension DiagramGraph {
    /// Renders this graph; see `DiagramRenderer.render`.
    public func render(engine: LayoutEngine = .dot, formats: Set<DiagramFormat>, budget: LayoutBudget = .default) throws -> [DiagramFormat: [UInt8]] {
        try DiagramRenderer.render(self, engine: engine, formats: formats, budget: budget).documents
    }
}
