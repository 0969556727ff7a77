import Foundation

/// Reads a TopoJSON topology (the format of the basemap files, as `topojson` and mapshaper
/// write it) into regions.
///
/// A topology stores each border once, as an *arc* of quantized, delta-encoded points; a
/// polygon names its rings' arcs by index (a negative index `~i` runs arc `i` backwards). Two
/// neighbours therefore share their border exactly: no gap or overlap between provinces.
/// Specification: https://github.com/topojson/topojson-specification.
enum TopoJSON {
    private struct Topology: Decodable {
        struct Transform: Decodable {
            var scale: [Double]
            var translate: [Double]
        }
        struct Collection: Decodable {
            var geometries: [Geometry]
        }
        struct Geometry: Decodable {
            var type: String
            var arcs: ArcReferences?
            var properties: [String: Property]?
        }
        var arcs: [[[Int]]]
        var transform: Transform?
        var objects: [String: Collection]
    }

    /// A polygon's rings or a multipolygon's polygons of rings, as arc indices.
    private enum ArcReferences: Decodable {
        case polygon([[Int]])
        case multiPolygon([[[Int]]])
        case other

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let polygon = try? container.decode([[Int]].self) {
                self = .polygon(polygon)
            } else if let multi = try? container.decode([[[Int]]].self) {
                self = .multiPolygon(multi)
            } else {
                self = .other
            }
        }
    }

    /// A property value: a string, a number or a list of numbers (the label point).
    private enum Property: Decodable {
        case text(String)
        case numbers([Double])
        case number(Double)
        case none

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) { self = .text(text) }
            else if let number = try? container.decode(Double.self) { self = .number(number) }
            else if let numbers = try? container.decode([Double].self) { self = .numbers(numbers) }
            else { self = .none }
        }

        var text: String? {
            if case .text(let text) = self { return text }
            return nil
        }
    }

    /// The regions of each object of the topology in `data`, in file order.
    ///
    /// Properties read: `adcode` or `iso` (the code), `name`, `short`, `english` (or `name` for
    /// countries), `province` (a city's province), `label` (`[lon, lat]`).
    static func regions(from data: Data, levels: [String: Region.Level]) throws -> [String: [Region]] {
        let topology: Topology
        do {
            topology = try JSONDecoder().decode(Topology.self, from: data)
        } catch {
            throw GeographyError("the basemap is not a readable TopoJSON topology: \(error)")
        }
        let scale = topology.transform?.scale ?? [1, 1], translate = topology.transform?.translate ?? [0, 0]
        guard scale.count == 2, translate.count == 2 else { throw GeographyError("the basemap's transform needs two scales and two offsets") }
        // Arcs are delta-encoded when quantized: each point is the sum of the ones before.
        let arcs: [[GeoCoordinate]] = topology.arcs.map { arc in
            var x = 0, y = 0
            return arc.compactMap { point in
                guard point.count >= 2 else { return nil }
                if topology.transform != nil { x += point[0]; y += point[1] } else { x = point[0]; y = point[1] }
                return GeoCoordinate(latitude: Double(y) * scale[1] + translate[1], longitude: Double(x) * scale[0] + translate[0])
            }
        }
        func ring(_ references: [Int]) throws -> [GeoCoordinate] {
            var points: [GeoCoordinate] = []
            for reference in references {
                let index = reference >= 0 ? reference : ~reference
                guard arcs.indices.contains(index) else { throw GeographyError("the basemap names arc \(index) of \(arcs.count)") }
                let arc = reference >= 0 ? arcs[index] : arcs[index].reversed()
                points.append(contentsOf: points.isEmpty ? arc[...] : arc.dropFirst())
            }
            return points
        }
        var result: [String: [Region]] = [:]
        for (name, level) in levels {
            guard let collection = topology.objects[name] else { throw GeographyError("the basemap has no object \"\(name)\"") }
            result[name] = try collection.geometries.map { geometry in
                var rings: [[GeoCoordinate]] = []
                switch geometry.arcs {
                case .polygon(let polygon): rings = try polygon.map(ring)
                case .multiPolygon(let polygons): rings = try polygons.flatMap { try $0.map(ring) }
                case .other, nil: break
                }
                let properties = geometry.properties ?? [:]
                var label: GeoCoordinate?
                if case .numbers(let pair) = properties["label"], pair.count == 2 { label = GeoCoordinate(latitude: pair[1], longitude: pair[0]) }
                let code = properties["adcode"]?.text ?? properties["iso"]?.text ?? ""
                let fullName = properties["name"]?.text ?? code
                return Region(level: level, code: code, name: fullName, shortName: properties["short"]?.text ?? fullName,
                              englishName: properties["english"]?.text ?? fullName, parentCode: properties["province"]?.text,
                              labelPoint: label, rings: rings)
            }
        }
        return result
    }
}
