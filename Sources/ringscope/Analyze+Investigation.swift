import CaseFiles
import Foundation
import Investigation
import SellerGraph

extension Analyze {
    /// The analysis without the run folder: the dataset loaded, its images read, the rings found,
    /// scored and ranked. `analyze` writes the run from it; `package` makes it again to add a
    /// ring's referral package to that run.
    func investigate(threads: Int, bar: Progress, started: Date = Date())
        throws -> (loaded: LoadedDataset, images: (network: SellerNetwork, files: [String], skipped: [Manifest.SkippedInput], reading: String?),
                   investigation: Investigation) {
        let progress = bar.callback
        let loaded = try loadDataset(dataset, quiet: quiet, warnings: warnings, threads: threads, progress: progress)
        progress?(String(format: "loaded in %.2f s", Date().timeIntervalSince(started)))
        var options = Investigation.Options()
        options.seed = seed
        options.resolution = resolution
        options.threads = threads
        options.projection.resolvesAddresses = resolveAddresses
        options.projection.discountsServices = discountServices
        options.readsExclusiveTies = exclusiveTies
        let images = try readingImages(of: loaded, bar: bar)
        let given = try projection.map { try readProjection($0, network: images.network, options: options) }
        let investigation = Investigation(network: images.network, options: options, projection: given?.projection,
                                          communities: given?.communities, progress: progress)
        return (loaded, images, investigation)
    }
}
