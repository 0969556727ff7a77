import Foundation
import Geography
import Investigation
import Rendering
import SellerGraph

extension CaseFileWriter {
    /// Writes the run's maps — `map.svg`, `map.pdf`, the standalone interactive `map.html` —
    /// and `places.csv`, and says on `progress` how many places' text disagrees with their
    /// coordinates. Returns the map's input for index.html, or `nil` if the basemap could not
    /// be read (then `map.txt` says why; the rest of the run is written as usual).
    func writeMap(_ investigation: Investigation, into folder: RunFolder, drawn: Bool, progress: ((String) -> Void)?) throws -> GeoMapInput? {
        let basemap: Basemap
        switch Basemap.bundled {
        case .success(let loaded): basemap = loaded
        case .failure(let error):
            try folder.write("map.txt", text: "The map could not be drawn: \(error.description)\n")
            progress?("warning: no map: \(error.description)")
            return nil
        }
        var map = RunMap(investigation, basemap: basemap)
        let input = map.input(title: "RingScope · \(investigation.network.name) · counterfeit facilities: factories, ring addresses and rings")
        try folder.write("places.csv", map.placesTable())
        let (count, examples) = map.warnings()
        if count > 0 {
            progress?("warning: \(plural(count, "place")) whose city or province text names another place than their coordinates (places.csv), e.g.")
            for example in examples { progress?("  " + example) }
        }
        if drawn {
            do {
                for (format, bytes) in try GeoMap.render(input, basemap: basemap, formats: [.svg, .pdf]).sorted(by: { $0.key < $1.key }) {
                    try folder.write("map." + format.fileExtension, bytes)
                }
            } catch let error as RenderingError {
                try folder.write("map.txt", text: "map could not be drawn: \(error.description)\n")
            }
        }
        try folder.write("map.html", HTMLReport.mapPage(input, basemap: basemap))
        return input
    }

    /// The map of one ring for its referral.pdf: its addresses and factories, nothing else;
    /// `nil` when the basemap cannot be read or the ring has no place with coordinates.
    static func ringMap(_ ring: Ring, in investigation: Investigation) -> MapScene? {
        guard case .success(let basemap) = Basemap.bundled else { return nil }
        var map = RunMap(investigation, basemap: basemap)
        var input = map.input(title: "Ring \(ring.id): its addresses and factories", rings: [ring])
        // One ring's storefronts would paint its province in the darkest class: no shading.
        input.density = []
        guard input.factories.contains(where: { $0.coordinate != nil }) || input.sites.contains(where: { $0.coordinate != nil }) else { return nil }
        return GeoMap.scene(input, basemap: basemap, width: GeoMap.referralPageSize.width, height: GeoMap.referralPageSize.height - 120)
    }
}
