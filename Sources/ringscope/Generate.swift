import ArgumentParser
import Foundation
import WorldGenerator

/// `ringscope generate DIR`: writes a synthetic marketplace with its ground truth.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic seller network with known rings (for demos, tests and benchmarks).",
        discussion: """
        Generates a marketplace in the dataset format (see datasets/README.md): an honest \
        majority shipping from logistics hubs and paid through escrow pools, honest families \
        sharing an office and a bank account, legitimate OEM factories, and counterfeit rings of \
        heavy-tailed size that share payout accounts, return addresses written several ways and \
        workshops, with partial, noisy evidence; identifiers (phones, e-mails, devices, IPs, WeChat \
        ids) that operators reuse across storefronts, with hubs; ring members tied to their ring \
        only by an identifier or only by a photo; and images (parcel labels and listing photos, \
        Chinese and English, turned, blurred and noisy) in DIR/images/. The answer key goes to \
        DIR/truth/ (rings, workshop weights, which address and identifier rows are one, what each \
        image says, which members are tied only by an identifier or an image); the analysis \
        never reads it.

        The same --sellers, --rings and --seed give byte-identical files. The world is written \
        to a temporary folder beside DIR and renamed into place when complete. DIR must be \
        missing, empty, or a world written by this command earlier (it is then replaced).

        With --snapshot-of BASE, writes BASE as it looks --days later instead (see \
        docs/case-store.md): rings grown, raided, re-emerged under new sellers, new; honest \
        churn; persisting entities keep their ids; the raids in enforcement/outcomes.csv and \
        which ring continues which in truth/lineage.csv.

        Example:
          ringscope generate /tmp/world --sellers 100000 --rings 100 --seed 1
          ringscope generate /tmp/hard --sellers 20000 --traps
          ringscope validate /tmp/world
          ringscope generate --snapshot-of datasets/demo /tmp/demo-later
        """
    )

    @Argument(help: "The folder to write the dataset into (created; replaced if it holds an earlier generated world).")
    var directory: String

    @Option(parsing: .unconditional, help: "Sellers in the world, rings and families included; at least 10.",
            transform: Arguments.wholeNumber(atLeast: 10, what: "--sellers"))
    var sellers: Int = 2_000

    @Option(parsing: .unconditional, help: "Counterfeit rings, at least 1 (default: sellers / 300, at least 1).",
            transform: Arguments.wholeNumber(atLeast: 1, what: "--rings"))
    var rings: Int?

    @Option(parsing: .unconditional, help: "Seed of every random choice, 0 to 2^64 − 1; the same seed gives the same files.",
            transform: Arguments.seed)
    var seed: UInt64 = 1

    @Option(name: .customLong("snapshot-of"), help: ArgumentHelp("Write this generated dataset as it looks --days later (it needs its truth/rings.csv); --sellers and --rings do not apply.", valueName: "dir"))
    var snapshotOf: String?

    @Option(help: ArgumentHelp("Days between the dataset of --snapshot-of and its snapshot.", valueName: "days"))
    var days: Int = 91

    @Flag(help: "Add the traps of real exports (docs/generator.md): registered agents, payment collectors, a freight forwarder, lone counterfeiters in honest families, evidence-free rings, ring sizes 2–400, rotating payouts, CRLF and a byte-order mark; the answer key per seller in truth/traps.csv.")
    var traps = false

    @Option(help: "Images to draw (default: sellers / 50, at most 400; never fewer than the ring members tied only by a photo need).")
    var images: Int?

    func validate() throws {
        if snapshotOf != nil && !(1 ... 3650).contains(days) { throw ValidationError("--days must be between 1 and 3650") }
        if directory.isEmpty { throw ValidationError("the folder is an empty path; give one, e.g. ringscope generate /tmp/world") }
        do {
            try WorldGenerator(parameters).validate()
        } catch let error as WorldGenerator.ParameterError {
            throw ValidationError(error.message)
        }
    }

    private var parameters: WorldGenerator.Parameters {
        var parameters = WorldGenerator.Parameters(sellers: sellers, rings: rings, seed: seed)
        parameters.images = images
        if traps { parameters.enableTraps() }
        return parameters
    }

    func run() throws {
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        try GeneratedFolder.checkReplaceable(target)
        if let snapshotOf { return try writeSnapshot(of: snapshotOf, to: target) }
        let started = Date()
        let summary = try GeneratedFolder.writeAtomically(to: target) { temporary in
            try WorldGenerator(parameters).write(to: temporary) { stage in
                FileHandle.standardError.write(Data("generate: \(stage)\n".utf8))
            }
        }
        let seconds = Date().timeIntervalSince(started)
        FileHandle.standardError.write(Data("generate: done in \(String(format: "%.1f", seconds)) s\n".utf8))
        print("wrote \(target.path)")
        print(summary)
    }
}

/// An error `generate` reports with exit code 1.
struct GenerateError: Error, CustomStringConvertible {
    let description: String
}

/// Writing a dataset folder all at once: into a temporary sibling, then renamed into place.
enum GeneratedFolder {
    /// Throws unless `target` is missing, empty, or holds only files a generated world has.
    static func checkReplaceable(_ target: URL) throws {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: target.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw GenerateError(description: "\(target.path) is a file, not a folder; choose another DIR")
        }
        let entries = try fileManager.contentsOfDirectory(atPath: target.path)
        guard !entries.isEmpty else { return }
        let foreign = entries.filter { !WorldGenerator.generatedFileNames.contains($0) }.sorted()
        let looksGenerated = foreign.isEmpty && entries.contains("sellers.csv")
            && fileManager.fileExists(atPath: target.appendingPathComponent("truth/rings.csv").path)
        guard looksGenerated else {
            let shown = foreign.isEmpty ? "no truth/rings.csv" : "it holds " + foreign.prefix(3).joined(separator: ", ")
            throw GenerateError(description: "\(target.path) is not empty and is not a generated world (\(shown)); choose an empty or new DIR, or remove it first")
        }
    }

    /// Runs `body` on a fresh temporary folder beside `target`, then puts it in `target`'s place.
    static func writeAtomically<Result>(to target: URL, _ body: (URL) throws -> Result) throws -> Result {
        let fileManager = FileManager.default
        let parent = target.deletingLastPathComponent()
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        let pid = ProcessInfo.processInfo.processIdentifier
        let temporary = parent.appendingPathComponent(".\(target.lastPathComponent).generating-\(pid)")
        let previous = parent.appendingPathComponent(".\(target.lastPathComponent).previous-\(pid)")
        try? fileManager.removeItem(at: temporary)
        try fileManager.createDirectory(at: temporary, withIntermediateDirectories: false)
        let result: Result
        do {
            result = try body(temporary)
        } catch {
            try? fileManager.removeItem(at: temporary)
            throw error
        }
        if fileManager.fileExists(atPath: target.path) {
            try fileManager.moveItem(at: target, to: previous)
            do {
                try fileManager.moveItem(at: temporary, to: target)
            } catch {
                try? fileManager.moveItem(at: previous, to: target)
                throw error
            }
            try fileManager.removeItem(at: previous)
        } else {
            try fileManager.moveItem(at: temporary, to: target)
        }
        return result
    }
}
