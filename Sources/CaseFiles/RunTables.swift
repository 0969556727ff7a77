import CaseStore
import Investigation
import SellerGraph

/// The machine-readable tables of a run (DESIGN.md's output contract), as CSV bytes.
/// Every cell goes through ``CSVWriter``, which neutralises spreadsheet formulas.
enum RunTables {
    /// `rings.csv`: the contract's columns, then `assessment`, `seizures`, `genuine_purchases`,
    /// `hubs_touched`, then `case_id` and `change` from the case store (empty without one, or for
    /// a cluster without evidence that holds no case).
    static func rings(_ investigation: Investigation, cases: RunCases? = nil) -> [UInt8] {
        var csv = CSVWriter()
        csv.writeRow("ring_id", "rank", "score", "sellers", "storefronts", "payment_accounts", "addresses", "factories",
                     "confirmed_fakes", "brands", "summary", "assessment", "seizures", "genuine_purchases", "hubs_touched", "case_id", "change")
        for ring in investigation.rings {
            csv.writeRow(ring.id, String(ring.rank), oneDecimal(ring.score), String(ring.sellers.count), String(ring.storefronts.count),
                         String(ring.members(.paymentAccount).count), String(ring.members(.address).count), String(ring.members(.factory).count),
                         String(ring.confirmedFakes), ring.brands.joined(separator: "; "), ring.summary, ring.assessment.rawValue,
                         String(ring.seizures), String(ring.genuinePurchases), String(ring.hubs.count),
                         cases?.rings[ring.id]?.caseID ?? "", cases?.rings[ring.id]?.change ?? "")
        }
        return csv.bytes
    }

    /// `ring_members.csv`: the contract's columns, then `resolved_address`: for an address when
    /// addresses were resolved, the id of its place (the first-listed spelling of its cluster in
    /// addresses.csv; its own id when no other spelling was found), empty otherwise.
    static func ringMembers(_ investigation: Investigation) -> [UInt8] {
        let network = investigation.network
        var csv = CSVWriter()
        csv.writeRow("ring_id", "entity_type", "entity_id", "role", "resolved_address")
        for ring in investigation.rings {
            for member in ring.members {
                // (An identifier's `place` is its folded group, not an address.)
                csv.writeRow(ring.id, member.kind.rawValue, network.id(member.kind, member.entity), member.role,
                             member.kind == .address ? member.place.map { network.id(.address, $0) } ?? "" : "")
            }
        }
        return csv.bytes
    }

    static func factories(_ investigation: Investigation) -> [UInt8] {
        let network = investigation.network
        let table = network.table(.factory)
        var csv = CSVWriter()
        csv.writeRow("rank", "factory_id", "name", "score", "rings", "storefronts", "confirmed_fakes", "city", "province", "lat", "lon",
                     "reasons", "ring_ids", "supplied_storefronts")
        for entry in investigation.factories.entries {
            let factory = entry.factory
            csv.writeRow(String(entry.rank), network.id(.factory, factory), table.attribute("name", of: factory), oneDecimal(entry.score),
                         String(entry.rings.count), String(entry.ringStorefronts), String(entry.confirmedFakes),
                         table.attribute("city", of: factory), table.attribute("province", of: factory),
                         decimal(table.latitudes[Int(factory)]), decimal(table.longitudes[Int(factory)]),
                         entry.reasons, entry.rings.joined(separator: " "), String(entry.suppliedStorefronts))
        }
        return csv.bytes
    }

    static func hubs(_ investigation: Investigation) -> [UInt8] {
        let network = investigation.network
        var csv = CSVWriter()
        csv.writeRow("entity_type", "entity_id", "name", "sellers", "links", "reason")
        for hub in investigation.projection.hubs {
            csv.writeRow(hub.kind.rawValue, network.id(hub.kind, hub.entity), network.displayName(hub.kind, hub.entity),
                         String(hub.sellers), String(hub.links),
                         "used by \(hub.sellers) sellers (limit \(investigation.projection.hubLimit)): shared infrastructure, not evidence; kept out of linking")
        }
        return csv.bytes
    }

    /// `lone_sellers.csv`: the counterfeiters taken out of honest groups (method.md, "Lone
    /// counterfeiters in honest groups"), in seller order: the seller, its storefronts, its
    /// confirmed fakes and seizures with their brands, the group it was taken from (size, the ring
    /// id and assessment of the rest when two or more remain, every seller id) and why.
    static func loneSellers(_ investigation: Investigation) -> [UInt8] {
        let network = investigation.network
        let assessments = Dictionary(investigation.rings.map { ($0.id, $0.assessment.rawValue) }, uniquingKeysWith: { first, _ in first })
        var csv = CSVWriter()
        csv.writeRow("seller_id", "name", "storefronts", "confirmed_fakes", "brands", "group_sellers", "group_ring_id",
                     "group_assessment", "group_seller_ids", "reason")
        for lone in investigation.loneSellers {
            let reason = "the only one of \(lone.group.count) sellers sharing infrastructure with counterfeit indicators; "
                + (lone.confirmedFakes == 1 ? "the group's one confirmed fake or seizure is on it" : "all \(lone.confirmedFakes) of the group's confirmed fakes and seizures are on it")
                + ", none on what they share"
            csv.writeRow(network.id(.seller, lone.seller), network.displayName(.seller, lone.seller), String(lone.storefronts),
                         String(lone.confirmedFakes), lone.brands.joined(separator: "; "), String(lone.group.count),
                         lone.remainderRing ?? "", lone.remainderRing.flatMap { assessments[$0] } ?? "",
                         lone.group.map { network.id(.seller, $0) }.joined(separator: " "), reason)
        }
        return csv.bytes
    }

    // MARK: - Per ring

    static func members(_ ring: Ring, _ network: SellerNetwork) -> [UInt8] {
        var csv = CSVWriter()
        csv.writeRow("entity_type", "entity_id", "role", "name", "place", "ring_sellers_using_it", "evidence_rows")
        for member in ring.members {
            csv.writeRow(member.kind.rawValue, network.id(member.kind, member.entity), member.role,
                         network.displayName(member.kind, member.entity), network.place(member.kind, member.entity),
                         String(member.ringSellers), String(network.evidenceByEntity[member.kind.index].degree(of: member.entity)))
        }
        for touched in ring.hubs {
            csv.writeRow(touched.hub.kind.rawValue, network.id(touched.hub.kind, touched.hub.entity), "hub_not_member",
                         network.displayName(touched.hub.kind, touched.hub.entity), network.place(touched.hub.kind, touched.hub.entity),
                         "", String(network.evidenceByEntity[touched.hub.kind.index].degree(of: touched.hub.entity)))
        }
        return csv.bytes
    }

    static func evidence(_ ring: Ring, _ network: SellerNetwork) -> [UInt8] {
        var csv = CSVWriter()
        csv.writeRow("entity_type", "entity_id", "kind", "brand", "observed_on", "reference", "source_file", "source_line", "reported_by")
        for index in ring.evidence {
            let record = network.evidence[Int(index)]
            csv.writeRow(record.entityKind.rawValue, network.id(record.entityKind, record.entity), record.kind.rawValue, record.brand,
                         Dates.format(record.observedOn), record.reference, DatasetLoader.evidenceFile, String(record.line), record.source)
        }
        return csv.bytes
    }

    static func links(_ ring: Ring, _ network: SellerNetwork) -> [UInt8] {
        var csv = CSVWriter()
        // A link read from an image names the image, the box, the confidence and the text read.
        csv.writeRow("source_id", "target_id", "relation", "first_seen", "last_seen", "source_file", "source_line",
                     "image_file", "box", "confidence", "text_read")
        for (relation, link) in ring.links {
            let links = network.links(relation)
            let reading = links.reading(of: link).map { network.readings[Int($0)] }
            csv.writeRow(network.id(relation.sourceKind, links.sources[Int(link)]), network.id(relation.targetKind, links.targets[Int(link)]),
                         relation.rawValue, Dates.format(links.firstSeen[Int(link)]), Dates.format(links.lastSeen[Int(link)]),
                         reading == nil ? DatasetLoader.linkFile : DatasetLoader.imageFile, String(links.lines[Int(link)]),
                         reading.map { network.images.files[Int($0.image)] } ?? "", reading.map { "\($0.box)" } ?? "",
                         reading.map { twoDecimals($0.confidence) } ?? "", reading?.text ?? "")
        }
        return csv.bytes
    }
}
