import Foundation

/// What is done to an image before tesseract reads it, and how to map a box found on the
/// prepared image back onto the image as stored.
///
/// The steps, each for a reason that photographs and scans of labels have:
/// 1. **grey**: colour says nothing about characters; tesseract reads one channel.
/// 2. **scale small text up**: tesseract's models read text best at about 20–30 pixels of
///    x-height; a photo whose shorter side is under ``smallSide`` pixels is scaled up (×1.3–3)
///    so that its small print reaches that size.
/// 3. **median 3 × 3**: sensor and JPEG noise (isolated specks) go, strokes stay.
/// 4. **deskew a dark board first**: where dark is the photo's background (over half of it: a
///    sign), the photo is turned straight before its panels are found (the skew
///    found within ±``skewRange`` degrees on a binarised copy that outlines light text on dark
///    as well as dark on light), so that the board is level when it is inverted.
/// 5. **light text on dark panels made dark on light**: stickers and strips of colour carry
///    the contact on listing photos; tesseract reads dark text on a light page. Each panel
///    shaped like a line of text is also read again on its own (``PanelReading``).
/// 6. **flatten the background**: shadows, uneven light and coloured label stock become white,
///    so that one threshold fits the whole page; then, other photos are **deskewed** (a label
///    photographed a few degrees off; tesseract's line finder wants level lines) — by the skew
///    found on the grey photo before step 5 where a dark thing (over 15 % dark) would be inverted.
/// 7. **binarise** (Sauvola, local threshold): text on clutter and gradients survives where one
///    global threshold loses it.
public struct Preprocessing: Sendable, Equatable, CustomStringConvertible {
    /// Images whose shorter side is below this are scaled up.
    static let smallSide = 1_000
    /// Never scale up further than this, or past ``largestSide``.
    static let largestScale = 3.0
    static let largestSide = 4_000
    /// Skews searched, in degrees either way: a phone held by hand over a sign or a parcel is
    /// often 10–20° off (the real street sign of the benchmark is turned 14°).
    static let skewRange = 20.0
    /// Skews below this are left alone (resampling blurs strokes a little).
    static let smallestSkew = 0.3
    /// Leptonica's confidence a skew needs before it is corrected.
    static let skewConfidence = 2.5
    /// A photo more than this share dark (median grey under ``panelThreshold``) is a dark board
    /// with light text — the dark is the photo's background, as on a sign or a dark package
    /// filling the frame — and is deskewed before its panels are inverted. Less, the dark is a
    /// thing on a light background (a dark product: 16–20 % of the generated listing photos
    /// checked; the real train ticket on green cloth, 27 %), and the photo is deskewed after flattening as any other.
    /// Until v12 the rule was ``PanelReading/largestShare`` (15 %), which took dark products
    /// for boards. (The real street sign of Benchmarks/ocr/real is 79 % dark.)
    static let boardShare = 0.5

    /// Median grey under which a region is a dark panel holding light text.
    static let panelThreshold = 90

    /// Bumped whenever a step changes, so that the OCR cache never serves a reading made otherwise.
    /// Also when extraction changes what counts as a labelled identifier: a listing photo is read
    /// again when its first reading holds none (``ImageReader``), so the reading cached depends on
    /// it (v15: a token cut by an unreadable sign no longer counts).
    static let version = 16
    /// Pages with at least this share in dark panels are read a second time, inverted.
    static let panelShareForSecondPass = 0.003

    /// How light text on dark panels is read.
    public enum Panels: String, Sendable, Equatable {
        /// As any text (tesseract's own inversion of lines it finds).
        case ignored
        /// Inverted in place before binarising.
        case invertedInPlace
        /// Read a second time on the inverted page, when the page has dark panels.
        case secondPass
        /// Inverted in place, and each panel shaped like a line of text read again on its own
        /// (``PanelReading``): the page pass often loses a sticker's text among the photo's shapes.
        case readSeparately
    }

    public var panels = Panels.readSeparately
    public var binarises = false
    /// Sauvola's k: higher keeps less of faint strokes.
    public var sauvolaFactor = 0.34
    public var deskews = true
    public var removesNoise = true
    /// Listing photos are scaled up by at least this much (their contact is small print).
    public var listingScale = 2.0
    /// A listing photo whose sparse reading holds no identifier is read again as a page at the
    /// ordinary scale, and the reading with more identifiers kept (``ImageReader``).
    public var rereadsListingsWithoutIdentifier = true

    public init() {}

    public var description: String {
        "v\(Self.version) panels \(panels.rawValue) binarise \(binarises) deskew \(deskews) median \(removesNoise) listing ×\(listingScale)\(rereadsListingsWithoutIdentifier ? " reread" : "") k \(sauvolaFactor)"
    }

    /// The prepared image and the transform back to the original.
    ///
    /// `panels` are the inverted panels' rectangles on `unflattened`, the prepared image before
    /// its background is flattened (scaled, and turned only if a dark board was deskewed first:
    /// `panelTransform`), for ``PanelReading``.
    func prepare(_ image: PixImage, minimumScale: Double = 1) throws(ImageError) -> (image: PixImage, transform: BoxTransform, method: String, panelShare: Double, panels: [PixelBox], unflattened: PixImage, panelTransform: BoxTransform) {
        var steps = ["grey"]
        var current = try image.gray()
        let shorter = min(current.width, current.height), longer = max(current.width, current.height)
        var scale = 1.0
        if shorter < Self.smallSide || minimumScale > 1 {
            scale = min(Self.largestScale, max(minimumScale, Double(Self.smallSide) / Double(shorter)), Double(Self.largestSide) / Double(longer))
            if scale >= 1.2 {
                current = try current.scaled(by: scale)
                steps.append(String(format: "scaled ×%.1f", scale))
            } else {
                scale = 1
            }
        }
        if removesNoise {
            current = try current.median()
            steps.append("median 3×3")
        }
        // A dark board that is the photo's background (a sign, a dark package filling the
        // frame: over ``boardShare`` of the page dark) is deskewed before it is found and
        // inverted: turned, it would be inverted as one level rectangle cut across slanted
        // lines. Other photos are deskewed after flattening, as until v10: on listing photos with
        // a small dark strip or a dark product on a light background, turning the grey photo
        // first measured worse (the product's or strip's straight edges give a confident skew of
        // a degree or two, and resampling blurs small print; docs/identifiers-and-ocr.md).
        let darkShare = panels == .ignored ? 0 : current.darkPanelShare(window: Int(24 * scale), threshold: Self.panelThreshold)
        let boardFirst = darkShare >= Self.boardShare
        if darkShare >= PanelReading.largestShare { steps.append(String(format: "%.0f %% dark", darkShare * 100)) }
        var degrees = 0.0
        if deskews && boardFirst {
            let skew = try current.skewOfText(range: Self.skewRange)
            if abs(skew.degrees) >= Self.smallestSkew && skew.confidence >= Self.skewConfidence {
                degrees = skew.degrees
                current = try current.rotated(degrees: degrees)
                steps.append(String(format: "deskewed %.1f° (a dark board, before inverting)", degrees))
            }
        }
        // A photo with a dark thing on it but not a board: its skew is found before the thing is
        // inverted (inverted, its flat dark turns into speckle that hides the lines), and the
        // photo turned after flattening as any other.
        var greySkew: (degrees: Double, confidence: Double)?
        if deskews && !boardFirst && darkShare >= PanelReading.largestShare { greySkew = try current.skewOfText(range: Self.skewRange) }
        let panelShare = degrees == 0 ? darkShare : current.darkPanelShare(window: Int(24 * scale), threshold: Self.panelThreshold)
        var panelBoxes: [PixelBox] = []
        if panels == .invertedInPlace || panels == .readSeparately, panelShare > 0 {
            (current, panelBoxes) = try current.invertingDarkPanels(window: Int(24 * scale), threshold: Self.panelThreshold)
            steps.append("dark panels inverted")
            // A dark board that fills a turned photo is one panel with the white corners the turn
            // brought in: inverted whole, they would be black wedges that tesseract's layout
            // takes for pictures beside the text.
            if degrees != 0 { current = try current.whiteningCorners(ofTurn: degrees) }
        }
        // Panels are read alone from here: flattening estimates the background from large tiles,
        // which a panel's inverted block skews; inside one small panel the light is even anyway.
        let unflattened = current
        let panelTransform = BoxTransform(scale: scale, degrees: degrees, width: current.width, height: current.height,
                                          originalWidth: image.width, originalHeight: image.height)
        current = try current.backgroundNormalized()
        steps.append("background flattened")
        if deskews && !boardFirst {
            var skew = greySkew ?? (0, 0)
            if greySkew == nil { skew = try current.sauvola(halfWindow: 15, factor: 0.34).skew(range: Self.skewRange) }
            if abs(skew.degrees) >= Self.smallestSkew && skew.confidence >= Self.skewConfidence {
                degrees = skew.degrees
                current = try current.rotated(degrees: degrees)
                steps.append(String(format: "deskewed %.1f°", degrees))
            }
        }
        if binarises {
            current = try current.sauvola(halfWindow: max(15, Int(20 * scale)), factor: sauvolaFactor)
            steps.append("binarised (Sauvola)")
        }
        let transform = BoxTransform(scale: scale, degrees: degrees, width: current.width, height: current.height,
                                     originalWidth: image.width, originalHeight: image.height)
        return (current, transform, steps.joined(separator: ", "), panelShare, panels == .readSeparately ? panelBoxes : [], unflattened, panelTransform)
    }
}

/// Maps a box on the prepared image (scaled by `scale`, then rotated by `degrees` about its
/// centre) back onto the original: the four corners are turned back and scaled down, and the
/// box is the rectangle holding them, clipped to the image.
struct BoxTransform: Sendable, Equatable {
    var scale: Double
    var degrees: Double
    var width: Int
    var height: Int
    var originalWidth: Int
    var originalHeight: Int

    func original(x: Int, y: Int, width boxWidth: Int, height boxHeight: Int) -> (x: Int, y: Int, width: Int, height: Int) {
        let radians = -degrees * .pi / 180
        let (cx, cy) = (Double(width) / 2, Double(height) / 2)
        let (cosine, sine) = (cos(radians), sin(radians))
        var xs: [Double] = [], ys: [Double] = []
        for (px, py) in [(x, y), (x + boxWidth, y), (x, y + boxHeight), (x + boxWidth, y + boxHeight)] {
            let dx = Double(px) - cx, dy = Double(py) - cy
            xs.append((cx + dx * cosine - dy * sine) / scale)
            ys.append((cy + dx * sine + dy * cosine) / scale)
        }
        let left = max(0, Int(xs.min()!.rounded(.down))), top = max(0, Int(ys.min()!.rounded(.down)))
        let right = min(originalWidth, Int(xs.max()!.rounded(.up))), bottom = min(originalHeight, Int(ys.max()!.rounded(.up)))
        return (left, top, max(0, right - left), max(0, bottom - top))
    }
}
