import Investigation
import Rendering
import SellerGraph

/// The referral's section on identifiers: every phone, e-mail, device, IP, messaging id,
/// ID document and website that ties the ring, and where each tie was seen (a row of the
/// dataset, or a box on a photo copied into `images/`).
extension Referral {
    /// Sentences shown in a referral at most; members.csv and links.csv hold every tie.
    static let sightingLimit = 60

    static func identifierSection(of ring: Ring, investigation: Investigation) -> String {
        let sightings = IdentifierSighting.sightings(of: ring, in: investigation)
        guard !sightings.isEmpty else { return "" }
        var text = "## Identifiers and where they were seen\n\n"
        if sightings.contains(where: { $0.reading != nil }) {
            text += "Items read from photos (optical character recognition) give the box on the photo (left,top–right,bottom in pixels) and the confidence of the reading (0–1); the photos are in `images/` in this folder.\n\n"
        }
        for sighting in sightings.prefix(sightingLimit) { text += "- \(markdownEscaped(sighting.sentence))\n" }
        if sightings.count > sightingLimit { text += "- … and \(sightings.count - sightingLimit) more (`links.csv` in this folder)\n" }
        return text + "\n"
    }
}

extension ReferralPDF {
    static func identifierBlocks(of ring: Ring, investigation: Investigation, pictures: [(picture: ReportPicture, caption: String)]) -> [ReportDocument.Block] {
        let sightings = IdentifierSighting.sightings(of: ring, in: investigation)
        guard !sightings.isEmpty else { return [] }
        var blocks: [ReportDocument.Block] = [.heading("Identifiers and where they were seen")]
        if !pictures.isEmpty {
            blocks.append(.paragraph(["Read from photos (optical character recognition): each crop outlines the item in red; the photos are in images/ in this folder."]))
            for (picture, caption) in pictures { blocks.append(.picture(picture, caption: caption)) }
        }
        // Rows of the dataset, and readings beyond the crops shown.
        var readingsShown = 0
        let rows = sightings.filter { sighting in
            guard sighting.reading != nil else { return true }
            readingsShown += 1
            return readingsShown > pictures.count
        }
        if !rows.isEmpty {
            blocks.append(.bullets(rows.prefix(Referral.sightingLimit).map { [ReportDocument.Run($0.sentence)] }))
            if rows.count > Referral.sightingLimit { blocks.append(.note("… and \(rows.count - Referral.sightingLimit) more; links.csv in this folder lists them all.")) }
        }
        return blocks
    }
}
