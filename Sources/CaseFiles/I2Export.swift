import Investigation
import SellerGraph

/// `i2/entities.csv` and `i2/links.csv`: the packaged rings as tables shaped for i2 Analyst's
/// Notebook's tabular import (docs/exports.md gives the import steps).
///
/// Rows are per ring: an entity in two rings has two entity rows, one per `ring_id`, so an
/// analyst can filter a chart to one ring; Analyst's Notebook merges rows of the same identity
/// into one chart item. Links are the ring's dataset links (the relation as link type) and its
/// sellers running storefronts (`operates`), each with the file and line it came from. Both
/// files go through ``CSVWriter``, which neutralises spreadsheet formulas.
enum I2Export {
    static func entities(for rings: [Ring], in investigation: Investigation) -> [UInt8] {
        let network = investigation.network
        var csv = CSVWriter()
        csv.writeRow("entity_type", "entity_id", "label", "ring_id", "role", "city", "province", "lat", "lon", "confirmed_fakes", "seizures")
        for ring in rings {
            for member in ring.members {
                let (kind, entity) = (member.kind, member.entity)
                let table = network.table(kind)
                let coordinates = network.coordinates(kind, entity)
                csv.writeRow(kind.rawValue, network.id(kind, entity), GraphMLExport.label(kind, entity, network), ring.id, member.role,
                             table.attribute("city", of: entity), table.attribute("province", of: entity),
                             decimal(coordinates.latitude), decimal(coordinates.longitude),
                             String(network.evidenceCount(kind, entity, of: .testPurchaseFake)),
                             String(network.evidenceCount(kind, entity, of: .seizure)))
            }
        }
        return csv.bytes
    }

    static func links(for rings: [Ring], in investigation: Investigation) -> [UInt8] {
        let network = investigation.network
        var csv = CSVWriter()
        csv.writeRow("from_type", "from_id", "to_type", "to_id", "link_type", "first_seen", "last_seen", "ring_id", "source_file", "source_line",
                     "image_file", "box", "confidence", "text_read")
        for ring in rings {
            for edge in ExportGraph.edges(of: ring, in: network) {
                csv.writeRow(edge.sourceKind.rawValue, network.id(edge.sourceKind, edge.source),
                             edge.targetKind.rawValue, network.id(edge.targetKind, edge.target), edge.type,
                             Dates.format(edge.firstSeen), Dates.format(edge.lastSeen), ring.id, edge.sourceFile, String(edge.sourceLine),
                             edge.reading.map { network.images.files[Int($0.image)] } ?? "", edge.reading.map { "\($0.box)" } ?? "",
                             edge.reading.map { twoDecimals($0.confidence) } ?? "", edge.reading?.text ?? "")
            }
        }
        return csv.bytes
    }
}
