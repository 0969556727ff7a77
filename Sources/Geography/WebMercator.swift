#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Web Mercator projection (EPSG:3857), the one web maps and Leaflet use, so that the
/// printed map and the interactive one look alike.
///
/// Conformal: shapes and angles are true locally, north is up everywhere (the north arrow
/// points straight up), and the scale at latitude φ is the equator's divided by cos φ — a scale
/// bar is right at the latitude it is drawn for (the map states which), within 5 % over ±3.5°
/// of latitude around 25°N. Latitudes are clamped to ±85.05°, where the projection is square.
public enum WebMercator {
    public static let maxLatitude = 85.051_128_78

    /// `point` in projected units: x from -π to π west to east, y from -π to π south to north.
    public static func project(_ point: GeoCoordinate) -> (x: Double, y: Double) {
        let latitude = max(-maxLatitude, min(maxLatitude, point.latitude)) * .pi / 180
        return (point.longitude * .pi / 180, log(tan(.pi / 4 + latitude / 2)))
    }

    /// The coordinate at projected `(x, y)`.
    public static func coordinate(x: Double, y: Double) -> GeoCoordinate {
        GeoCoordinate(latitude: (2 * atan(exp(y)) - .pi / 2) * 180 / .pi, longitude: x * 180 / .pi)
    }

    /// Kilometres on the ground per projected unit at `latitude`.
    public static func kilometresPerUnit(atLatitude latitude: Double) -> Double {
        GeoCoordinate.earthRadiusKilometres * cos(latitude * .pi / 180)
    }
}
