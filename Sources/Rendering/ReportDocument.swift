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
