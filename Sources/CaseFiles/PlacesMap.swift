import Geography
import Rendering

/// The map of one ring's places read back from its run folder — the rows of `places.csv` for
/// the ring's addresses and the factories that supply it (`factories.csv`) — drawn as the
/// referral's ring map is (``CaseFileWriter/ringMap(_:in:)``): over the bundled basemap, no
/// province shading, places without usable coordinates listed rather than put at 0,0. The
/// analyst workspace shows it on the case page; it needs no investigation in memory.
public enum PlacesMap {
    /// A row of places.csv as the map needs it.
    public struct Place: Sendable {
        public enum Kind: Sendable { case address, factory }
        public var kind: Kind
        public var id: String
        /// The factory's name, or the address id.
        public var name: String
        /// The factory's raid rank (1 first); unused for addresses.
        public var rank: Int
        public var coordinate: GeoCoordinate?
        /// City and province as the row names them.
        public var place: String
        public var warning: String?

        public init(kind: Kind, id: String, name: String, rank: Int = 0, latitude: Double?, longitude: Double?, place: String = "", warning: String? = nil) {
            self.kind = kind
            self.id = id
            self.name = name
            self.rank = rank
            self.coordinate = latitude.flatMap { lat in longitude.flatMap { GeoCoordinate(usable: lat, $0) } }
            self.place = place
            self.warning = warning
        }
    }

    /// The ring's map as an SVG document (A4 landscape, points), or nil when none of `places`
    /// has usable coordinates or the basemap cannot be read. The same input gives the same bytes.
    public static func svg(ring: String, rank: Int, score: Double, places: [Place]) -> [UInt8]? {
        guard places.contains(where: { $0.coordinate != nil }), case .success(let basemap) = Basemap.bundled else { return nil }
        let factories = places.filter { $0.kind == .factory }.map {
            GeoMapInput.Factory(id: $0.id, name: $0.name, rank: max(1, $0.rank), rings: [ring], coordinate: $0.coordinate, place: $0.place, warning: $0.warning)
        }
        let sites = places.filter { $0.kind == .address }.map {
            GeoMapInput.Site(id: $0.id, label: $0.name, ring: ring, coordinate: $0.coordinate, place: $0.place, warning: $0.warning)
        }
        let input = GeoMapInput(title: "Ring \(ring): its addresses and factories",
                                rings: [GeoMapInput.Ring(id: ring, rank: rank, score: score, factories: factories.map(\.id))],
                                factories: factories, sites: sites)
        return GeoMap.scene(input, basemap: basemap, width: GeoMap.referralPageSize.width, height: GeoMap.referralPageSize.height).svg()
    }
}
