#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CPangoCairo

/// Draws a ``RasterPicture`` as PNG bytes with cairo and pango, in process.
///
/// With ``PDFDocumentWriter``, the only code that touches pango's and cairo's C API; every
/// object is created and freed inside ``render(_:)``. Text goes to pango as plain text (no
/// markup). Blur and noise are applied to the pixels after drawing, noise from a seeded
/// generator, so the same picture always gives the same bytes.
public enum RasterRenderer {
    /// The PNG of `picture` and, for each of its text shapes in order, the box the text's line
    /// occupies on the final (turned) picture: x, y, width, height in pixels, clipped to it.
    public static func render(_ picture: RasterPicture) throws -> (png: [UInt8], textBoxes: [(x: Int, y: Int, width: Int, height: Int)]) {
        guard picture.width > 0, picture.height > 0, picture.width * picture.height <= RasterPicture.maximumPixels else {
            throw RenderingError(.renderFailed, "raster: \(picture.width) × \(picture.height) pixels is not a size to draw")
        }
        return try Graphviz.gate.shared { try draw(picture) }
    }

    private static func draw(_ picture: RasterPicture) throws -> (png: [UInt8], textBoxes: [(x: Int, y: Int, width: Int, height: Int)]) {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(picture.width), Int32(picture.height)) else {
            throw RenderingError(.renderFailed, "raster: cairo_image_surface_create failed")
        }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { throw RenderingError(.renderFailed, "raster: cairo_create failed") }
        defer { cairo_destroy(cr) }
        // The drawing (text above all) under the process's text lock; blur, noise and PNG outside it.
        let boxes = try Typesetting.withLock { () throws -> [(x: Int, y: Int, width: Int, height: Int)] in
            guard let context = pango_cairo_create_context(cr) else { throw RenderingError(.renderFailed, "raster: pango context failed") }
            defer { g_object_unref(UnsafeMutableRawPointer(context)) }
            pango_cairo_context_set_resolution(context, 72)  // a size in points is a size in pixels

            set(cr, picture.background)
            cairo_paint(cr)
            let (cx, cy) = (Double(picture.width) / 2, Double(picture.height) / 2)
            let turn = picture.rotation * .pi / 180
            cairo_translate(cr, cx, cy)
            cairo_rotate(cr, turn)
            cairo_translate(cr, -cx, -cy)

            var boxes: [(x: Int, y: Int, width: Int, height: Int)] = []
            for shape in picture.shapes {
                switch shape {
                case .rectangle(let x, let y, let width, let height, let fill, let stroke, let lineWidth):
                    cairo_rectangle(cr, x, y, width, height)
                    if let fill {
                        set(cr, fill)
                        if stroke != nil { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
                    }
                    if let stroke {
                        set(cr, stroke)
                        cairo_set_line_width(cr, lineWidth)
                        cairo_stroke(cr)
                    }
                case .line(let x1, let y1, let x2, let y2, let colour, let width):
                    set(cr, colour)
                    cairo_set_line_width(cr, width)
                    cairo_move_to(cr, x1, y1)
                    cairo_line_to(cr, x2, y2)
                    cairo_stroke(cr)
                case .ellipse(let x, let y, let width, let height, let fill):
                    cairo_save(cr)
                    cairo_translate(cr, x + width / 2, y + height / 2)
                    cairo_scale(cr, width / 2, height / 2)
                    cairo_arc(cr, 0, 0, 1, 0, 2 * .pi)
                    cairo_restore(cr)
                    set(cr, fill)
                    cairo_fill(cr)
                case .text(let text):
                    let extent = try show(text, cr: cr, context: context)
                    // The line box's corners, through the text's own angle and the picture's turn.
                    let angle = text.angle * .pi / 180
                    var xs: [Double] = [], ys: [Double] = []
                    for (dx, dy) in [(0.0, 0.0), (extent.width, 0), (0, extent.height), (extent.width, extent.height)] {
                        let px = text.x + dx * cos(angle) - dy * sin(angle), py = text.y + dx * sin(angle) + dy * cos(angle)
                        let qx = cx + (px - cx) * cos(turn) - (py - cy) * sin(turn), qy = cy + (px - cx) * sin(turn) + (py - cy) * cos(turn)
                        xs.append(qx)
                        ys.append(qy)
                    }
                    let left = max(0, Int(xs.min()!.rounded(.down))), top = max(0, Int(ys.min()!.rounded(.down)))
                    let right = min(picture.width, Int(xs.max()!.rounded(.up))), bottom = min(picture.height, Int(ys.max()!.rounded(.up)))
                    boxes.append((left, top, max(0, right - left), max(0, bottom - top)))
                }
            }
            return boxes
        }
        try check(cairo_status(cr))
        cairo_identity_matrix(cr)
        for _ in 0 ..< picture.blurPasses { try blur(surface, width: picture.width, height: picture.height) }
        if picture.noise > 0 { try addNoise(cr, sigma: picture.noise, seed: picture.seed) }
        cairo_surface_flush(surface)
        try check(cairo_status(cr))
        let sink = PNGSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<PNGSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        }
        try check(status)
        return (sink.bytes, boxes)
    }

    private final class PNGSink { var bytes: [UInt8] = [] }

    private static func check(_ status: cairo_status_t) throws {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderingError(.renderFailed, "raster: cairo: \(String(cString: cairo_status_to_string(status)))")
        }
    }

    private static func set(_ cr: OpaquePointer, _ colour: RasterPicture.Colour) {
        cairo_set_source_rgb(cr, colour.red, colour.green, colour.blue)
    }

    /// Draws one text item; returns its line box's size.
    private static func show(_ text: RasterPicture.Text, cr: OpaquePointer, context: OpaquePointer) throws -> (width: Double, height: Double) {
        guard let layout = pango_layout_new(context) else { throw RenderingError(.renderFailed, "raster: pango_layout_new failed") }
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        guard let font = pango_font_description_new() else { throw RenderingError(.renderFailed, "raster: font description failed") }
        defer { pango_font_description_free(font) }
        pango_font_description_set_family(font, text.family)
        pango_font_description_set_size(font, Int32((text.size * Double(rs_pango_scale())).rounded()))
        pango_font_description_set_weight(font, text.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_layout_set_font_description(layout, font)
        let plain = String(text.text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        plain.withCString { pango_layout_set_text(layout, $0, Int32(plain.utf8.count)) }
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        cairo_save(cr)
        cairo_translate(cr, text.x, text.y)
        cairo_rotate(cr, text.angle * .pi / 180)
        if let background = text.background {
            let scale = Double(rs_pango_scale()), padding = text.size * 0.3
            cairo_rectangle(cr, -padding, -padding * 0.5, Double(logical.width) / scale + 2 * padding, Double(logical.height) / scale + padding)
            set(cr, background)
            cairo_fill(cr)
        }
        set(cr, text.colour)
        cairo_move_to(cr, 0, 0)
        pango_cairo_show_layout(cr, layout)
        cairo_restore(cr)
        let scale = Double(rs_pango_scale())
        return (Double(logical.width) / scale, Double(logical.height) / scale)
    }

    /// One pass of blur, as a slightly defocused photo: the picture shrunk to half size with
    /// cairo's box filter and drawn back at full size with bilinear interpolation (pixman does
    /// the work in C).
    private static func blur(_ surface: OpaquePointer, width: Int, height: Int) throws {
        let (halfWidth, halfHeight) = (max(1, width / 2), max(1, height / 2))
        guard let half = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(halfWidth), Int32(halfHeight)) else {
            throw RenderingError(.renderFailed, "raster: blur surface failed")
        }
        defer { cairo_surface_destroy(half) }
        guard let shrink = cairo_create(half) else { throw RenderingError(.renderFailed, "raster: blur context failed") }
        cairo_scale(shrink, Double(halfWidth) / Double(width), Double(halfHeight) / Double(height))
        cairo_set_source_surface(shrink, surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(shrink), CAIRO_FILTER_GOOD)
        cairo_paint(shrink)
        cairo_destroy(shrink)
        guard let grow = cairo_create(surface) else { throw RenderingError(.renderFailed, "raster: blur context failed") }
        defer { cairo_destroy(grow) }
        cairo_scale(grow, Double(width) / Double(halfWidth), Double(height) / Double(halfHeight))
        cairo_set_source_surface(grow, half, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(grow), CAIRO_FILTER_BILINEAR)
        cairo_pattern_set_extend(cairo_get_source(grow), CAIRO_EXTEND_PAD)
        cairo_set_operator(grow, CAIRO_OPERATOR_SOURCE)
        cairo_paint(grow)
    }

    /// Grey sensor noise: a tile of Gaussian grey values around mid-grey (Box–Muller over a
    /// SplitMix64 stream, standard deviation 90 levels; 257 × 263 pixels, sizes that share no
    /// factor, so the repeat does not line up with text), laid over the picture at an opacity of
    /// `sigma` / 90, so that each pixel moves by about `sigma` levels (and contrast drops a
    /// little, as in a photo).
    private static func addNoise(_ cr: OpaquePointer, sigma: Double, seed: UInt64) throws {
        let (tileWidth, tileHeight) = (257, 263)
        guard let tile = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(tileWidth), Int32(tileHeight)),
              let data = cairo_image_surface_get_data(tile) else { throw RenderingError(.renderFailed, "raster: noise surface failed") }
        defer { cairo_surface_destroy(tile) }
        let stride = Int(cairo_image_surface_get_stride(tile))
        var state = seed
        func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return (Double(z >> 11) + 0.5) / Double(1 << 53)
        }
        for y in 0 ..< tileHeight {
            let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0 ..< tileWidth {
                let grey = UInt32(max(0, min(255, 128 + 90 * (-2 * log(next())).squareRoot() * cos(2 * .pi * next()))))
                row[x] = 0xFF00_0000 | grey << 16 | grey << 8 | grey
            }
        }
        cairo_surface_mark_dirty(tile)
        cairo_save(cr)
        cairo_set_source_surface(cr, tile, Double(seed % 200), Double(seed / 200 % 200))
        cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_REPEAT)
        cairo_paint_with_alpha(cr, min(0.5, sigma / 90))
        cairo_restore(cr)
    }
}
