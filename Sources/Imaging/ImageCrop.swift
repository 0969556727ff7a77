import SellerGraph

/// The part of an image around a box, as pixels for a PDF: the box with a margin of half its
/// height (at least 24 pixels) on every side, clipped to the image, shrunk to at most
/// ``maximumWidth`` pixels wide; and where the box is on the crop.
public struct ImageCrop: Sendable {
    public static let maximumWidth = 1_200

    public var width: Int
    public var height: Int
    /// Opaque ARGB32, row by row.
    public var pixels: [UInt32]
    /// The box on the crop.
    public var highlight: ImageBox

    public init(file: String, around box: ImageBox) throws(ImageError) {
        let image = try PixImage.decode(ImageReader.bytes(of: file))
        let margin = max(24, box.height / 2)
        let left = max(0, box.x - margin), top = max(0, box.y - margin)
        let right = min(image.width, box.x + box.width + margin), bottom = min(image.height, box.y + box.height + margin)
        guard right > left, bottom > top else { throw ImageError.processing("crop outside the image") }
        var crop = try image.cropped(x: left, y: top, width: right - left, height: bottom - top)
        var scale = 1.0
        if crop.width > Self.maximumWidth {
            scale = Double(Self.maximumWidth) / Double(crop.width)
            crop = try crop.rgb().scaled(by: scale)
        }
        width = crop.width
        height = crop.height
        pixels = try crop.argb32()
        highlight = ImageBox(x: Int(Double(box.x - left) * scale), y: Int(Double(box.y - top) * scale),
                             width: Int(Double(box.width) * scale), height: Int(Double(box.height) * scale))
    }
}
