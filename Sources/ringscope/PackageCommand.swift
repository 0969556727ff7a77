import ArgumentParser
import CaseFiles
import Foundation
import Rendering
import SellerGraph

/// `ringscope package RUN RING_ID…`: a referral package made after the run.
struct PackageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Add a ring's referral package to a run folder, on demand.",
        discussion: """
        'analyze' writes referral packages only for the rings that warrant one (--render-top, \
        default 'warranted': confirmed counterfeit rings, at most \(PackageSelection.warrantedLimit)); every other ring is \
        ranked in rings.csv. This command makes the package of any referred ring later: it \
        analyses the run's dataset again with the options recorded in manifest.json, checks that \
        the inputs are the run's (SHA-256) and that the analysis gives the run's rings, and writes \
        rings/<ring_id>/ with the same bytes 'analyze --render-top all' would have written.

        The run is replaced as 'analyze' replaces it, in one atomic step, with manifest.json \
        listing the new files and naming the ring under packages_added; 'ringscope verify' passes \
        on it. A run that no longer matches its manifest is refused. A signed run needs the key \
        that signed it (--sign-key): the new manifest is signed again. index.html, graph.graphml \
        and i2/ still cover the packages made with the run. Legitimate clusters have no package.

        Example:
          ringscope analyze datasets/demo        # packages for the warranted rings
          ringscope package output/demo R-1a2b3c4d R-5e6f7a8b   # two more
          ringscope package /cases/2026-11 R-1a2b3c4d --dataset /data/export \\
              --sign-key ~/.ringscope/agency
        """
    )

    @Argument(help: ArgumentHelp("A run folder written by 'ringscope analyze'.", valueName: "run-dir"))
    var runDirectory: String

    @Argument(help: ArgumentHelp("Ring ids from the run's rings.csv (R- and 8 hex digits).", valueName: "ring-id"))
    var ringIDs: [String]

    @Option(help: ArgumentHelp("The dataset folder the run was made from. (default: the folder recorded in manifest.json, relative to where analyze ran)", valueName: "dir"))
    var dataset: String?

    @Option(name: .customLong("sign-key"), help: ArgumentHelp("The Ed25519 private key that signed the run, to sign it again. (default: none; required for a signed run)", valueName: "key-file"))
    var signKey: String?

    @Option(parsing: .unconditional, help: "Threads for loading and community detection; the package does not depend on it. (default: 2)",
            transform: Arguments.threads)
    var threads: Int = 2

    @Flag(help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        if ringIDs.isEmpty { throw ValidationError("give at least one ring id from the run's rings.csv, e.g. ringscope package output/demo R-1a2b3c4d") }
        if runDirectory.isEmpty { throw ValidationError("the run folder is empty; give one, e.g. ringscope package output/demo R-1a2b3c4d") }
    }

    func run() throws {
        do {
            let manifest = try OnDemandPackage.manifest(of: runDirectory)
            var recorded = manifest.arguments
            if recorded.first == "analyze" { recorded.removeFirst() }
            if recorded.contains(where: { $0 == "--cases" || $0.hasPrefix("--cases=") }) {
                throw OnDemandPackage.Error(description: "\(terminalSafe(runDirectory)): error: the run was recorded in a case store (--cases), whose case ids its packages carry; on-demand packages do not support that yet: run analyze again with --render-top all")
            }
            var analyze: Analyze
            do {
                analyze = try Analyze.parse(recorded)
            } catch {
                throw OnDemandPackage.Error(description: "\(terminalSafe(runDirectory))/manifest.json: error: its arguments are not ones this analyze takes (\(Analyze.message(for: error))); was the run made by another version?")
            }
            if let dataset { analyze.dataset = dataset }
            analyze.quiet = quiet
            let key = try signKey.map { try RunSignature.signingKey(at: $0) }
            try PDFDocumentWriter.prepareFonts()
            DiagramRenderer.startLayoutServers(1)  // forked while this process is small
            let bar = Progress(quiet: quiet)
            defer { bar.finish() }
            let threads = Arguments.cappedThreads(threads, quiet: quiet)
            let (loaded, images, investigation) = try analyze.investigate(threads: threads, bar: bar)
            for ringID in ringIDs {
                let outcome = try OnDemandPackage.write(ring: ringID, of: investigation, datasetDirectory: analyze.dataset,
                                                        files: loaded.files + images.files, into: runDirectory,
                                                        version: RingScopeVersion.string, signingKey: key)
                bar.finish()
                let place = terminalSafe(runDirectory) + "/" + terminalSafe(outcome.directory)
                Console.output(outcome.alreadyThere ? "\(terminalSafe(ringID)): already in the run: \(place)"
                                                    : "\(terminalSafe(ringID)): package written to \(place) (\(outcome.files.count) files)\(key.map { ", run signed again: key \($0.publicKey.fingerprint)" } ?? "")")
            }
        } catch {
            guard let message = Self.explained(error) else { throw error }
            Console.error(message)
            throw ExitCode(1)
        }
    }

    /// The one-line message of an error this command explains itself; nil for others (argument
    /// errors, exit codes), which ArgumentParser reports.
    static func explained(_ error: any Swift.Error) -> String? {
        switch error {
        case let error as OnDemandPackage.Error: error.description
        case let error as RunFolder.Error: error.description
        case let error as RunVerifier.Error: error.description
        case let error as RunSignature.Error: error.description
        case let error as CaseFileWriter.DiagramFailure: error.description
        case let error as RenderingError: "error: \(error.message)"
        default: nil
        }
    }
}
