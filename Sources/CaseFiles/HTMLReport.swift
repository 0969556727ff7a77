import CaseStore
import Foundation
import Investigation
import Rendering
import SellerGraph

/// The run's one-page report (`index.html`): the counts, the ranked rings, a section per referral
/// package with its score breakdown and diagram, the factory ranking and the hubs left out.
///
/// The page is self-contained and works offline: CSS and the table-sorting script are inline, the
/// diagrams are `data:` images, and a Content-Security-Policy forbids every other source, so
/// opening it never reaches the network. Every value from the dataset goes through
/// ``htmlEscaped(_:)``; the only data-derived attribute values are anchors built by
/// ``anchor(for:)`` from letters and digits. No dates or times: the same run gives the same bytes.
enum HTMLReport {
    /// The policy in the page: nothing but inline style, inline script and `data:` images.
    static let contentSecurityPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

    /// The report of a run.
    ///
    /// - Parameter investigation: The analysed run.
    /// - Parameter packaged: The rings with a referral package, in rank order; each gets a section.
    /// - Parameter diagrams: Ring id → the ring's SVG from Graphviz; a missing or unreadable one
    ///   leaves a note in the section instead of the picture.
    /// - Returns: The UTF-8 bytes of the HTML5 document.
    static func document(for investigation: Investigation, packaged: [Ring], diagrams: [String: [UInt8]], map: GeoMapInput? = nil,
                         cases: RunCases? = nil) -> [UInt8] {
        let network = investigation.network
        let mapParts = mapParts(map)
        let name = htmlEscaped(network.name)
        let packagedIDs = Set(packaged.map(\.id))
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
        <meta name="referrer" content="no-referrer">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>RingScope report · \(name)</title>
        <style>\(style)\(mapParts?.style ?? "")</style>
        </head>
        <body>
        <header>
        <h1>RingScope report · \(name)</h1>
        <p class="counts">\(counts(investigation, packaged: packaged.count))</p>
        <nav>\(cases == nil ? "" : "<a href=\"#cases\">Cases: what changed</a> · ")<a href="#rings">Ranked rings</a> · <a href="#packages">Referral packages</a> · <a href="#factories">Factories to raid</a> · <a href="#hubs">Hubs left out</a>\(investigation.loneSellers.isEmpty ? "" : " · <a href=\"#lone\">Lone sellers</a>")\(mapParts == nil ? "" : " · <a href=\"#map\">Map</a>")</nav>
        </header>

        """
        html += mapSection(mapParts)

        if let cases { html += CaseSections.html(cases, anchors: Dictionary(packaged.map { ($0.id, anchor(for: $0.id)) }, uniquingKeysWith: { a, _ in a })) }
        html += "<section id=\"rings\">\n<h2>Ranked rings</h2>\n"
        html += "<p class=\"note\">Rank 1 is the strongest case. Click a column header to sort. A ring id links to its referral package.</p>\n"
        html += tableHead(["rank", "ring", "score", "assessment", "sellers", "storefronts", "confirmed fakes", "brands", "summary"],
                          numeric: [0, 2, 4, 5, 6], tall: investigation.rings.count > 15)
        for ring in investigation.rings {
            let id = "<span class=\"id\">" + (packagedIDs.contains(ring.id) ? "<a href=\"#\(anchor(for: ring.id))\">\(htmlEscaped(ring.id))</a>" : htmlEscaped(ring.id)) + "</span>"
            html += row([String(ring.rank), id, oneDecimal(ring.score), assessmentBadge(ring.assessment), String(ring.sellers.count),
                         String(ring.storefronts.count), String(ring.confirmedFakes), htmlEscaped(ring.brands.joined(separator: ", ")),
                         htmlEscaped(ring.summary)], numeric: [0, 2, 4, 5, 6])
        }
        html += "</tbody>\n</table>\n</div>\n</section>\n\n"

        html += "<section id=\"packages\">\n<h2>Referral packages</h2>\n"
        if packaged.isEmpty { html += "<p class=\"note\">No ring has counterfeit evidence: there is nothing to refer.</p>\n" }
        for ring in packaged { html += section(for: ring, investigation: investigation, diagram: diagrams[ring.id], cases: cases) }
        html += "</section>\n\n"

        html += factorySection(investigation, packagedIDs: packagedIDs)
        html += hubSection(investigation)
        html += loneSellerSection(investigation, packagedIDs: packagedIDs)
        html += "<footer>Written by RingScope. Each ring's folder under <code>rings/</code> holds its referral, evidence and links with source lines; <code>manifest.json</code> holds the hashes.</footer>\n"
        html += mapScripts(mapParts)
        html += "<script>\(script)</script>\n</body>\n</html>\n"
        return Array(html.utf8)
    }

    // MARK: - Sections

    private static func counts(_ investigation: Investigation, packaged: Int) -> String {
        let network = investigation.network
        let confirmed = investigation.rings.filter { $0.assessment == .counterfeitRing }.count
        let suspected = investigation.rings.filter { $0.assessment == .suspectedRing }.count
        return [plural(network.count(of: .seller), "seller"), plural(network.count(of: .storefront), "storefront"),
                plural(investigation.rings.count, "candidate ring"), "\(confirmed) confirmed", "\(suspected) suspected",
                plural(packaged, "referral package"), plural(investigation.factories.entries.count, "factory ranked", "factories ranked"),
                plural(investigation.projection.hubs.count, "hub left out", "hubs left out")]
            .map(htmlEscaped).joined(separator: " · ")
    }

    private static func section(for ring: Ring, investigation: Investigation, diagram: [UInt8]?, cases: RunCases? = nil) -> String {
        let id = htmlEscaped(ring.id)
        var html = "<section class=\"ring\" id=\"\(anchor(for: ring.id))\">\n"
        html += "<h3>\(id) · rank \(ring.rank) · score \(oneDecimal(ring.score)) / 100 · \(htmlEscaped(ring.assessment.title))</h3>\n"
        html += "<p>\(htmlEscaped(ring.summary))</p>\n"
        html += "<p class=\"note\">\(htmlEscaped(plural(ring.sellers.count, "seller"))), \(htmlEscaped(plural(ring.storefronts.count, "storefront"))), "
        html += "\(htmlEscaped(plural(ring.members.count, "entity", "entities"))) in all; \(htmlEscaped(plural(ring.evidence.count, "evidence row"))). "
        html += "Package: <code>rings/\(htmlEscaped(sanitizedFileName(ring.id)))/referral.md</code></p>\n"
        html += RankReasons.html(cases?.explanations[ring.id], model: cases?.rankingModel)
        html += "<div class=\"package\">\n<div class=\"breakdown\">\n<h4>Score and reasons</h4>\n"
        html += tableHead(["component", "points", "reason"], numeric: [1])
        for component in ring.components {
            html += row([htmlEscaped(component.name), oneDecimal(component.points), htmlEscaped(component.reason)], numeric: [1])
        }
        html += "</tbody>\n<tfoot><tr><th scope=\"row\">total</th><td class=\"num\">\(oneDecimal(ring.score))</td><td>capped to 0–100; below 50 without confirmed counterfeits</td></tr></tfoot>\n</table>\n</div>\n"
        html += "</div>\n<figure>\n"
        if let image = diagram.flatMap(svgDataURI) {
            html += "<div class=\"diagram\"><img src=\"\(image)\" alt=\"Diagram of ring \(id)\" title=\"Click to fit the page width\"></div>\n"
            html += "<figcaption>Diagram of \(id): the entities and the links that bind them. Shown full size: scroll inside the box, or click it to fit the page width; "
            html += "it is also <code>diagram.svg</code>, <code>.pdf</code> and <code>.png</code> in the ring&#39;s folder.</figcaption>\n"
        } else {
            html += "<figcaption>No diagram for \(id) (not drawn in this run; see its folder).</figcaption>\n"
        }
        html += "</figure>\n</div>\n<details>\n<summary>Entities (\(ring.members.count))</summary>\n"
        html += tableHead(["type", "id", "role", "name", "place", "ring sellers using it"], numeric: [5])
        for member in ring.members {
            let network = investigation.network
            html += row([htmlEscaped(member.kind.rawValue), htmlEscaped(network.id(member.kind, member.entity)), htmlEscaped(member.role),
                         htmlEscaped(network.displayName(member.kind, member.entity)), htmlEscaped(network.place(member.kind, member.entity)),
                         String(member.ringSellers)], numeric: [5])
        }
        html += "</tbody>\n</table>\n</div>\n</details>\n<p class=\"top\"><a href=\"#rings\">↑ ranked rings</a></p>\n</section>\n"
        return html
    }

    private static func factorySection(_ investigation: Investigation, packagedIDs: Set<String>) -> String {
        let network = investigation.network
        let table = network.table(.factory)
        var html = "<section id=\"factories\">\n<h2>Factories to raid</h2>\n"
        if investigation.factories.entries.isEmpty {
            return html + "<p class=\"note\">No factory on record supplies a ring with evidence.</p>\n</section>\n\n"
        }
        html += "<p class=\"note\">Rank 1 is the first raid target: score = support from the rings it supplies × the share of its storefronts in rings.</p>\n"
        let numeric = [0, 3, 5, 6, 7]
        html += tableHead(["rank", "factory", "name", "score", "rings", "ring storefronts", "supplied storefronts", "confirmed fakes",
                           "city", "province", "reasons"], numeric: numeric)
        for entry in investigation.factories.entries {
            let factory = entry.factory
            let rings = entry.rings.map { ring in
                "<span class=\"id\">" + (packagedIDs.contains(ring) ? "<a href=\"#\(anchor(for: ring))\">\(htmlEscaped(ring))</a>" : htmlEscaped(ring)) + "</span>"
            }.joined(separator: " ")
            html += row([String(entry.rank), htmlEscaped(network.id(.factory, factory)), htmlEscaped(table.attribute("name", of: factory)),
                         oneDecimal(entry.score), rings, String(entry.ringStorefronts), String(entry.suppliedStorefronts),
                         String(entry.confirmedFakes), htmlEscaped(table.attribute("city", of: factory)),
                         htmlEscaped(table.attribute("province", of: factory)), htmlEscaped(entry.reasons)], numeric: numeric)
        }
        return html + "</tbody>\n</table>\n</div>\n</section>\n\n"
    }

    private static func hubSection(_ investigation: Investigation) -> String {
        let network = investigation.network
        var html = "<section id=\"hubs\">\n<h2>Hubs left out</h2>\n"
        if investigation.projection.hubs.isEmpty {
            return html + "<p class=\"note\">No entity is used by more than \(investigation.projection.hubLimit) sellers.</p>\n</section>\n\n"
        }
        html += "<p class=\"note\">Used by more than \(investigation.projection.hubLimit) sellers: shared infrastructure (a logistics park, an escrow pool, a big OEM), not evidence. They were kept out of the linking.</p>\n"
        html += tableHead(["type", "id", "name", "sellers", "links"], numeric: [3, 4])
        for hub in investigation.projection.hubs {
            html += row([htmlEscaped(hub.kind.rawValue), htmlEscaped(network.id(hub.kind, hub.entity)),
                         htmlEscaped(network.displayName(hub.kind, hub.entity)), String(hub.sellers), String(hub.links)], numeric: [3, 4])
        }
        return html + "</tbody>\n</table>\n</div>\n</section>\n\n"
    }

    // MARK: - Pieces

    /// Opens a sortable table: the caller appends rows and closes `</tbody></table></div>`.
    /// A `tall` table scrolls inside a box under its sticky header, so that a long ranking leaves
    /// room on the first screen for what follows.
    static func tableHead(_ headers: [String], numeric: [Int], tall: Bool = false) -> String {
        var html = "<div class=\"scroll\(tall ? " tall" : "")\">\n<table class=\"sortable\">\n<thead><tr>"
        for (column, header) in headers.enumerated() {
            html += "<th scope=\"col\" tabindex=\"0\"\(numeric.contains(column) ? " class=\"num\"" : "")>\(htmlEscaped(header))</th>"
        }
        return html + "</tr></thead>\n<tbody>\n"
    }

    /// A row of cells that are already HTML.
    static func row(_ cells: [String], numeric: [Int]) -> String {
        var html = "<tr>"
        for (column, cell) in cells.enumerated() {
            html += numeric.contains(column) ? "<td class=\"num\">\(cell)</td>" : "<td>\(cell)</td>"
        }
        return html + "</tr>\n"
    }

    private static func assessmentBadge(_ assessment: Ring.Assessment) -> String {
        let label: String
        switch assessment {
        case .counterfeitRing: label = "confirmed"
        case .suspectedRing: label = "suspected"
        case .legitimateCluster: label = "legitimate?"
        }
        return "<span class=\"badge \(assessment.rawValue)\">\(label)</span>"
    }

    /// The SVG as a `data:` URI for an `<img>`, from its `<svg` element on (the XML prologue,
    /// DOCTYPE and Graphviz's comments dropped); `nil` when there is no `<svg` element.
    ///
    /// An image, not inline markup: a browser runs no script and loads nothing from an SVG shown
    /// through `<img>`, so even a label Graphviz failed to escape cannot reach the page.
    static func svgDataURI(_ svg: [UInt8]) -> String? {
        let marker = Array("<svg".utf8)
        guard svg.count >= marker.count,
              let start = (0 ... svg.count - marker.count).first(where: { svg[$0 ..< $0 + marker.count].elementsEqual(marker) })
        else { return nil }
        return "data:image/svg+xml;base64," + Data(svg[start...]).base64EncodedString()
    }

    /// An anchor for a ring id, usable as an HTML id and in `href="#…"`: `ring-` then the id's
    /// ASCII letters and digits as they are and every other byte as `_XX` (hex), so two ids never
    /// share an anchor and nothing from the data can close the attribute.
    static func anchor(for id: String) -> String {
        var anchor = "ring-"
        for byte in id.utf8 {
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) {
                anchor.append(Character(Unicode.Scalar(byte)))
            } else {
                anchor += "_" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return anchor
    }

    private static let style = """
    body{font-family:"Noto Sans","Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei","DejaVu Sans",sans-serif;margin:0 auto;padding:1.5rem 2rem;max-width:1600px;color:#1d232b;background:#fff;font-size:14px;line-height:1.45}
    h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:2px solid #d5dbe3;padding-bottom:.2rem}
    h3{font-size:1.1rem;margin:0 0 .4rem}h4{margin:.2rem 0 .4rem;font-size:1rem}
    .counts{color:#3b4653;margin:.2rem 0 .6rem}.note{color:#52606d;margin:.3rem 0 .6rem}
    nav a,a{color:#0b57a4}code{font-family:"DejaVu Sans Mono",monospace;font-size:.92em;background:#f1f4f8;padding:0 .2em}
    .scroll{overflow-x:auto}.scroll.tall{max-height:34rem;overflow-y:auto;border-bottom:1px solid #d5dbe3}
    .tall thead th{position:sticky;top:0;z-index:1}.id{white-space:nowrap}
    .sortable td:last-child:not(.num){min-width:16rem}
    table{border-collapse:collapse;width:100%;margin:.3rem 0 1rem}
    th,td{border:1px solid #d5dbe3;padding:.25rem .45rem;text-align:left;vertical-align:top}
    thead th{background:#eef2f7;cursor:pointer;user-select:none;position:relative;padding-right:1.2rem}
    thead th::after{content:"\\2195";position:absolute;right:.3rem;color:#9aa5b1;font-size:.8em}
    thead th[aria-sort=ascending]::after{content:"\\25B2";color:#1d232b}thead th[aria-sort=descending]::after{content:"\\25BC";color:#1d232b}
    tbody tr:nth-child(even){background:#f8fafc}tfoot th,tfoot td{font-weight:bold;background:#f1f4f8}
    .num{text-align:right;font-variant-numeric:tabular-nums}td.num{white-space:nowrap}
    .badge{display:inline-block;padding:0 .45em;border-radius:.6em;font-size:.85em;white-space:nowrap}
    .counterfeit_ring{background:#fbd5d5;color:#8a1111}.suspected_ring{background:#fde9c4;color:#7a4b00}.legitimate_cluster{background:#dcefe0;color:#1d5a2c}
    section.ring{border:1px solid #d5dbe3;border-radius:6px;padding:.8rem 1rem;margin:1rem 0;break-inside:avoid}
    .breakdown{max-width:1100px}
    figure{margin:.6rem 0 0}.diagram{overflow:auto;max-height:760px;border:1px solid #e4e8ee;background:#fff}
    .diagram img{display:block;max-width:none;cursor:zoom-out}.diagram.fitted img{width:100%;height:auto;cursor:zoom-in}
    figcaption{color:#52606d;font-size:.9em;margin-top:.2rem}.top{margin:.3rem 0 0;font-size:.9em}
    details{margin:.5rem 0}summary{cursor:pointer;color:#0b57a4}
    footer{margin-top:2rem;color:#52606d;font-size:.9em}
    """

    /// Click or Enter on a header sorts its table by that column, numbers as numbers; again reverses.
    /// A click on a diagram switches it between full size and fitting the page width. Full size is
    /// the default: Graphviz draws a ring up to 3600 pt wide and a few hundred high, so fitted to
    /// the page its labels would be unreadable.
    private static let script = """
    (function(){
    var number=/^-?\\d+(\\.\\d+)?$/;
    function key(row,column){var cell=row.cells[column];return cell?cell.textContent.trim():"";}
    function compare(a,b){if(number.test(a)&&number.test(b)){return parseFloat(a)-parseFloat(b);}return a.localeCompare(b,undefined,{numeric:true,sensitivity:"base"});}
    function sort(header){
    var table=header.closest("table"),body=table.tBodies[0],column=header.cellIndex;
    var descending=header.getAttribute("aria-sort")==="ascending";
    Array.prototype.forEach.call(header.parentNode.cells,function(other){other.removeAttribute("aria-sort");});
    header.setAttribute("aria-sort",descending?"descending":"ascending");
    var rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(x,y){var order=compare(key(x,column),key(y,column));return descending?-order:order;});
    rows.forEach(function(row){body.appendChild(row);});
    }
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable thead th"),function(header){
    header.addEventListener("click",function(){sort(header);});
    header.addEventListener("keydown",function(event){if(event.key==="Enter"||event.key===" "){event.preventDefault();sort(header);}});
    });
    Array.prototype.forEach.call(document.querySelectorAll(".diagram img"),function(image){
    image.addEventListener("click",function(){image.parentNode.classList.toggle("fitted");});
    });
    })();
    """
}


private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
