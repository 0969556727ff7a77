import ArgumentParser
import Foundation
import Investigation
import SellerGraph

/// `ringscope image-identifiers`: the identifier uses read from a dataset's images, as analyze
/// reads them — for the Spark job, which folds identifiers.csv on its workers but leaves OCR,
/// and the matching of what was read to the known identifiers, to this one implementation.
struct ImageIdentifiers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image-identifiers",
        abstract: "Print the identifier uses read from a dataset's images (for the Spark job).",
        discussion: """
        Takes the arguments of 'ringscope analyze' (the dataset, then any of its options: \
        --no-images and the OCR options count, the others are ignored), reads images.csv's \
        images as analyze does (OCR, with its cache) and writes one line per identifier use \
        read from an image: 'identifier<TAB>kind<TAB>seller<TAB>weight' — the identifier's \
        group (0-based row of identifiers.csv, or a row analyze adds after them for an \
        identifier only an image shows), its kind, the seller (0-based row of sellers.csv) and \
        the use's weight (its kind's weight × the reading's share), in increasing order of \
        identifier, seller, weight. See docs/distributed.md.
        """
    )

    @Argument(parsing: .captureForPassthrough, help: "The dataset folder, then analyze's options.")
    var arguments: [String] = []

    func run() throws {
        var analyze: Analyze
        do {
            analyze = try Analyze.parse(arguments)
        } catch {
            Console.error(Analyze.message(for: error))
            throw ExitCode(2)
        }
        analyze.quiet = true
        let bar = Progress(quiet: true)
        let loaded = try loadDataset(analyze.dataset, quiet: true)
        let network = try analyze.readingImages(of: loaded, bar: bar).network
        let uses = Projection.identifierUses(in: network, resolution: IdentifierResolution(network: network),
                                             parameters: Projection.Parameters(), readingsOnly: true)
        let kinds = network.table(.identifier).identifierKinds
        var rows = Array(zip(uses.rows, zip(uses.sellers, uses.weights))).map { (identifier: $0.0, seller: $0.1.0, weight: $0.1.1) }
        rows.sort { ($0.identifier, $0.seller, $0.weight) < ($1.identifier, $1.seller, $1.weight) }
        var output = ""
        for row in rows { output += "\(row.identifier)\t\(kinds[Int(row.identifier)].rawValue)\t\(row.seller)\t\(row.weight)\n" }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
