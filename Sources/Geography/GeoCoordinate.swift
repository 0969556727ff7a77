#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point on the Earth: WGS84 decimal degrees, as a dataset's `lat` and `lon` columns give it.
public struct GeoCoordinate: Sendable, Hashable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// The coordinate of a dataset row, or `nil` when it cannot be placed: a missing or
    /// non-finite value, one out of range, or exactly (0, 0) — "Null Island", which real exports
    /// write where the geocoder failed, and which would put a place in the Gulf of Guinea.
    public init?(usable latitude: Double, _ longitude: Double) {
        guard latitude.isFinite, longitude.isFinite, abs(latitude) <= 90, abs(longitude) <= 180,
              !(latitude == 0 && longitude == 0) else { return nil }
        self.init(latitude: latitude, longitude: longitude)
    }

    /// Mean radius of the Earth, in kilometres (IUGG).
    public static let earthRadiusKilometres = 6371.0088

    /// Great-circle distance in kilometres (haversine).
    public func kilometres(to other: GeoCoordinate) -> Double {
        let toRadians = Double.pi / 180
        let dLatitude = (other.latitude - latitude) * toRadians
        let dLongitude = (other.longitude - longitude) * toRadians
        let a = sin(dLatitude / 2) * sin(dLatitude / 2)
            + cos(latitude * toRadians) * cos(other.latitude * toRadians) * sin(dLongitude / 2) * sin(dLongitude / 2)
        return 2 * GeoCoordinate.earthRadiusKilometres * asin(min(1, a.squareRoot()))
    }
}

/// A longitude–latitude box.
public struct GeoBounds: Sendable, Hashable {
    public var minLongitude: Double
    public var minLatitude: Double
    public var maxLongitude: Double
    public var maxLatitude: Double

    public init(minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double) {
        self.minLongitude = minLongitude
        self.minLatitude = minLatitude
        self.maxLongitude = maxLongitude
        self.maxLatitude = maxLatitude
    }

    /// The smallest box holding every coordinate; `nil` for none.
    public init?<S: Sequence>(covering coordinates: S) where S.Element == GeoCoordinate {
        var bounds: GeoBounds?
        for coordinate in coordinates {
            if bounds == nil {
                bounds = GeoBounds(minLongitude: coordinate.longitude, minLatitude: coordinate.latitude,
                                   maxLongitude: coordinate.longitude, maxLatitude: coordinate.latitude)
            } else {
                bounds!.include(coordinate)
            }
        }
        guard let bounds else { return nil }
        self = bounds
    }

    public mutating func include(_ coordinate: GeoCoordinate) {
        minLongitude = min(minLongitude, coordinate.longitude)
        maxLongitude = max(maxLongitude, coordinate.longitude)
        minLatitude = min(minLatitude, coordinate.latitude)
        maxLatitude = max(maxLatitude, coordinate.latitude)
    }

    public func contains(_ coordinate: GeoCoordinate) -> Bool {
        coordinate.longitude >= minLongitude && coordinate.longitude <= maxLongitude
            && coordinate.latitude >= minLatitude && coordinate.latitude <= maxLatitude
    }

    public func intersects(_ other: GeoBounds) -> Bool {
        minLongitude <= other.maxLongitude && other.minLongitude <= maxLongitude
            && minLatitude <= other.maxLatitude && other.minLatitude <= maxLatitude
    }

    /// The box grown by `degrees` on every side.
    public func expanded(by degrees: Double) -> GeoBounds {
        GeoBounds(minLongitude: minLongitude - degrees, minLatitude: minLatitude - degrees,
                  maxLongitude: maxLongitude + degrees, maxLatitude: maxLatitude + degrees)
    }

    public var center: GeoCoordinate {
        GeoCoordinate(latitude: (minLatitude + maxLatitude) / 2, longitude: (minLongitude + maxLongitude) / 2)
    }
}
