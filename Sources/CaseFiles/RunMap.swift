import Geography
import Investigation
import Rendering
import SellerGraph

/// The map of a run — or of one ring, or of one jurisdiction — as ``GeoMapInput``: referable
/// rings in rank order, the ranked factories, the rings' addresses, and the ring storefronts and
/// seizures per province; and the table of where each place is (`places.csv`).
struct RunMap {
    let investigation: Investigation
    let basemap: Basemap
    var locator: PlaceLocator

    init(_ investigation: Investigation, basemap: Basemap) {
        self.investigation = investigation
        self.basemap = basemap
        locator = PlaceLocator(basemap: basemap, investigation: investigation)
    }

    /// The rings a map shows: those with counterfeit evidence, strongest first.
    var referable: [Ring] { investigation.rings.filter { $0.assessment != .legitimateCluster } }

    /// The map input for `rings` (all referable rings by default) and the factories that supply
    /// them; `factoryFilter` and `siteFilter` keep a subset (a jurisdiction's).
    mutating func input(title: String, rings chosen: [Ring]? = nil, factoryFilter: ((Int32) -> Bool)? = nil,
                        siteFilter: ((Int32) -> Bool)? = nil) -> GeoMapInput {
        let network = investigation.network
        let rings = chosen ?? referable
        let ringIds = Set(rings.map(\.id))
        var factoriesOfRing: [String: [String]] = [:]
        var factories: [GeoMapInput.Factory] = []
        let factoryTable = network.table(.factory)
        for entry in investigation.factories.entries where entry.rings.contains(where: ringIds.contains) && (factoryFilter?(entry.factory) ?? true) {
            let id = network.id(.factory, entry.factory)
            for ring in entry.rings where ringIds.contains(ring) { factoriesOfRing[ring, default: []].append(id) }
            let placement = locator.place(.factory, entry.factory)
            factories.append(GeoMapInput.Factory(id: id, name: factoryTable.attribute("name", of: entry.factory), rank: entry.rank, score: entry.score,
                                                 reasons: entry.reasons, rings: entry.rings, coordinate: placement.coordinate,
                                                 place: network.place(.factory, entry.factory), warning: placement.warning))
        }
        var sites: [GeoMapInput.Site] = []
        var seen: Set<Int32> = []
        for ring in rings {
            for member in ring.members where member.kind == .address && (siteFilter?(member.entity) ?? true) && seen.insert(member.entity).inserted {
                let placement = locator.place(.address, member.entity)
                sites.append(GeoMapInput.Site(id: network.id(.address, member.entity), label: network.displayName(.address, member.entity),
                                              ring: ring.id, coordinate: placement.coordinate, place: network.place(.address, member.entity),
                                              warning: placement.warning))
            }
        }
        let mapRings = rings.map { ring in
            GeoMapInput.Ring(id: ring.id, rank: ring.rank, score: ring.score, assessment: ring.assessment.title, summary: ring.summary,
                             brands: ring.brands, evidence: Array(Set(ring.evidence.map { network.evidence[Int($0)].kind.rawValue })).sorted(),
                             sellers: ring.sellers.count, storefronts: ring.storefronts.count, factories: factoriesOfRing[ring.id] ?? [])
        }
        let warnings = factories.filter { $0.warning != nil }.count + sites.filter { $0.warning != nil }.count
        var notes: [String] = []
        if warnings > 0 { notes.append("\(warnings) places whose city or province text names another place (places.csv)") }
        return GeoMapInput(title: title, rings: mapRings, factories: factories, sites: sites, density: density(of: rings), notes: notes)
    }

    /// Ring storefronts and seizures per province: each storefront where its own addresses (else
    /// its seller) are; each seizure where the entity it concerns is.
    mutating func density(of rings: [Ring]) -> [GeoMapInput.Density] {
        let network = investigation.network
        var storefronts: [Int: Int] = [:], seizures: [Int: Int] = [:]
        var counted: Set<Int32> = [], countedEvidence: Set<Int32> = []
        for ring in rings {
            for storefront in ring.storefronts where counted.insert(storefront).inserted {
                if let province = locator.place(.storefront, storefront).province { storefronts[province, default: 0] += 1 }
            }
            for index in ring.evidence where countedEvidence.insert(index).inserted {
                let record = network.evidence[Int(index)]
                guard record.kind == .seizure else { continue }
                if let province = locator.place(record.entityKind, record.entity).province { seizures[province, default: 0] += 1 }
            }
        }
        return Set(storefronts.keys).union(seizures.keys).sorted().map { province in
            GeoMapInput.Density(provinceCode: basemap.provinces[province].code, storefronts: storefronts[province] ?? 0, seizures: seizures[province] ?? 0)
        }
    }

    /// `places.csv`: every ranked factory and every address of a referable ring, with the
    /// jurisdiction its coordinates fall in (point in polygon), or the one its text names when
    /// it has no coordinates, and the warning where the two disagree.
    mutating func placesTable() -> [UInt8] {
        let network = investigation.network
        var csv = CSVWriter()
        csv.writeRow("entity_type", "entity_id", "lat", "lon", "standing", "province_code", "province", "city_code", "city", "country",
                     "km_outside_outline", "text_city", "text_province", "warning")
        var rows: [(EntityKind, Int32)] = investigation.factories.entries.map { (.factory, $0.factory) }
        var seen: Set<Int32> = []
        for ring in referable {
            for member in ring.members where member.kind == .address && seen.insert(member.entity).inserted { rows.append((.address, member.entity)) }
        }
        for (kind, entity) in rows {
            let placement = locator.place(kind, entity)
            let table = network.table(kind)
            let standing: String
            if let location = placement.location { standing = location.standing.rawValue } else { standing = "no coordinates" }
            let province = placement.province.map { basemap.provinces[$0] }
            let city = placement.city.map { basemap.cities[$0] }
            let country = placement.location?.country.map { basemap.countries[$0].code } ?? (placement.province != nil ? "CN" : "")
            let outside = placement.location.map { $0.kilometresOutside > 0 ? String(Int($0.kilometresOutside.rounded(.up))) : "0" } ?? ""
            csv.writeRow(kind.rawValue, network.id(kind, entity), decimal(table.latitudes[Int(entity)]), decimal(table.longitudes[Int(entity)]),
                         placement.location == nil && province != nil ? "by text only" : standing,
                         province?.code ?? "", province?.displayName ?? "", city?.code ?? "", city?.displayName ?? "", country, outside,
                         table.attribute("city", of: entity), table.attribute("province", of: entity), placement.warning ?? "")
        }
        return csv.bytes
    }

    /// How many ranked factories and ring addresses have text that disagrees with their
    /// coordinates, and the first few, for the terminal.
    mutating func warnings(limit: Int = 5) -> (count: Int, examples: [String]) {
        let network = investigation.network
        var count = 0, examples: [String] = []
        var rows: [(EntityKind, Int32)] = investigation.factories.entries.map { (.factory, $0.factory) }
        var seen: Set<Int32> = []
        for ring in referable {
            for member in ring.members where member.kind == .address && seen.insert(member.entity).inserted { rows.append((.address, member.entity)) }
        }
        for (kind, entity) in rows {
            guard let warning = locator.place(kind, entity).warning else { continue }
            count += 1
            if examples.count < limit { examples.append("\(kind.fileName): \(network.id(kind, entity)): \(warning)") }
        }
        return (count, examples)
    }
}
