/// A picture to draw as a PNG: text and simple shapes on a background, then the whole picture
/// turned, blurred and noised as a photograph would be. The synthetic world's parcel labels and
/// listing images are drawn with it (`WorldGenerator` never touches pango or cairo itself).
///
/// Coordinates are pixels from the top-left corner of the picture before it is turned; text is
/// placed by the top-left corner of its line box. ``RasterRenderer`` returns, with the PNG, the
/// box each text item ended up in on the final picture, so that a generator can record where
/// its text is.
public struct RasterPicture: Sendable, Equatable {
    public struct Colour: Sendable, Equatable {
        public var red: Double, green: Double, blue: Double
        public init(_ red: Double, _ green: Double, _ blue: Double) {
            self.red = red
            self.green = green
            self.blue = blue
        }
        public static let black = Colour(0, 0, 0)
        public static let white = Colour(1, 1, 1)
    }

    public struct Text: Sendable, Equatable {
        public var text: String
        public var x: Double
        public var y: Double
        /// Font size in pixels.
        public var size: Double
        public var bold: Bool
        public var colour: Colour
        /// A font family fontconfig knows (`Noto Sans CJK SC`, `DejaVu Sans`, `DejaVu Serif`).
        public var family: String
        /// Degrees clockwise, about the text's top-left corner, on top of the picture's rotation.
        public var angle: Double
        /// A band drawn behind the text, a little larger than it (a sticker, a strip of colour).
        public var background: Colour?

        public init(_ text: String, x: Double, y: Double, size: Double, bold: Bool = false, colour: Colour = .black,
                    family: String = "Noto Sans CJK SC", angle: Double = 0, background: Colour? = nil) {
            self.background = background
            self.text = text
            self.x = x
            self.y = y
            self.size = size
            self.bold = bold
            self.colour = colour
            self.family = family
            self.angle = angle
        }
    }

    public enum Shape: Sendable, Equatable {
        case text(Text)
        /// A rectangle, filled and/or outlined.
        case rectangle(x: Double, y: Double, width: Double, height: Double, fill: Colour?, stroke: Colour?, lineWidth: Double)
        case line(x1: Double, y1: Double, x2: Double, y2: Double, colour: Colour, width: Double)
        /// A filled ellipse in the box.
        case ellipse(x: Double, y: Double, width: Double, height: Double, fill: Colour)
    }

    public var width: Int
    public var height: Int
    public var background: Colour
    public var shapes: [Shape] = []
    /// Degrees clockwise the whole picture is turned about its centre (a photo taken askew).
    public var rotation = 0.0
    /// Passes of a 3 × 3 box blur (a photo slightly out of focus).
    public var blurPasses = 0
    /// Standard deviation of the grey noise added to every pixel, in 0–255 levels.
    public var noise = 0.0
    /// Seed of the noise (the same picture and seed give the same bytes).
    public var seed: UInt64 = 1

    public init(width: Int, height: Int, background: Colour = .white) {
        self.width = width
        self.height = height
        self.background = background
    }

    /// Pictures larger than this are refused.
    public static let maximumPixels = 16_000_000
}
