import CPangoCairo

/// The scene drawn with cairo and pango: onto a caller's cairo context (the referral's map
/// page in ``PDFDocumentWriter``), or as a one-page PDF of its own (`map.pdf`).
///
/// Text goes to pango as plain text, never markup; the fonts are ``RingDiagram/fontName``.
/// As in ``PDFDocumentWriter``, every cairo and pango object made here is freed before return,
/// the PDF's dates are fixed (reproducible bytes), and drawing runs as a shared holder of
/// ``Graphviz/gate`` (a layout child forked while this thread held a fontconfig lock would hang).
extension MapScene {
    /// The scene as a one-page PDF of its own size.
    public func pdf() throws -> [UInt8] {
        try Graphviz.gate.shared {
            let sink = MapPDFSink()
            guard let surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<MapPDFSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque(), width, height) else {
                throw RenderingError(.renderFailed, "map pdf: cairo_pdf_surface_create_for_stream failed")
            }
            defer { cairo_surface_destroy(surface) }
            setReproducibleMetadata(surface, title: MapScene.printable(title))
            guard let cr = cairo_create(surface) else { throw RenderingError(.renderFailed, "map pdf: cairo_create failed") }
            defer { cairo_destroy(cr) }
            try withExtendedLifetime(sink) {
                try Typesetting.withLock { try drawHoldingGate(on: cr) }
                cairo_show_page(cr)
                cairo_surface_finish(surface)
                let status = cairo_surface_status(surface)
                guard status == CAIRO_STATUS_SUCCESS else {
                    throw RenderingError(.renderFailed, "map pdf: cairo: \(String(cString: cairo_status_to_string(status)))")
                }
            }
            return sink.bytes
        }
    }

    /// Draws the scene onto `cairo` (a `cairo_t *`) at its current transformation, one unit per
    /// point. The caller holds ``Graphviz/gate`` (``PDFDocumentWriter`` does).
    func draw(on cairo: UnsafeMutableRawPointer) throws {
        try drawHoldingGate(on: OpaquePointer(cairo))
    }

    private func drawHoldingGate(on cr: OpaquePointer) throws {
        guard let context = pango_cairo_create_context(cr) else { throw RenderingError(.renderFailed, "map: pango_cairo_create_context failed") }
        defer { g_object_unref(UnsafeMutableRawPointer(context)) }
        configureForPrint(context)
        cairo_save(cr)
        defer { cairo_restore(cr) }
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        var clips = 0
        for item in items {
            switch item {
            case .polygon(let rings, let paint):
                cairo_new_path(cr)
                for ring in rings where ring.count >= 3 {
                    cairo_move_to(cr, ring[0].x, ring[0].y)
                    for point in ring.dropFirst() { cairo_line_to(cr, point.x, point.y) }
                    cairo_close_path(cr)
                }
                cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD)
                paintPath(cr, paint)
            case .polyline(let points, let paint):
                guard let first = points.first else { continue }
                cairo_new_path(cr)
                cairo_move_to(cr, first.x, first.y)
                for point in points.dropFirst() { cairo_line_to(cr, point.x, point.y) }
                paintPath(cr, Paint(stroke: paint.stroke, lineWidth: paint.lineWidth, opacity: paint.opacity, dash: paint.dash))
            case .circle(let center, let radius, let paint):
                cairo_new_path(cr)
                cairo_arc(cr, center.x, center.y, radius, 0, 2 * Double.pi)
                paintPath(cr, paint)
            case .square(let center, let side, let paint):
                cairo_new_path(cr)
                cairo_rectangle(cr, center.x - side / 2, center.y - side / 2, side, side)
                paintPath(cr, paint)
            case .triangle(let center, let size, let paint):
                let points = MapScene.trianglePoints(center: center, size: size)
                cairo_new_path(cr)
                cairo_move_to(cr, points[0].x, points[0].y)
                for point in points.dropFirst() { cairo_line_to(cr, point.x, point.y) }
                cairo_close_path(cr)
                paintPath(cr, paint)
            case .text(let text, let at, let size, let anchor, let bold, let colour, let halo):
                try drawText(cr, context, MapScene.printable(text), at: at, size: size, anchor: anchor, bold: bold, colour: colour, halo: halo)
            case .clip(let x, let y, let width, let height):
                cairo_save(cr)
                clips += 1
                cairo_new_path(cr)
                cairo_rectangle(cr, x, y, width, height)
                cairo_clip(cr)
            case .unclip:
                if clips > 0 {
                    clips -= 1
                    cairo_restore(cr)
                }
            }
        }
        while clips > 0 {
            clips -= 1
            cairo_restore(cr)
        }
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderingError(.renderFailed, "map: cairo: \(String(cString: cairo_status_to_string(status)))")
        }
    }

    private func paintPath(_ cr: OpaquePointer, _ paint: Paint) {
        if let fill = paint.fill {
            let (red, green, blue) = fill.components
            cairo_set_source_rgba(cr, red, green, blue, paint.opacity)
            if paint.stroke != nil { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
        }
        if let stroke = paint.stroke {
            let (red, green, blue) = stroke.components
            cairo_set_source_rgba(cr, red, green, blue, paint.opacity)
            cairo_set_line_width(cr, paint.lineWidth)
            paint.dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
            cairo_stroke(cr)
            cairo_set_dash(cr, nil, 0, 0)
        }
        cairo_new_path(cr)
    }

    private func drawText(_ cr: OpaquePointer, _ context: OpaquePointer, _ text: String, at: Point, size: Double, anchor: Anchor,
                          bold: Bool, colour: Colour, halo: Bool) throws {
        guard let layout = pango_layout_new(context) else { throw RenderingError(.renderFailed, "map: pango_layout_new failed") }
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        guard let font = pango_font_description_new() else { throw RenderingError(.renderFailed, "map: pango_font_description_new failed") }
        defer { pango_font_description_free(font) }
        pango_font_description_set_family(font, RingDiagram.fontName)
        pango_font_description_set_size(font, Int32((size * Double(rs_pango_scale())).rounded()))
        pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_layout_set_font_description(layout, font)
        text.withCString { pango_layout_set_text(layout, $0, Int32(text.utf8.count)) }
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        let width = Double(logical.width) / Double(rs_pango_scale())
        let baseline = Double(pango_layout_get_baseline(layout)) / Double(rs_pango_scale())
        let x = anchor == .start ? at.x : anchor == .middle ? at.x - width / 2 : at.x - width
        cairo_move_to(cr, x, at.y - baseline)
        if halo {
            cairo_save(cr)
            pango_cairo_layout_path(cr, layout)
            cairo_set_source_rgb(cr, 1, 1, 1)
            cairo_set_line_width(cr, size / 4)
            cairo_stroke(cr)
            cairo_restore(cr)
            cairo_move_to(cr, x, at.y - baseline)
        }
        let (red, green, blue) = colour.components
        cairo_set_source_rgb(cr, red, green, blue)
        pango_cairo_show_layout(cr, layout)
        cairo_new_path(cr)
    }

    /// Text pango can show: control characters as U+FFFD, so none can cut a C string short.
    static func printable(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(scalar.value < 0x20 || (0x7F ..< 0xA0).contains(scalar.value) ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }
}

/// Sizes in points (one pango unit of size is one point) and no hinting, so that text measures
/// and draws the same on every machine. Shared by ``PDFDocumentWriter`` and the map.
func configureForPrint(_ context: OpaquePointer) {
    pango_cairo_context_set_resolution(context, 72)
    if let options = cairo_font_options_create() {
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
    }
}

/// The PDF's title and creator, and fixed dates: cairo would write the wall-clock time, and the
/// same input must give the same bytes.
func setReproducibleMetadata(_ surface: OpaquePointer, title: String) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "RingScope")
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "1970-01-01T00:00:00Z")
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, "1970-01-01T00:00:00Z")
}

/// Receives cairo's PDF output.
private final class MapPDFSink {
    var bytes: [UInt8] = []
}
