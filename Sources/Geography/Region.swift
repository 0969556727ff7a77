#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One area of the basemap — a country, a province or a prefecture-level city — with its
/// outline and names.
///
/// The outline is stored contiguously: ring `r` is the points `ringStarts[r] ..< ringStarts[r + 1]`
/// of `longitudes` and `latitudes`, closed (its last point repeats its first). Outer rings and
/// holes of every part are all rings; membership is by the even–odd rule, which is right for
/// parts that do not overlap, as the basemap's topology guarantees.
public struct Region: Sendable {
    public enum Level: String, Sendable, Codable {
        case country, province, city
    }

    public let level: Level
    /// The region's code: the six-digit administrative code for Chinese provinces and cities
    /// (`440000` Guangdong, `440100` Guangzhou), ISO 3166-1 alpha-2 for countries.
    public let code: String
    /// The full name as the source writes it (`广东省`, `广州市`; English for countries).
    public let name: String
    /// The short name in common use (`广东`, `广州`); the name itself for countries.
    public let shortName: String
    /// The English name (`Guangdong`, `Guangzhou`: pinyin of the short name for cities).
    public let englishName: String
    /// The code of the province a city belongs to; `nil` for provinces and countries.
    public let parentCode: String?
    /// Where to write the name: a point well inside the largest part.
    public let labelPoint: GeoCoordinate
    public let bounds: GeoBounds
    public let longitudes: [Double]
    public let latitudes: [Double]
    public let ringStarts: [Int]

    public init(level: Level, code: String, name: String, shortName: String, englishName: String, parentCode: String?,
                labelPoint: GeoCoordinate?, rings: [[GeoCoordinate]]) {
        self.level = level
        self.code = code
        self.name = name
        self.shortName = shortName
        self.englishName = englishName
        self.parentCode = parentCode
        var longitudes: [Double] = [], latitudes: [Double] = [], starts: [Int] = [0]
        for ring in rings where ring.count >= 3 {
            for point in ring {
                longitudes.append(point.longitude)
                latitudes.append(point.latitude)
            }
            if ring.first != ring.last, let first = ring.first {
                longitudes.append(first.longitude)
                latitudes.append(first.latitude)
            }
            starts.append(longitudes.count)
        }
        self.longitudes = longitudes
        self.latitudes = latitudes
        self.ringStarts = starts
        let all = zip(latitudes, longitudes).map { GeoCoordinate(latitude: $0, longitude: $1) }
        self.bounds = GeoBounds(covering: all) ?? GeoBounds(minLongitude: 0, minLatitude: 0, maxLongitude: 0, maxLatitude: 0)
        self.labelPoint = labelPoint ?? bounds.center
    }

    /// The number of rings (outer rings and holes of all parts).
    public var ringCount: Int { ringStarts.count - 1 }

    /// "广东 Guangdong": both names, the way the map and the bundles write a region.
    public var displayName: String {
        if level == .country || shortName == englishName || shortName.isEmpty { return englishName }
        return shortName + " " + englishName
    }

    /// Whether the region holds `point` (even–odd ray casting over every ring).
    ///
    /// - Complexity: O(v) for v vertices, after an O(1) test of the bounding box.
    public func contains(_ point: GeoCoordinate) -> Bool {
        guard bounds.contains(point) else { return false }
        let x = point.longitude, y = point.latitude
        var inside = false
        longitudes.withUnsafeBufferPointer { xs in
            latitudes.withUnsafeBufferPointer { ys in
                for ring in 0 ..< ringCount {
                    var previous = ringStarts[ring]
                    for current in (ringStarts[ring] + 1) ..< ringStarts[ring + 1] {
                        let (xi, yi, xj, yj) = (xs[current], ys[current], xs[previous], ys[previous])
                        if (yi > y) != (yj > y), x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                            inside.toggle()
                        }
                        previous = current
                    }
                }
            }
        }
        return inside
    }

    /// The distance in kilometres from `point` to the region's outline (0 inside).
    ///
    /// Measured in a local equirectangular plane around `point`: exact enough for the few tens
    /// of kilometres it is used for (the tolerance of a point near a coast or a border).
    public func kilometres(to point: GeoCoordinate) -> Double {
        if contains(point) { return 0 }
        let toRadians = Double.pi / 180
        let xScale = cos(point.latitude * toRadians) * GeoCoordinate.earthRadiusKilometres * toRadians
        let yScale = GeoCoordinate.earthRadiusKilometres * toRadians
        var best = Double.infinity
        for ring in 0 ..< ringCount {
            for index in ringStarts[ring] ..< ringStarts[ring + 1] - 1 {
                let ax = (longitudes[index] - point.longitude) * xScale, ay = (latitudes[index] - point.latitude) * yScale
                let bx = (longitudes[index + 1] - point.longitude) * xScale, by = (latitudes[index + 1] - point.latitude) * yScale
                let dx = bx - ax, dy = by - ay
                let length = dx * dx + dy * dy
                let t = length > 0 ? max(0, min(1, -(ax * dx + ay * dy) / length)) : 0
                let px = ax + t * dx, py = ay + t * dy
                best = min(best, (px * px + py * py).squareRoot())
            }
        }
        return best
    }

    /// The points of ring `index`.
    public func ring(_ index: Int) -> [GeoCoordinate] {
        (ringStarts[index] ..< ringStarts[index + 1]).map { GeoCoordinate(latitude: latitudes[$0], longitude: longitudes[$0]) }
    }
}
