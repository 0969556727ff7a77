import Investigation
import SellerGraph

/// `graph.graphml`: the packaged rings as one directed GraphML 1.0 graph, for Gephi and yEd.
///
/// One node per distinct entity of the rings, its id `kind:entity_id` (unique across kinds,
/// since dataset ids are unique within a kind only); one edge per ring link (the dataset's
/// relation) and per seller running a storefront (`operates`). Attributes are plain GraphML
/// `<data>` keys, which both tools read (no yEd-specific graphics). An entity in several rings
/// lists them all in `ring_id` and `role` (space- and `; `-separated); `ring_rank`, `ring_score`
/// and `assessment` are those of its strongest ring. Nodes are ordered by kind then file order,
/// edges by relation then file order, so the same run gives the same bytes.
enum GraphMLExport {
    /// A GraphML attribute: its key id (also its name), what it is for and its type.
    private struct Key {
        var name: String
        var domain: String
        var type: String
    }

    private static let nodeKeys = [
        Key(name: "entity_type", domain: "node", type: "string"), Key(name: "entity_id", domain: "node", type: "string"),
        Key(name: "label", domain: "node", type: "string"), Key(name: "role", domain: "node", type: "string"),
        Key(name: "ring_id", domain: "node", type: "string"), Key(name: "ring_rank", domain: "node", type: "int"),
        Key(name: "ring_score", domain: "node", type: "double"), Key(name: "assessment", domain: "node", type: "string"),
        Key(name: "city", domain: "node", type: "string"), Key(name: "province", domain: "node", type: "string"),
        Key(name: "lat", domain: "node", type: "double"), Key(name: "lon", domain: "node", type: "double"),
        Key(name: "confirmed_fakes", domain: "node", type: "int"), Key(name: "seizures", domain: "node", type: "int"),
        Key(name: "evidence_rows", domain: "node", type: "int"),
    ]

    private static let edgeKeys = [
        Key(name: "relation", domain: "edge", type: "string"), Key(name: "first_seen", domain: "edge", type: "string"),
        Key(name: "last_seen", domain: "edge", type: "string"), Key(name: "ring_id", domain: "edge", type: "string"),
        Key(name: "source_file", domain: "edge", type: "string"), Key(name: "source_line", domain: "edge", type: "int"),
        // A link read from a photo: which photo, where on it, how sure, what it said.
        Key(name: "image_file", domain: "edge", type: "string"), Key(name: "box", domain: "edge", type: "string"),
        Key(name: "confidence", domain: "edge", type: "double"), Key(name: "text_read", domain: "edge", type: "string"),
    ]

    /// The GraphML document of `rings` (UTF-8).
    static func document(for rings: [Ring], in investigation: Investigation) -> [UInt8] {
        let network = investigation.network
        let graph = ExportGraph(rings: rings, network: network)
        var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">

        """
        // Key ids are prefixed by domain: `ring_id` is both a node and an edge attribute.
        for key in nodeKeys + edgeKeys {
            xml += "  <key id=\"\(key.domain == "node" ? "n" : "e")_\(key.name)\" for=\"\(key.domain)\" attr.name=\"\(key.name)\" attr.type=\"\(key.type)\"/>\n"
        }
        xml += "  <graph id=\"rings\" edgedefault=\"directed\">\n"
        for node in graph.nodes {
            let (kind, entity) = (node.kind, node.entity)
            let strongest = node.memberships[0].ring
            let table = network.table(kind)
            let coordinates = network.coordinates(kind, entity)
            var roles: [String] = []
            for membership in node.memberships where !roles.contains(membership.role) { roles.append(membership.role) }
            xml += "    <node id=\"\(nodeID(kind, network.id(kind, entity)))\">\n"
            let values: [(String, String)] = [
                ("entity_type", kind.rawValue), ("entity_id", network.id(kind, entity)), ("label", label(kind, entity, network)),
                ("role", roles.joined(separator: "; ")), ("ring_id", node.memberships.map(\.ring.id).joined(separator: " ")),
                ("ring_rank", String(strongest.rank)), ("ring_score", oneDecimal(strongest.score)),
                ("assessment", strongest.assessment.rawValue),
                ("city", table.attribute("city", of: entity)), ("province", table.attribute("province", of: entity)),
                ("lat", decimal(coordinates.latitude)), ("lon", decimal(coordinates.longitude)),
                ("confirmed_fakes", String(network.evidenceCount(kind, entity, of: .testPurchaseFake))),
                ("seizures", String(network.evidenceCount(kind, entity, of: .seizure))),
                ("evidence_rows", String(network.evidenceByEntity[kind.index].degree(of: entity))),
            ]
            appendData(values, prefix: "n", to: &xml)
            xml += "    </node>\n"
        }
        for (position, (edge, ringIDs)) in graph.edges.enumerated() {
            xml += "    <edge id=\"e\(position + 1)\" source=\"\(nodeID(edge.sourceKind, network.id(edge.sourceKind, edge.source)))\""
                + " target=\"\(nodeID(edge.targetKind, network.id(edge.targetKind, edge.target)))\">\n"
            appendData([("relation", edge.type), ("first_seen", Dates.format(edge.firstSeen)), ("last_seen", Dates.format(edge.lastSeen)),
                        ("ring_id", ringIDs.joined(separator: " ")), ("source_file", edge.sourceFile),
                        ("source_line", String(edge.sourceLine)),
                        ("image_file", edge.reading.map { network.images.files[Int($0.image)] } ?? ""), ("box", edge.reading.map { "\($0.box)" } ?? ""),
                        ("confidence", edge.reading.map { twoDecimals($0.confidence) } ?? ""), ("text_read", edge.reading?.text ?? "")],
                       prefix: "e", to: &xml)
            xml += "    </edge>\n"
        }
        xml += "  </graph>\n</graphml>\n"
        return Array(xml.utf8)
    }

    /// `<data>` elements; empty values are left out (GraphML reads a missing value as unknown,
    /// where an empty `double` would not parse).
    private static func appendData(_ values: [(String, String)], prefix: String, to xml: inout String) {
        for (name, value) in values where !value.isEmpty {
            xml += "      <data key=\"\(prefix)_\(name)\">\(xmlEscaped(value))</data>\n"
        }
    }

    /// The name to show: the entity's name, or its id when the dataset has none.
    static func label(_ kind: EntityKind, _ entity: Int32, _ network: SellerNetwork) -> String {
        let name = network.displayName(kind, entity)
        return name.isEmpty ? network.id(kind, entity) : name
    }

    /// `seller:S1`: a GraphML node id (an `xs:NMTOKEN`) unique across kinds. ASCII letters,
    /// digits, `.`, `-` and `_` are kept; any other byte of the id is written `:HH`, so ids with
    /// spaces or non-Latin letters stay valid, and distinct ids stay distinct (the id itself holds
    /// no bare `:` after the kind).
    static func nodeID(_ kind: EntityKind, _ id: String) -> String {
        var result = kind.rawValue + ":"
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result.unicodeScalars.append(":")
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }
}

