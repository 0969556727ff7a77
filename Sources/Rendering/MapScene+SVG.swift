/// The scene as an SVG document: text stays text (searchable, selectable, readable by tests),
/// every value escaped, numbers with one decimal, nothing dated, so the bytes depend only on
/// the scene.
extension MapScene {
    public func svg() -> [UInt8] {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))pt\" height=\"\(Self.number(height))pt\" "
        out += "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" font-family=\"\(Self.fontFamilies)\">\n"
        out += "<title>\(Self.escaped(title))</title>\n"
        var clipCount = 0
        for item in items {
            switch item {
            case .polygon(let rings, let paint):
                var path = ""
                for ring in rings where ring.count >= 3 {
                    path += "M" + ring.map { Self.number($0.x) + " " + Self.number($0.y) }.joined(separator: "L") + "Z"
                }
                if !path.isEmpty { out += "<path d=\"\(path)\" fill-rule=\"evenodd\"\(Self.attributes(paint))/>\n" }
            case .polyline(let points, let paint):
                guard points.count >= 2 else { continue }
                out += "<polyline points=\"" + points.map { Self.number($0.x) + "," + Self.number($0.y) }.joined(separator: " ") + "\""
                out += Self.attributes(Paint(fill: nil, stroke: paint.stroke, lineWidth: paint.lineWidth, opacity: paint.opacity, dash: paint.dash), noFill: true) + "/>\n"
            case .circle(let center, let radius, let paint):
                out += "<circle cx=\"\(Self.number(center.x))\" cy=\"\(Self.number(center.y))\" r=\"\(Self.number(radius))\"\(Self.attributes(paint))/>\n"
            case .square(let center, let side, let paint):
                out += "<rect x=\"\(Self.number(center.x - side / 2))\" y=\"\(Self.number(center.y - side / 2))\" width=\"\(Self.number(side))\" height=\"\(Self.number(side))\"\(Self.attributes(paint))/>\n"
            case .triangle(let center, let size, let paint):
                let points = Self.trianglePoints(center: center, size: size)
                out += "<polygon points=\"" + points.map { Self.number($0.x) + "," + Self.number($0.y) }.joined(separator: " ") + "\"\(Self.attributes(paint))/>\n"
            case .text(let text, let at, let size, let anchor, let bold, let colour, let halo):
                out += "<text x=\"\(Self.number(at.x))\" y=\"\(Self.number(at.y))\" font-size=\"\(Self.number(size))\""
                if anchor != .start { out += " text-anchor=\"\(anchor.rawValue)\"" }
                if bold { out += " font-weight=\"bold\"" }
                out += " fill=\"\(colour.hex)\""
                if halo { out += " stroke=\"#ffffff\" stroke-width=\"\(Self.number(size / 4))\" stroke-linejoin=\"round\" paint-order=\"stroke\"" }
                out += ">\(Self.escaped(text))</text>\n"
            case .clip(let x, let y, let width, let height):
                clipCount += 1
                out += "<clipPath id=\"clip\(clipCount)\"><rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\"/></clipPath>\n"
                out += "<g clip-path=\"url(#clip\(clipCount))\">\n"
            case .unclip:
                out += "</g>\n"
            }
        }
        out += "</svg>\n"
        return Array(out.utf8)
    }

    static let fontFamilies = "DejaVu Sans, Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif"

    static func trianglePoints(center: Point, size: Double) -> [Point] {
        [Point(center.x, center.y - size * 0.6), Point(center.x + size * 0.55, center.y + size * 0.4), Point(center.x - size * 0.55, center.y + size * 0.4)]
    }

    private static func attributes(_ paint: Paint, noFill: Bool = false) -> String {
        var out = " fill=\"\(paint.fill?.hex ?? "none")\""
        if let stroke = paint.stroke {
            out += " stroke=\"\(stroke.hex)\" stroke-width=\"\(number(paint.lineWidth))\" stroke-linejoin=\"round\""
            if !paint.dash.isEmpty { out += " stroke-dasharray=\"\(paint.dash.map(number).joined(separator: " "))\"" }
        }
        if paint.opacity < 1 { out += " opacity=\"\(number(paint.opacity))\"" }
        return out
    }

    /// One decimal, no exponent, no locale, no "-0.0".
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        if tenths == 0 { return "0" }
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// Text for XML: markup characters as entities; control characters (which XML 1.0 forbids)
    /// as U+FFFD, so that no value can break the document.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if scalar.value < 0x20 || (0x7F ..< 0xA0).contains(scalar.value) || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
