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
        /// The kind of model; absent means trees (every model stored before the logistic kind).
        var kind: Kind?
        /// XGBoost's JSON model, base64 (trees).
        var trees: String?
        /// The logistic regression's medians, standardisation and weights (logistic).
        var logistic: LogisticRegression?
    }

    static let formatName = "ringscope-learned-model"

    /// The model as bytes (UTF-8 JSON), identical for identical models.
    public func serialized() throws -> [UInt8] {
        // The thread count trains the same trees (tested), so it is not part of the model.
        var stored = parameters
        stored.threads = 1
        var envelope = Envelope(format: Self.formatName, version: Self.formatVersion, features: features.map(\.rawValue),
                                parameters: stored, calibration: calibration, trainingSet: trainingSet, metrics: metrics,
                                kind: nil, trees: nil, logistic: nil)
        switch ranker {
        case .trees(let trees): envelope.trees = Data(try trees.serialized()).base64EncodedString()
        case .logistic(let regression): envelope.kind = .logistic; envelope.logistic = regression
        }
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
        let ranker: Ranker
        switch envelope.kind ?? .trees {
        case .trees:
            guard let text = envelope.trees else { throw ScoringError.corruptModel("a field is missing or malformed") }
            guard let treeBytes = Data(base64Encoded: text) else { throw ScoringError.corruptModel("the trees are not base64") }
            let trees = try GradientBoostedTrees(serialized: Array(treeBytes), threads: threads)
            guard trees.featureCount == known.count else {
                throw ScoringError.corruptModel("the trees read \(trees.featureCount) features, the envelope names \(known.count)")
            }
            ranker = .trees(trees)
        case .logistic:
            guard let regression = envelope.logistic else { throw ScoringError.corruptModel("a field is missing or malformed") }
            let width = 2 * known.count
            let values: [[Double]] = [regression.medians, regression.means, regression.deviations, regression.weights, [regression.intercept]]
            guard regression.featureCount == known.count, regression.means.count == width, regression.deviations.count == width,
                  regression.weights.count == width, values.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
                throw ScoringError.corruptModel("the logistic regression does not read the \(known.count) features the envelope names, or holds a value that is not finite")
            }
            ranker = .logistic(regression)
        }
        self.init(features: RingFeature.allCases, parameters: envelope.parameters, calibration: envelope.calibration,
                  trainingSet: envelope.trainingSet, metrics: envelope.metrics, ranker: ranker)
    }
}
