import ArgumentParser
import CaseFiles
import SellerGraph

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that a run folder is exactly as RingScope wrote it, and who signed it.",
        discussion: """
        Re-hashes every file of the run with SHA-256 and compares it with manifest.json: a file \
        changed, missing, or added since (folders included) is reported, and the exit status is \
        1. Only the files the manifest lists are read, only inside the run, and no symbolic link \
        is followed. Use it before a referral package leaves your hands, and when one comes back.

        A hash list alone proves nothing against someone who edits a file and its hash together. \
        A run made with 'analyze --sign-key KEY' carries manifest.json.sig, an Ed25519 signature \
        of manifest.json; with --public-key, verify checks it, so any change to any file is \
        found. Without --public-key a signed run says "signed, signature not checked" and an \
        unsigned one "not signed"; with it, an unsigned run or a wrong key fails (exit 1).

        Example:
          ringscope keys generate agency        # agency (private) and agency.pub
          ringscope analyze datasets/demo --sign-key agency
          ringscope verify output/demo --public-key agency.pub
        """
    )

    @Argument(help: ArgumentHelp("A run folder written by 'ringscope analyze'.", valueName: "run-dir"))
    var runDirectory: String

    @Option(name: .customLong("public-key"), help: ArgumentHelp("Check the run's signature with this Ed25519 public key (PEM, from 'ringscope keys generate'). (default: no check; the output says whether the run is signed)", valueName: "pub-file"))
    var publicKey: String?

    func run() throws {
        do {
            let key = try publicKey.map { try RunSignature.verifyingKey(at: $0) }
            let report = try RunVerifier().verify(runDirectory: runDirectory, publicKey: key)
            for line in report.lines { Console.output(line) }
            Console.output(report.signatureLine)
            if report.isIntact {
                Console.output("intact: \(report.checked) files match manifest.json")
            } else {
                Console.output("NOT intact: \(report.changed.count) changed, \(report.missing.count) missing, \(report.added.count) added"
                    + (report.signature == .notSigned && report.requiresSignature ? ", and not signed" : ""))
                throw ExitCode(1)
            }
        } catch let error as RunVerifier.Error {
            Console.error(error.description)
            throw ExitCode(1)
        } catch let error as RunSignature.Error {
            Console.error(error.description)
            throw ExitCode(1)
        }
    }
}
