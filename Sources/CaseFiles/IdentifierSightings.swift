import Investigation
import SellerGraph

/// Where each of a ring's identifier ties came from, in words an officer can check: a row of
/// the dataset, or a place on a photo.
///
/// "Storefront SF… shows WeChat id wxid_… in listing image images/L0042.png (box 120,40–380,90,
/// confidence 0.91)": one sentence per `uses` or `registered_with` link of the ring, links read
/// from images first (they are what no other file shows), then shared identifiers, then the rest.
struct IdentifierSighting {
    var sentence: String
    /// For a link read from an image: the reading (image, box, confidence, text).
    var reading: ImageReading?

    /// A reading under this confidence is called weaker evidence in the sentence.
    static let lowConfidence = 0.6

    static func sightings(of ring: Ring, in investigation: Investigation) -> [IdentifierSighting] {
        let network = investigation.network
        let table = network.table(.identifier)
        let shared = Set(ring.members.filter { $0.kind == .identifier && $0.role.hasPrefix("shared_") }.map(\.entity))
        var fromImages: [IdentifierSighting] = [], sharedRows: [IdentifierSighting] = [], others: [IdentifierSighting] = []
        for (relation, link) in ring.links where relation == .uses || relation == .registeredWith {
            let links = network.links(relation)
            let source = links.sources[Int(link)], identifier = links.targets[Int(link)]
            let kind = table.identifierKinds[Int(identifier)]
            let subject = relation == .uses ? "Storefront \(network.id(.storefront, source))" : "Seller \(network.id(.seller, source))"
            let folded = FoldedIdentifier.fold(table.identifierValues[Int(identifier)], kind: kind)
            let foldedNote = folded.map { $0.key != table.identifierValues[Int(identifier)] ? " (read as \($0.key))" : "" } ?? ""
            if let readingIndex = links.reading(of: link) {
                let reading = network.readings[Int(readingIndex)]
                let image = Int(reading.image)
                let kindWords = network.images.kinds[image].map { $0.rawValue.replacingOccurrences(of: "_", with: " ") } ?? "image"
                var sentence = "\(subject) shows \(kind.title) \(reading.value)\(foldedNote) in \(kindWords) \(network.images.files[image])"
                sentence += " (box \(reading.box), confidence \(twoDecimals(reading.confidence)))"
                if !reading.note.isEmpty { sentence += "; \(reading.note)" }
                if reading.confidence < lowConfidence { sentence += "; low confidence: weaker evidence, check the photo" }
                sentence += "; text read: \u{201C}\(reading.text)\u{201D}; images.csv line \(links.lines[Int(link)])"
                fromImages.append(IdentifierSighting(sentence: sentence, reading: reading))
            } else {
                let verb = relation == .uses ? "uses" : "registered with"
                let sentence = "\(subject) \(verb) \(kind.title) \(table.identifierValues[Int(identifier)])\(foldedNote) (identifier \(network.id(.identifier, identifier)), links.csv line \(links.lines[Int(link)]))"
                if shared.contains(identifier) { sharedRows.append(IdentifierSighting(sentence: sentence)) } else { others.append(IdentifierSighting(sentence: sentence)) }
            }
        }
        return fromImages + sharedRows + others
    }
}

func twoDecimals(_ value: Double) -> String { String(format: "%.2f", value) }

import Foundation
