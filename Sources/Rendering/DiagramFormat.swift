/// An output format of a rendered diagram.
public enum DiagramFormat: String, CaseIterable, Sendable, Hashable, Comparable {
    /// Scalable vector graphics (XML), for browsers and reports.
    case svg
    /// PDF (cairo), for printing and case files.
    case pdf
    /// PNG bitmap (cairo), for documents that take only images.
    case png
    /// The graph in the DOT language, before layout: re-render it with `dot` to check.
    case dot

    /// The file extension, without a dot.
    public var fileExtension: String { rawValue }

    /// The Graphviz output format name (`-T` value).
    var graphvizFormat: String {
        switch self {
        case .svg: "svg"
        case .pdf: "pdf"
        case .png: "png"
        case .dot: "canon" // written by agwrite before layout, not by a renderer
        }
    }

    public static func < (lhs: DiagramFormat, rhs: DiagramFormat) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A Graphviz layout engine.
public enum LayoutEngine: String, CaseIterable, Sendable {
    /// Layered drawing of directed graphs; the best looking and the slowest.
    case dot
    /// Spring model (stress majorisation); honours pinned positions `pos="x,y!"`.
    case neato
    /// Force-directed, with clusters. With two or more clusters its output can vary from
    /// run to run (Graphviz 2.43); no diagram here uses it.
    case fdp
    /// Multiscale force-directed; for large graphs.
    case sfdp
    /// Circular layout.
    case circo
}
