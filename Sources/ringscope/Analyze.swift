import ArgumentParser
import CaseFiles
import CaseStore
import Foundation
import Investigation
import Rendering
import SellerGraph

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find counterfeit rings, rank factories for raids and write referral packages.",
        discussion: """
        Loads and validates the dataset, reads the text on its images (OCR: phones, WeChat and QQ \
        ids, e-mails, websites), links sellers through the payout accounts, addresses, factories, \
        identifiers and money transfers they share (hubs such as logistics warehouses, escrow \
        pools and customer-service numbers left out), finds groups with Leiden (CPM objective), scores each on its evidence \
        with reasons, ranks the factories that supply them, and writes the run:

          rings.csv          one row per candidate ring, rank 1 the strongest case
          ring_members.csv   every entity of every ring with its role
          factories.csv      factories supplying rings, rank 1 the first raid target
          hubs.csv           entities left out of linking as hubs
          lone_sellers.csv   counterfeiters taken out of honest groups, each with its group
          rings/<ring_id>/   referral, members, evidence, links, diagrams
          index.html         the run as one offline page
          graph.graphml, i2/ for Gephi, yEd and i2 Analyst's Notebook
          overview.svg       the top rings and the factories they share
          map.svg, map.pdf   the map: factories, ring addresses, provinces (docs/maps.md)
          map.html, places.csv  the interactive map; each place's province and city
          jurisdictions/     with --by-jurisdiction: a bundle per province and city
          manifest.json      parameters, seed, SHA-256 of every file

        --out is checked before the analysis and locked while the run writes. The run is \
        written to a hidden folder and swapped into place at the end in one atomic step: an \
        interrupted run leaves the previous one intact. A folder is replaced only if it holds \
        a previous run and nothing else. The same input and seed give byte-identical files, \
        whatever --threads is. With --sign-key the manifest is signed (Ed25519; see \
        'ringscope keys' and 'ringscope verify').

        Example:
          ringscope analyze datasets/demo
          ringscope analyze /data/export --out /cases/2026-11 --render-top all
          ringscope package output/demo R-1a2b3c4d   (one more ring's referral package, see 'package --help')
          ringscope analyze /data/export-2026-11 --cases output/cases.sqlite   (see docs/case-store.md)
          ringscope analyze /data/export-2026-11 --cases output/cases.sqlite --rule-score   (see docs/learned-scoring.md)
          ringscope analyze datasets/demo --sign-key ~/.ringscope/agency
          ringscope analyze datasets/demo --by-jurisdiction
        """
    )

    @Argument(help: "The dataset folder (see datasets/README.md).")
    var dataset: String

    @Option(help: "The run folder to write. (default: output/<dataset folder name>)")
    var out: String?

    @Option(parsing: .unconditional, help: "Seed of the community detection, 0 to 2^64 − 1; the same seed gives the same rings.",
            transform: Arguments.seed)
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: ArgumentHelp("CPM resolution: the least average link weight that holds a group together, > 0. (default: \(RingDetector.defaultResolution), see docs/method.md)", valueName: "x"),
            transform: Arguments.decimal(positive: true, what: "--resolution"))
    var resolution: Double?

    @Option(parsing: .unconditional, help: "Threads (and layout processes) for loading, community detection and referral packages, at most 4 × the cores; results do not depend on it.",
            transform: Arguments.threads)
    var threads: Int = 2

    @Option(name: .customLong("render-top"), parsing: .unconditional, help: ArgumentHelp("Referral packages written with the run: 'warranted' (confirmed counterfeit rings, at most \(PackageSelection.warrantedLimit), in rank order), the N top-ranked referable rings (N ≥ 0), or 'all'. Any other ring's package later: 'ringscope package RUN RING_ID'.", valueName: "warranted|n|all"))
    var renderTop: String = "warranted"

    @Option(name: .customLong("sign-key"), help: ArgumentHelp("Sign the run with this Ed25519 private key (from 'ringscope keys generate'): manifest.json.sig, checked by 'ringscope verify --public-key'. (default: unsigned)", valueName: "key-file"))
    var signKey: String?

    @Option(help: ArgumentHelp("Diagram formats of each referral package, comma-separated from svg, pdf, png, dot, or 'none'. DOT is always written with any other.", valueName: "list"))
    var formats: String = "svg,pdf,png,dot"

    @Flag(name: .customLong("resolve-addresses"), inversion: .prefixedNo,
          help: "Link sellers through resolved places: spellings of one address merged first (see 'ringscope resolve' and docs/address-resolution.md). Off by default.")
    var resolveAddresses = false

    @Flag(name: .customLong("discount-services"), inversion: .prefixedNo,
          help: "Weigh an account, address or identifier by how many of its users share money or contacts besides it (a registered agent's office, a payment collector, a freight forwarder weigh little; docs/method.md). On by default.")
    var discountServices = true

    @Flag(name: .customLong("exclusive-ties"), inversion: .prefixedNo,
          help: "After the communities: join groups that an account, address or contact only they use is spread over, and attach a seller in no group through an account, address, contact or device mostly one group uses (docs/method.md). On by default.")
    var exclusiveTies = true

    @Flag(name: .customLong("no-images"), help: "Do not read images.csv's images (OCR); identifiers.csv still links.")
    var noImages = false

    @OptionGroup(title: "Images (OCR)")
    var ocr: OCROptions

    @Flag(name: .customLong("by-jurisdiction"), help: "Also write jurisdictions/<province>/<city>/: each local regulator's referrals and factories, with a cover page and map (docs/maps.md). Off by default.")
    var byJurisdiction = false

    @Option(help: ArgumentHelp("Record the run in this case store (SQLite; created if missing) and give each ring its case id across runs. Off by default, so that a run depends on its input alone; the case commands look in output/cases.sqlite.", valueName: "file"))
    var cases: String?

    @Flag(name: .customLong("rule-score"), help: "With --cases: rank by the rule score even when the case store holds a learned model (see 'ringscope model train' and docs/learned-scoring.md). Off by default.")
    var ruleScore = false

    @Option(name: .customLong("cases-wait"), help: ArgumentHelp("Seconds to wait for another run recording into the same --cases file before giving up.", valueName: "seconds"))
    var casesWait: Double = 600

    @Option(help: ArgumentHelp("Use the seller projection (and communities) in DIR, written by distributed/ringscope-spark, instead of projecting the dataset here; see docs/distributed.md.", valueName: "dir"))
    var projection: String?

    @Flag(help: "No progress or warnings on stderr.")
    var quiet = false

    @Option(help: ArgumentHelp("Dataset warnings: 'summary' (default), one line per kind with a count; 'all', a line per row.", valueName: "summary|all"))
    var warnings: WarningDetail = .summary

    func validate() throws {
        if let resolution, !(resolution > 0 && resolution.isFinite) {
            throw ValidationError("--resolution must be a positive number, e.g. 0.02")
        }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if !(casesWait >= 0 && casesWait.isFinite) { throw ValidationError("--cases-wait takes seconds, 0 or more") }
        try ocr.check()
        _ = try parsedFormats()
        if PackageSelection(argument: renderTop) == nil {
            throw ValidationError("--render-top takes 'warranted', a whole number of at least 0 or 'all', e.g. --render-top 50; got '\(renderTop)'")
        }
        if let out, out.isEmpty { throw ValidationError("--out is empty; give the run folder, e.g. --out output/demo") }
        if dataset.isEmpty { throw ValidationError("the dataset folder is empty; give one, e.g. ringscope analyze datasets/demo") }
    }

    func run() throws {
        let started = Date()
        let threads = Arguments.cappedThreads(threads, quiet: quiet)
        // Everything that can be wrong with the destination or the key is found before the
        // analysis, not after it: the run folder is opened (checked, locked, staged) first.
        let signingKey: RunSignature.SigningKey?
        let folder: RunFolder
        do {
            signingKey = try signKey.map { try RunSignature.signingKey(at: $0) }
            folder = try RunFolder(destination: out ?? "output/" + sanitizedFileName(Analyze.datasetName(dataset)))
        } catch let error as RunSignature.Error {
            Console.error(error.description)
            throw ExitCode(1)
        } catch let error as RunFolder.Error {
            Console.error(error.description)
            throw ExitCode(1)
        }
        let bar = Progress(quiet: quiet)
        defer { bar.finish() }
        let store = try openCaseStore()
        let progress = bar.callback
        // Forked now, while this process is small: the diagrams' layouts run in their workers.
        // As many as layouts can run at once (one per thread making packages), and none when no
        // diagram will be drawn.
        // Fonts first: pango starts a thread to initialise fontconfig, which must not be the
        // one that finds the process limit reached (GLib aborts then), and is done before a fork.
        do {
            try PDFDocumentWriter.prepareFonts()
        } catch let error as RenderingError {
            Console.error("error: \(error.message)")
            throw ExitCode(1)
        }
        if renderTop != "0", !(try parsedFormats()).isEmpty { DiagramRenderer.startLayoutServers(threads) }
        let analysis = try investigate(threads: threads, bar: bar, started: started)
        let loaded = analysis.loaded, images = analysis.images
        var investigation = analysis.investigation
        let learned = try rankByModel(&investigation, store: store)
        if let learned { progress?(learned.note) }

        let destination = out ?? "output/" + sanitizedFileName(Analyze.datasetName(dataset))
        var writerOptions = CaseFileWriter.Options()
        writerOptions.packages = PackageSelection(argument: renderTop) ?? .warranted
        writerOptions.version = RingScopeVersion.string
        writerOptions.threads = threads
        writerOptions.formats = try parsedFormats()
        writerOptions.byJurisdiction = byJurisdiction
        writerOptions.arguments = Analyze.recordedArguments(Array(CommandLine.arguments.dropFirst()))
        writerOptions.signingKey = signingKey
        let runCases: RunCases?
        do {
            writerOptions.skippedInputs = images.skipped
            writerOptions.imageReading = images.reading
            runCases = try writeRun(investigation, store: store, runFolder: folder.destination, progress: progress, learned: learned) { cases in
                writerOptions.cases = cases
                return try CaseFileWriter().write(investigation, datasetDirectory: dataset, files: loaded.files + images.files, into: folder,
                                                  options: writerOptions, progress: progress,
                                                  packages: { bar.step("referral packages", done: $0, total: $1) })
            }
        } catch let error as RunFolder.Error {
            Console.error(error.description)
            throw ExitCode(1)
        } catch let error as CaseFileWriter.DiagramFailure {
            Console.error(error.description)
            throw ExitCode(1)
        }
        progress?(String(format: "wrote %@ in %.2f s in all", terminalSafe(destination), Date().timeIntervalSince(started)))
        bar.finish()

        // Results on stdout, every line escaped: names and ids come from the dataset.
        let confirmed = investigation.rings.filter { $0.assessment == .counterfeitRing }
        Console.output("\(investigation.rings.count) candidate rings: \(confirmed.count) confirmed, "
              + "\(investigation.rings.filter { $0.assessment == .suspectedRing }.count) suspected, "
              + "\(investigation.rings.filter { $0.assessment == .legitimateCluster }.count) likely legitimate")
        for ring in investigation.rings.prefix(10) {
            Console.output("\(String(ring.rank).padding(4)) \(ring.id)  \(String(format: "%5.1f", ring.score))  \(ring.summary)")
        }
        if let first = investigation.factories.entries.first {
            Console.output("first raid target: \(loaded.network.id(.factory, first.factory)) \(loaded.network.displayName(.factory, first.factory)) (\(first.reasons))")
        }
        Console.output("run written to \(destination)\(signingKey.map { " (signed: key \($0.publicKey.fingerprint))" } ?? "")")
        if let learned { Console.output(learned.note) }
        if let runCases { Analyze.report(runCases) }
    }

    /// The dataset's name as the loader gives it: the folder's last path component.
    static func datasetName(_ directory: String) -> String {
        String(directory.split(separator: "/").last ?? "dataset")
    }

    func parsedFormats() throws -> Set<DiagramFormat> {
        if formats == "none" { return [] }
        var result: Set<DiagramFormat> = []
        for word in formats.split(separator: ",") {
            guard let format = DiagramFormat(rawValue: word.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw ValidationError("unknown format '\(word)' in --formats; use svg, pdf, png, dot or none")
            }
            result.insert(format)
        }
        return result
    }

    /// Options that do not change what a run holds, left out of the manifest with their values:
    /// where it is written, how many threads made it, what was printed, whether it is signed.
    /// The same input and seed then give the same manifest, byte for byte.
    static let unrecordedOptions: Set<String> = ["--out", "--threads", "--sign-key", "--warnings", "--cases-wait"]
    static let unrecordedFlags: Set<String> = ["--quiet"]

    /// The command line as recorded in the manifest: without ``unrecordedOptions`` and
    /// ``unrecordedFlags``.
    static func recordedArguments(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if argument == "--" { skipNext = false }
            if unrecordedOptions.contains(argument) { skipNext = true; continue }
            if unrecordedFlags.contains(argument) { continue }
            if let equals = argument.firstIndex(of: "="), unrecordedOptions.contains(String(argument[..<equals])) { continue }
            result.append(argument)
        }
        return result
    }
}
