import ArgumentParser
import SellerGraph

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a dataset folder and summarise it.",
        discussion: """
        Loads every file of the dataset (see datasets/README.md for the format), checks it \
        strictly and prints counts per entity kind, relation and evidence kind, and the \
        highest-degree addresses, payment accounts and factories: the likely hubs.

        Errors go to stderr as FILE:LINE:COLUMN: error: MESSAGE (at most 20 per file) and the \
        exit status is 1; warnings (a seller with no storefront, an entity nothing links to) are \
        printed but do not fail the check.

        Example:
          ringscope validate datasets/demo
        """
    )

    @Argument(help: "The dataset folder (holding sellers.csv, storefronts.csv and optional files).")
    var dataset: String

    @Flag(help: "Print no warnings, only errors.")
    var quiet = false

    func run() throws {
        let loaded = try loadDataset(dataset, quiet: quiet)
        print(loaded.network.summary().text)
        print("valid: \(dataset)")
    }
}

/// Loads a dataset for a subcommand: progress and warnings on stderr; errors on stderr and exit 1.
func loadDataset(_ directory: String, quiet: Bool, threads: Int = 2, progress: ((String) -> Void)? = nil) throws -> LoadedDataset {
    do {
        let loaded = try DatasetLoader(directory: directory, threads: threads).load(progress: quiet ? nil : progress ?? { Console.progress($0) })
        if !quiet {
            for warning in loaded.warnings { Console.error(warning.description) }
        }
        return loaded
    } catch let errors as DatasetErrors {
        Console.error(errors.description)
        Console.error("\(directory): \(errors.errors.count + errors.suppressed.values.reduce(0, +)) error(s); nothing was analysed. Fix the rows above and run again.")
        throw ExitCode(1)
    }
}
