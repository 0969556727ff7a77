import CaseStore
import Investigation
import SellerGraph

/// The case summary an investigator sends (`referral.md`): what the ring is, its entities, the
/// evidence with references and dates, the score and its reasons, the hubs discounted, the
/// factories to raid, the jurisdictions, and the limits of the analysis.
/// Every value from the dataset is escaped for Markdown (see ``markdownEscaped(_:)``).
enum Referral {
    static func markdown(for ring: Ring, investigation: Investigation, diagram: String?, diagramNote: String? = nil, cases: RunCases? = nil) -> String {
        let network = investigation.network
        var text = "# Referral \(ring.id): \(ring.assessment.title)\n\n"
        text += "Rank \(ring.rank) of \(investigation.rings.count) candidates · score \(oneDecimal(ring.score)) / 100 · dataset `\(markdownEscaped(network.name))`\n\n"
        text += "**Summary.** \(markdownEscaped(ring.summary)).\n\n"
        if let diagram { text += "![Ring diagram](\(diagram))\n\nThe diagram is also in `diagram.svg`, `diagram.pdf` and `diagram.dot` (the Graphviz source) in this folder.\n\n" }
        if let diagramNote { text += "\(markdownEscaped(diagramNote))\n\n" }
        if let cases, let ringCase = cases.rings[ring.id] { text += CaseSections.markdown(ringCase, run: cases.run, since: cases.changes.since) }
        text += RankReasons.markdown(cases?.explanations[ring.id], model: cases?.rankingModel)

        text += "## Score and reasons\n\n| component | points | reason |\n| --- | ---: | --- |\n"
        for component in ring.components {
            text += "| \(component.name) | \(oneDecimal(component.points)) | \(markdownEscaped(component.reason)) |\n"
        }
        text += "| **total** | **\(oneDecimal(ring.score))** | capped to 0–100; below 50 without confirmed counterfeits |\n\n"

        text += "## Entities\n\n"
        text += markdownTable(["type", "id", "role", "name", "place"], ring.members.map { member in
            [member.kind.rawValue, markdownEscaped(network.id(member.kind, member.entity)), member.role,
             markdownEscaped(network.displayName(member.kind, member.entity)), markdownEscaped(network.place(member.kind, member.entity))]
        })

        text += "## Evidence\n\n"
        if ring.evidence.isEmpty {
            text += "No evidence rows concern this ring's entities.\n\n"
        } else {
            text += markdownTable(["entity", "kind", "brand", "observed on", "reference", "source"], ring.evidence.map { index in
                let record = network.evidence[Int(index)]
                return ["\(record.entityKind.rawValue) \(markdownEscaped(network.id(record.entityKind, record.entity)))", record.kind.rawValue,
                        markdownEscaped(record.brand), Dates.format(record.observedOn), markdownEscaped(record.reference), "evidence.csv line \(record.line)"]
            })
        }

        text += "## Hubs discounted\n\n"
        if ring.hubs.isEmpty {
            text += "The ring touches no hub.\n\n"
        } else {
            text += "Shared by far more sellers than any ring pool, these were kept out of the linking: sharing them is not evidence.\n\n"
            for touched in ring.hubs {
                let hub = touched.hub
                text += "- \(hub.kind.rawValue) \(markdownEscaped(network.id(hub.kind, hub.entity))) (\(markdownEscaped(network.displayName(hub.kind, hub.entity)))): used by \(hub.sellers) sellers; \(touched.ringLinks) links from this ring\n"
            }
            text += "\n"
        }

        if let merges = addressMerges(of: ring, investigation: investigation) {
            text += "## Addresses written several ways\n\n"
            if merges.lines.isEmpty {
                text += "None of this ring's addresses was found written another way.\n\n"
            } else {
                text += "These spellings were taken for one place each (`ringscope resolve` lists every merge with its points):\n\n"
                for line in merges.lines { text += "- \(markdownEscaped(line))\n" }
                if merges.omitted > 0 { text += "- … and \(merges.omitted) more (`ringscope resolve DATASET --csv`)\n" }
                text += "\n"
            }
        }

        text += identifierSection(of: ring, investigation: investigation)

        text += "## Factories to raid\n\n"
        let factories = investigation.factories.entries.filter { $0.rings.contains(ring.id) }
        if factories.isEmpty {
            text += "No factory on record supplies this ring.\n\n"
        } else {
            text += "| raid rank | factory | name | city | province | lat, lon | score | reasons |\n| ---: | --- | --- | --- | --- | --- | ---: | --- |\n"
            let table = network.table(.factory)
            for entry in factories {
                let factory = entry.factory
                text += "| \(entry.rank) | \(markdownEscaped(network.id(.factory, factory))) | \(markdownEscaped(table.attribute("name", of: factory))) | "
                text += "\(markdownEscaped(table.attribute("city", of: factory))) | \(markdownEscaped(table.attribute("province", of: factory))) | "
                text += "\(decimal(table.latitudes[Int(factory)])), \(decimal(table.longitudes[Int(factory)])) | \(oneDecimal(entry.score)) | \(markdownEscaped(entry.reasons)) |\n"
            }
            text += "\n"
        }

        text += "## Jurisdictions\n\n"
        let places = jurisdictions(of: ring, in: network)
        if places.isEmpty {
            text += "The dataset records no city or province for this ring's entities.\n\n"
        } else {
            for (place, count) in places {
                text += "- \(markdownEscaped(place)): \(plural(count, "entity", "entities"))\n"
            }
            text += "\n"
        }

        text += """
        ## Limits of this analysis

        - **Observed** (rows of the dataset, with file and line in `evidence.csv` and `links.csv` of this folder): the links between these entities and the evidence listed above.
        - **Inferred**: that these sellers act together. RingScope groups sellers that share payout accounts, addresses, factories and money transfers (Leiden community detection, CPM resolution \(investigation.resolution), seed recorded in `manifest.json`); a shared entity is a lead, not proof of common control.
        - Hubs (entities used by more than \(investigation.projection.hubLimit) sellers) were left out of the grouping; sellers linked only through them are not in this ring.
        - Evidence is only as good as its source: brand complaints are unverified; price anomalies and keyword matches are indicators. Only confirmed fake test purchases and seizures are confirmations.

        """
        return text
    }

    /// Merges shown in a referral at most.
    static let addressMergeLimit = 50

    /// When addresses were resolved: one sentence per merge within the places of the ring's
    /// addresses ("AD123 and AD456 are one address: same street number, room, street and
    /// district; 40 m apart"), at most ``addressMergeLimit``, and how many more there are.
    /// Nil when resolution did not run.
    static func addressMerges(of ring: Ring, investigation: Investigation) -> (lines: [String], omitted: Int)? {
        guard let resolution = investigation.projection.addressResolution else { return nil }
        let network = investigation.network
        let merges = resolution.merges(touching: ring.members.filter { $0.kind == .address }.map(\.entity))
        let lines = merges.prefix(addressMergeLimit).map { merge in
            "\(network.id(.address, merge.first)) and \(network.id(.address, merge.second)) are one address: \(merge.match.summary)"
        }
        return (lines, merges.count - lines.count)
    }

    /// Cities and provinces of the ring's entities (storefronts have none), most entities first
    /// (ties by name); the jurisdictions section of both ``markdown(for:investigation:diagram:diagramNote:)``
    /// and ``ReferralPDF``.
    static func jurisdictions(of ring: Ring, in network: SellerNetwork) -> [(place: String, count: Int)] {
        var places: [String: Int] = [:]
        for member in ring.members where member.kind != .storefront {
            let place = network.place(member.kind, member.entity)
            if !place.isEmpty { places[place, default: 0] += 1 }
        }
        return places.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension Ring.Assessment {
    var title: String {
        switch self {
        case .counterfeitRing: "counterfeit ring (confirmed)"
        case .suspectedRing: "suspected ring (unconfirmed)"
        case .legitimateCluster: "linked sellers without counterfeit evidence (likely legitimate)"
        }
    }
}

/// A Markdown table from cells that are already escaped.
func markdownTable(_ header: [String], _ rows: [[String]]) -> String {
    var text = "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: " --- |", count: header.count) + "\n"
    for row in rows { text += "| " + row.joined(separator: " | ") + " |\n" }
    return text + "\n"
}

func plural(_ count: Int, _ word: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? word : (plural ?? word + "s"))"
}

/// Markdown-escaped text for a table cell or a line: HTML and Markdown metacharacters are
/// backslash-escaped or entity-encoded, newlines become spaces, so no value from the dataset can
/// open a link or an image (no `[`), raw HTML (no `<`), emphasis or code, or break a table (no `|`).
func markdownEscaped(_ text: String) -> String {
    var escaped = ""
    for character in text {
        switch character {
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "&": escaped += "&amp;"
        case "\n", "\r", "\t": escaped += " "
        case "\\", "`", "*", "_", "[", "]", "|", "~":
            escaped += "\\" + String(character)
        default:
            if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) { escaped.append(character) }
        }
    }
    return escaped
}
