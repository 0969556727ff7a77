import Foundation
import Testing
@testable import CaseFiles
import Investigation
import SellerGraph
import TestFixtures

@Suite struct HTMLReportTests {
    /// Analyses a world into a run folder and returns the investigation and the run's `index.html`.
    private func report(of world: MiniWorld) throws -> (investigation: Investigation, page: String) {
        let directory = try world.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try report(ofDatasetIn: directory)
    }

    private func report(ofDatasetIn directory: String) throws -> (investigation: Investigation, page: String) {
        let run = NSTemporaryDirectory() + "ringscope-run-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: run) }
        let loaded = try DatasetLoader(directory: directory).load()
        let investigation = Investigation(network: loaded.network)
        try CaseFileWriter().write(investigation, datasetDirectory: directory, files: loaded.files, to: run)
        let page = try #require(FileManager.default.contents(atPath: run + "/index.html"))
        return (investigation, try withoutMapScripts(String(decoding: page, as: UTF8.self)))
    }

    /// The page without the interactive map's scripts (MapOutputTests and InteractiveMapTests
    /// check them): Leaflet's own code names URLs and builds markup, the data elements hold JSON.
    /// Checks on the way that no data element holds a `<`, so none can close its element.
    private func withoutMapScripts(_ page: String) throws -> String {
        var rest = page
        while let start = rest.range(of: "<script type=\"application/json\" id=\"ringscope-"),
              let end = rest.range(of: "</script>", range: start.upperBound ..< rest.endIndex) {
            let content = rest[start.upperBound ..< end.lowerBound].drop { $0 != ">" }.dropFirst()
            #expect(!content.contains("<"), "a map data element holds a raw <")
            rest.removeSubrange(start.lowerBound ..< end.upperBound)
        }
        for marker in ["Leaflet — https://leafletjs.com", "var holder=document.getElementById(\"ringscope-map\")"] {
            guard let found = rest.range(of: marker), let start = rest.range(of: "<script>", options: .backwards, range: rest.startIndex ..< found.lowerBound),
                  let end = rest.range(of: "</script>", range: found.upperBound ..< rest.endIndex) else { continue }
            rest.removeSubrange(start.lowerBound ..< end.upperBound)
        }
        return rest
    }

    private func packaged(_ investigation: Investigation) -> [Ring] {
        investigation.rings.filter { $0.assessment != .legitimateCluster }
    }

    /// The `data:` payloads of the page's images, decoded.
    private func images(in page: String) -> [String] {
        page.components(separatedBy: "src=\"data:image/svg+xml;base64,").dropFirst().map { tail in
            let payload = String(tail.prefix { $0 != "\"" })
            return String(decoding: Data(base64Encoded: payload) ?? Data(), as: UTF8.self)
        }
    }

    @Test func showsEveryPackagedRingWithItsDiagramAndTheFactoryTable() throws {
        let (investigation, page) = try report(of: MiniWorld())
        let rings = packaged(investigation)
        #expect(rings.count == 2)
        for ring in rings {
            let anchor = HTMLReport.anchor(for: ring.id)
            #expect(page.contains("<section class=\"ring\" id=\"\(anchor)\">"), "no section for \(ring.id)")
            #expect(page.contains("<a href=\"#\(anchor)\">\(ring.id)</a>"), "no link to \(ring.id)")
            for component in ring.components { #expect(page.contains(htmlEscaped(component.reason))) }
        }
        #expect(images(in: page).count == rings.count)
        #expect(images(in: page).allSatisfy { $0.hasPrefix("<svg") && $0.contains("</svg>") })
        #expect(page.contains("<section id=\"factories\">"))
        for factory in ["WS", "WB"] { #expect(page.contains("<td>\(factory)</td>"), "factory \(factory) missing") }
        #expect(page.contains("Shared workshop"))
        #expect(page.contains("<section id=\"hubs\">") && page.contains("Logistics Park Hub"))
        #expect(page.contains("幸福路88号"))
        #expect(page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"))
    }

    @Test func hostileDataAppearsOnlyEscaped() throws {
        let hostile = "\"<script>alert(1)</script> \"\"onmouseover=alert(2) javascript:alert(3) it's\""
        let (_, page) = try report(of: MiniWorld(firstRingSellerCell: hostile))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;onmouseover=alert(2) javascript:alert(3) it&#39;s"))
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("\"onmouseover"))
        #expect(!page.contains("it's"))
        // The page's own script is the only one, and no link or image leaves the page.
        #expect(page.components(separatedBy: "<script").count == 2)
        let hrefs = page.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(!hrefs.isEmpty)
        #expect(hrefs.allSatisfy { $0.hasPrefix("#") && $0.dropFirst().allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") } })
        let sources = page.components(separatedBy: "src=\"").dropFirst()
        #expect(sources.allSatisfy { $0.hasPrefix("data:image/svg+xml;base64,") })
    }

    @Test func referencesNothingOutsideThePage() throws {
        let (_, page) = try report(of: MiniWorld())
        #expect(!page.contains("http://") && !page.contains("https://") && !page.contains("//fonts") && !page.contains("url("))
        #expect(!page.contains("@import"))
        let allowed: Set<String> = ["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"]
        for image in images(in: page) {
            #expect(!image.contains("<!DOCTYPE") && !image.contains("<?xml"))
            for scheme in ["http://", "https://"] {
                for tail in image.components(separatedBy: scheme).dropFirst() {
                    let url = scheme + tail.prefix { $0 != "\"" && $0 != "'" && $0 != " " && $0 != ">" }
                    #expect(allowed.contains(url), "the diagram references \(url)")
                }
            }
        }
    }

    @Test func sameInputGivesTheSameBytes() throws {
        // The dataset's folder name is the report's title, so both runs read the same folder.
        let directory = try MiniWorld().write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try report(ofDatasetIn: directory), second = try report(ofDatasetIn: directory)
        let samePage = first.page == second.page
        #expect(samePage)
        let a = HTMLReport.document(for: first.investigation, packaged: packaged(first.investigation), diagrams: [:])
        let b = HTMLReport.document(for: second.investigation, packaged: packaged(second.investigation), diagrams: [:])
        let sameDocument = a == b
        #expect(sameDocument)
        #expect(String(decoding: a, as: UTF8.self).contains("No diagram for"))
    }

    @Test(arguments: ["R1", "a\"><script>alert(1)</script>", "../x y", "x#y", "幸福", ""])
    func anchorsAreLettersDigitsAndUnderscores(_ id: String) {
        let anchor = HTMLReport.anchor(for: id)
        #expect(anchor.hasPrefix("ring-"))
        #expect(anchor.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") })
    }

    @Test func anchorsOfDistinctIdsDiffer() {
        let ids = ["a b", "a_20b", "a_b", "a-b", "a.b", "ab"]
        #expect(Set(ids.map(HTMLReport.anchor(for:))).count == ids.count)
    }

    @Test func svgLosesItsPrologueAndKeepsItsBody() throws {
        let svg = Array("<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<!-- Generated by graphviz -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&lt;b&gt;</text></svg>\n".utf8)
        let uri = try #require(HTMLReport.svgDataURI(svg))
        let decoded = String(decoding: Data(base64Encoded: String(uri.dropFirst("data:image/svg+xml;base64,".count)))!, as: UTF8.self)
        #expect(decoded == "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&lt;b&gt;</text></svg>\n")
        #expect(HTMLReport.svgDataURI(Array("not an svg".utf8)) == nil)
    }

    @Test func escapingCoversTheFiveCharactersAndControls() {
        #expect(htmlEscaped("<a href='x'>\"&\"</a>\u{7}\n") == "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt; ")
    }
}
