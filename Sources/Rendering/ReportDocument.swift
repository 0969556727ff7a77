/// A text document to typeset as PDF (``PDFDocumentWriter``): a title, then blocks in reading
/// order. It holds plain text only: no markup is ever built from it, so a value such as `<b>`
/// or `&amp;` prints as written.
public struct ReportDocument: Sendable {
    /// A piece of text, bold or not.
    public struct Run: Sendable, ExpressibleByStringLiteral {
        public var text: String
        public var isBold: Bool
        public init(_ text: String, bold: Bool = false) {
            self.text = text
            self.isBold = bold
        }
        public init(stringLiteral text: String) { self.init(text) }
        public static func bold(_ text: String) -> Run { Run(text, bold: true) }
    }

    /// A table column: its title, its share of the text width and its alignment.
    public struct Column: Sendable {
        public var title: String
        /// Relative width; the columns share the text width in proportion.
        public var width: Double
        public var alignsRight: Bool
        /// Lines a cell may take before it ends in "…"; `nil` for no limit.
        public var maxLines: Int?
        public init(_ title: String, width: Double = 1, alignsRight: Bool = false, maxLines: Int? = 4) {
            self.title = title
            self.width = width
            self.alignsRight = alignsRight
            self.maxLines = maxLines
        }
    }

    public enum Block: Sendable {
        /// A section heading; it is kept on the page of what follows it.
        case heading(String)
        case paragraph([Run])
        /// Small grey text (a caveat, a truncation note).
        case note(String)
        case bullets([[Run]])
        /// A grid; long cells wrap up to their column's `maxLines`, then end in "…"; the
        /// header repeats on every page the table runs over.
        case table(columns: [Column], rows: [[String]])
        /// A laid-out diagram on a page of its own (landscape when it is wider than tall),
        /// scaled to fit, under its caption, drawn as vectors.
        case diagram(DiagramLayout, caption: String)
        /// A picture (a crop of a photo) in the text, scaled to fit, its highlight outlined in
        /// red, with a caption under it.
        case picture(ReportPicture, caption: String)
        /// A map (``GeoMap``) on a landscape page of its own, scaled to fit, under its caption.
        case map(MapScene, caption: String)
    }

    /// The document title (first page, and the PDF's Title).
    public var title: String
    /// The line under the title.
    public var subtitle: String
    /// Printed at the foot of every page, before "page N of M".
    public var footer: String
    public var blocks: [Block]

    public init(title: String, subtitle: String = "", footer: String = "", blocks: [Block] = []) {
        self.title = title
        self.subtitle = subtitle
        self.footer = footer
        self.blocks = blocks
    }
}

/// Pixels to show in a PDF: opaque ARGB32 words, row by row, and a rectangle to outline.
public struct ReportPicture: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// `width × height` words, `0xFFRRGGBB`.
    public var pixels: [UInt32]
    /// x, y, width, height in the picture's pixels; drawn as a red outline.
    public var highlight: (x: Int, y: Int, width: Int, height: Int)?

    public init(width: Int, height: Int, pixels: [UInt32], highlight: (x: Int, y: Int, width: Int, height: Int)? = nil) {
        precondition(pixels.count == width * height, "a picture needs width × height pixels")
        self.width = width
        self.height = height
        self.pixels = pixels
        self.highlight = highlight
    }

    public static func == (lhs: ReportPicture, rhs: ReportPicture) -> Bool {
        lhs.width == rhs.width && lhs.height == rhs.height && lhs.pixels == rhs.pixels
            && lhs.highlight.map { [$0.x, $0.y, $0.width, $0.height] } == rhs.highlight.map { [$0.x, $0.y, $0.width, $0.height] }
    }
}
