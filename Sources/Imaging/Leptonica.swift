import CTesseract

/// One Leptonica image (`PIX *`), owned: freed with `pixDestroy` when the object goes.
///
/// With ``Tesseract``, the only code that touches Leptonica's C API. Every operation returns a
/// new image (Leptonica's own style) or throws ``ImageError``; nothing here shares a `PIX *`.
final class PixImage {
    let pix: UnsafeMutablePointer<PIX>

    /// Takes ownership of `pix`; nil if Leptonica returned nothing.
    init?(owning pix: UnsafeMutablePointer<PIX>?) {
        guard let pix else { return nil }
        self.pix = pix
    }

    deinit {
        var pointer: UnsafeMutablePointer<PIX>? = pix
        pixDestroy(&pointer)
    }

    var width: Int { Int(pixGetWidth(pix)) }
    var height: Int { Int(pixGetHeight(pix)) }
    var depth: Int { Int(pixGetDepth(pix)) }

    /// Decodes a PNG or JPEG file's bytes, after reading its header to refuse an image larger
    /// than ``ImageLimits`` allow without decoding it (a 20,000 × 20,000 PNG is 1.6 GB of pixels).
    static func decode(_ bytes: [UInt8]) throws(ImageError) -> PixImage {
        quietLeptonica()
        var format: Int32 = 0, width: Int32 = 0, height: Int32 = 0, bitsPerSample: Int32 = 0, samples: Int32 = 0, colormap: Int32 = 0
        let header = bytes.withUnsafeBufferPointer { buffer in
            pixReadHeaderMem(buffer.baseAddress, buffer.count, &format, &width, &height, &bitsPerSample, &samples, &colormap)
        }
        guard header == 0, format == Int32(IFF_PNG) || format == Int32(IFF_JFIF_JPEG) else {
            throw ImageError.notAnImage
        }
        guard width > 0, height > 0 else { throw ImageError.notAnImage }
        guard Int(width) <= ImageLimits.maximumSide, Int(height) <= ImageLimits.maximumSide,
              Int(width) * Int(height) <= ImageLimits.maximumPixels else {
            throw ImageError.tooLarge(width: Int(width), height: Int(height))
        }
        let decoded = bytes.withUnsafeBufferPointer { pixReadMem($0.baseAddress, $0.count) }
        guard let image = PixImage(owning: decoded) else { throw ImageError.unreadable }
        return image
    }

    /// 8-bit grey (colour maps removed; colour by luminance).
    func gray() throws(ImageError) -> PixImage {
        guard let result = PixImage(owning: pixConvertTo8(pix, 0)) else { throw ImageError.processing("grey conversion") }
        return result
    }

    /// 32-bit RGB.
    func rgb() throws(ImageError) -> PixImage {
        guard let result = PixImage(owning: pixConvertTo32(pix)) else { throw ImageError.processing("colour conversion") }
        return result
    }

    /// Scaled by `factor` (linear interpolation for grey; area mapping when shrinking).
    func scaled(by factor: Double) throws(ImageError) -> PixImage {
        guard let result = PixImage(owning: pixScale(pix, Float(factor), Float(factor))) else { throw ImageError.processing("scaling") }
        return result
    }

    /// A 3 × 3 median of a grey image: removes salt-and-pepper noise, keeps strokes' edges.
    func median() throws(ImageError) -> PixImage {
        guard let result = PixImage(owning: pixRankFilterGray(pix, 3, 3, 0.5)) else { throw ImageError.processing("median filter") }
        return result
    }

    /// White text on a dark panel (a sticker, a strip of colour) turned into dark text on light,
    /// grey in, grey out: where the *median* grey around a pixel (a window of about
    /// `window` pixels, taken on a quarter-size copy) is darker than `threshold`, the pixels
    /// are inverted. Text covers less than half of a line's area, so the median is the
    /// background's: light under dark text, however bold, and dark under a panel's light text.
    /// Also returns each inverted panel's rectangle, in this image's pixels.
    func invertingDarkPanels(window: Int, threshold: Int) throws(ImageError) -> (image: PixImage, panels: [PixelBox]) {
        let side = max(3, (window / 4) | 1)
        guard let small = PixImage(owning: pixScaleAreaMap(pix, 0.25, 0.25)),
              let median = PixImage(owning: pixRankFilterGray(small.pix, Int32(side), Int32(side), 0.5)),
              let dark = PixImage(owning: pixThresholdToBinary(median.pix, Int32(threshold))) else {
            throw ImageError.processing("panel detection")
        }
        // A panel is a long band: opening with a wide brick drops the dark patches inside bold glyphs.
        guard let bands = PixImage(owning: pixOpenBrick(nil, dark.pix, 15, 3)),
              let mask = PixImage(owning: pixCreate(Int32(width), Int32(height), 1)) else { throw ImageError.processing("panel detection") }
        // Each band's whole rectangle is inverted (a strip or a sticker is a rectangle), when most of it is dark.
        guard let boxes = pixConnCompBB(bands.pix, 8) else { throw ImageError.processing("panel detection") }
        defer {
            var pointer: UnsafeMutablePointer<BOXA>? = boxes
            boxaDestroy(&pointer)
        }
        // The dark bands, on the quarter-size copy.
        var bandBoxes: [PixelBox] = []
        for index in 0 ..< boxaGetCount(boxes) {
            var x: Int32 = 0, y: Int32 = 0, w: Int32 = 0, h: Int32 = 0
            guard boxaGetBoxGeometry(boxes, index, &x, &y, &w, &h) == 0, w > 0, h > 0,
                  let region = try? dark.cropped(x: Int(x), y: Int(y), width: Int(w), height: Int(h)) else { continue }
            var count: Int32 = 0
            pixCountPixels(region.pix, &count, nil)
            guard Double(count) >= 0.5 * Double(w * h) else { continue }
            bandBoxes.append(PixelBox(x: Int(x), y: Int(y), width: Int(w), height: Int(h)))
        }
        // The median pulls a band's edges in (by up to half its window, more where the lettering
        // is dense near an end): each band is grown back out to where the panel itself ends.
        if !bandBoxes.isEmpty, let raw = PixImage(owning: pixThresholdToBinary(small.pix, Int32(threshold))) {
            bandBoxes = bandBoxes.map { raw.grownToDarkEdges($0, atMost: side) }
        }
        var panels: [PixelBox] = []
        for band in PixelBox.joiningPiecesOfOneStrip(bandBoxes) {
            let margin = 2
            let panel = PixelBox(x: band.x * 4 - margin, y: band.y * 4 - margin, width: band.width * 4 + 2 * margin, height: band.height * 4 + 2 * margin)
                .clipped(width: width, height: height)
            guard panel.width > 0, panel.height > 0, let box = boxCreate(Int32(panel.x), Int32(panel.y), Int32(panel.width), Int32(panel.height)) else { continue }
            pixSetInRect(mask.pix, box)
            var pointer: UnsafeMutablePointer<BOX>? = box
            boxDestroy(&pointer)
            panels.append(panel)
        }
        guard !panels.isEmpty, let inverse = PixImage(owning: pixInvert(nil, pix)), let result = PixImage(owning: pixCopy(nil, pix)) else {
            return (self, [])
        }
        guard pixCombineMasked(result.pix, inverse.pix, mask.pix) == 0 else { throw ImageError.processing("panel inversion") }
        return (result, panels)
    }

    /// `band` (on this binary image, 1 = dark) grown on each side, by at most `limit` pixels,
    /// while the next column or row beside it is at least a quarter dark: the panel's own edge,
    /// not where a median over a window ended it. A column through light lettering is still
    /// dark above and below the letters (a panel's padding), while the light page beyond the
    /// panel has next to no dark pixel; a column through a tall glyph is stepped over when a
    /// darker one follows within three.
    func grownToDarkEdges(_ band: PixelBox, atMost limit: Int) -> PixelBox {
        func mostlyDark(_ box: PixelBox) -> Bool {
            let box = box.clipped(width: width, height: height)
            guard box.width > 0, box.height > 0, let region = try? cropped(x: box.x, y: box.y, width: box.width, height: box.height) else { return false }
            var count: Int32 = 0
            pixCountPixels(region.pix, &count, nil)
            return Int(count) * 4 >= box.width * box.height
        }
        var box = band
        // Each side in turn: the strip of one pixel just outside it, `k` pixels out.
        let sides: [(PixelBox, Int) -> PixelBox?] = [
            { b, k in b.x - k >= 0 ? PixelBox(x: b.x - k, y: b.y, width: 1, height: b.height) : nil },
            { b, k in b.x + b.width - 1 + k < self.width ? PixelBox(x: b.x + b.width - 1 + k, y: b.y, width: 1, height: b.height) : nil },
            { b, k in b.y - k >= 0 ? PixelBox(x: b.x, y: b.y - k, width: b.width, height: 1) : nil },
            { b, k in b.y + b.height - 1 + k < self.height ? PixelBox(x: b.x, y: b.y + b.height - 1 + k, width: b.width, height: 1) : nil },
        ]
        for (index, outside) in sides.enumerated() {
            var grown = 0
            growing: while grown < limit {
                for k in 1 ... 3 where grown + k <= limit {
                    guard let line = outside(box, k), mostlyDark(line) else { continue }
                    switch index {
                    case 0: box.x -= k; box.width += k
                    case 1: box.width += k
                    case 2: box.y -= k; box.height += k
                    default: box.height += k
                    }
                    grown += k
                    continue growing
                }
                break
            }
        }
        return box
    }

    /// The share of the image (0–1) in dark panels: where the median grey over a window of about
    /// `window` pixels (taken on a quarter-size copy) is below `threshold`.
    func darkPanelShare(window: Int, threshold: Int) -> Double {
        let side = max(3, (window / 4) | 1)
        guard let small = PixImage(owning: pixScaleAreaMap(pix, 0.25, 0.25)),
              let median = PixImage(owning: pixRankFilterGray(small.pix, Int32(side), Int32(side), 0.5)),
              let dark = PixImage(owning: pixThresholdToBinary(median.pix, Int32(threshold))) else { return 0 }
        var count: Int32 = 0
        pixCountPixels(dark.pix, &count, nil)
        return Double(count) / Double(max(1, small.width * small.height))
    }

    /// Black and white (or grey levels) swapped.
    func inverted() throws(ImageError) -> PixImage {
        guard let result = PixImage(owning: pixInvert(nil, pix)) else { throw ImageError.processing("inversion") }
        return result
    }

    /// Background flattened to white (uneven light, shadows, coloured labels), grey in, grey out.
    func backgroundNormalized() throws(ImageError) -> PixImage {
        guard let result = PixImage(owning: pixBackgroundNormSimple(pix, nil, nil)) else { throw ImageError.processing("background normalisation") }
        return result
    }

    /// Binarised with Sauvola's local threshold (window 2 × `halfWindow` + 1, factor k): text on
    /// uneven or cluttered backgrounds survives where one global threshold loses it.
    func sauvola(halfWindow: Int, factor: Double) throws(ImageError) -> PixImage {
        var binary: UnsafeMutablePointer<PIX>?
        let status = pixSauvolaBinarize(pix, Int32(halfWindow), Float(factor), 1, nil, nil, nil, &binary)
        guard status == 0, let result = PixImage(owning: binary) else { throw ImageError.processing("binarisation") }
        return result
    }

    /// The skew of a binary image's text lines in degrees (positive: counter-clockwise) and
    /// Leptonica's confidence in it; searched within ±`range` degrees.
    func skew(range: Double) -> (degrees: Double, confidence: Double) {
        var angle: Float = 0, confidence: Float = 0
        let status = pixFindSkewSweepAndSearch(pix, &angle, &confidence, 2, 2, Float(range), 1, 0.01)
        guard status == 0 else { return (0, 0) }
        return (Double(angle), Double(confidence))
    }

    /// With the corners a turn by `degrees` brought in painted white (an 8-bit image turned by
    /// ``rotated(degrees:)``): whatever was done to the picture since (a dark panel inverted
    /// whole) does not leave wedges of black at the corners.
    func whiteningCorners(ofTurn degrees: Double) throws(ImageError) -> PixImage {
        guard let page = PixImage(owning: pixCreate(Int32(width), Int32(height), 8)) else { throw ImageError.processing("corners") }
        pixSetAll(page.pix)
        let radians = Float(degrees * .pi / 180)
        guard let turned = PixImage(owning: pixRotate(page.pix, radians, Int32(L_ROTATE_AREA_MAP), Int32(L_BRING_IN_BLACK), 0, 0)),
              let corners = PixImage(owning: pixThresholdToBinary(turned.pix, 128)),
              let result = PixImage(owning: pixCopy(nil, pix)),
              pixSetMasked(result.pix, corners.pix, 255) == 0 else { throw ImageError.processing("corners") }
        return result
    }

    /// The skew of a grey image's text lines (``skew(range:)``), found on a binarised copy of it
    /// with its background flattened. Sauvola's local threshold outlines light letters on a
    /// dark panel as it fills dark letters on light (a flat dark area, of little local
    /// contrast, comes out white), so both kinds of line count, and no panel needs inverting first.
    func skewOfText(range: Double) throws(ImageError) -> (degrees: Double, confidence: Double) {
        try backgroundNormalized().sauvola(halfWindow: 15, factor: 0.34).skew(range: range)
    }

    /// Rotated by `degrees` about its centre, same size, white brought in.
    func rotated(degrees: Double) throws(ImageError) -> PixImage {
        let radians = Float(degrees * .pi / 180)
        guard let result = PixImage(owning: pixRotate(pix, radians, Int32(L_ROTATE_AREA_MAP), Int32(L_BRING_IN_WHITE), 0, 0)) else {
            throw ImageError.processing("rotation")
        }
        return result
    }

    /// The part of the image inside `box` (clipped to the image).
    func cropped(x: Int, y: Int, width: Int, height: Int) throws(ImageError) -> PixImage {
        guard let box = boxCreate(Int32(x), Int32(y), Int32(width), Int32(height)) else { throw ImageError.processing("crop") }
        defer {
            var pointer: UnsafeMutablePointer<BOX>? = box
            boxDestroy(&pointer)
        }
        guard let result = PixImage(owning: pixClipRectangle(pix, box, nil)) else { throw ImageError.processing("crop") }
        return result
    }

    /// With a white border `pixels` wide on every side (grey images).
    func bordered(_ pixels: Int) throws(ImageError) -> PixImage {
        guard let result = PixImage(owning: pixAddBorder(pix, Int32(pixels), 255)) else { throw ImageError.processing("border") }
        return result
    }

    /// The pixels as opaque ARGB32 words, row by row (for cairo).
    func argb32() throws(ImageError) -> [UInt32] {
        let colour = try rgb()
        var pixels = [UInt32](repeating: 0, count: colour.width * colour.height)
        pixels.withUnsafeMutableBufferPointer { rs_pix_to_argb32(colour.pix, $0.baseAddress) }
        return pixels
    }

    /// The image as a PNG file's bytes.
    func png() throws(ImageError) -> [UInt8] {
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard pixWriteMemPng(&data, &size, pix, 0) == 0, let data else { throw ImageError.processing("PNG encoding") }
        defer { free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }
}

/// Leptonica prints every failure to stderr; RingScope reports them itself, as warnings.
private func quietLeptonica() {
    _ = quiet
}

private let quiet: Void = {
    _ = setMsgSeverity(Int32(L_SEVERITY_NONE))
}()

/// Sizes of image RingScope reads. A phone photo is about 12 megapixels and a 600-dpi A4 scan
/// 35; more is a broken or hostile file, refused from its header before any pixel is decoded.
public enum ImageLimits {
    public static let maximumPixels = 50_000_000
    public static let maximumSide = 16_000
}

/// Why an image could not be read.
public enum ImageError: Error, Equatable, CustomStringConvertible {
    case notAnImage
    case tooLarge(width: Int, height: Int)
    case unreadable
    case processing(String)
    case timedOut(seconds: Double)
    case engine(String)

    public var description: String {
        switch self {
        case .notAnImage: "not a PNG or JPEG image"
        case .tooLarge(let width, let height):
            "\(width) × \(height) pixels is over the limit (\(ImageLimits.maximumPixels / 1_000_000) megapixels, \(ImageLimits.maximumSide) pixels a side)"
        case .unreadable: "the image data is damaged or truncated"
        case .processing(let step): "image processing failed (\(step))"
        case .timedOut(let seconds): "text recognition took longer than the \(Int(seconds)) s limit"
        case .engine(let message): message
        }
    }
}
