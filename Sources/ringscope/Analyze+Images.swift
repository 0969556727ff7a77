import CaseFiles
import Foundation
import Imaging
import SellerGraph

extension Analyze {
    /// Reads the dataset's images (if any and not turned off) and returns the network with what
    /// they show linked, the image files read (for the manifest's inputs) and the images skipped.
    func readingImages(of loaded: LoadedDataset, bar: Progress) throws -> (network: SellerNetwork, files: [String],
                                                                        skipped: [Manifest.SkippedInput], reading: String?) {
        let images = loaded.network.images
        // Images the loader already refused (missing, outside the folder) are skipped too.
        var skipped = (0 ..< images.count).compactMap { image in
            images.skipped[image].map { Manifest.SkippedInput(path: images.files[image], warning: $0.description) }
        }
        guard images.count > 0, !noImages else { return (loaded.network, [], skipped, nil) }
        let reader = ImageReader(options: try ocr.readerOptions())
        let evidence = ImageEvidence(reading: loaded.network, in: dataset, with: reader) { done, total in
            bar.step("images read", done: done, total: total)
        }
        if !quiet { for warning in evidence.warnings { Console.error(warning.description) } }
        skipped = (0 ..< evidence.network.images.count).compactMap { image in
            evidence.network.images.skipped[image].map { Manifest.SkippedInput(path: images.files[image], warning: $0.description) }
        }
        let found = evidence.extractions.reduce(0) { $0 + $1.count }
        bar.callback?(String(format: "images: %d read, %d skipped, %d items found, %d identifier links (%.1f s)",
                             evidence.files.count, skipped.count, found, evidence.network.readings.count, evidence.seconds))
        return (evidence.network, evidence.files, skipped, reader.settingsDescription)
    }
}
