import Foundation
import Geography
import Investigation
import Rendering
import SellerGraph

/// `jurisdictions/<province>/<city>/`: what each local market regulator or public security
/// bureau should get — the referral packages of the rings with a place there and the factories
/// there, with a cover page (cover.pdf, cover.md) listing them over the local map.
///
/// A place's jurisdiction is where its coordinates fall (point in polygon on the basemap); a
/// place without coordinates goes where its city and province text point, if the basemap knows
/// them. A ring goes to every jurisdiction where it has an address or a factory, so a ring that
/// works in two cities is referred to both. Places outside China go to `abroad/<country>/`;
/// those placed nowhere are listed in `jurisdictions/index.md`.
///
/// Folder names are the administrative code and the English name (`440000-Guangdong/
/// 440100-Guangzhou`): ASCII, unique, stable across runs; the Chinese names are in the covers.
enum JurisdictionBundles {
    /// Files of a referral package copied into a bundle (the diagrams stay in `rings/`).
    static let copiedFiles = ["referral.pdf", "referral.md", "members.csv", "evidence.csv", "links.csv"]

    struct Key: Hashable, Comparable {
        /// 0: a city of China, 1: a province without city, 2: abroad.
        var order: Int
        var code: String
        var folder: String
        var title: String
        static func < (a: Key, b: Key) -> Bool { (a.order, a.code) < (b.order, b.code) }
    }

    struct Bundle {
        var rings: [Int] = []  // indices into packaged
        var factories: [Int] = []  // indices into factories.entries
        var addresses: Set<Int32> = []
        var factoryEntities: Set<Int32> = []
    }

    static func write(_ investigation: Investigation, packaged: [Ring], directories: [String], into folder: RunFolder,
                      progress: ((String) -> Void)?) throws {
        guard case .success(let basemap) = Basemap.bundled else {
            try folder.write("jurisdictions/index.md", text: "# Jurisdictions\n\nNo bundles: the basemap could not be read.\n")
            return
        }
        let network = investigation.network
        var map = RunMap(investigation, basemap: basemap)
        func key(_ placement: PlaceLocator.Placement) -> Key? {
            if let location = placement.location, location.standing == .abroad, let country = location.country {
                let region = basemap.countries[country]
                return Key(order: 2, code: region.code, folder: "abroad/" + sanitizedFileName(region.code + "-" + region.englishName), title: region.englishName)
            }
            guard let provinceIndex = placement.province else { return nil }
            let province = basemap.provinces[provinceIndex]
            let provinceFolder = sanitizedFileName(province.code + "-" + province.englishName)
            guard let cityIndex = placement.city else {
                return Key(order: 1, code: province.code, folder: provinceFolder + "/province-wide", title: province.displayName)
            }
            let city = basemap.cities[cityIndex]
            let cityFolder = sanitizedFileName(city.code + "-" + city.englishName)
            return Key(order: 0, code: city.code, folder: provinceFolder + "/" + cityFolder,
                       title: city.shortName == province.shortName ? province.displayName : city.displayName + ", " + province.displayName)
        }

        var bundles: [Key: Bundle] = [:]
        var unassigned: [String] = []
        for (ringIndex, ring) in packaged.enumerated() {
            var keys: Set<Key> = []
            for member in ring.members where member.kind == .address {
                if let key = key(map.locator.place(.address, member.entity)) {
                    keys.insert(key)
                    bundles[key, default: Bundle()].addresses.insert(member.entity)
                }
            }
            for entry in investigation.factories.entries where entry.rings.contains(ring.id) {
                if let key = key(map.locator.place(.factory, entry.factory)) { keys.insert(key) }
            }
            if keys.isEmpty { unassigned.append(ring.id) }
            for key in keys { bundles[key, default: Bundle()].rings.append(ringIndex) }
        }
        let packagedIds = Set(packaged.map(\.id))
        for (entryIndex, entry) in investigation.factories.entries.enumerated() where entry.rings.contains(where: packagedIds.contains) {
            guard let key = key(map.locator.place(.factory, entry.factory)) else { continue }
            bundles[key, default: Bundle()].factories.append(entryIndex)
            bundles[key, default: Bundle()].factoryEntities.insert(entry.factory)
        }

        var index = "# Jurisdictions\n\nOne folder per city (province, or country abroad) where a referred ring has an address or a factory: "
        index += "its cover page (cover.pdf, cover.md) lists the rings and factories there over the local map, and `rings/` holds their referrals.\n\n"
        var rows: [[String]] = []
        for key in bundles.keys.sorted() {
            let bundle = bundles[key]!
            let rings = bundle.rings.map { packaged[$0] }
            let entries = bundle.factories.map { investigation.factories.entries[$0] }
            let base = "jurisdictions/" + key.folder
            for (ring, ringIndex) in zip(rings, bundle.rings) {
                for name in copiedFiles {
                    let source = folder.staging + "/" + directories[ringIndex] + "/" + name
                    guard let data = FileManager.default.contents(atPath: source) else { continue }
                    try folder.write(base + "/rings/" + sanitizedFileName(ring.id) + "/" + name, Array(data))
                }
            }
            var input = map.input(title: "RingScope · \(network.name) · \(key.title)", rings: rings,
                                  factoryFilter: { bundle.factoryEntities.contains($0) }, siteFilter: { bundle.addresses.contains($0) })
            input.density = []
            let scene = GeoMap.scene(input, basemap: basemap, width: GeoMap.referralPageSize.width, height: GeoMap.referralPageSize.height - 120)
            try folder.write(base + "/map.svg", scene.svg())
            try folder.write(base + "/factories.csv", factoryTable(entries, network))
            try folder.write(base + "/cover.md", text: coverMarkdown(key: key, rings: rings, entries: entries, bundle: bundle, network: network))
            do {
                try folder.write(base + "/cover.pdf", PDFDocumentWriter.render(coverDocument(key: key, rings: rings, entries: entries, bundle: bundle,
                                                                                               network: network, investigation: investigation, scene: scene)))
            } catch let error as RenderingError {
                try folder.write(base + "/cover.pdf.txt", text: "cover.pdf could not be written: \(error.description)\n")
            }
            rows.append([markdownEscaped(key.title), "`" + markdownEscaped(key.folder) + "`", String(rings.count), String(entries.count)])
        }
        index += markdownTable(["jurisdiction", "folder", "rings", "factories"], rows)
        if !unassigned.isEmpty {
            index += "Rings with no place the basemap can assign (no coordinates, no known city or province text): "
                + unassigned.map { "`" + markdownEscaped($0) + "`" }.joined(separator: ", ") + ".\n"
        }
        try folder.write("jurisdictions/index.md", text: index)
        progress?("jurisdiction bundles: \(bundles.count) (jurisdictions/index.md)")
    }

    static func factoryTable(_ entries: [FactoryRanking.Entry], _ network: SellerNetwork) -> [UInt8] {
        let table = network.table(.factory)
        var csv = CSVWriter()
        csv.writeRow("rank", "factory_id", "name", "score", "rings", "city", "province", "lat", "lon", "reasons")
        for entry in entries {
            csv.writeRow(String(entry.rank), network.id(.factory, entry.factory), table.attribute("name", of: entry.factory), oneDecimal(entry.score),
                         entry.rings.joined(separator: "; "), table.attribute("city", of: entry.factory), table.attribute("province", of: entry.factory),
                         decimal(table.latitudes[Int(entry.factory)]), decimal(table.longitudes[Int(entry.factory)]), entry.reasons)
        }
        return csv.bytes
    }

    static func coverMarkdown(key: Key, rings: [Ring], entries: [FactoryRanking.Entry], bundle: Bundle, network: SellerNetwork) -> String {
        var text = "# Referrals for \(markdownEscaped(key.title))\n\n"
        text += "\(plural(rings.count, "ring")) with an address or a factory here, \(plural(entries.count, "factory", "factories")) here. "
        text += "The map is `map.svg`; each ring's referral is in `rings/<ring>/`.\n\n## Rings\n\n"
        text += markdownTable(["rank", "ring", "score", "assessment", "addresses here", "summary"], rings.map { ring in
            let here = ring.members.filter { $0.kind == .address && bundle.addresses.contains($0.entity) }.count
            return [String(ring.rank), "`" + markdownEscaped(ring.id) + "`", oneDecimal(ring.score), markdownEscaped(ring.assessment.title), String(here), markdownEscaped(ring.summary)]
        })
        text += "## Factories here\n\n"
        if entries.isEmpty { return text + "None.\n" }
        let table = network.table(.factory)
        text += markdownTable(["raid rank", "factory", "name", "rings", "reasons"], entries.map { entry in
            [String(entry.rank), "`" + markdownEscaped(network.id(.factory, entry.factory)) + "`", markdownEscaped(table.attribute("name", of: entry.factory)),
             markdownEscaped(entry.rings.joined(separator: ", ")), markdownEscaped(entry.reasons)]
        })
        return text
    }

    static func coverDocument(key: Key, rings: [Ring], entries: [FactoryRanking.Entry], bundle: Bundle, network: SellerNetwork,
                              investigation: Investigation, scene: MapScene) -> ReportDocument {
        var blocks: [ReportDocument.Block] = []
        blocks.append(.paragraph([ReportDocument.Run("\(plural(rings.count, "ring")) with an address or a factory here, \(plural(entries.count, "factory", "factories")) here. Each ring's referral (referral.pdf, with its evidence and links as CSV) is in rings/<ring>/ of this folder.")]))
        blocks.append(.heading("Rings"))
        blocks.append(.table(columns: [.init("rank", width: 0.5, alignsRight: true), .init("ring", width: 1.2), .init("score", width: 0.6, alignsRight: true),
                                       .init("assessment", width: 1.3), .init("addresses here", width: 0.8, alignsRight: true), .init("summary", width: 3.5)],
                             rows: rings.map { ring in
                                 [String(ring.rank), ring.id, oneDecimal(ring.score), ring.assessment.title,
                                  String(ring.members.filter { $0.kind == .address && bundle.addresses.contains($0.entity) }.count), ring.summary]
                             }))
        blocks.append(.heading("Factories here"))
        if entries.isEmpty {
            blocks.append(.paragraph(["None of the ranked factories is here."]))
        } else {
            let table = network.table(.factory)
            blocks.append(.table(columns: [.init("raid rank", width: 0.6, alignsRight: true), .init("factory", width: 1.1), .init("name", width: 1.6),
                                           .init("rings", width: 1.2), .init("reasons", width: 3, maxLines: nil)],
                                 rows: entries.map { [String($0.rank), network.id(.factory, $0.factory), table.attribute("name", of: $0.factory),
                                                      $0.rings.joined(separator: ", "), $0.reasons] }))
        }
        blocks.append(.map(scene, caption: "The rings' addresses and the factories in \(key.title)"))
        return ReportDocument(title: "Referrals for \(key.title)", subtitle: "Dataset \(network.name) · RingScope jurisdiction bundle \(key.folder)",
                              footer: "RingScope · \(key.title)", blocks: blocks)
    }
}
