/// A diagram as Graphviz laid it out: DOT with the coordinates of every node, edge and label.
///
/// It is drawn again, as vectors, on a page of a PDF (``ReportDocument/Block/diagram(_:caption:)``)
/// without a second layout: the referral PDF shows the same drawing as `diagram.pdf`, with
/// text that can be searched and copied, at any zoom, without a bitmap in between.
public struct DiagramLayout: Sendable, Hashable {
    /// Graphviz's margin around the drawing, in points (its default `pad`).
    static let pad = 4.0

    /// The laid-out graph, in DOT.
    public let dot: [UInt8]
    /// The size of the drawing in points, margin included.
    public let width: Double
    public let height: Double

    /// A layout from DOT with coordinates (Graphviz's `dot` output); `width` and `height` are
    /// the size of its drawing in points. Drawing it checks the DOT.
    public init(dot: [UInt8], width: Double, height: Double) {
        self.dot = dot
        self.width = width
        self.height = height
    }
}
