import CPangoCairo
import Parallel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Typesets a ``ReportDocument`` as an A4 PDF with pango and cairo, in process.
///
/// With `MapScene+Cairo.swift`, the only file that touches pango's and cairo's C API: the `cairo_surface_t`, `cairo_t`,
/// `PangoContext`, `PangoLayout`, font descriptions and attribute lists are created and freed
/// inside one call of ``render(_:)``, each paired with a `defer`; a cairo status other than
/// success becomes a ``RenderingError``. Text goes to pango as plain text with attribute
/// lists (bold runs), never as markup, so no value can inject markup. The fonts are
/// ``RingDiagram/fontName``: DejaVu Sans for Latin text, Noto Sans CJK SC for Chinese.
///
/// The bytes are reproducible: the PDF's creation and modification dates are fixed to the
/// Unix epoch, and everything else cairo writes depends only on the document.
public enum PDFDocumentWriter {
    public static let fontName = RingDiagram.fontName
    /// A4 in PostScript points.
    static let pageWidth = 595.276, pageHeight = 841.89
    static let margin = 56.0

    /// Processes and threads the limit must leave room for before any drawing starts.
    static let minimumHeadroom = 16

    /// Initialises fontconfig through pango now, in this thread, and waits until it is done.
    ///
    /// Pango starts fontconfig's initialisation on a thread of its own ("[pango] FcInit") the
    /// first time a font map is made, and GLib aborts the program (SIGTRAP) if that thread
    /// cannot be created: under a tight process limit (`ulimit -u`), with layout servers and
    /// worker threads already running, the first referral PDF killed `analyze`. Called at the
    /// start of a command, before anything else starts a thread or a process, that thread is
    /// made while it still can be, and finished before any fork; if no thread can be started
    /// at all (tried for 2 s), this throws a ``RenderingError`` saying so instead of letting
    /// GLib abort. Safe to call more than once.
    public static func prepareFonts() throws {
        // Pango starts short-lived threads of its own while it matches fonts ("[pango]
        // FcFontSetSort"), and GLib aborts the program when one cannot start: with too little
        // room under the process limit, a clear error now rather than a crash in the middle.
        if let room = ThreadLimit.headroom, room.left < minimumHeadroom {
            throw RenderingError(.system, "the limit on processes and threads of this user (ulimit -u \(room.limit)) leaves room for \(max(0, room.left)) more; drawing diagrams and PDFs needs at least \(minimumHeadroom) (a layout process, pango's font threads): raise the limit")
        }
        for attempt in 1 ... 20 {
            var thread = pthread_t()
            let code = pthread_create(&thread, nil, { _ in nil }, nil)
            if code == 0 {
                pthread_join(thread, nil)
                break
            }
            if attempt == 20 {
                throw RenderingError(.system, "cannot start a thread: \(String(cString: strerror(code)))"
                    + (code == EAGAIN ? " (the limit on processes, ulimit -u, is reached: lower --threads or raise the limit)" : ""))
            }
            usleep(100_000)
        }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1) else { return }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { return }
        defer { cairo_destroy(cr) }
        guard let layout = pango_cairo_create_layout(cr) else { return }
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        guard let font = pango_font_description_from_string(fontName) else { return }
        defer { pango_font_description_free(font) }
        pango_layout_set_font_description(layout, font)
        pango_layout_set_text(layout, "RingScope 字", -1)
        var width: Int32 = 0, height: Int32 = 0
        pango_layout_get_size(layout, &width, &height)  // waits for fontconfig to be ready
    }

    /// The PDF of `document`.
    ///
    /// Pages are laid out twice: once to count them (for "page N of M"), once to write them.
    /// Safe to call from several threads at once, but one document is typeset at a time, and
    /// no other text is measured meanwhile (``Typesetting``): typeset beside other text, two
    /// documents came out with line breaks in their table cells moved, so referral.pdf
    /// differed between identical runs at `--threads 2`. Graphviz's own text in a PDF
    /// (``Graphviz/draw(_:on:)``) is drawn inside the hold. Runs inside ``Graphviz/gate`` as one of its
    /// shared holders: Graphviz forks layout children, and a child forked while this thread
    /// held a fontconfig, pango or cairo lock would hang on it (measured, before the gate: the
    /// child was killed after its 20 s budget and the diagram fell back to another layout).
    public static func render(_ document: ReportDocument) throws -> [UInt8] {
        try Graphviz.gate.shared {
            try Typesetting.withLock {
                let counted = try Typesetter.typeset(document, pageCount: nil)
                return try Typesetter.typeset(document, pageCount: counted.pages).bytes
            }
        }
    }
}

/// Receives cairo's output.
private final class ByteSink {
    var bytes: [UInt8] = []
}

private func check(_ status: cairo_status_t, _ what: String) throws {
    guard status == CAIRO_STATUS_SUCCESS else {
        throw RenderingError(.renderFailed, "pdf: \(what): cairo: \(String(cString: cairo_status_to_string(status)))")
    }
}

/// Text that pango can show: control characters (NUL, escape, C1…) become U+FFFD so that
/// they are visible and cannot cut a C string short; line breaks are kept only if `keepsLines`.
private func printable(_ text: String, keepsLines: Bool) -> String {
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x0A where keepsLines: result.append(scalar)
        case 0x09, 0x0A, 0x0D: result.append(" ")
        case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029: result.append("\u{FFFD}")
        default: result.append(scalar)
        }
    }
    return String(result)
}

/// One pass over a document: owns the cairo and pango objects of that pass.
private final class Typesetter {
    struct Style {
        var size: Double
        var bold = false
        var grey = 0.0
    }

    static let body = Style(size: 10)
    static let small = Style(size: 8.5, grey: 0.35)
    static let cell = Style(size: 8)
    static let heading = Style(size: 14, bold: true)
    static let titleStyle = Style(size: 20, bold: true)

    let sink = ByteSink()
    let surface: OpaquePointer
    let cr: OpaquePointer
    let context: OpaquePointer
    let pageCount: Int?
    let footer: String
    var page = 1
    var width = PDFDocumentWriter.pageWidth
    var height = PDFDocumentWriter.pageHeight
    var y = PDFDocumentWriter.margin
    var pageHasContent = false
    /// A picture filled the page: what follows starts a new portrait page.
    var pictureEndsPage = false

    var left: Double { PDFDocumentWriter.margin }
    var textWidth: Double { width - 2 * PDFDocumentWriter.margin }
    var bottom: Double { height - PDFDocumentWriter.margin - 10 }

    static func typeset(_ document: ReportDocument, pageCount: Int?) throws -> (bytes: [UInt8], pages: Int) {
        let typesetter = try Typesetter(document, pageCount: pageCount)
        try typesetter.draw(document)
        return (typesetter.sink.bytes, typesetter.page)
    }

    private init(_ document: ReportDocument, pageCount: Int?) throws {
        self.pageCount = pageCount
        self.footer = printable(document.footer, keepsLines: false)
        guard let surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque(), PDFDocumentWriter.pageWidth, PDFDocumentWriter.pageHeight) else {
            throw RenderingError(.renderFailed, "pdf: cairo_pdf_surface_create_for_stream failed")
        }
        self.surface = surface
        // From here on deinit frees what exists; the surface always does.
        guard let cr = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw RenderingError(.renderFailed, "pdf: cairo_create failed")
        }
        self.cr = cr
        guard let context = pango_cairo_create_context(cr) else {
            cairo_destroy(cr)
            cairo_surface_destroy(surface)
            throw RenderingError(.renderFailed, "pdf: pango_cairo_create_context failed")
        }
        self.context = context
        // One pango unit of size is one point: sizes below are in points, as on the page.
        configureForPrint(context)
        setReproducibleMetadata(surface, title: printable(document.title, keepsLines: false))
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(context))
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    // MARK: Document

    func draw(_ document: ReportDocument) throws {
        try withExtendedLifetime(sink) {
            try drawText(printable(document.title, keepsLines: false), style: Self.titleStyle, x: left, width: textWidth)
            if !document.subtitle.isEmpty {
                y += 4
                try drawText(printable(document.subtitle, keepsLines: true), style: Self.small, x: left, width: textWidth)
            }
            y += 10
            rule(at: y, grey: 0.6, lineWidth: 0.8)
            y += 8
            for block in document.blocks {
                try draw(block)
                try check(cairo_status(cr), "drawing")
            }
            finishPage()
            cairo_surface_finish(surface)
            try check(cairo_surface_status(surface), "writing")
        }
    }

    private func draw(_ block: ReportDocument.Block) throws {
        if pictureEndsPage {
            pictureEndsPage = false
            newPage(width: PDFDocumentWriter.pageWidth, height: PDFDocumentWriter.pageHeight, force: true)
        }
        switch block {
        case .heading(let text):
            let layout = try makeLayout([ReportDocument.Run(printable(text, keepsLines: false))], style: Self.heading, width: textWidth)
            defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
            // A heading stays with at least a few lines of what follows.
            y += pageHasContent ? 12 : 0
            if y + height(of: layout) + 60 > bottom { newPage() }
            show(layout, x: left, style: Self.heading)
            y += height(of: layout) + 5
        case .paragraph(let runs):
            try drawRuns(runs.map { ReportDocument.Run(printable($0.text, keepsLines: true), bold: $0.isBold) }, style: Self.body, x: left, width: textWidth)
            y += 6
        case .note(let text):
            try drawText(printable(text, keepsLines: true), style: Self.small, x: left, width: textWidth)
            y += 6
        case .bullets(let items):
            for item in items {
                let runs = item.map { ReportDocument.Run(printable($0.text, keepsLines: false), bold: $0.isBold) }
                let layout = try makeLayout(runs, style: Self.body, width: textWidth - 14)
                defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
                try placeSplitting(layout, x: left + 14, style: Self.body) { top in
                    let bullet = try self.makeLayout(["•"], style: Self.body, width: 14)
                    defer { g_object_unref(UnsafeMutableRawPointer(bullet)) }
                    self.show(bullet, x: self.left + 2, at: top, style: Self.body)
                }
                y += 3
            }
            y += 4
        case .table(let columns, let rows):
            try drawTable(columns, rows)
            y += 8
        case .diagram(let layout, let caption):
            try drawDiagram(layout, caption: printable(caption, keepsLines: false))
        case .picture(let picture, let caption):
            try drawPicture(picture, caption: printable(caption, keepsLines: true))
        case .map(let scene, let caption):
            try drawMap(scene, caption: printable(caption, keepsLines: false))
        }
    }

    // MARK: Text

    private func makeLayout(_ runs: [ReportDocument.Run], style: Style, width: Double, maxLines: Int? = nil, alignsRight: Bool = false) throws -> OpaquePointer {
        guard let layout = pango_layout_new(context) else {
            throw RenderingError(.renderFailed, "pdf: pango_layout_new failed")
        }
        guard let font = pango_font_description_new() else {
            g_object_unref(UnsafeMutableRawPointer(layout))
            throw RenderingError(.renderFailed, "pdf: pango_font_description_new failed")
        }
        defer { pango_font_description_free(font) }
        pango_font_description_set_family(font, PDFDocumentWriter.fontName)
        pango_font_description_set_size(font, Int32((style.size * Double(rs_pango_scale())).rounded()))
        pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_layout_set_font_description(layout, font)
        pango_layout_set_width(layout, Int32(width * Double(rs_pango_scale())))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        if alignsRight { pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT) }
        if let maxLines {
            pango_layout_set_height(layout, -Int32(maxLines))
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
        }
        let text = runs.map(\.text).joined()
        text.withCString { pango_layout_set_text(layout, $0, Int32(text.utf8.count)) }
        if runs.contains(where: \.isBold), let attributes = pango_attr_list_new() {
            defer { pango_attr_list_unref(attributes) }
            var start = 0
            for run in runs {
                let end = start + run.text.utf8.count
                if run.isBold, let weight = pango_attr_weight_new(PANGO_WEIGHT_BOLD) {
                    weight.pointee.start_index = UInt32(start)
                    weight.pointee.end_index = UInt32(end)
                    pango_attr_list_insert(attributes, weight) // the list owns it now
                }
                start = end
            }
            pango_layout_set_attributes(layout, attributes)
        }
        return layout
    }

    private func height(of layout: OpaquePointer) -> Double {
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        return Double(logical.height) / Double(rs_pango_scale())
    }

    private func show(_ layout: OpaquePointer, x: Double, at top: Double? = nil, style: Style) {
        cairo_set_source_rgb(cr, style.grey, style.grey, style.grey)
        cairo_move_to(cr, x, top ?? y)
        pango_cairo_show_layout(cr, layout)
    }

    private func drawText(_ text: String, style: Style, x: Double, width: Double) throws {
        try drawRuns([ReportDocument.Run(text)], style: style, x: x, width: width)
    }

    private func drawRuns(_ runs: [ReportDocument.Run], style: Style, x: Double, width: Double) throws {
        let layout = try makeLayout(runs, style: style, width: width)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        try placeSplitting(layout, x: x, style: style) { _ in }
    }

    /// Shows `layout` at the current position; if it runs past the foot of the page, shows it
    /// line by line, continuing on the next page. `decorate` draws beside its first line.
    private func placeSplitting(_ layout: OpaquePointer, x: Double, style: Style, decorate: (Double) throws -> Void) throws {
        let total = height(of: layout)
        if y + total <= bottom {
            try decorate(y)
            show(layout, x: x, style: style)
            y += total
            pageHasContent = true
            return
        }
        guard let iterator = pango_layout_get_iter(layout) else { return }
        defer { pango_layout_iter_free(iterator) }
        var first = true
        repeat {
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iterator, nil, &logical)
            let lineHeight = Double(logical.height) / Double(rs_pango_scale())
            if y + lineHeight > bottom { newPage() }
            let baseline = Double(pango_layout_iter_get_baseline(iterator) - logical.y) / Double(rs_pango_scale())
            if first { try decorate(y); first = false }
            if let line = pango_layout_iter_get_line_readonly(iterator) {
                cairo_set_source_rgb(cr, style.grey, style.grey, style.grey)
                cairo_move_to(cr, x + Double(logical.x) / Double(rs_pango_scale()), y + baseline)
                pango_cairo_show_layout_line(cr, line)
            }
            y += lineHeight
            pageHasContent = true
        } while pango_layout_iter_next_line(iterator) != 0
    }

    // MARK: Tables

    private func drawTable(_ columns: [ReportDocument.Column], _ rows: [[String]]) throws {
        guard !columns.isEmpty else { return }
        let padding = 3.0
        let totalWeight = columns.map(\.width).reduce(0, +)
        let widths = columns.map { textWidth * $0.width / totalWeight }
        var offsets: [Double] = []
        var position = left
        for width in widths { offsets.append(position); position += width }

        func layouts(_ cells: [String], header: Bool) throws -> [OpaquePointer] {
            var made: [OpaquePointer] = []
            do {
                for (index, column) in columns.enumerated() {
                    let text = printable(index < cells.count ? cells[index] : "", keepsLines: false)
                    var style = Self.cell
                    style.bold = header
                    made.append(try makeLayout([ReportDocument.Run(text)], style: style, width: widths[index] - 2 * padding,
                                               maxLines: header ? nil : column.maxLines, alignsRight: column.alignsRight))
                }
            } catch {
                made.forEach { g_object_unref(UnsafeMutableRawPointer($0)) }
                throw error
            }
            return made
        }
        func drawRow(_ cells: [OpaquePointer], header: Bool, shaded: Bool) {
            let rowHeight = cells.map { height(of: $0) }.max()! + 2 * padding
            if header || shaded {
                let grey = header ? 0.86 : 0.96
                cairo_set_source_rgb(cr, grey, grey, grey)
                cairo_rectangle(cr, left, y, textWidth, rowHeight)
                cairo_fill(cr)
            }
            for (index, cell) in cells.enumerated() {
                show(cell, x: offsets[index] + padding, at: y + padding, style: Self.cell)
            }
            y += rowHeight
            rule(at: y, grey: header ? 0.4 : 0.8, lineWidth: header ? 0.7 : 0.4)
            pageHasContent = true
        }

        let header = try layouts(columns.map(\.title), header: true)
        defer { header.forEach { g_object_unref(UnsafeMutableRawPointer($0)) } }
        let headerHeight = header.map { height(of: $0) }.max()! + 2 * padding
        if y + headerHeight * 3 > bottom { newPage() }
        drawRow(header, header: true, shaded: false)
        for (number, row) in rows.enumerated() {
            let cells = try layouts(row, header: false)
            defer { cells.forEach { g_object_unref(UnsafeMutableRawPointer($0)) } }
            let rowHeight = cells.map { height(of: $0) }.max()! + 2 * padding
            if y + rowHeight > bottom {
                newPage()
                drawRow(header, header: true, shaded: false)
            }
            drawRow(cells, header: false, shaded: number % 2 == 1)
        }
    }

    private func rule(at lineY: Double, grey: Double, lineWidth: Double) {
        cairo_set_source_rgb(cr, grey, grey, grey)
        cairo_set_line_width(cr, lineWidth)
        cairo_move_to(cr, left, lineY)
        cairo_line_to(cr, left + textWidth, lineY)
        cairo_stroke(cr)
    }

    // MARK: Diagrams

    /// A diagram on a page of its own, landscape when it is wider than tall, as vectors:
    /// Graphviz draws the laid-out graph straight onto the page, scaled to fit. The counting
    /// pass (``typeset(_:pageCount:)`` with no page count) only needs the geometry and draws
    /// nothing.
    ///
    /// A wide diagram is shrunk until its labels are small; being vectors, they stay sharp
    /// when zoomed, and a note under the drawing says so. (Earlier versions repeated the
    /// drawing in readable strips on further pages; measured, each strip made cairo replay
    /// the whole drawing, 0.09 s of CPU per referral, a third of writing it.)
    private func drawDiagram(_ layout: DiagramLayout, caption: String) throws {
        let landscape = layout.width > layout.height
        let pageSize = landscape ? (PDFDocumentWriter.pageHeight, PDFDocumentWriter.pageWidth) : (PDFDocumentWriter.pageWidth, PDFDocumentWriter.pageHeight)
        newPage(width: pageSize.0, height: pageSize.1, force: pageHasContent)
        try drawText(caption, style: Self.heading, x: left, width: textWidth)
        y += 8
        let small = min(textWidth / layout.width, 1.5) < Self.readableScale
        // Never enlarge past 1.5×: a small ring does not need a poster.
        let scale = min(textWidth / layout.width, (bottom - y - (small ? 20 : 0)) / layout.height, 1.5)
        let x = left + (textWidth - layout.width * scale) / 2
        if pageCount != nil {
            cairo_save(cr)
            cairo_rectangle(cr, x, y, layout.width * scale, layout.height * scale)
            cairo_clip(cr)
            cairo_translate(cr, x, y)
            cairo_scale(cr, scale, scale)
            try Graphviz.draw(layout, on: UnsafeMutableRawPointer(cr))
            cairo_restore(cr)
            try check(cairo_status(cr), "diagram")
        }
        cairo_set_source_rgb(cr, 0.8, 0.8, 0.8)
        cairo_set_line_width(cr, 0.5)
        cairo_rectangle(cr, x, y, layout.width * scale, layout.height * scale)
        cairo_stroke(cr)
        y += layout.height * scale + 6
        if small {
            try drawText("Labels are small at this size: the drawing is vector graphics, zoom in to read them.", style: Self.small, x: left, width: textWidth)
        }
        pageHasContent = true
        pictureEndsPage = true
    }

    /// A picture in the text flow: as wide as the text at most, as tall as 40 % of the page
    /// at most, never enlarged past 2× (a small crop stays crisp); its highlight outlined in red.
    private func drawPicture(_ picture: ReportPicture, caption: String) throws {
        guard picture.width > 0, picture.height > 0 else { return }
        let scale = min(textWidth / Double(picture.width), (height - 2 * PDFDocumentWriter.margin) * 0.4 / Double(picture.height), 2)
        let drawnHeight = Double(picture.height) * scale
        if y + drawnHeight + 30 > bottom { newPage() }
        if pageCount != nil {
            // cairo owns the pixels (a surface it allocated): the PDF may read them when the page is written.
            guard let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(picture.width), Int32(picture.height)),
                  cairo_surface_status(image) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(image) else {
                throw RenderingError(.renderFailed, "pdf: cairo_image_surface_create failed")
            }
            defer { cairo_surface_destroy(image) }
            let stride = Int(cairo_image_surface_get_stride(image))
            picture.pixels.withUnsafeBufferPointer { source in
                for row in 0 ..< picture.height {
                    let target = UnsafeMutableRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
                    for column in 0 ..< picture.width { target[column] = source[row * picture.width + column] }
                }
            }
            cairo_surface_mark_dirty(image)
            cairo_save(cr)
            cairo_translate(cr, left, y)
            cairo_scale(cr, scale, scale)
            cairo_set_source_surface(cr, image, 0, 0)
            cairo_paint(cr)
            cairo_restore(cr)
            if let box = picture.highlight {
                cairo_set_source_rgb(cr, 0.85, 0.1, 0.1)
                cairo_set_line_width(cr, 1.5)
                cairo_rectangle(cr, left + Double(box.x) * scale, y + Double(box.y) * scale, Double(box.width) * scale, Double(box.height) * scale)
                cairo_stroke(cr)
            }
            try check(cairo_status(cr), "picture")
        }
        y += drawnHeight + 4
        pageHasContent = true
        try drawText(caption, style: Self.small, x: left, width: textWidth)
        y += 8
    }

    /// A map on a landscape page of its own, scaled to fit under its caption, as vectors. The
    /// counting pass draws nothing.
    private func drawMap(_ scene: MapScene, caption: String) throws {
        newPage(width: PDFDocumentWriter.pageHeight, height: PDFDocumentWriter.pageWidth, force: pageHasContent)
        try drawText(caption, style: Self.heading, x: left, width: textWidth)
        y += 6
        let scale = min(textWidth / scene.width, (bottom - y) / scene.height)
        if pageCount != nil {
            cairo_save(cr)
            cairo_translate(cr, left + (textWidth - scene.width * scale) / 2, y)
            cairo_scale(cr, scale, scale)
            try scene.draw(on: UnsafeMutableRawPointer(cr))
            cairo_restore(cr)
            try check(cairo_status(cr), "map")
        }
        y += scene.height * scale
        pageHasContent = true
        pictureEndsPage = true
    }

    /// Scale from which a diagram's labels (11 points in the layout) can be read on paper:
    /// about 6 points.
    static let readableScale = 0.55

    // MARK: Pages

    private func newPage() {
        newPage(width: width, height: height, force: true)
    }

    /// Ends the current page (if `force` or it has content) and starts one of the given size.
    private func newPage(width newWidth: Double, height newHeight: Double, force: Bool) {
        if force || pageHasContent {
            finishPage()
            cairo_show_page(cr)
            page += 1
        }
        if newWidth != width || newHeight != height {
            width = newWidth
            height = newHeight
            cairo_pdf_surface_set_size(surface, width, height)
        }
        y = PDFDocumentWriter.margin
        pageHasContent = false
    }

    /// The footer of the current page.
    private func finishPage() {
        var text = footer.isEmpty ? "" : footer + " · "
        text += pageCount.map { "page \(page) of \($0)" } ?? "page \(page)"
        guard let layout = try? makeLayout([ReportDocument.Run(text)], style: Self.small, width: textWidth) else { return }
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        show(layout, x: left, at: height - PDFDocumentWriter.margin + 8, style: Self.small)
    }
}

