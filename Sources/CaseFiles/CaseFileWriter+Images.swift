import Foundation
import Imaging
import Investigation
import Rendering
import SellerGraph

/// The photos behind a referral: each image a ring's links were read from is copied into the
/// package (`images/<image_id>.<ext>`), and referral.pdf shows a crop around each item read,
/// the item outlined, so that an officer sees what the text says without opening the photo.
extension CaseFileWriter {
    /// Crops shown in one referral.pdf at most.
    static let cropLimit = 12

    /// The image files of `ring`'s readings as package files, in image order, each once.
    static func imageFiles(of ring: Ring, in investigation: Investigation, datasetDirectory: String) -> (files: [(name: String, bytes: [UInt8])], notes: [String]) {
        let network = investigation.network
        var seen = Set<Int32>()
        var names = SafeNames()
        var files: [(String, [UInt8])] = []
        var notes: [String] = []
        for sighting in IdentifierSighting.sightings(of: ring, in: investigation) {
            guard let image = sighting.reading?.image, seen.insert(image).inserted else { continue }
            let path = network.images.files[Int(image)]
            let fileExtension = path.split(separator: ".").last.map { "." + sanitizedFileName(String($0)).lowercased() } ?? ""
            let name = "images/" + names.name(for: network.images.ids[image] + fileExtension)
            guard let data = FileManager.default.contents(atPath: datasetDirectory + "/" + path) else {
                notes.append("\(ring.id): image \(path) could not be copied into the package")
                continue
            }
            files.append((name, [UInt8](data)))
        }
        return (files, notes)
    }

    /// referral.pdf's pictures: a crop around each item read from an image (at most ``cropLimit``).
    static func crops(of ring: Ring, in investigation: Investigation, datasetDirectory: String) -> [(picture: ReportPicture, caption: String)] {
        let network = investigation.network
        var crops: [(ReportPicture, String)] = []
        for sighting in IdentifierSighting.sightings(of: ring, in: investigation) {
            guard crops.count < cropLimit, let reading = sighting.reading else { continue }
            let path = network.images.files[Int(reading.image)]
            guard let crop = try? ImageCrop(file: datasetDirectory + "/" + path, around: reading.box) else { continue }
            let picture = ReportPicture(width: crop.width, height: crop.height, pixels: crop.pixels,
                                        highlight: (crop.highlight.x, crop.highlight.y, crop.highlight.width, crop.highlight.height))
            crops.append((picture, sighting.sentence))
        }
        return crops
    }
}
