import Foundation

/// `manifest.json`: what made the run and a SHA-256 of every file in and out, so that a run can
/// be checked later (`ringscope verify`). It holds no wall-clock time: two runs with the same
/// input and seed give the same manifest, byte for byte.
public struct Manifest: Codable, Sendable {
    public struct InputFile: Codable, Sendable {
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    public var tool = "ringscope"
    public var version: String
    /// The arguments after `ringscope`, without `--out` (the run's own location).
    public var arguments: [String]
    public var parameters: [String: String]
    public var seed: UInt64
    public var dataset: String
    public var inputs: [InputFile]
    public var outputs: [RunFolder.WrittenFile]
    /// Inputs the run could not use (an image missing, not an image, too large, unreadable, or
    /// over its time limit), each with the warning that says where and why; absent when none.
    public var skipped: [SkippedInput]?
    /// SHA-256 over everything above (``computedRunHash()``).
    public var runHash: String

    public static let fileName = "manifest.json"

    /// An input left out of the run.
    public struct SkippedInput: Codable, Sendable, Equatable {
        /// The file as the dataset names it (`images/P0001.png`).
        public var path: String
        /// `images.csv:12:2: warning: … image skipped`.
        public var warning: String

        public init(path: String, warning: String) {
            self.path = path
            self.warning = warning
        }
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }

    /// The run hash of this manifest: SHA-256 over everything it records but the run hash
    /// itself (tool, version, arguments, dataset, seed, parameters, and the path, size and hash
    /// of every input and output, and every skipped input with its warning), each value length-prefixed so that no two manifests share
    /// the text that is hashed. See ``Manifest+Validation``.
    public func computedRunHash() -> String {
        var text = ""
        func add(_ key: String, _ values: String...) {
            text += key
            for value in values { text += " \(value.utf8.count):" + value }
            text += "\n"
        }
        add("tool", tool)
        add("version", version)
        for argument in arguments { add("argument", argument) }
        add("dataset", dataset)
        add("seed", String(seed))
        for (key, value) in parameters.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) { add("parameter", key, value) }
        for input in inputs { add("input", input.path, String(input.bytes), input.sha256) }
        for output in outputs { add("output", output.path, String(output.bytes), output.sha256) }
        for input in skipped ?? [] { add("skipped", input.path, input.warning) }
        return sha256Hex(Array(text.utf8))
    }
}
