import Foundation
import Investigation
import Rendering
import SellerGraph

/// Writes a run folder (DESIGN.md's output contract): the tables, one referral package per top
/// ring and the manifest, staged and renamed into place at the end (``RunFolder``).
public struct CaseFileWriter {
    public struct Options: Sendable {
        /// Referral packages for this many top-ranked rings (all if `nil`); the rest are in the tables.
        public var packagesForTop: Int? = 100
        public var arguments: [String] = []
        public var version = "0.0.0"
        /// Diagram formats of each referral package (DOT is always written: it is the source).
        public var formats: Set<DiagramFormat> = [.svg, .pdf, .png, .dot]
        public init() {}
    }

    public init() {}

    /// Writes the run and returns its manifest. `packages`, if given, is called with (done, total)
    /// after every referral package, instead of a `progress` line per 25.
    @discardableResult
    public func write(_ investigation: Investigation, datasetDirectory: String, files: [String], to destination: String,
                      options: Options = Options(), progress: ((String) -> Void)? = nil,
                      packages: ((Int, Int) -> Void)? = nil) throws -> Manifest {
        let folder = try RunFolder(destination: destination)
        try folder.write("rings.csv", RunTables.rings(investigation))
        try folder.write("ring_members.csv", RunTables.ringMembers(investigation))
        try folder.write("factories.csv", RunTables.factories(investigation))
        try folder.write("hubs.csv", RunTables.hubs(investigation))

        let formats = options.formats.union([.dot])
        if !options.formats.isEmpty {
            try writeSheet("overview", into: folder, formats: [.svg]) {
                try OverviewDiagram.render(title: "RingScope · \(investigation.network.name) · top rings and the factories they share",
                                           rings: Diagrams.overview(investigation), formats: $0)
            }
            try writeSheet("map", into: folder, formats: [.svg]) {
                try GeoMap.render(title: "RingScope · \(investigation.network.name) · factories and ring addresses",
                                  points: Diagrams.mapPoints(investigation), formats: $0)
            }
        }

        // Referral packages for the top rings; clusters without counterfeit evidence are not
        // referred (they stay in the tables).
        var names = SafeNames()
        let referable = investigation.rings.filter { $0.assessment != .legitimateCluster }
        let packaged = referable.prefix(options.packagesForTop ?? referable.count)
        var diagrams: [String: [UInt8]] = [:]  // ring id → SVG, for index.html
        for (position, ring) in packaged.enumerated() {
            let directory = "rings/" + names.name(for: ring.id)
            var embedded: String?
            var diagramNote: String?
            var diagramPNG: [UInt8]?
            if !options.formats.isEmpty {
                do {
                    let rendered = try RingDiagram.render(Diagrams.input(for: ring, in: investigation), formats: formats)
                    for (format, bytes) in rendered.sorted(by: { $0.key < $1.key }) {
                        try folder.write(directory + "/diagram." + format.fileExtension, bytes)
                    }
                    if rendered[.png] != nil { embedded = "diagram.png" } else if rendered[.svg] != nil { embedded = "diagram.svg" }
                    diagrams[ring.id] = rendered[.svg]
                    // referral.pdf shows the diagram as a picture, also when no PNG file was asked for.
                    diagramPNG = rendered[.png] ?? (try? RingDiagram.render(Diagrams.input(for: ring, in: investigation), formats: [.png]))?[.png]
                } catch let error as RenderingError {
                    diagramNote = "The diagram could not be drawn: \(error.description)"
                    progress?("\(ring.id): diagram not drawn: \(error.description)")
                }
            }
            try folder.write(directory + "/members.csv", RunTables.members(ring, investigation.network))
            try folder.write(directory + "/evidence.csv", RunTables.evidence(ring, investigation.network))
            try folder.write(directory + "/links.csv", RunTables.links(ring, investigation.network))
            try folder.write(directory + "/referral.md", text: Referral.markdown(for: ring, investigation: investigation, diagram: embedded, diagramNote: diagramNote))
            do {
                try folder.write(directory + "/referral.pdf", ReferralPDF.render(ring, investigation: investigation, diagramPNG: diagramPNG, diagramNote: diagramNote))
            } catch let error as RenderingError {
                try folder.write(directory + "/referral.pdf.txt", text: "referral.pdf could not be written: \(error.description)\n")
                progress?("\(ring.id): referral.pdf not written: \(error.description)")
            }
            if let packages { packages(position + 1, packaged.count) } else if (position + 1) % 25 == 0 { progress?("referral packages: \(position + 1) of \(packaged.count)") }
        }

        if packages == nil, packaged.count % 25 != 0 { progress?("referral packages: \(packaged.count) of \(packaged.count)") }
        try folder.write("graph.graphml", GraphMLExport.document(for: Array(packaged), in: investigation))
        try folder.write("i2/entities.csv", I2Export.entities(for: Array(packaged), in: investigation))
        try folder.write("i2/links.csv", I2Export.links(for: Array(packaged), in: investigation))
        try folder.write("index.html", HTMLReport.document(for: investigation, packaged: Array(packaged), diagrams: diagrams))

        var inputs: [Manifest.InputFile] = []
        for file in files.sorted() {
            let path = datasetDirectory + "/" + file
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            inputs.append(Manifest.InputFile(path: file, bytes: data.count, sha256: sha256Hex(data)))
        }
        let parameters: [String: String] = [
            "objective": "cpm",
            "resolution": String(investigation.resolution),
            "hub_limit": String(investigation.projection.hubLimit),
            "address_resolution": investigation.projection.parameters.resolvesAddresses ? "on" : "off",
            "referral_packages": options.packagesForTop.map(String.init) ?? "all",
            "formats": options.formats.sorted().map(\.rawValue).joined(separator: ","),
            "weights": "pays_to=\(investigation.projection.parameters.paysTo) returns_to=\(investigation.projection.parameters.returnsTo) registered_at=\(investigation.projection.parameters.registeredAt) ships_from=\(investigation.projection.parameters.shipsFrom) supplied_by=\(investigation.projection.parameters.suppliedBy) transfers_to=\(investigation.projection.parameters.transfersTo)",
        ]
        let outputs = folder.files.sorted { $0.path < $1.path }
        let manifest = Manifest(version: options.version, arguments: options.arguments, parameters: parameters,
                                seed: investigation.seed, dataset: investigation.network.name, inputs: inputs, outputs: outputs,
                                runHash: Manifest.hash(parameters: parameters, inputs: inputs, outputs: outputs))
        try folder.write(Manifest.fileName, try manifest.encoded(), recorded: false)
        try folder.commit()
        return manifest
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
