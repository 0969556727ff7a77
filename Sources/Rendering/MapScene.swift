/// A map drawn as page primitives — polygons, lines, symbols, text — in points (1/72 inch),
/// y downwards: what ``GeoMap`` lays out, and what the SVG writer (``svg()``) and cairo
/// (``draw(on:)``, map.pdf and the referral's map page) both draw, so the two agree.
public struct MapScene: Sendable {
    public struct Point: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public init(_ x: Double, _ y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// A colour as `#rrggbb`, with its components for cairo.
    public struct Colour: Sendable, Hashable {
        public let hex: String
        public init(_ hex: String) { self.hex = hex }
        var components: (red: Double, green: Double, blue: Double) {
            let digits = Array(hex.utf8.dropFirst())
            func component(_ offset: Int) -> Double {
                guard digits.count >= offset + 2, let value = UInt8(String(decoding: digits[offset ..< offset + 2], as: UTF8.self), radix: 16) else { return 0 }
                return Double(value) / 255
            }
            return (component(0), component(2), component(4))
        }
    }

    public enum Anchor: String, Sendable {
        case start, middle, end
    }

    public struct Paint: Sendable, Hashable {
        public var fill: Colour?
        public var stroke: Colour?
        public var lineWidth: Double
        public var opacity: Double
        public var dash: [Double]
        public init(fill: Colour? = nil, stroke: Colour? = nil, lineWidth: Double = 1, opacity: Double = 1, dash: [Double] = []) {
            self.fill = fill
            self.stroke = stroke
            self.lineWidth = lineWidth
            self.opacity = opacity
            self.dash = dash
        }
    }

    public enum Item: Sendable {
        /// Rings filled by the even–odd rule (holes and islands as the basemap gives them).
        case polygon([[Point]], Paint)
        case polyline([Point], Paint)
        case circle(center: Point, radius: Double, Paint)
        case square(center: Point, side: Double, Paint)
        case triangle(center: Point, size: Double, Paint)
        /// Text at `at` (its baseline), optionally with a white halo so that it reads over lines.
        case text(String, at: Point, size: Double, anchor: Anchor, bold: Bool, colour: Colour, halo: Bool)
        /// Everything up to the matching ``unclip`` is clipped to the rectangle.
        case clip(x: Double, y: Double, width: Double, height: Double)
        case unclip
    }

    public var width: Double
    public var height: Double
    public var title: String
    public var items: [Item] = []

    public init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    /// The width of `text` at `size` points, estimated without fonts (CJK and full-width
    /// characters one em, others 0.6 em): enough to keep labels apart, and the same on every
    /// machine, so the layout is reproducible.
    static func estimatedWidth(_ text: String, size: Double) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x1100 ... 0x115F, 0x2E80 ... 0xA4CF, 0xAC00 ... 0xD7A3, 0xF900 ... 0xFAFF, 0xFE30 ... 0xFE4F, 0xFF00 ... 0xFF60, 0xFFE0 ... 0xFFE6, 0x20000 ... 0x3FFFD:
                ems += 1
            case 0x20, 0x2C, 0x2E, 0x3A, 0x3B, 0x27, 0x69, 0x6C, 0x49: ems += 0.32
            default: ems += 0.6
            }
        }
        return ems * size
    }
}
