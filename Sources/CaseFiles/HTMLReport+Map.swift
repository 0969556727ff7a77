import Crypto
import Foundation
import Geography
import Rendering

/// The interactive map of the run: a section of index.html and the standalone `map.html`.
extension HTMLReport {
    /// The map's parts for `input`, or `nil` without a basemap or Leaflet (the report is
    /// written without the section).
    static func mapParts(_ input: GeoMapInput?) -> InteractiveMap.Parts? {
        guard let input, case .success(let basemap) = Basemap.bundled else { return nil }
        return InteractiveMap.parts(input, basemap: basemap)
    }

    /// The map section of index.html (its scripts go at the end of the page, ``mapScripts(_:)``).
    static func mapSection(_ parts: InteractiveMap.Parts?) -> String {
        guard let parts else { return "" }
        return "<section id=\"map\">\n<h2>Map</h2>\n<p class=\"note\">Click a factory for its raid rank, reasons and rings, an address for its ring; "
            + "filter by ring, brand and evidence. Also <code>map.html</code> (this map alone), <code>map.svg</code> and <code>map.pdf</code> (printable).</p>\n"
            + parts.markup + "</section>\n\n"
    }

    /// The map's data and scripts, for the end of index.html.
    static func mapScripts(_ parts: InteractiveMap.Parts?) -> String {
        guard let parts else { return "" }
        return parts.dataScripts + parts.scripts.map { "<script>" + $0 + "</script>\n" }.joined()
    }

    /// map.html's policy: nothing from the network; inline styles; and only the page's own
    /// scripts, named by their SHA-256 (CSP level 2), so that nothing injected could run.
    static func mapPolicy(_ parts: InteractiveMap.Parts) -> String {
        let hashes = parts.scripts.map { "'sha256-" + Data(SHA256.hash(data: Array($0.utf8))).base64EncodedString() + "'" }
        return "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src " + hashes.joined(separator: " ")
    }

    /// The standalone interactive map.
    static func mapPage(_ input: GeoMapInput, basemap: Basemap) -> [UInt8] {
        Array(InteractiveMap.page(input, basemap: basemap, policy: mapPolicy).utf8)
    }
}
