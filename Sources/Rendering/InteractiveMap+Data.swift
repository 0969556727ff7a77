import Geography

extension InteractiveMap {
    /// The map's data as JSON: rings, placed factories, address groups, places without
    /// coordinates, province density, the colours of the printed map and the view to open on.
    /// Keys and order are fixed, numbers are written by one formatter: the same input gives the
    /// same text.
    static func data(_ input: GeoMapInput, basemap: Basemap) -> String {
        let located = GeoMap.places(input, basemap: basemap)
        var ringIndex: [String: Int] = [:]
        for (index, ring) in input.rings.enumerated() where ringIndex[ring.id] == nil { ringIndex[ring.id] = index }
        var json = JSONText()
        json.open("{")
        json.key("title"); json.string(input.title)
        json.key("rings"); json.open("[")
        for (index, ring) in input.rings.enumerated() {
            json.open("{")
            json.key("id"); json.string(ring.id)
            json.key("rank"); json.number(Double(ring.rank))
            json.key("score"); json.number(ring.score, decimals: 1)
            json.key("assessment"); json.string(ring.assessment)
            json.key("summary"); json.string(ring.summary)
            json.key("brands"); json.strings(ring.brands)
            json.key("evidence"); json.strings(ring.evidence)
            json.key("sellers"); json.number(Double(ring.sellers))
            json.key("storefronts"); json.number(Double(ring.storefronts))
            json.key("factories"); json.strings(ring.factories)
            json.key("colour"); json.string(index < GeoMap.Style.ringColours.count ? GeoMap.Style.ringColours[index].hex : GeoMap.Style.otherRings.hex)
            json.close("}")
        }
        json.close("]")
        json.key("factories"); json.open("[")
        for place in located.placed where place.kind == .factory {
            let factory = input.factories[place.index]
            json.open("{")
            json.key("id"); json.string(factory.id)
            json.key("name"); json.string(factory.name)
            json.key("rank"); json.number(Double(factory.rank))
            json.key("score"); json.number(factory.score, decimals: 1)
            json.key("reasons"); json.string(factory.reasons)
            json.key("rings"); json.numbers(factory.rings.compactMap { ringIndex[$0] }.map(Double.init))
            json.key("lat"); json.number(place.coordinate.latitude, decimals: 5)
            json.key("lon"); json.number(place.coordinate.longitude, decimals: 5)
            json.key("place"); json.string(factory.place)
            json.key("where"); json.string(where_(place.location, basemap))
            json.key("flag"); json.string(flag(place, warning: factory.warning))
            json.key("side"); json.number(GeoMap.Style.factorySide(rank: factory.rank), decimals: 1)
            json.close("}")
        }
        json.close("]")
        json.key("sites"); json.open("[")
        for group in siteGroups(input, located.placed, ringIndex: ringIndex) {
            let first = input.sites[located.placed[group.members[0]].index]
            json.open("{")
            json.key("lat"); json.number(group.latitude, decimals: 5)
            json.key("lon"); json.number(group.longitude, decimals: 5)
            json.key("ring"); json.number(Double(group.ring))
            json.key("n"); json.number(Double(group.members.count))
            json.key("ids"); json.strings(group.members.prefix(5).map { input.sites[located.placed[$0].index].id })
            json.key("label"); json.string(GeoMap.truncated(first.label, to: 120))
            json.key("place"); json.string(first.place)
            json.key("where"); json.string(where_(located.placed[group.members[0]].location, basemap))
            let flagged = group.members.first { located.placed[$0].flagged }
            json.key("flag"); json.string(flagged.map { flag(located.placed[$0], warning: input.sites[located.placed[$0].index].warning) } ?? "")
            json.close("}")
        }
        json.close("]")
        json.key("unplaced"); json.strings(located.unplaced)
        json.key("density"); json.open("{")
        let breaks = GeoMap.densityBreaks(input.density.map(\.storefronts))
        for entry in input.density {
            json.key(entry.provinceCode)
            json.numbers([Double(entry.storefronts), Double(entry.seizures), Double(GeoMap.densityClass(entry.storefronts, breaks: breaks))])
        }
        json.close("}")
        json.key("densityBreaks"); json.numbers(breaks.map(Double.init))
        json.key("colours"); json.open("{")
        json.key("sea"); json.string(GeoMap.Style.sea.hex)
        json.key("land"); json.string(GeoMap.Style.landAbroad.hex)
        json.key("landBorder"); json.string(GeoMap.Style.landAbroadBorder.hex)
        json.key("province"); json.string(GeoMap.Style.province.hex)
        json.key("provinceBorder"); json.string(GeoMap.Style.provinceBorder.hex)
        json.key("cityBorder"); json.string(GeoMap.Style.cityBorder.hex)
        json.key("factory"); json.string(GeoMap.Style.factoryFill.hex)
        json.key("factoryBorder"); json.string(GeoMap.Style.factoryStroke.hex)
        json.key("flag"); json.string(GeoMap.Style.flag.hex)
        json.key("density"); json.strings(GeoMap.Style.density.map(\.hex))
        json.close("}")
        let focus = GeoMap.focus(of: located.placed, basemap: basemap)
        json.key("view"); json.numbers([focus.minLatitude, focus.minLongitude, focus.maxLatitude, focus.maxLongitude], decimals: 4)
        json.close("}")
        return json.text
    }

    /// "广东 Guangdong · 广州 Guangzhou", "Turkey", "at sea".
    static func where_(_ location: Location, _ basemap: Basemap) -> String {
        switch location.standing {
        case .china:
            return [location.province.map { basemap.provinces[$0].displayName }, location.city.map { basemap.cities[$0].displayName }]
                .compactMap { $0 }.joined(separator: " · ")
        case .abroad: return location.country.map { basemap.countries[$0].englishName } ?? "abroad"
        case .atSea: return "at sea"
        }
    }

    static func flag(_ place: GeoMap.Place, warning: String?) -> String {
        if let warning { return warning }
        switch place.location.standing {
        case .china: return ""
        case .abroad: return "outside China"
        case .atSea: return "at sea: the coordinates fall in no country"
        }
    }

    struct SiteGroup {
        var ring: Int
        var latitude: Double
        var longitude: Double
        var members: [Int]
    }

    /// The addresses grouped by ring on the finest grid (0.001°, ~100 m, then 0.01°, 0.1°, 1°)
    /// that leaves at most ``siteLimit`` groups, each at its first member's place. If even 1°
    /// cells leave more (thousands of rings), the rings past the coloured ones share their
    /// groups (a group then shows its first member's ring and the count of all).
    static func siteGroups(_ input: GeoMapInput, _ placed: [GeoMap.Place], ringIndex: [String: Int]) -> [SiteGroup] {
        let sites = placed.indices.filter { placed[$0].kind == .site }
        let coloured = GeoMap.Style.ringColours.count
        var groups: [SiteGroup] = []
        for (cell, mergesWeakRings) in [(0.001, false), (0.01, false), (0.1, false), (1, false), (1, true), (10, true)] {
            groups = []
            var index: [SIMD3<Int64>: Int] = [:]
            for member in sites {
                let place = placed[member]
                let ring = ringIndex[input.sites[place.index].ring] ?? input.rings.count
                let bucket = mergesWeakRings && ring >= coloured ? coloured : ring
                let key = SIMD3<Int64>(Int64(bucket), Int64((place.coordinate.latitude / cell).rounded(.down)), Int64((place.coordinate.longitude / cell).rounded(.down)))
                if let existing = index[key] {
                    groups[existing].members.append(member)
                } else {
                    index[key] = groups.count
                    groups.append(SiteGroup(ring: ring, latitude: place.coordinate.latitude, longitude: place.coordinate.longitude, members: [member]))
                }
            }
            if groups.count <= siteLimit { break }
        }
        return groups
    }
}

/// A JSON writer for the map's data: strings escaped per RFC 8259 (control characters as
/// `\u00XX`), numbers with a fixed count of decimals and no exponent.
struct JSONText {
    private(set) var text = ""
    private var needsComma = false

    mutating func open(_ bracket: String) {
        separator()
        text += bracket
        needsComma = false
    }

    mutating func close(_ bracket: String) {
        text += bracket
        needsComma = true
    }

    mutating func key(_ key: String) {
        separator()
        text += Self.quoted(key) + ":"
        needsComma = false
    }

    mutating func string(_ value: String) {
        separator()
        text += Self.quoted(value)
        needsComma = true
    }

    mutating func number(_ value: Double, decimals: Int = 0) {
        separator()
        text += Self.number(value, decimals: decimals)
        needsComma = true
    }

    mutating func strings(_ values: [String]) {
        separator()
        text += "[" + values.map(Self.quoted).joined(separator: ",") + "]"
        needsComma = true
    }

    mutating func numbers(_ values: [Double], decimals: Int = 0) {
        separator()
        text += "[" + values.map { Self.number($0, decimals: decimals) }.joined(separator: ",") + "]"
        needsComma = true
    }

    private mutating func separator() {
        if needsComma { text += "," }
    }

    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `value` with `decimals` decimals, trailing zeros dropped; non-finite as 0.
    static func number(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        let factor = pow(10, Double(decimals))
        let scaled = Int64((value * factor).rounded())
        if decimals == 0 { return String(scaled) }
        let sign = scaled < 0 ? "-" : ""
        let magnitude = scaled.magnitude
        let divisor = UInt64(factor)
        var fraction = String(magnitude % divisor)
        fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let whole = "\(sign)\(magnitude / divisor)"
        return fraction.isEmpty ? (whole == "-0" ? "0" : whole) : whole + "." + fraction
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
