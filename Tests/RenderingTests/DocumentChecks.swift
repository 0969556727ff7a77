import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Rendering

/// Facts read back from rendered documents.
enum DocumentChecks {
    /// Parses SVG as XML; returns the `class` of every `<g>` and the content of its `<text>` elements, one per line, or nil
    /// when the XML does not parse.
    static func parseSVG(_ bytes: [UInt8]) -> (groupClasses: [String], text: String, elements: Set<String>)? {
        final class Collector: NSObject, XMLParserDelegate {
            var classes: [String] = []
            var elements = Set<String>()
            var text = ""
            var insideText = false
            func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                elements.insert(elementName)
                if elementName == "g", let kind = attributes["class"] { classes.append(kind) }
                insideText = elementName == "text"
            }
            func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
                if elementName == "text" { text += "\n"; insideText = false }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if insideText { text += string } }
        }
        let parser = XMLParser(data: Data(bytes))
        // The DOCTYPE names an external DTD; never fetch it.
        parser.shouldResolveExternalEntities = false
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else { return nil }
        return (collector.classes, collector.text, collector.elements)
    }

    /// The first `<text>` of every node group: its content and position (SVG y grows down).
    static func nodeLabels(svg: [UInt8]) -> [(text: String, x: Double, y: Double)] {
        final class Collector: NSObject, XMLParserDelegate {
            var inNode = false
            var pending: (x: Double, y: Double)?
            var captured = false
            var result: [(text: String, x: Double, y: Double)] = []
            func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if elementName == "g" { inNode = attributes["class"] == "node"; captured = false }
                if elementName == "text", inNode, !captured {
                    pending = (Double(attributes["x"] ?? "") ?? .nan, Double(attributes["y"] ?? "") ?? .nan)
                }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                if let position = pending {
                    result.append((string, position.x, position.y))
                    pending = nil
                    captured = true
                }
            }
        }
        let parser = XMLParser(data: Data(svg))
        parser.shouldResolveExternalEntities = false
        let collector = Collector()
        parser.delegate = collector
        _ = parser.parse()
        return collector.result
    }

    static func nodeCount(svg: [UInt8]) -> Int? {
        parseSVG(svg)?.groupClasses.filter { $0 == "node" }.count
    }

    /// Width and height from a PNG's IHDR chunk, or nil if the signature or IHDR is wrong.
    static func pngSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count > 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        func bigEndian(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (bigEndian(16), bigEndian(20))
    }

    static func isPDF(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: Array("%PDF-".utf8)) && String(decoding: bytes.suffix(1024), as: UTF8.self).contains("%%EOF")
    }

    static func text(_ bytes: [UInt8]?) -> String { String(decoding: bytes ?? [], as: UTF8.self) }
}
