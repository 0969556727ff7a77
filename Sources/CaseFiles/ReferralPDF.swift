import CaseStore
import Investigation
import Rendering
import SellerGraph

/// The referral as a PDF (`referral.pdf`), the document that goes into a case file: the same
/// facts as `referral.md` (``Referral``), typeset by ``PDFDocumentWriter`` with the ring
/// diagram on a page of its own.
///
/// The short sections an officer acts on come first (summary, score, factories to raid,
/// jurisdictions, hubs, limits), then the diagram, then the long tables of entities and
/// evidence, cut at ``tableRowLimit`` rows with a pointer to the CSV file that has them all.
/// Values from the dataset go to the PDF as plain text, never as markup.
enum ReferralPDF {
    /// Rows of the entities and evidence tables shown in the PDF; the CSV files hold every row.
    static let tableRowLimit = 200

    /// The PDF of `ring`'s referral.
    ///
    /// - Parameter diagram: the ring diagram as laid out for `diagram.*`, drawn on its own page
    ///   as vectors; `nil` leaves it out (with `diagramNote`, if given, saying why).
    ///   If the diagram cannot be drawn, the PDF is made without it, with a note saying why:
    ///   the text of a referral matters more than its picture.
    /// - Parameter map: the ring's map, on a landscape page of its own; `nil` leaves it out.
    /// - Parameter pictures: crops of the photos the ring's identifiers were read from, each
    ///   with the sentence that says what was read where.
    static func render(_ ring: Ring, investigation: Investigation, diagram: DiagramLayout?, diagramNote: String? = nil, map: MapScene? = nil,
                       pictures: [(picture: ReportPicture, caption: String)] = [], cases: RunCases? = nil) throws -> [UInt8] {
        do {
            return try PDFDocumentWriter.render(document(for: ring, investigation: investigation, diagram: diagram, diagramNote: diagramNote,
                                                         map: map, pictures: pictures, cases: cases))
        } catch let error as RenderingError where diagram != nil || map != nil {
            let note = "The diagram or map could not be placed in this PDF (\(error.description)); see diagram.svg in this folder."
            return try PDFDocumentWriter.render(document(for: ring, investigation: investigation, diagram: nil, diagramNote: note, pictures: pictures, cases: cases))
        }
    }

    static func document(for ring: Ring, investigation: Investigation, diagram: DiagramLayout?, diagramNote: String? = nil, map: MapScene? = nil,
                         pictures: [(picture: ReportPicture, caption: String)] = [], cases: RunCases? = nil) -> ReportDocument {
        let network = investigation.network
        var blocks: [ReportDocument.Block] = []

        blocks.append(.heading("Summary"))
        blocks.append(.paragraph([.bold("Summary. "), ReportDocument.Run(ring.summary + ".")]))
        var counts: [String] = [plural(ring.sellers.count, "seller")]
        let kinds: [(EntityKind, String, String)] = [(.storefront, "storefront", "storefronts"), (.paymentAccount, "payment account", "payment accounts"),
                                                     (.address, "address", "addresses"), (.factory, "factory", "factories")]
        for (kind, word, words) in kinds {
            let count = ring.members.filter { $0.kind == kind }.count
            if count > 0 { counts.append(plural(count, word, words)) }
        }
        blocks.append(.paragraph([.bold("Entities. "), ReportDocument.Run(counts.joined(separator: ", ") + ".")]))
        if let diagramNote { blocks.append(.note(diagramNote)) }
        if let cases, let ringCase = cases.rings[ring.id] { blocks += CaseSections.blocks(ringCase, run: cases.run, since: cases.changes.since) }
        blocks += RankReasons.blocks(cases?.explanations[ring.id], model: cases?.rankingModel)

        blocks.append(.heading("Score and reasons"))
        blocks.append(.table(
            columns: [.init("component", width: 1.6), .init("points", width: 0.6, alignsRight: true), .init("reason", width: 5, maxLines: nil)],
            rows: ring.components.map { [$0.name, oneDecimal($0.points), $0.reason] }
                + [["total", oneDecimal(ring.score), "capped to 0–100; below 50 without confirmed counterfeits"]]
        ))

        blocks.append(.heading("Factories to raid"))
        let factories = investigation.factories.entries.filter { $0.rings.contains(ring.id) }
        if factories.isEmpty {
            blocks.append(.paragraph(["No factory on record supplies this ring."]))
        } else {
            let table = network.table(.factory)
            blocks.append(.table(
                columns: [.init("raid rank", width: 0.55, alignsRight: true), .init("factory", width: 1.2), .init("name", width: 1.4),
                          .init("city, province", width: 1.1), .init("lat, lon", width: 1), .init("score", width: 0.62, alignsRight: true),
                          .init("reasons", width: 2.88, maxLines: nil)],
                rows: factories.map { entry in
                    let factory = entry.factory
                    return [String(entry.rank), network.id(.factory, factory), table.attribute("name", of: factory),
                            [table.attribute("city", of: factory), table.attribute("province", of: factory)].filter { !$0.isEmpty }.joined(separator: ", "),
                            "\(decimal(table.latitudes[Int(factory)])), \(decimal(table.longitudes[Int(factory)]))",
                            oneDecimal(entry.score), entry.reasons]
                }
            ))
        }

        blocks.append(.heading("Jurisdictions"))
        let places = Referral.jurisdictions(of: ring, in: network)
        if places.isEmpty {
            blocks.append(.paragraph(["The dataset records no city or province for this ring's entities."]))
        } else {
            blocks.append(.bullets(places.map { [ReportDocument.Run($0.place), ReportDocument.Run(": " + plural($0.count, "entity", "entities"))] }))
        }

        blocks.append(.heading("Hubs discounted"))
        if ring.hubs.isEmpty {
            blocks.append(.paragraph(["The ring touches no hub."]))
        } else {
            blocks.append(.paragraph(["Shared by far more sellers than any ring pool, these were kept out of the linking: sharing them is not evidence."]))
            blocks.append(.bullets(ring.hubs.map { touched in
                let hub = touched.hub
                return [.bold("\(hub.kind.rawValue) \(network.id(hub.kind, hub.entity))"),
                        ReportDocument.Run(" (\(network.displayName(hub.kind, hub.entity))): used by \(hub.sellers) sellers; \(touched.ringLinks) links from this ring")]
            }))
        }

        if let merges = Referral.addressMerges(of: ring, investigation: investigation) {
            blocks.append(.heading("Addresses written several ways"))
            if merges.lines.isEmpty {
                blocks.append(.paragraph(["None of this ring's addresses was found written another way."]))
            } else {
                blocks.append(.bullets(merges.lines.map { [ReportDocument.Run($0)] }))
                if merges.omitted > 0 { blocks.append(.note("… and \(merges.omitted) more; ringscope resolve lists every merge.")) }
            }
        }

        blocks += identifierBlocks(of: ring, investigation: investigation, pictures: pictures)

        blocks.append(.heading("Limits of this analysis"))
        blocks.append(.bullets([
            [.bold("Observed"), " (rows of the dataset, with file and line in evidence.csv and links.csv of this folder): the links between these entities and the evidence listed below."],
            [.bold("Inferred"), ReportDocument.Run(": that these sellers act together. RingScope groups sellers that share payout accounts, addresses, factories and money transfers (Leiden community detection, CPM resolution \(investigation.resolution), seed recorded in manifest.json); a shared entity is a lead, not proof of common control.")],
            [ReportDocument.Run("Hubs (entities used by more than \(investigation.projection.hubLimit) sellers) were left out of the grouping; sellers linked only through them are not in this ring.")],
            ["Evidence is only as good as its source: brand complaints are unverified; price anomalies and keyword matches are indicators. Only confirmed fake test purchases and seizures are confirmations."],
        ]))

        if let diagram {
            blocks.append(.diagram(diagram, caption: "Ring diagram \(ring.id) (also diagram.svg, diagram.pdf and diagram.dot in this folder)"))
        }
        if let map {
            blocks.append(.map(map, caption: "Map of ring \(ring.id): its addresses and the factories that supply it"))
        }

        blocks.append(.heading("Entities"))
        blocks.append(.table(
            columns: [.init("type", width: 1.2), .init("id", width: 1.3), .init("role", width: 1.4), .init("name", width: 2.2), .init("place", width: 1.8)],
            rows: ring.members.prefix(tableRowLimit).map { member in
                [member.kind.rawValue, network.id(member.kind, member.entity), member.role,
                 network.displayName(member.kind, member.entity), network.place(member.kind, member.entity)]
            }
        ))
        if ring.members.count > tableRowLimit {
            blocks.append(.note("The first \(tableRowLimit) of \(ring.members.count) entities; members.csv in this folder lists them all."))
        }

        blocks.append(.heading("Evidence"))
        if ring.evidence.isEmpty {
            blocks.append(.paragraph(["No evidence rows concern this ring's entities."]))
        } else {
            blocks.append(.table(
                columns: [.init("entity", width: 1.7), .init("kind", width: 1.3), .init("brand", width: 1), .init("observed on", width: 0.9),
                          .init("reference", width: 1.4), .init("source", width: 1.5)],
                rows: ring.evidence.prefix(tableRowLimit).map { index in
                    let record = network.evidence[Int(index)]
                    return ["\(record.entityKind.rawValue) \(network.id(record.entityKind, record.entity))", record.kind.rawValue,
                            record.brand, Dates.format(record.observedOn), record.reference, "evidence.csv line \(record.line)"]
                }
            ))
            if ring.evidence.count > tableRowLimit {
                blocks.append(.note("The first \(tableRowLimit) of \(ring.evidence.count) evidence rows; evidence.csv in this folder lists them all, with source file and line."))
            }
        }

        return ReportDocument(
            title: "Referral \(ring.id): \(ring.assessment.title)",
            subtitle: "Rank \(ring.rank) of \(investigation.rings.count) candidates · score \(oneDecimal(ring.score)) / 100 · dataset \(network.name)",
            footer: "RingScope referral \(ring.id)",
            blocks: blocks
        )
    }
}
