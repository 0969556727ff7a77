import Foundation

extension LearnedModel {
    /// The stored form: sorted-key JSON, so that the same model gives the same bytes.
    struct Envelope: Codable {
        var format: String
        var version: Int
        var features: [String]
        var parameters: BoosterParameters
        var calibration: Calibration
        var trainingSet: TrainingSet
        var metrics: Metrics
        /// XGBoost's JSON model, base64.
        var trees: String
    }

    static let formatName = "ringscope-learned-model"

    /// The model as bytes (UTF-8 JSON), identical for identical models.
    public func serialized() throws -> [UInt8] {
        // The thread count trains the same trees (tested), so it is not part of the model.
        var stored = parameters
        stored.threads = 1
        let envelope = Envelope(format: Self.formatName, version: Self.formatVersion, features: features.map(\.rawValue),
                                parameters: stored, calibration: calibration, trainingSet: trainingSet, metrics: metrics,
                                trees: Data(try trees.serialized()).base64EncodedString())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return Array(try encoder.encode(envelope))
    }

    /// A model from the bytes ``serialized()`` gave.
    ///
    /// - Throws: ``ScoringError/corruptModel(_:)`` for bytes that are not a RingScope model, a
    ///   model written by a newer RingScope (a larger format version), or one that reads
    ///   features this build does not compute.
    public init(serialized bytes: [UInt8], threads: Int = 1) throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        struct Header: Decodable { var format: String?; var version: Int? }
        guard let header = try? decoder.decode(Header.self, from: Data(bytes)), header.format == Self.formatName, let version = header.version else {
            throw ScoringError.corruptModel("not a RingScope learned model")
        }
        guard version <= Self.formatVersion else {
            throw ScoringError.corruptModel("model format \(version) was written by a newer RingScope (this one reads up to \(Self.formatVersion)); upgrade RingScope or retrain")
        }
        let envelope: Envelope
        do { envelope = try decoder.decode(Envelope.self, from: Data(bytes)) } catch {
            throw ScoringError.corruptModel("a field is missing or malformed")
        }
        let known = RingFeature.allCases.map(\.rawValue)
        guard envelope.features == known else {
            let unknown = envelope.features.filter { !known.contains($0) }
            throw ScoringError.corruptModel(unknown.isEmpty
                ? "its features are not this build's (\(envelope.features.count) stored, \(known.count) computed); retrain"
                : "it reads features this build does not compute: \(unknown.joined(separator: ", ")); retrain")
        }
        guard let treeBytes = Data(base64Encoded: envelope.trees) else { throw ScoringError.corruptModel("the trees are not base64") }
        let trees = try GradientBoostedTrees(serialized: Array(treeBytes), threads: threads)
        guard trees.featureCount == known.count else {
            throw ScoringError.corruptModel("the trees read \(trees.featureCount) features, the envelope names \(known.count)")
        }
        self.init(features: RingFeature.allCases, parameters: envelope.parameters, calibration: envelope.calibration,
                  trainingSet: envelope.trainingSet, metrics: envelope.metrics, trees: trees)
    }
}
