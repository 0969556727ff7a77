import ArgumentParser
import CaseFiles
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
          rings/<ring_id>/   referral, members, evidence, links, diagrams
          index.html         the run as one offline page
          graph.graphml, i2/ for Gephi, yEd and i2 Analyst's Notebook
          overview.svg, map.svg
          manifest.json      parameters, seed, SHA-256 of every file

        The run is written to a hidden folder and renamed into place at the end: an \
        interrupted run leaves the previous one intact. The same input and seed give \
        byte-identical files, whatever --threads is.

        Example:
          ringscope analyze datasets/demo
          ringscope analyze /data/export --out /cases/2026-11 --render-top all
        """
    )

    @Argument(help: "The dataset folder (see datasets/README.md).")
    var dataset: String

    @Option(help: "The run folder to write. (default: output/<dataset folder name>)")
    var out: String?

    @Option(help: "Seed of the community detection; the same seed gives the same rings.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("CPM resolution: the least average link weight that holds a group together. (default: \(RingDetector.defaultResolution), see README)", valueName: "x"))
    var resolution: Double?

    @Option(help: "Threads (and layout processes) for loading, community detection and referral packages; results do not depend on it.")
    var threads: Int = 2

    @Option(name: .customLong("render-top"), help: ArgumentHelp("Referral packages for the N top-ranked rings, or 'all'.", valueName: "n|all"))
    var renderTop: String = "100"

    @Option(help: ArgumentHelp("Diagram formats of each referral package, comma-separated from svg, pdf, png, dot, or 'none'. DOT is always written with any other.", valueName: "list"))
    var formats: String = "svg,pdf,png,dot"

    @Flag(name: .customLong("resolve-addresses"), help: "Link sellers through resolved places: spellings of one address merged first (see 'ringscope resolve'). Off by default; see README.")
    var resolveAddresses = false

    @Flag(name: .customLong("no-images"), help: "Do not read images.csv's images (OCR); identifiers.csv still links.")
    var noImages = false

    @OptionGroup(title: "Images (OCR)")
    var ocr: OCROptions

    @Flag(help: "No progress or warnings on stderr.")
    var quiet = false

    @Option(help: ArgumentHelp("Dataset warnings: 'summary' (default), one line per kind with a count; 'all', a line per row.", valueName: "summary|all"))
    var warnings: WarningDetail = .summary

    func validate() throws {
        if let resolution, !(resolution > 0 && resolution.isFinite) {
            throw ValidationError("--resolution must be a positive number, e.g. 0.02")
        }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        try ocr.check()
        _ = try parsedFormats()
        if renderTop != "all" && (Int(renderTop) ?? -1) < 0 {
            throw ValidationError("--render-top takes a whole number or 'all', e.g. --render-top 50")
        }
    }

    func run() throws {
        let started = Date()
        let bar = Progress(quiet: quiet)
        defer { bar.finish() }
        let progress = bar.callback
        // Forked now, while this process is small: the diagrams' layouts run in their workers.
        if renderTop != "0", !(try parsedFormats()).isEmpty { DiagramRenderer.startLayoutServers(threads) }
        let loaded = try loadDataset(dataset, quiet: quiet, warnings: warnings, threads: threads, progress: progress)
        progress?(String(format: "loaded in %.2f s", Date().timeIntervalSince(started)))
        var options = Investigation.Options()
        options.seed = seed
        options.resolution = resolution
        options.threads = threads
        options.projection.resolvesAddresses = resolveAddresses
        let images = try readingImages(of: loaded, bar: bar)
        let investigation = Investigation(network: images.network, options: options, progress: progress)

        let destination = out ?? "output/" + sanitizedFileName(loaded.network.name)
        var writerOptions = CaseFileWriter.Options()
        writerOptions.packagesForTop = renderTop == "all" ? nil : Int(renderTop)
        writerOptions.version = RingScopeVersion.string
        writerOptions.threads = threads
        writerOptions.formats = try parsedFormats()
        writerOptions.arguments = Analyze.argumentsWithoutOut(Array(CommandLine.arguments.dropFirst()))
        do {
            writerOptions.skippedInputs = images.skipped
            writerOptions.imageReading = images.reading
            try CaseFileWriter().write(investigation, datasetDirectory: dataset, files: loaded.files + images.files, to: destination,
                                       options: writerOptions, progress: progress,
                                       packages: { bar.step("referral packages", done: $0, total: $1) })
        } catch let error as RunFolder.Error {
            Console.error(error.description)
            throw ExitCode(1)
        }
        progress?(String(format: "wrote %@ in %.2f s in all", destination, Date().timeIntervalSince(started)))
        bar.finish()

        let confirmed = investigation.rings.filter { $0.assessment == .counterfeitRing }
        print("\(investigation.rings.count) candidate rings: \(confirmed.count) confirmed, "
              + "\(investigation.rings.filter { $0.assessment == .suspectedRing }.count) suspected, "
              + "\(investigation.rings.filter { $0.assessment == .legitimateCluster }.count) likely legitimate")
        for ring in investigation.rings.prefix(10) {
            print("\(String(ring.rank).padding(4)) \(ring.id)  \(String(format: "%5.1f", ring.score))  \(ring.summary)")
        }
        if let first = investigation.factories.entries.first {
            print("first raid target: \(loaded.network.id(.factory, first.factory)) \(loaded.network.displayName(.factory, first.factory)) (\(first.reasons))")
        }
        print("run written to \(destination)")
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

    /// The command line as recorded in the manifest: without `--out X`, which names the run's
    /// own place and would make two identical runs differ.
    static func argumentsWithoutOut(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if argument == "--out" { skipNext = true; continue }
            if argument.hasPrefix("--out=") { continue }
            result.append(argument)
        }
        return result
    }
}
