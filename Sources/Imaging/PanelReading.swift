/// A rectangle in an image's pixels.
struct PixelBox: Sendable, Hashable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    /// The part inside a `width` × `height` image.
    func clipped(width imageWidth: Int, height imageHeight: Int) -> PixelBox {
        let left = max(0, x), top = max(0, y)
        let right = min(imageWidth, x + width), bottom = min(imageHeight, y + height)
        return PixelBox(x: left, y: top, width: max(0, right - left), height: max(0, bottom - top))
    }

    func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < x + width && py >= y && py < y + height
    }

    /// Dark bands side by side on one row joined into one: the pieces of one strip.
    ///
    /// Why: a strip or sticker is found where the median grey around a pixel is dark, and where
    /// its light lettering is dense (bold digits, a tight group like `+86 158`) the median turns
    /// light, so one strip comes out as two or three bands cut through its characters. Read
    /// alone, each piece reads a fragment (`13753749` / `974`, `+8` / `6 158 5575 218`); inverted
    /// alone, the gap between them keeps its light text on dark. Two bands are pieces of one
    /// strip when they overlap over at least half of the lower one's height, are about as high
    /// (the lower at least two thirds of the higher: a strip's pieces have its height, a sticker
    /// beside a dark product does not), and the gap between them is no wider than the higher
    /// one (a letter or two); the result is their bounding rectangle, kept only when the pieces
    /// fill at least half of it. Repeated until nothing joins.
    static func joiningPiecesOfOneStrip(_ bands: [PixelBox]) -> [PixelBox] {
        var result = bands.map { (box: $0, area: $0.width * $0.height) }
        var joined = true
        while joined {
            joined = false
            search: for i in result.indices {
                for j in result.indices where j > i {
                    let (a, b) = (result[i].box, result[j].box)
                    let overlap = min(a.y + a.height, b.y + b.height) - max(a.y, b.y)
                    let gap = max(a.x, b.x) - min(a.x + a.width, b.x + b.width)
                    guard overlap * 2 >= min(a.height, b.height), min(a.height, b.height) * 3 >= max(a.height, b.height) * 2,
                          gap <= max(a.height, b.height) else { continue }
                    let left = min(a.x, b.x), top = min(a.y, b.y)
                    let union = PixelBox(x: left, y: top, width: max(a.x + a.width, b.x + b.width) - left, height: max(a.y + a.height, b.y + b.height) - top)
                    let area = result[i].area + result[j].area
                    guard area * 2 >= union.width * union.height else { continue }
                    result[i] = (union, area)
                    result.remove(at: j)
                    joined = true
                    break search
                }
            }
        }
        return result.map(\.box)
    }
}

/// Reads each dark panel shaped like a line of text on its own, and keeps, for each panel, the
/// better of the two readings of its text.
///
/// Why: the contact on a listing photo is often a sticker or a strip of colour with light text
/// (`微信号: wxid_…` on a dark band). Inverted in place, the page pass still reads it among the
/// product's shapes, and tesseract's page layout then cuts it into fragments or misreads it
/// (`pengvip184` as `pengvipisa`); the same strip cut out and read as one block of text reads
/// whole. It is the usual two-stage approach of photo OCR: find text regions, then recognise
/// each region as text.
///
/// Which panels: at least ``minimumHeight`` pixels high on the prepared image, at least
/// ``minimumAspect`` times as wide as high (a line of text is wide; a dark product is not), and
/// at most ``largestShare`` of the page; at most ``mostPanels``, top to bottom. Which reading:
/// the one with the higher mean word confidence (weighted by characters) over the panel; a
/// panel read as nothing keeps the page pass's words.
struct PanelReading {
    static let minimumHeight = 12
    static let minimumAspect = 1.5
    static let largestShare = 0.15
    static let mostPanels = 12
    /// A panel's edge is found on a quarter-size copy, so its outline may fall a little inside
    /// or outside the panel; it is cut this share of its height inside its outline (stickers
    /// have padding round their text) and read on a white border of ``border`` × its height.
    static let inset = 0.08
    static let border = 0.25

    /// The prepared image (grey, scaled, deskewed, panels inverted) before its background is
    /// flattened, on which the panels were found.
    let image: PixImage
    /// How `image` is scaled and turned from the image as stored.
    let transform: BoxTransform
    /// Shown each panel as it is read (``ImageReader/Options/showsPrepared``).
    var showsPrepared: (@Sendable (String, [UInt8]) -> Void)?

    /// The panels worth reading alone, in reading order.
    func candidates(_ panels: [PixelBox]) -> [PixelBox] {
        let page = Double(image.width * image.height)
        return panels
            .filter { panel in
                panel.height >= Self.minimumHeight
                    && Double(panel.width) >= Self.minimumAspect * Double(panel.height)
                    && Double(panel.width * panel.height) <= Self.largestShare * page
            }
            .sorted { ($0.y, $0.x) < ($1.y, $1.x) }
            .prefix(Self.mostPanels)
            .map { $0 }
    }

    /// `words` (the page pass's, on the image as stored) with each panel's words replaced by its
    /// own reading where that reading is better; and how many panels were replaced.
    ///
    /// Each recognition has its own time limit; a photo whose panels are still unread at
    /// `deadline` (``monotonicSeconds()``) is timed out as a whole, like one recognition that
    /// runs over, rather than read in part (a partial reading would depend on the machine's load).
    func merge(_ words: [OCRWord], panels: [PixelBox], engine: Tesseract, deadline: Double, limit: Double) throws(ImageError) -> (words: [OCRWord], replaced: Int) {
        var result = words
        var nextLine = (words.map(\.line).max() ?? -1) + 1
        var replaced = 0
        for panel in candidates(panels) {
            guard monotonicSeconds() < deadline else { throw ImageError.timedOut(seconds: limit) }
            // A panel that cannot be read alone keeps the page pass's reading.
            guard let read = try? self.read(panel, engine: engine, firstLine: nextLine) else { continue }
            guard !read.isEmpty else { continue }
            let area = original(panel)
            let inside = { (word: OCRWord) in area.contains(x: word.x + word.width / 2, y: word.y + word.height / 2) }
            let before = result.filter(inside)
            guard before.isEmpty || Self.quality(read) >= Self.quality(before) else { continue }
            result.removeAll(where: inside)
            result += read
            nextLine = (read.map(\.line).max() ?? nextLine) + 1
            replaced += 1
        }
        return (result, replaced)
    }

    /// Mean confidence weighted by characters.
    static func quality(_ words: [OCRWord]) -> Double {
        let characters = words.reduce(0) { $0 + $1.text.count }
        guard characters > 0 else { return 0 }
        return words.reduce(0) { $0 + $1.confidence * Double($1.text.count) } / Double(characters)
    }

    /// The panel's rectangle on the image as stored (the rectangle holding it, if the image was turned).
    func original(_ panel: PixelBox) -> PixelBox {
        let box = transform.original(x: panel.x, y: panel.y, width: panel.width, height: panel.height)
        return PixelBox(x: box.x, y: box.y, width: box.width, height: box.height)
    }

    /// The panel cut out (just inside its outline, on a white border), straightened if its text
    /// is skewed, read as one block; words on the image as stored, lines numbered from `firstLine`.
    func read(_ panel: PixelBox, engine: Tesseract, firstLine: Int) throws(ImageError) -> [OCRWord] {
        let inset = max(2, Int(Double(panel.height) * Self.inset))
        let cut = PixelBox(x: panel.x + inset, y: panel.y + inset, width: panel.width - 2 * inset, height: panel.height - 2 * inset)
            .clipped(width: image.width, height: image.height)
        guard cut.width > 0, cut.height > 0 else { return [] }
        let border = Int(Double(panel.height) * Self.border)
        var crop = try image.cropped(x: cut.x, y: cut.y, width: cut.width, height: cut.height).bordered(border)
        var degrees = 0.0
        let skew = try crop.sauvola(halfWindow: max(2, min(15, (min(crop.width, crop.height) - 3) / 2)), factor: 0.34).skew(range: Preprocessing.skewRange)
        if abs(skew.degrees) >= Preprocessing.smallestSkew && skew.confidence >= Preprocessing.skewConfidence {
            degrees = skew.degrees
            crop = try crop.rotated(degrees: degrees)
        }
        if let show = showsPrepared { show("panel \(panel.x),\(panel.y)", try crop.png()) }
        let turn = BoxTransform(scale: 1, degrees: degrees, width: crop.width, height: crop.height,
                                originalWidth: crop.width, originalHeight: crop.height)
        return try engine.words(in: crop, pageSegmentation: .block).map { word in
            let onCrop = turn.original(x: word.x, y: word.y, width: word.width, height: word.height)
            let onPage = PixelBox(x: onCrop.x - border + cut.x, y: onCrop.y - border + cut.y, width: onCrop.width, height: onCrop.height)
            let box = original(onPage)
            return OCRWord(text: word.text, x: box.x, y: box.y, width: box.width, height: box.height,
                           confidence: word.confidence, line: firstLine + word.line)
        }
    }
}
