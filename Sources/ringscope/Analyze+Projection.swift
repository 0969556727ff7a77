import ArgumentParser
import CaseFiles
import Foundation
import Investigation
import SellerGraph

extension Analyze {
    /// The projection folder of `--projection`, checked against the dataset and the options:
    /// made for this sellers.csv (SHA-256), with this ringscope's spec, and its communities (if
    /// any) with this seed and resolution. Errors print as `FILE: error: …` and exit 1.
    func readProjection(_ path: String, network: SellerNetwork, options: Investigation.Options) throws
        -> (projection: Projection, communities: [[Int32]]?) {
        do {
            let folder = try ProjectionFolder(path: path)
            let sellersPath = dataset + "/" + EntityKind.seller.fileName
            let sellers = FileManager.default.contents(atPath: sellersPath) ?? Data()
            guard sha256Hex(sellers) == folder.header.sellersSha256 else {
                throw DatasetError(file: path + "/projection.json", message: "made from another sellers.csv than \(sellersPath) (SHA-256 differs)")
            }
            var communities = folder.communities
            if let found = folder.header.communities, communities != nil {
                let resolution = options.resolution ?? RingDetector.defaultResolution
                let foundResolution = found.resolution ?? RingDetector.defaultResolution
                guard found.seed == options.seed, foundResolution == resolution else {
                    throw DatasetError(file: path + "/projection.json",
                                       message: "communities were found with --seed \(found.seed) --resolution \(foundResolution), not --seed \(options.seed) --resolution \(resolution)")
                }
            } else {
                communities = nil
            }
            return (try Projection(folder: folder, network: network, parameters: options.projection), communities)
        } catch let error as DatasetError {
            Console.error(error.description)
            throw ExitCode(1)
        }
    }
}
