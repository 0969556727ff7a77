/// A small, safe description of a Graphviz graph: nodes, edges, clusters and attributes.
///
/// Nothing here is DOT text. Node ids are the caller's strings and never become Graphviz
/// names (the wrapper names nodes `n0`, `n1`… in input order), and the values of
/// text-bearing attributes (`label`, `xlabel`, `headlabel`, `taillabel`, `tooltip`,
/// `URL`, `href`, `comment`) are plain text that the wrapper escapes at the boundary
/// (see `GraphvizText`), so data can never inject syntax, escape sequences or HTML labels.
/// A newline in a label is a line break.
///
/// Attributes are set in sorted key order and nodes and edges in input order, so the same
/// description always renders to the same bytes.
public struct DiagramGraph: Sendable, Equatable {
    /// Graph name, used in SVG `<title>`; kept to `[A-Za-z0-9_]` by the wrapper.
    public var name: String
    /// Directed graphs draw arrowheads; undirected ones may still set `dir` per edge.
    public var isDirected: Bool
    /// Graph attributes (`rankdir`, `label`, `fontname`…).
    public var attributes: [String: String]
    /// Defaults for every node (`shape`, `fontname`…).
    public var nodeDefaults: [String: String]
    /// Defaults for every edge.
    public var edgeDefaults: [String: String]
    public var nodes: [Node]
    public var edges: [Edge]
    /// Top-level subgraphs; a subgraph whose `isCluster` is true is drawn as a box.
    public var subgraphs: [Subgraph]

    public struct Node: Sendable, Equatable {
        public var id: String
        public var attributes: [String: String]
        public init(id: String, attributes: [String: String] = [:]) {
            self.id = id
            self.attributes = attributes
        }
    }

    public struct Edge: Sendable, Equatable {
        public var from: String
        public var to: String
        public var attributes: [String: String]
        public init(from: String, to: String, attributes: [String: String] = [:]) {
            self.from = from
            self.to = to
            self.attributes = attributes
        }
    }

    public struct Subgraph: Sendable, Equatable {
        /// Drawn as a labelled box (`cluster_…`) when true; otherwise only groups nodes
        /// (for `rank=same`/`rank=sink`).
        public var isCluster: Bool
        public var attributes: [String: String]
        /// Ids of member nodes; each must be in `DiagramGraph.nodes`.
        public var nodeIDs: [String]
        public var subgraphs: [Subgraph]
        public init(isCluster: Bool, attributes: [String: String] = [:], nodeIDs: [String], subgraphs: [Subgraph] = []) {
            self.isCluster = isCluster
            self.attributes = attributes
            self.nodeIDs = nodeIDs
            self.subgraphs = subgraphs
        }
    }

    public init(
        name: String = "diagram",
        isDirected: Bool = true,
        attributes: [String: String] = [:],
        nodeDefaults: [String: String] = [:],
        edgeDefaults: [String: String] = [:],
        nodes: [Node] = [],
        edges: [Edge] = [],
        subgraphs: [Subgraph] = []
    ) {
        self.name = name
        self.isDirected = isDirected
        self.attributes = attributes
        self.nodeDefaults = nodeDefaults
        self.edgeDefaults = edgeDefaults
        self.nodes = nodes
        self.edges = edges
        self.subgraphs = subgraphs
    }

    /// Checks that ids are unique and that edges and subgraphs name existing nodes.
    public func validate() throws {
        var seen = Set<String>()
        for node in nodes where !seen.insert(node.id).inserted {
            throw RenderingError(.invalidGraph, "duplicate node id \(GraphvizText.quotedForMessage(node.id))")
        }
        for edge in edges {
            for end in [edge.from, edge.to] where !seen.contains(end) {
                throw RenderingError(.invalidGraph, "edge names unknown node \(GraphvizText.quotedForMessage(end))")
            }
        }
        func check(_ subgraph: Subgraph) throws {
            for id in subgraph.nodeIDs where !seen.contains(id) {
                throw RenderingError(.invalidGraph, "subgraph names unknown node \(GraphvizText.quotedForMessage(id))")
            }
            for child in subgraph.subgraphs { try check(child) }
        }
        for subgraph in subgraphs { try check(subgraph) }
    }
}
