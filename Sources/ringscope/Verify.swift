import ArgumentParser
import CaseFiles

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that a run folder is exactly as RingScope wrote it.",
        discussion: """
        Re-hashes every file of the run with SHA-256 and compares it with manifest.json: a file \
        changed, missing, or added since is reported, and the exit status is 1. Use it before a \
        referral package leaves your hands, and when one comes back.

        Example:
          ringscope verify output/demo
        """
    )

    @Argument(help: ArgumentHelp("A run folder written by 'ringscope analyze'.", valueName: "run-dir"))
    var runDirectory: String

    func run() throws {
        do {
            let report = try RunVerifier().verify(runDirectory: runDirectory)
            for line in report.lines { print(line) }
            if report.isIntact {
                print("intact: \(report.checked) files match manifest.json")
            } else {
                print("NOT intact: \(report.changed.count) changed, \(report.missing.count) missing, \(report.added.count) added")
                throw ExitCode(1)
            }
        } catch let error as RunVerifier.Error {
            Console.error(error.description)
            throw ExitCode(1)
        }
    }
}
