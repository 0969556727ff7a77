import Foundation

/// The offline basemap: the countries of the world and China's provinces and prefecture-level
/// cities, with their names, read from the files in `Resources/` (built by
/// `scripts/basemap/build.py`; sources and licences in `Resources/NOTICE.md` and docs/maps.md).
///
/// Nothing is fetched at run time. ``bundled`` reads the files once per process (about 40 ms).
/// Provinces are the union of their cities, and a point's province is its city's (by code), so
/// the two always agree.
public struct Basemap: Sendable {
    public let countries: [Region]
    public let provinces: [Region]
    public let cities: [Region]
    let countryIndex: RegionIndex
    let provinceIndex: RegionIndex
    let cityIndex: RegionIndex
    let names: PlaceNames

    /// How far outside China's simplified outline a point may lie and still be given the nearest
    /// city: the outlines are simplified to about 2 km, islands under 30 km² are dropped, and
    /// geocoders put harbour addresses on the water.
    public static let chinaToleranceKilometres = 10.0
    /// The same for the world's countries, whose 1:110m outlines cut capes and bays by tens of km.
    public static let worldToleranceKilometres = 40.0

    /// A basemap of these regions. `countyNames` are county-level names (`义乌`, `Yiwu`) with
    /// the code of the city they belong to, for reading a dataset's city column (no outlines).
    public init(countries: [Region], provinces: [Region], cities: [Region], countyNames: [(name: String, english: String, cityCode: String)] = []) {
        self.countries = countries
        self.provinces = provinces
        self.cities = cities
        countryIndex = RegionIndex(countries)
        provinceIndex = RegionIndex(provinces)
        cityIndex = RegionIndex(cities)
        let cityByCode = Dictionary(cities.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
        var counties: [(key: String, city: Int)] = []
        for county in countyNames {
            guard let city = cityByCode[county.cityCode] else { continue }
            for key in Set([PlaceNames.key(county.name), PlaceNames.key(county.english)]) where !key.isEmpty {
                counties.append((key, city))
            }
        }
        names = PlaceNames(provinces: provinces, cities: cities, counties: counties)
    }

    /// The basemap in this package's resources, read on first use.
    public static let bundled: Result<Basemap, GeographyError> = Result { try Basemap(resources: Bundle.module) }
        .mapError { $0 as? GeographyError ?? GeographyError("\($0)") }

    /// Reads `world.topo.json`, `china-provinces.topo.json`, `china-cities.topo.json` and
    /// `china-places.json` from `bundle`.
    init(resources bundle: Bundle) throws {
        func data(_ name: String) throws -> Data {
            guard let url = bundle.url(forResource: name, withExtension: "json", subdirectory: "Resources")
                    ?? bundle.url(forResource: name, withExtension: "json") else {
                throw GeographyError("\(name).json is missing from the Geography resources; rebuild RingScope")
            }
            return try Data(contentsOf: url)
        }
        let world = try TopoJSON.regions(from: data("world.topo"), levels: ["countries": .country])
        let provinces = try TopoJSON.regions(from: data("china-provinces.topo"), levels: ["provinces": .province])
        let cities = try TopoJSON.regions(from: data("china-cities.topo"), levels: ["cities": .city])
        struct Places: Decodable { var rows: [[String]] }
        let places = try JSONDecoder().decode(Places.self, from: data("china-places"))
        // columns: adcode, city, short, english
        let counties = places.rows.filter { $0.count >= 4 }.map { (name: $0[2], english: $0[3], cityCode: $0[1]) }
        self.init(countries: world["countries"] ?? [], provinces: provinces["provinces"] ?? [], cities: cities["cities"] ?? [], countyNames: counties)
    }

    // MARK: - Where a point is

    /// The place of `point` on the basemap: its city and province in China, its country
    /// elsewhere, or the sea.
    ///
    /// A point inside no Chinese outline but within ``chinaToleranceKilometres`` of one is given
    /// that city (before the coarse country layer is asked); a point in no country but within
    /// ``worldToleranceKilometres`` of one is given that country; each with the distance.
    ///
    /// - Complexity: O(v) for the v vertices of the few regions whose boxes hold the point.
    public func locate(_ point: GeoCoordinate) -> Location {
        for candidate in cityIndex.candidates(for: point) where cities[Int(candidate)].contains(point) {
            return Location(standing: .china, province: province(ofCity: Int(candidate)), city: Int(candidate))
        }
        for candidate in provinceIndex.candidates(for: point) where provinces[Int(candidate)].contains(point) {
            return Location(standing: .china, province: Int(candidate))
        }
        // Near China's outline, China wins over the country layer: its 1:110m outlines run tens
        // of kilometres across the border (measured: Changbai, on the Yalu, fell in North Korea).
        if let (city, distance) = nearest(cities, cityIndex, to: point, within: Self.chinaToleranceKilometres) {
            return Location(standing: .china, province: province(ofCity: city), city: city, kilometresOutside: distance)
        }
        for candidate in countryIndex.candidates(for: point) where countries[Int(candidate)].contains(point) {
            return Location(standing: .abroad, country: Int(candidate))
        }
        if let (country, distance) = nearest(countries, countryIndex, to: point, within: Self.worldToleranceKilometres) {
            return Location(standing: .abroad, country: country, kilometresOutside: distance)
        }
        return Location(standing: .atSea)
    }

    private func nearest(_ regions: [Region], _ index: RegionIndex, to point: GeoCoordinate, within kilometres: Double) -> (Int, Double)? {
        // A degree of latitude is 111 km; of longitude, less: the box in degrees is generous.
        let degrees = kilometres / 111 / max(0.2, cos(point.latitude * .pi / 180))
        var best: (Int, Double)?
        for candidate in index.candidates(near: point, within: degrees) {
            let region = regions[Int(candidate)]
            guard region.bounds.expanded(by: degrees).contains(point) else { continue }
            let distance = region.kilometres(to: point)
            if distance <= kilometres, distance < (best?.1 ?? .infinity) { best = (Int(candidate), distance) }
        }
        return best
    }

    /// The index of the province of city `city`.
    public func province(ofCity city: Int) -> Int? {
        guard let code = cities[city].parentCode else { return nil }
        return names.provinceByCode[code]
    }

    // MARK: - Names

    /// The province a dataset's province text names (`广东`, `广东省`, `Guangdong`,
    /// `guangdong province`), or `nil` if it names none or is empty.
    public func province(named text: String) -> Int? { names.province(named: text) }

    /// The prefecture-level city a dataset's city text names, within `province` if given. A
    /// county-level name (`Yiwu`, `常熟`) gives the city it belongs to (Jinhua, Suzhou). `nil`
    /// when the text names none, or several that `province` does not tell apart.
    public func city(named text: String, inProvince province: Int? = nil) -> Int? {
        names.city(named: text, inProvince: province.map { provinces[$0].code })
    }

    /// The provinces and cities whose outlines lie in `bounds` (for drawing a view).
    public func regions(_ level: Region.Level, intersecting bounds: GeoBounds) -> [Int] {
        let regions = level == .country ? countries : level == .province ? provinces : cities
        return regions.indices.filter { regions[$0].ringCount > 0 && regions[$0].bounds.intersects(bounds) }
    }
}

/// Where a point lies on the basemap (``Basemap/locate(_:)``).
public struct Location: Sendable, Hashable {
    public enum Standing: String, Sendable {
        /// In a province of China (or within the tolerance of its outline).
        case china
        /// In another country.
        case abroad
        /// In no country, nor near one: the coordinates are wrong, or the place is a ship.
        case atSea = "at sea"
    }

    public var standing: Standing
    /// Index into ``Basemap/provinces``.
    public var province: Int?
    /// Index into ``Basemap/cities``.
    public var city: Int?
    /// Index into ``Basemap/countries`` (abroad only).
    public var country: Int?
    /// How far outside the outline of the region given the point lies; 0 when inside.
    public var kilometresOutside: Double

    public init(standing: Standing, province: Int? = nil, city: Int? = nil, country: Int? = nil, kilometresOutside: Double = 0) {
        self.standing = standing
        self.province = province
        self.city = city
        self.country = country
        self.kilometresOutside = kilometresOutside
    }
}

extension Basemap {
    /// The basemap's topologies as they are stored (TopoJSON text), for pages that draw the map
    /// themselves (the interactive map inlines them and decodes them in the browser).
    public static let topologies: Result<(world: String, provinces: String, cities: String), GeographyError> = Result {
        func text(_ name: String) throws -> String {
            guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources")
                    ?? Bundle.module.url(forResource: name, withExtension: "json") else {
                throw GeographyError("\(name).json is missing from the Geography resources; rebuild RingScope")
            }
            return try String(contentsOf: url, encoding: .utf8)
        }
        return (try text("world.topo"), try text("china-provinces.topo"), try text("china-cities.topo"))
    }.mapError { $0 as? GeographyError ?? GeographyError("\($0)") }
}
