import Geography
import Investigation
import SellerGraph

/// Places a dataset's entities on the basemap: addresses and factories by their coordinates
/// (point in polygon), with a warning where their city and province text names another place;
/// storefronts and sellers through their addresses, or their seller's province text when none
/// has coordinates. Each entity is located once (cached).
struct PlaceLocator {
    /// Where an entity is, and how that was found.
    struct Placement: Sendable {
        var coordinate: GeoCoordinate?
        var location: Location?
        /// Set when no coordinates placed it but its text named a province (and city).
        var provinceFromText: Int?
        var cityFromText: Int?
        /// The text and the coordinates name different jurisdictions.
        var warning: String?

        /// The province the entity is in, by coordinates first, else by text.
        var province: Int? { location?.standing == .china ? location?.province : (location == nil ? provinceFromText : nil) }
        var city: Int? { location?.standing == .china ? location?.city : (location == nil ? cityFromText : nil) }
    }

    let basemap: Basemap
    let investigation: Investigation
    private var cache: [EntityKey: Placement] = [:]

    init(basemap: Basemap, investigation: Investigation) {
        self.basemap = basemap
        self.investigation = investigation
    }

    /// The placement of an address or factory: its own coordinates and text.
    mutating func place(_ kind: EntityKind, _ entity: Int32) -> Placement {
        let key = EntityKey(kind: kind, entity: entity)
        if let known = cache[key] { return known }
        let placement: Placement
        switch kind {
        case .address, .factory: placement = located(kind, entity)
        case .storefront: placement = storefront(entity)
        case .seller: placement = seller(entity)
        default: placement = Placement()
        }
        cache[key] = placement
        return placement
    }

    private func located(_ kind: EntityKind, _ entity: Int32) -> Placement {
        let table = investigation.network.table(kind)
        let city = table.attribute("city", of: entity), province = table.attribute("province", of: entity)
        guard let coordinate = GeoCoordinate(usable: table.latitudes[Int(entity)], table.longitudes[Int(entity)]) else {
            let provinceIndex = basemap.province(named: province)
            return Placement(provinceFromText: provinceIndex, cityFromText: basemap.city(named: city, inProvince: provinceIndex))
        }
        let location = basemap.locate(coordinate)
        let warning = basemap.disagreement(at: coordinate, location: location, city: city, province: province,
                                           country: table.attribute("country", of: entity))
        return Placement(coordinate: coordinate, location: location, warning: warning)
    }

    /// A storefront is where its own non-hub addresses are (ship-from, return), else where its
    /// seller is.
    private mutating func storefront(_ storefront: Int32) -> Placement {
        let network = investigation.network
        for relation in [Relation.shipsFrom, .returnsTo] {
            for address in network.links(relation).forward[storefront] where !investigation.projection.isHub(.address, address) {
                let placement = place(.address, address)
                if placement.location != nil { return placement }
            }
        }
        return place(.seller, network.seller(of: storefront))
    }

    /// A seller is at its registration address, else in the province its row names.
    private mutating func seller(_ seller: Int32) -> Placement {
        let network = investigation.network
        for address in network.links(.registeredAt).forward[seller] where !investigation.projection.isHub(.address, address) {
            let placement = place(.address, address)
            if placement.location != nil { return placement }
        }
        let table = network.table(.seller)
        let province = basemap.province(named: table.attribute("province", of: seller))
        return Placement(provinceFromText: province, cityFromText: basemap.city(named: table.attribute("city", of: seller), inProvince: province))
    }
}
