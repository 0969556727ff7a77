import ArgumentParser
import CaseStore
import Foundation

/// `ringscope changes`: what changed in the cases between two recorded runs.
struct Changes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What changed between runs: new, grown, shrunk, vanished and re-emerged cases, with the members that came and went.",
        discussion: """
        Compares the latest run recorded in the case store (or --run RUN) with the run before it \
        (or --since). Re-emerged cases come first: raided or closed cases whose workshop, \
        accounts or return addresses are back behind sellers.

        Example:
          ringscope analyze datasets/demo --cases output/cases.sqlite
          ringscope analyze datasets/demo-2026-02 --cases output/cases.sqlite
          ringscope changes
          ringscope changes --since 1 --all
        """
    )

    @OptionGroup var store: CaseStoreOptions

    @Option(help: ArgumentHelp("The earlier run to compare with. (default: the run before --run)", valueName: "run"))
    var since: Int?

    @Option(name: .customLong("run"), help: ArgumentHelp("The later run. (default: the latest)", valueName: "run"))
    var later: Int?

    @Flag(help: "List the recorded runs and stop.") var list = false

    @Flag(help: "Also list unchanged cases.") var all = false

    func run() throws {
        let opened = try store.open()
        if list {
            let runs = try withCaseStoreErrors { try opened.runs() }
            printTable(["run", "dataset", "recorded", "run folder"], runs.map { [String($0.id), $0.dataset, $0.recordedAt, $0.runFolder] })
            return
        }
        let changes = try withCaseStoreErrors { try opened.changes(run: later, since: since) }
        print(terminalSafe("\(changes.run.label)" + (changes.since.map { " since \($0.label)" } ?? ", the first run") + ": \(changes.tally)"))
        for entry in changes.entries where all || entry.change != .unchanged {
            let sellers = entry.change == .new ? "\(entry.sellersNow) sellers" : "\(entry.sellersBefore) → \(entry.sellersNow) sellers"
            let ring = entry.ringID.isEmpty ? "was \(entry.previousRingID)" : "ring \(entry.ringID) rank \(entry.rank ?? 0)"
            print(terminalSafe("\(entry.change.rawValue.padding(11))\(entry.caseID)  \(ring)  \(sellers)  \(entry.status.rawValue)"))
            if !entry.explanation.isEmpty { print(terminalSafe("           " + entry.explanation)) }
            if entry.change != .new && !entry.added.isEmpty { print(terminalSafe("           came: " + listed(entry.added))) }
            if entry.change != .vanished && entry.change != .merged && !entry.removed.isEmpty { print(terminalSafe("           went: " + listed(entry.removed))) }
        }
    }

    private func listed(_ entities: [EntityRef]) -> String { RunChanges.listed(entities, limit: 12) }
}
