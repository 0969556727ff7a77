import CaseStore
import Foundation
import Investigation
import Parallel
import Rendering
import SellerGraph
import Synchronization

/// Writes a run folder (DESIGN.md's output contract): the tables, one referral package per top
/// ring and the manifest, staged and renamed into place at the end (``RunFolder``).
public struct CaseFileWriter {
    public struct Options: Sendable {
        /// Which rings get a referral package with the run (default: those that warrant one);
        /// the rest are in the tables, their packages on demand (``OnDemandPackage``).
        public var packages: PackageSelection = .warranted
        /// Referral packages for this many top-ranked rings (all if `nil`): ``packages`` as `.top`/`.all`.
        public var packagesForTop: Int? {
            get { if case .top(let count) = packages { count } else if packages == .all { nil } else { PackageSelection.warrantedLimit } }
            set { packages = newValue.map { .top($0) } ?? .all }
        }
        public var arguments: [String] = []
        public var version = "0.0.0"
        /// Diagram formats of each referral package (DOT is always written: it is the source).
        public var formats: Set<DiagramFormat> = [.svg, .pdf, .png, .dot]
        /// Referral packages made at once (the files are the same for any count).
        public var threads = 2
        /// With a case store (`analyze --cases`): each ring's case for rings.csv, the referrals
        /// and index.html; nil without one (the case columns stay empty).
        public var cases: RunCases?
        /// Inputs left out (images that could not be read), listed in the manifest.
        public var skippedInputs: [Manifest.SkippedInput] = []
        /// How images were read (`tesseract 5.3.0, chi_sim+eng, …`), for the manifest; nil without images.
        public var imageReading: String?
        /// Signs `manifest.json` into `manifest.json.sig` (``RunSignature``); unsigned if `nil`.
        public var signingKey: RunSignature.SigningKey?
        /// Also write `jurisdictions/<province>/<city>/` bundles (``JurisdictionBundles``).
        public var byJurisdiction = false
        public init() {}
    }

    public init() {}

    /// Writes the run and returns its manifest. `packages`, if given, is called with (done, total)
    /// as each referral package is made (from the threads that make them), instead of a
    /// `progress` line per 25.
    @discardableResult
    public func write(_ investigation: Investigation, datasetDirectory: String, files: [String], to destination: String,
                      options: Options = Options(), progress: ((String) -> Void)? = nil,
                      packages: ((Int, Int) -> Void)? = nil) throws -> Manifest {
        try write(investigation, datasetDirectory: datasetDirectory, files: files, into: RunFolder(destination: destination),
                  options: options, progress: progress, packages: packages)
    }

    /// Writes the run into `folder`, opened (and its destination checked) before the analysis.
    @discardableResult
    public func write(_ investigation: Investigation, datasetDirectory: String, files: [String], into folder: RunFolder,
                      options: Options = Options(), progress: ((String) -> Void)? = nil,
                      packages: ((Int, Int) -> Void)? = nil) throws -> Manifest {
        try folder.write("rings.csv", RunTables.rings(investigation, cases: options.cases))
        try folder.write("ring_members.csv", RunTables.ringMembers(investigation))
        try folder.write("factories.csv", RunTables.factories(investigation))
        try folder.write("hubs.csv", RunTables.hubs(investigation))
        try folder.write("lone_sellers.csv", RunTables.loneSellers(investigation))

        if !options.formats.isEmpty {
            try writeSheet("overview", into: folder, formats: [.svg]) {
                try OverviewDiagram.render(title: "RingScope · \(investigation.network.name) · top rings and the factories they share",
                                           rings: Diagrams.overview(investigation), formats: $0)
            }
        }
        let map = try writeMap(investigation, into: folder, drawn: !options.formats.isEmpty, progress: progress)

        // Referral packages for the top rings; clusters without counterfeit evidence are not
        // referred (they stay in the tables). Packages are made `window` at a time on both
        // cores (each is independent; Graphviz lays out in child processes) and written in
        // rank order, so the run is the same whatever the thread count.
        let packaged = options.packages.rings(of: investigation)
        let folders = PackageSelection.directories(investigation)
        let directories = packaged.map { folders[$0.id]! }
        var diagrams: [String: [UInt8]] = [:]  // ring id → SVG, for index.html
        let window = 32
        let madeCount = Mutex<Int>(0)  // for `packages`, called as each package is made
        for first in stride(from: 0, to: packaged.count, by: window) {
            let positions = first ..< min(first + window, packaged.count)
            let made = try concurrentMap(positions.count, threads: options.threads) { offset throws(any Error) -> Package in
                let package = try Self.package(packaged[positions.lowerBound + offset], in: investigation, formats: options.formats,
                                               datasetDirectory: datasetDirectory, cases: options.cases)
                if let packages {
                    let done = madeCount.withLock { count -> Int in
                        count += 1
                        return count
                    }
                    packages(done, packaged.count)
                }
                return package
            }
            for (position, package) in zip(positions, made) {
                for note in package.notes { progress?(note) }
                for (name, bytes) in package.files { try folder.write(directories[position] + "/" + name, bytes) }
                diagrams[packaged[position].id] = package.svg
                if packages == nil, (position + 1) % 25 == 0 { progress?("referral packages: \(position + 1) of \(packaged.count)") }
            }
        }

        if packages == nil, packaged.count % 25 != 0 { progress?("referral packages: \(packaged.count) of \(packaged.count)") }
        try folder.write("graph.graphml", GraphMLExport.document(for: packaged, in: investigation))
        try folder.write("i2/entities.csv", I2Export.entities(for: packaged, in: investigation))
        try folder.write("i2/links.csv", I2Export.links(for: packaged, in: investigation))
        try folder.write("index.html", HTMLReport.document(for: investigation, packaged: packaged, diagrams: diagrams, map: map, cases: options.cases))
        if options.byJurisdiction {
            try JurisdictionBundles.write(investigation, packaged: packaged, directories: directories, into: folder, progress: progress)
        }

        let inputs = try Self.inputFiles(files, datasetDirectory: datasetDirectory)
        var parameters: [String: String] = [
            "objective": "cpm",
            "resolution": String(investigation.resolution),
            "hub_limit": String(investigation.projection.hubLimit),
            "address_resolution": investigation.projection.parameters.resolvesAddresses ? "on" : "off",
            "referral_packages": options.packages.argument,
            "formats": options.formats.sorted().map(\.rawValue).joined(separator: ","),
            "identifier_weights": investigation.projection.parameters.identifiers.summary,
            "weights": "pays_to=\(investigation.projection.parameters.paysTo) returns_to=\(investigation.projection.parameters.returnsTo) registered_at=\(investigation.projection.parameters.registeredAt) ships_from=\(investigation.projection.parameters.shipsFrom) supplied_by=\(investigation.projection.parameters.suppliedBy) transfers_to=\(investigation.projection.parameters.transfersTo)",
        ]
        if let reading = options.imageReading { parameters["image_reading"] = reading }
        if let model = options.cases?.rankingModel {
            parameters["ranking"] = "learned model \(model.id)"
            parameters["ranking_training_sha256"] = model.trainingSHA256
        }
        let outputs = folder.files.sorted { $0.path < $1.path }
        var manifest = Manifest(version: options.version, arguments: options.arguments, parameters: parameters,
                                seed: investigation.seed, dataset: investigation.network.name, inputs: inputs, outputs: outputs,
                                skipped: options.skippedInputs.isEmpty ? nil : options.skippedInputs, runHash: "")
        manifest.runHash = manifest.computedRunHash()
        let manifestBytes = try manifest.encoded()
        try folder.write(Manifest.fileName, manifestBytes, recorded: false)
        if let key = options.signingKey {
            try folder.write(Manifest.signatureFileName, RunSignature.sign(manifestBytes, with: key), recorded: false)
        }
        try folder.commit()
        return manifest
    }

    /// The manifest's inputs: each of `files` (relative to the dataset), sorted, with its size and SHA-256.
    static func inputFiles(_ files: [String], datasetDirectory: String) throws -> [Manifest.InputFile] {
        try files.sorted().map { file in
            let data = try Data(contentsOf: URL(fileURLWithPath: datasetDirectory + "/" + file))
            return Manifest.InputFile(path: file, bytes: data.count, sha256: sha256Hex(data))
        }
    }

    /// A ring diagram that could not be drawn: the run stops rather than ship a package without it.
    public struct DiagramFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The files of one referral package, in the order they are written, and what to tell the user.
    struct Package {
        var files: [(name: String, bytes: [UInt8])] = []
        var svg: [UInt8]?
        var notes: [String] = []
    }

    /// Makes the referral package of `ring`: diagrams, tables, referral.md and referral.pdf.
    /// Safe to call from several threads at once: it only reads the investigation.
    static func package(_ ring: Ring, in investigation: Investigation, formats requested: Set<DiagramFormat>,
                        datasetDirectory: String = ".", cases: RunCases? = nil) throws -> Package {
        var package = Package()
        var embedded: String?
        let diagramNote: String? = nil
        var diagramLayout: DiagramLayout?
        if !requested.isEmpty {
            do {
                // The layout comes back too: referral.pdf draws the same diagram as vectors.
                let rendered = try RingDiagram.renderDetailed(Diagrams.input(for: ring, in: investigation), formats: requested.union([.dot]), keepsLayout: true)
                for (format, bytes) in rendered.documents.sorted(by: { $0.key < $1.key }) {
                    package.files.append(("diagram." + format.fileExtension, bytes))
                }
                if rendered.documents[.png] != nil { embedded = "diagram.png" } else if rendered.documents[.svg] != nil { embedded = "diagram.svg" }
                package.svg = rendered.documents[.svg]
                diagramLayout = rendered.layout
            } catch let error as RenderingError {
                // A referral package never loses its diagram silently: the run fails, saying why.
                throw DiagramFailure(description: "error: the diagram of ring \(ring.id) could not be drawn: \(error.description); no run was written")
            }
        }
        package.files.append(("members.csv", RunTables.members(ring, investigation.network)))
        package.files.append(("evidence.csv", RunTables.evidence(ring, investigation.network)))
        package.files.append(("links.csv", RunTables.links(ring, investigation.network)))
        package.files.append(("referral.md", Array(Referral.markdown(for: ring, investigation: investigation, diagram: embedded, diagramNote: diagramNote, cases: cases).utf8)))
        // The photos the ring's identifiers were read from, and crops of them for the PDF.
        let images = imageFiles(of: ring, in: investigation, datasetDirectory: datasetDirectory)
        package.files += images.files
        package.notes += images.notes
        let crops = crops(of: ring, in: investigation, datasetDirectory: datasetDirectory)
        do {
            package.files.append(("referral.pdf", try ReferralPDF.render(ring, investigation: investigation, diagram: diagramLayout, diagramNote: diagramNote,
                                                                         map: requested.isEmpty ? nil : ringMap(ring, in: investigation),
                                                                         pictures: crops, cases: cases)))
        } catch let error as RenderingError {
            package.files.append(("referral.pdf.txt", Array("referral.pdf could not be written: \(error.description)\n".utf8)))
            package.notes.append("\(ring.id): referral.pdf not written: \(error.description)")
        }
        return package
    }

    /// Writes a run-level sheet (overview, map) in the given formats; a drawing failure is
    /// reported, not fatal.
    private func writeSheet(_ name: String, into folder: RunFolder, formats: Set<DiagramFormat>,
                            render: (Set<DiagramFormat>) throws -> [DiagramFormat: [UInt8]]) throws {
        do {
            for (format, bytes) in try render(formats).sorted(by: { $0.key < $1.key }) {
                try folder.write(name + "." + format.fileExtension, bytes)
            }
        } catch let error as RenderingError {
            try folder.write(name + ".txt", text: "\(name) could not be drawn: \(error.description)\n")
        }
    }
}
