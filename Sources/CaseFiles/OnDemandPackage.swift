import Foundation
import Investigation
import Rendering
import SellerGraph
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A referral package made after the run, on demand (`ringscope package RUN RING_ID`, and the
/// analyst app's download): the same files, byte for byte, that `analyze --render-top all` writes
/// in `rings/<ring>/`, added to the run folder with its manifest (and signature) brought up to date.
///
/// The run is replaced the way `analyze` replaces it (``RunFolder``): a staging folder gets a hard
/// link to every file the manifest lists, the package, a new manifest and signature, and takes
/// the run's place in one atomic exchange; at every instant the run is the old one or the new one,
/// and `verify` passes on the new one. Nothing is added to a run that does not verify first (a
/// signature must not cover a file changed since), to a run made by another version, from inputs
/// other than the run's, or from an analysis that does not reproduce the run's rings.
/// `index.html`, `graph.graphml` and `i2/` keep listing the packages made with the run.
public enum OnDemandPackage {
    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// What was done: the package's folder inside the run, and whether it was there already.
    public struct Outcome: Sendable, Equatable {
        public var directory: String
        public var files: [String]
        public var alreadyThere: Bool
    }

    /// The manifest key listing the rings whose packages were added after the run.
    public static let addedParameter = "packages_added"

    /// The manifest of the run folder at `runDirectory`, to re-run its analysis from.
    public static func manifest(of runDirectory: String) throws(Error) -> Manifest {
        let path = runDirectory + "/" + Manifest.fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Error(description: "\(terminalSafe(path)): error: no manifest.json; is \(terminalSafe(runDirectory)) a run folder written by 'ringscope analyze'?")
        }
        do {
            return try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw Error(description: "\(terminalSafe(path)): error: not a RingScope manifest (\(error.localizedDescription))")
        }
    }

    /// Writes the package of ring `ringID` into the run at `runDirectory`. `investigation` is the
    /// run's analysis made again from its inputs (`files`, relative to `datasetDirectory`, as
    /// `analyze` lists them); `version` is this program's. A signed run needs its `signingKey`.
    @discardableResult
    public static func write(ring ringID: String, of investigation: Investigation, datasetDirectory: String, files: [String],
                             into runDirectory: String, version: String, signingKey: RunSignature.SigningKey? = nil) throws -> Outcome {
        let shown = terminalSafe(runDirectory)
        let folder = try RunFolder(destination: runDirectory)  // locked from here to the exchange
        let report = try RunVerifier().verify(runDirectory: runDirectory, publicKey: signingKey?.publicKey)
        switch report.signature {
        case .notSigned where signingKey != nil:
            throw Error(description: "\(shown): error: the run is not signed; leave out --sign-key (a package added later is not signed alone)")
        case .signedNotChecked:
            throw Error(description: "\(shown): error: the run is signed; give the key that signed it with --sign-key, so that the new manifest is signed too")
        default: break
        }
        guard report.isIntact else {
            throw Error(description: "\(shown): error: the run does not match its manifest (\(report.lines.prefix(3).joined(separator: "; "))); nothing was added. Run 'ringscope verify' on it")
        }
        let manifest = try Self.manifest(of: runDirectory)
        guard manifest.version == version else {
            throw Error(description: "\(shown): error: the run was made by ringscope \(terminalSafe(manifest.version)), this is \(version): its package could differ; run analyze again with --render-top all")
        }
        let inputs = try CaseFileWriter.inputFiles(files, datasetDirectory: datasetDirectory)
        for input in inputs where !manifest.inputs.contains(where: { $0.path == input.path && $0.sha256 == input.sha256 && $0.bytes == input.bytes }) {
            throw Error(description: "\(terminalSafe(datasetDirectory + "/" + input.path)): error: differs from the run's input (not the SHA-256 in its manifest); give the dataset the run was made from")
        }
        if let missing = manifest.inputs.first(where: { input in !inputs.contains { $0.path == input.path } }) {
            throw Error(description: "\(terminalSafe(datasetDirectory + "/" + missing.path)): error: the run read this file but the analysis now does not; give the dataset and options the run was made with")
        }
        let members = sha256Hex(RunTables.ringMembers(investigation))
        guard manifest.outputs.contains(where: { $0.path == "ring_members.csv" && $0.sha256 == members }) else {
            throw Error(description: "\(shown): error: the analysis made again does not give the run's rings (ring_members.csv differs); nothing was added")
        }
        guard let ring = investigation.rings.first(where: { $0.id == ringID }) else {
            throw Error(description: "\(shown): error: no ring \(terminalSafe(ringID)) in this run; rings.csv lists the ring ids")
        }
        guard ring.assessment != .legitimateCluster, let directory = PackageSelection.directories(investigation)[ring.id] else {
            throw Error(description: "\(shown): error: ring \(ring.id) is assessed \(ring.assessment.rawValue) (no counterfeit evidence): it is not referred, and has no package")
        }
        let existing = manifest.outputs.filter { $0.path.hasPrefix(directory + "/") }.map(\.path)
        if !existing.isEmpty { return Outcome(directory: directory, files: existing, alreadyThere: true) }

        let formats = try self.formats(manifest)
        let package = try CaseFileWriter.package(ring, in: investigation, formats: formats, datasetDirectory: datasetDirectory)
        for file in manifest.outputs { try folder.keep(file, from: folder.destination) }
        for (name, bytes) in package.files { try folder.write(directory + "/" + name, bytes) }

        var updated = manifest
        var added = Set((manifest.parameters[addedParameter] ?? "").split(separator: ",").map(String.init))
        added.insert(ring.id)
        updated.parameters[addedParameter] = added.sorted().joined(separator: ",")
        updated.outputs = folder.files.sorted { $0.path < $1.path }
        updated.runHash = updated.computedRunHash()
        let manifestBytes = try updated.encoded()
        try folder.write(Manifest.fileName, manifestBytes, recorded: false)
        if let signingKey {
            try folder.write(Manifest.signatureFileName, RunSignature.sign(manifestBytes, with: signingKey), recorded: false)
        }
        try folder.commit()
        return Outcome(directory: directory, files: package.files.map { directory + "/" + $0.name }, alreadyThere: false)
    }

    /// The diagram formats the run was made with (its manifest's `formats`).
    static func formats(_ manifest: Manifest) throws(Error) -> Set<DiagramFormat> {
        var result: Set<DiagramFormat> = []
        for word in (manifest.parameters["formats"] ?? "").split(separator: ",") {
            guard let format = DiagramFormat(rawValue: String(word)) else {
                throw Error(description: "manifest.json: error: unknown diagram format '\(terminalSafe(String(word)))' in its parameters")
            }
            result.insert(format)
        }
        return result
    }
}

extension RunFolder {
    /// Puts the run's existing `file` (under `root`) into the staged run unchanged: a hard link,
    /// or a copy where the file system has none, recorded with its manifest entry.
    func keep(_ file: WrittenFile, from root: String) throws {
        precondition(Manifest.isSafeRelativePath(file.path), "unsafe path \(file.path)")
        let components = file.path.split(separator: "/")
        do {
            if components.count > 1 {
                try PosixFiles.makeDirectories(components.dropLast().joined(separator: "/"), under: staging)
            }
            let source = root + "/" + file.path, target = staging + "/" + file.path
            if link(source, target) != 0 {
                guard let data = FileManager.default.contents(atPath: source) else {
                    throw PosixFiles.Failure(path: source, action: "read the file", code: errno)
                }
                try PosixFiles.writeNewFile(target, Array(data))
            }
        } catch {
            throw Error(description: "\(terminalSafe(shownDestination)): error: cannot stage \(terminalSafe(file.path)) of the run: \(error); the run is untouched")
        }
        files.append(file)
    }
}
