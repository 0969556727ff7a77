import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import CaseFiles
import Investigation
import SellerGraph
import TestFixtures

/// An attribute's value. (FoundationXML's `attribute(forName:)` on Linux misses plain attributes
/// of an element in a default namespace, so this looks through `attributes`.)
private func value(_ element: XMLElement, _ name: String) -> String? {
    element.attributes?.first { $0.localName == name || $0.name == name }?.stringValue
}

@Suite struct ExportTests {
    private func investigate(_ world: MiniWorld) throws -> Investigation {
        let directory = try world.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let loaded = try DatasetLoader(directory: directory).load()
        var options = Investigation.Options()
        options.threads = 1
        return Investigation(network: loaded.network, options: options)
    }

    private func ring(containing seller: String, _ investigation: Investigation) -> Ring {
        let index = investigation.network.table(.seller).index(of: seller)!
        return investigation.rings.first { $0.sellers.contains(index) }!
    }

    /// The parsed document, with its elements by local name (the default namespace makes XPath awkward).
    private struct Parsed {
        var root: XMLElement
        func children(_ element: XMLElement, named name: String) -> [XMLElement] {
            (element.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.localName == name }
        }
        var graph: XMLElement { children(root, named: "graph")[0] }
        var nodes: [XMLElement] { children(graph, named: "node") }
        var edges: [XMLElement] { children(graph, named: "edge") }
        func data(_ element: XMLElement) -> [String: String] {
            var result: [String: String] = [:]
            for data in children(element, named: "data") { result[value(data, "key")!] = data.stringValue ?? "" }
            return result
        }
    }

    private func parse(_ bytes: [UInt8]) throws -> Parsed {
        let document = try XMLDocument(data: Data(bytes), options: [])
        return Parsed(root: document.rootElement()!)
    }

    // Ring A of MiniWorld: sellers A1…A6, storefronts AS1_1…AS6_2, accounts PA1 PA2, returns RA1 RA2,
    // workshop WS (H and OEM are hubs, not members). Edges: 12 operates, 12 pays_to, 12 returns_to,
    // 12 supplied_by (to WS), PA1 → PA2 transfers_to; ships_from goes to the hub H only.
    @Test func graphMLOfRingAParsesWithItsNodesAndEdges() throws {
        let investigation = try investigate(MiniWorld())
        let ringA = ring(containing: "A1", investigation)
        let parsed = try parse(GraphMLExport.document(for: [ringA], in: investigation))
        #expect(parsed.root.localName == "graphml")
        #expect(parsed.root.uri == "http://graphml.graphdrawing.org/xmlns")
        #expect(value(parsed.graph, "edgedefault") == "directed")

        let ids = parsed.nodes.map { value($0, "id")! }
        #expect(ids.count == 23)
        #expect(Set(ids).count == ids.count, "duplicate node ids")
        #expect(ids.contains("seller:A1") && ids.contains("factory:WS") && ids.contains("payment_account:PA2"))
        #expect(!ids.contains("address:H"))

        #expect(parsed.edges.count == 49)
        var relations: [String: Int] = [:]
        for edge in parsed.edges {
            let source = value(edge, "source")!, target = value(edge, "target")!
            #expect(ids.contains(source) && ids.contains(target), "edge \(source) → \(target) has a missing end")
            relations[parsed.data(edge)["e_relation", default: ""], default: 0] += 1
        }
        #expect(relations == ["operates": 12, "pays_to": 12, "returns_to": 12, "supplied_by": 12, "transfers_to": 1])

        // Every <data> refers to a declared key of the right domain.
        var declared: [String: String] = [:]
        for key in parsed.children(parsed.root, named: "key") {
            declared[value(key, "id")!] = value(key, "for")
        }
        for node in parsed.nodes { for key in parsed.data(node).keys { #expect(declared[key] == "node", "\(key)") } }
        for edge in parsed.edges { for key in parsed.data(edge).keys { #expect(declared[key] == "edge", "\(key)") } }

        let workshop = parsed.nodes.first { value($0, "id") == "factory:WS" }!
        let facts = parsed.data(workshop)
        #expect(facts["n_entity_type"] == "factory" && facts["n_city"] == "Putian" && facts["n_lat"] == "25.4" && facts["n_ring_id"] == ringA.id)
        let storefront = parsed.data(parsed.nodes.first { value($0, "id") == "storefront:AS1_1" }!)
        #expect(storefront["n_confirmed_fakes"] == "1")
        let transfer = parsed.data(parsed.edges.first { parsed.data($0)["e_relation"] == "transfers_to" }!)
        #expect(transfer["e_source_file"] == "links.csv" && Int(transfer["e_source_line"] ?? "") != nil)
    }

    @Test func anEntityOfTwoRingsIsOneNode() throws {
        let investigation = try investigate(MiniWorld())
        let rings = [ring(containing: "A1", investigation), ring(containing: "B1", investigation)]
        let parsed = try parse(GraphMLExport.document(for: rings, in: investigation))
        let ids = parsed.nodes.map { value($0, "id")! }
        #expect(Set(ids).count == ids.count)
        let distinct = Set(rings.flatMap { $0.members.map { "\($0.kind.rawValue):\(investigation.network.id($0.kind, $0.entity))" } })
        #expect(ids.count == distinct.count)
    }

    @Test func hostileLabelsAreEscapedAndStillParse() throws {
        let hostile = "<script>alert(1)</script> \"&' \u{1}\u{7}\u{1B}end"
        let cell = "\"" + hostile.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let investigation = try investigate(MiniWorld(firstRingSellerCell: cell))
        let bytes = GraphMLExport.document(for: [ring(containing: "A1", investigation)], in: investigation)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("<script>"))
        #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;&amp;&apos; end"))
        #expect(!bytes.contains { $0 < 0x20 && $0 != 0x0A })
        let parsed = try parse(bytes)
        let seller = parsed.nodes.first { value($0, "id") == "seller:A1" }!
        #expect(parsed.data(seller)["n_label"] == "<script>alert(1)</script> \"&' end")
    }

    @Test(arguments: [("a\u{0}b\u{1F}c\u{7F}d\u{85}e", "abcde"), ("tab\there\nnew\rline", "tab here new line"), ("\u{FFFE}ok\u{FFFF}", "ok"),
                      ("广州 & 深圳", "广州 &amp; 深圳"), ("'\"<>", "&apos;&quot;&lt;&gt;")])
    func xmlEscaping(text: String, expected: String) {
        #expect(xmlEscaped(text) == expected)
    }

    /// The fast path (text that needs nothing is returned as it is) still sees one character to
    /// escape or drop at the end of a long clean text, however it is encoded in UTF-8.
    @Test(arguments: [("&", "&amp;"), ("\u{1}", ""), ("\u{7F}", ""), ("\u{9F}", ""), ("\u{FFFF}", ""), ("\u{FFFE}", ""), ("\n", " "), ("'", "&apos;")])
    func oneCharacterToEscapeAtTheEndOfALongCleanText(character: String, escaped: String) {
        let clean = String(repeating: "R-3ea517ee;广州市越秀区;\u{FFFD};", count: 400)
        #expect(!needsMarkupEscaping(clean))
        #expect(xmlEscaped(clean) == clean)
        #expect(needsMarkupEscaping(clean + character))
        #expect(xmlEscaped(clean + character) == clean + escaped)
    }

    @Test func nodeIDsAreNameTokensAndDistinct() {
        #expect(GraphMLExport.nodeID(.seller, "S1") == "seller:S1")
        #expect(GraphMLExport.nodeID(.address, "a b") == "address:a:20b")
        #expect(GraphMLExport.nodeID(.address, "a:20b") != GraphMLExport.nodeID(.address, "a b"))
        #expect(GraphMLExport.nodeID(.seller, "1001") != GraphMLExport.nodeID(.address, "1001"))
        let id = GraphMLExport.nodeID(.address, "幸福路 <88>")
        #expect(id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || ".-_:".unicodeScalars.contains($0)) })
    }

    @Test func i2TablesHaveTheirHeadersAndNeutraliseFormulas() throws {
        let investigation = try investigate(MiniWorld(firstRingSellerCell: "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""))
        let ringA = ring(containing: "A1", investigation)
        let entities = String(decoding: I2Export.entities(for: [ringA], in: investigation), as: UTF8.self).split(separator: "\n")
        #expect(entities.first == "entity_type,entity_id,label,ring_id,role,city,province,lat,lon,confirmed_fakes,seizures")
        #expect(entities.count == 1 + ringA.members.count)
        let seller = entities.first { $0.hasPrefix("seller,A1,") }!
        #expect(seller.hasPrefix("seller,A1,\"'=HYPERLINK("))
        #expect(entities.contains { $0.hasPrefix("factory,WS,Shared workshop,\(ringA.id),") && $0.contains(",Putian,Fujian,25.4,119,") })

        let links = String(decoding: I2Export.links(for: [ringA], in: investigation), as: UTF8.self).split(separator: "\n")
        #expect(links.first == "from_type,from_id,to_type,to_id,link_type,first_seen,last_seen,ring_id,source_file,source_line,image_file,box,confidence,text_read")
        #expect(links.count == 1 + 49)
        #expect(links.contains { $0.hasPrefix("seller,A1,storefront,AS1_1,operates,,,\(ringA.id),storefronts.csv,") })
        #expect(links.contains { $0.hasPrefix("payment_account,PA1,payment_account,PA2,transfers_to,") && $0.contains(",links.csv,") })
    }

    @Test func theRunFolderHoldsTheExports() throws {
        let directory = try MiniWorld().write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = NSTemporaryDirectory() + "ringscope-run-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: run) }
        let loaded = try DatasetLoader(directory: directory).load()
        var options = CaseFileWriter.Options()
        options.formats = []
        let manifest = try CaseFileWriter().write(Investigation(network: loaded.network), datasetDirectory: directory,
                                                  files: loaded.files, to: run, options: options)
        let outputs = Set(manifest.outputs.map(\.path))
        #expect(outputs.isSuperset(of: ["graph.graphml", "i2/entities.csv", "i2/links.csv"]))
        _ = try parse([UInt8](FileManager.default.contents(atPath: run + "/graph.graphml")!))
    }
}
