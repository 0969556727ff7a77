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
        printed but do not fail the check: one line per kind of warning, naming the first row \
        and counting the others; --warnings all lists every row.

        Example:
          ringscope validate datasets/demo
        """
    )

    @Argument(help: "The dataset folder (holding sellers.csv, storefronts.csv and optional files).")
    var dataset: String

    @Flag(help: "Print no warnings, only errors.")
    var quiet = false

    @Option(help: ArgumentHelp("'summary' (default): one line per kind of warning, with a count; 'all': a line per row.", valueName: "summary|all"))
    var warnings: WarningDetail = .summary

    func run() throws {
        let loaded = try loadDataset(dataset, quiet: quiet, warnings: warnings)
        for line in loaded.network.summary().text.split(separator: "\n", omittingEmptySubsequences: false) { Console.output(String(line)) }
        Console.output("valid: \(dataset)")
    }
}

/// Loads a dataset for a subcommand: progress and warnings on stderr; errors on stderr and exit 1.
func loadDataset(_ directory: String, quiet: Bool, warnings: WarningDetail = .summary, threads: Int = 2,
                 progress: ((String) -> Void)? = nil) throws -> LoadedDataset {
    guard !directory.isEmpty else {
        Console.error("error: the dataset folder is an empty path; give one, e.g. datasets/demo")
        throw ExitCode(1)
    }
    do {
        let loader = DatasetLoader(directory: directory, threads: threads, warningsListed: warnings == .all ? nil : 1)
        let loaded = try loader.load(progress: quiet ? nil : progress ?? { Console.progress($0) })
        if !quiet {
            for warning in loaded.warnings { Console.error(warning.description) }
            if loaded.warnings.contains(where: { $0.unlisted > 0 }) {
                Console.progress("--warnings all lists every row behind the counts above")
            }
        }
        return loaded
    } catch let errors as DatasetErrors {
        Console.error(errors.description)
        Console.error("\(terminalSafe(directory)): \(errors.errors.count + errors.suppressed.values.reduce(0, +)) error(s); nothing was analysed. Fix the rows above and run again.")
        throw ExitCode(1)
    }
}

/// How many dataset warnings a command prints.
enum WarningDetail: String, ExpressibleByArgument, CaseIterable {
    /// One line per kind of warning: the first row and a count of the others.
    case summary
    /// A line per row.
    case all
}
