import Foundation
import Investigation
import SellerGraph

/// Writes a run folder (DESIGN.md's output contract): the tables, one referral package per top
/// ring and the manifest, staged and renamed into place at the end (``RunFolder``).
public struct CaseFileWriter {
    public struct Options: Sendable {
        /// Referral packages for this many top-ranked rings (all if `nil`); the rest are in the tables.
        public var packagesForTop: Int? = 100
        public var arguments: [String] = []
        public var version = "0.0.0"
        public init() {}
    }

    /// Renders the diagrams of a ring into its folder, given the folder's relative path; returns
    /// the diagram file to embed in the referral (e.g. `diagram.svg`), or nil. Supplied by the
    /// caller so that this layer does not decide how diagrams are drawn.
    public typealias DiagramRenderer = (_ ring: Ring, _ investigation: Investigation) throws -> [String: [UInt8]]

    public init() {}

    /// Writes the run and returns its manifest.
    @discardableResult
    public func write(_ investigation: Investigation, datasetDirectory: String, files: [String], to destination: String,
                      options: Options = Options(), diagrams: DiagramRenderer? = nil,
                      progress: ((String) -> Void)? = nil) throws -> Manifest {
        let folder = try RunFolder(destination: destination)
        try folder.write("rings.csv", RunTables.rings(investigation))
        try folder.write("ring_members.csv", RunTables.ringMembers(investigation))
        try folder.write("factories.csv", RunTables.factories(investigation))
        try folder.write("hubs.csv", RunTables.hubs(investigation))

        var names = SafeNames()
        let packaged = investigation.rings.prefix(options.packagesForTop ?? investigation.rings.count)
        for (position, ring) in packaged.enumerated() {
            let directory = "rings/" + names.name(for: ring.id)
            var embedded: String?
            if let diagrams {
                let rendered = try diagrams(ring, investigation)
                for (name, bytes) in rendered.sorted(by: { $0.key < $1.key }) {
                    try folder.write(directory + "/" + sanitizedFileName(name), bytes)
                }
                if rendered["diagram.svg"] != nil { embedded = "diagram.svg" }
            }
            try folder.write(directory + "/members.csv", RunTables.members(ring, investigation.network))
            try folder.write(directory + "/evidence.csv", RunTables.evidence(ring, investigation.network))
            try folder.write(directory + "/links.csv", RunTables.links(ring, investigation.network))
            try folder.write(directory + "/referral.md", text: Referral.markdown(for: ring, investigation: investigation, diagram: embedded))
            if (position + 1) % 25 == 0 { progress?("referral packages: \(position + 1) of \(packaged.count)") }
        }

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
            "referral_packages": options.packagesForTop.map(String.init) ?? "all",
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
}
