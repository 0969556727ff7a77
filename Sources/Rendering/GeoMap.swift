#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A place on the map: a factory or an address with coordinates.
public struct GeoPoint: Sendable, Equatable {
    public var id: String
    /// Short name; shown under the city.
    public var label: String
    public var city: String
    /// WGS84 decimal degrees.
    public var latitude: Double
    public var longitude: Double
    public var kind: DiagramEntityKind
    public init(id: String, label: String, city: String, latitude: Double, longitude: Double, kind: DiagramEntityKind) {
        self.id = id
        self.label = label
        self.city = city
        self.latitude = latitude
        self.longitude = longitude
        self.kind = kind
    }
}

/// Factories and ring addresses placed by latitude and longitude (`map.svg`).
///
/// neato with every node pinned (`pos="x,y!"`): an equirectangular projection, longitude
/// scaled by the cosine of the mean latitude, fitted to `mapInches`. Each place is a small
/// marker (red square: factory, purple circle: address) with its city, id and name beside
/// it. Points closer than
/// `mergeInches` on the page share one node ("Guangzhou · 3 sites"), so that labels do not
/// pile up; points without valid coordinates are left out and counted in the title.
public enum GeoMap {
    /// The longer side of the drawing, in inches.
    public static let mapInches = 14.0
    /// Points closer than this on the page are drawn as one node.
    public static let mergeInches = 0.35
    /// At most this many points are placed.
    public static let pointLimit = 300

    public static func render(title: String, points: [GeoPoint], formats: Set<DiagramFormat>, budget: LayoutBudget = .default) throws -> [DiagramFormat: [UInt8]] {
        try DiagramRenderer.render(graph(title: title, points: points), engine: .neato, formats: formats, budget: budget).documents
    }

    /// The Graphviz graph of the map.
    public static func graph(title: String, points: [GeoPoint]) -> DiagramGraph {
        let valid = points.filter {
            $0.latitude.isFinite && $0.longitude.isFinite && (-90...90).contains($0.latitude) && (-180...180).contains($0.longitude)
        }
        let placed = Array(valid.prefix(pointLimit))
        let font = RingDiagram.fontName
        var heading = [GraphvizText.truncated(title, to: 100)]
        var graph = DiagramGraph(
            name: "map", isDirected: false,
            attributes: ["fontname": font, "labelloc": "t", "fontsize": "18", "notranslate": "true", "forcelabels": "true",
                         "overlap": "true", "splines": "false", "pad": "0.4", "start": "7", "maxiter": "1"],
            nodeDefaults: ["fontname": font, "fontsize": "10", "style": "filled"]
        )
        if !placed.isEmpty {
            let minLatitude = placed.map(\.latitude).min()!, maxLatitude = placed.map(\.latitude).max()!
            let minLongitude = placed.map(\.longitude).min()!, maxLongitude = placed.map(\.longitude).max()!
            let meanLatitude = (minLatitude + maxLatitude) / 2
            let xScale = cos(meanLatitude * .pi / 180)
            let span = max((maxLongitude - minLongitude) * xScale, maxLatitude - minLatitude, 1e-6)
            let inchesPerDegree = mapInches / span
            // One node per cell of mergeInches: ordering by input keeps output stable.
            var cells: [String: [GeoPoint]] = [:]
            var cellOrder: [String] = []
            var cellPosition: [String: (Double, Double)] = [:]
            for point in placed {
                let x = (point.longitude - minLongitude) * xScale * inchesPerDegree
                let y = (point.latitude - minLatitude) * inchesPerDegree
                let key = "\(Int((x / mergeInches).rounded())),\(Int((y / mergeInches).rounded()))"
                if cells[key] == nil {
                    cellOrder.append(key)
                    cellPosition[key] = (x, y)
                }
                cells[key, default: []].append(point)
            }
            for key in cellOrder {
                let members = cells[key]!
                let (x, y) = cellPosition[key]!
                let first = members[0]
                let hasFactory = members.contains { $0.kind == .factory }
                let style = RingDiagram.style(of: hasFactory ? .factory : .address)
                var lines = [GraphvizText.truncated(first.city.isEmpty ? "unknown city" : first.city, to: 28)]
                if members.count == 1 {
                    lines.append(GraphvizText.truncated(first.id, to: 24))
                    if !first.label.isEmpty { lines.append(GraphvizText.truncated(first.label, to: 28)) }
                } else {
                    lines.append("\(members.count) sites: " + GraphvizText.truncated(members.prefix(4).map(\.id).joined(separator: ", ") + (members.count > 4 ? ", …" : ""), to: 40))
                }
                // A small marker at the exact place, the text beside it as an external
                // label, which Graphviz places where it does not cover other markers.
                graph.nodes.append(.init(id: "site " + key, attributes: [
                    "shape": hasFactory ? "square" : "circle", "fillcolor": style.fill, "style": "filled",
                    "width": "0.16", "height": "0.16", "fixedsize": "true", "penwidth": hasFactory ? "2" : "1",
                    "color": hasFactory ? "#922b21" : "#5b2c6f",
                    "label": "", "xlabel": lines.joined(separator: "\n"),
                    "pos": "\(decimal(x)),\(decimal(y))!",
                ]))
            }
            heading.append("\(RingDiagram.formatted(placed.count)) places · lat \(decimal(minLatitude))…\(decimal(maxLatitude)) · lon \(decimal(minLongitude))…\(decimal(maxLongitude))")
        }
        let left = points.count - placed.count
        if left > 0 { heading.append("(\(RingDiagram.formatted(left)) places without valid coordinates or over \(pointLimit) not drawn)") }
        graph.attributes["label"] = heading.joined(separator: "\n")
        return graph
    }

    /// Four decimals, without the locale.
    static func decimal(_ value: Double) -> String {
        let scaled = Int((value * 10_000).rounded())
        let sign = scaled < 0 ? "-" : ""
        let magnitude = abs(scaled)
        let fraction = String(magnitude % 10_000)
        return "\(sign)\(magnitude / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}
