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
    /// SHA-256 over the parameters and the hashes of every input and output file.
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

    static func hash(parameters: [String: String], inputs: [InputFile], outputs: [RunFolder.WrittenFile], skipped: [SkippedInput]? = nil) -> String {
        var text = ""
        for (key, value) in parameters.sorted(by: { $0.key < $1.key }) { text += "parameter \(key)=\(value)\n" }
        for input in inputs { text += "input \(input.path) \(input.sha256)\n" }
        for input in skipped ?? [] { text += "skipped \(input.path) \(input.warning)\n" }
        for output in outputs { text += "output \(output.path) \(output.sha256)\n" }
        return sha256Hex(Array(text.utf8))
    }
}
