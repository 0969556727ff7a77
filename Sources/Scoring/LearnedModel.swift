import Crypto
import Foundation

/// A trained ring ranker as RingScope stores it: the XGBoost trees, the calibration fitted on
/// out-of-fold margins, the feature names it reads (in column order), its training parameters,
/// what it was trained on (class counts and the SHA-256 of the training matrix and labels) and
/// its cross-validated figures.
///
/// ``serialized()`` gives a versioned JSON envelope (keys sorted, the trees as XGBoost's JSON
/// model in base64); ``init(serialized:)`` refuses a corrupt envelope, a newer format, or a
/// feature list this build does not compute, so a bad model never silently replaces the rule
/// score.
public struct LearnedModel: Sendable {
    /// The envelope's format version; a model with a larger one was written by a newer RingScope.
    public static let formatVersion = 1
    /// Below this many outcomes of either class, no model is trained (the rule score ranks).
    public static let minimumLabelsPerClass = 30
    /// The L2 penalty of the logistic-regression kind (on standardised features).
    public static let logisticL2 = 1.0

    /// Cross-validated figures, as `model train` prints them.
    public struct Metrics: Sendable, Hashable, Codable {
        public var folds: Int
        public var rocAUC: Double
        /// Precision among the top 10 and top 25 out-of-fold scores.
        public var precisionAt10: Double
        public var precisionAt25: Double
        public var brierScore: Double
        public var expectedCalibrationError: Double
    }

    /// What the model was trained on.
    public struct TrainingSet: Sendable, Hashable, Codable {
        public var positives: Int
        public var negatives: Int
        /// SHA-256 (hex) of the feature matrix's values and the labels, little-endian floats.
        public var sha256: String
    }

    public let features: [RingFeature]
    public let parameters: BoosterParameters
    public let calibration: Calibration
    public let trainingSet: TrainingSet
    public let metrics: Metrics
    /// What ranks: the trees, or the logistic-regression baseline (`model train --kind`).
    public let ranker: Ranker

    /// The model that turns a ring's features into a margin.
    public enum Ranker: Sendable {
        /// Gradient-boosted trees (XGBoost); contributions are TreeSHAP values.
        case trees(GradientBoostedTrees)
        /// L2 logistic regression; contributions are weight × standardised value (exact).
        case logistic(LogisticRegression)

        /// The name `model train --kind` takes and the stored envelope records.
        public var kind: Kind { if case .trees = self { .trees } else { .logistic } }
    }

    /// Which kind of model to train.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case trees, logistic
    }

    /// The kind of this model.
    public var kind: Kind { ranker.kind }

    /// Cross-validates, then trains the final model on every row and keeps the calibration fitted
    /// on the out-of-fold margins.
    ///
    /// - Throws: ``ScoringError/invalidData(_:)`` with both counts when a class has fewer than
    ///   ``minimumLabelsPerClass`` rows.
    public static func train(features matrix: FeatureMatrix, labels: [Float], parameters: BoosterParameters,
                             foldCount: Int = 5, seed: UInt64 = 0, calibration method: CrossValidation.Method = .platt,
                             kind: Kind = .trees) throws -> LearnedModel {
        try trainValidated(features: matrix, labels: labels, parameters: parameters, foldCount: foldCount, seed: seed, calibration: method,
                           kind: kind).model
    }

    /// ``train(features:labels:parameters:foldCount:seed:calibration:)``, also giving the
    /// cross-validation it ran (for the calibration table `model train` prints).
    public static func trainValidated(features matrix: FeatureMatrix, labels: [Float], parameters: BoosterParameters,
                                      foldCount: Int = 5, seed: UInt64 = 0,
                                      calibration method: CrossValidation.Method = .platt,
                                      kind: Kind = .trees) throws -> (model: LearnedModel, validation: CrossValidation) {
        precondition(matrix.columnCount == RingFeature.allCases.count, "the matrix must hold every RingFeature")
        let positives = labels.filter { $0 == 1 }.count, negatives = labels.count - positives
        guard positives >= minimumLabelsPerClass, negatives >= minimumLabelsPerClass else {
            throw ScoringError.tooFewLabels(positives: positives, negatives: negatives, minimum: minimumLabelsPerClass)
        }
        let validation: CrossValidation
        let ranker: Ranker
        switch kind {
        case .trees:
            validation = try CrossValidation(features: matrix, labels: labels, parameters: parameters,
                                             foldCount: foldCount, seed: seed, method: method)
            ranker = .trees(try GradientBoostedTrees.train(features: matrix, labels: labels, parameters: parameters))
        case .logistic:
            validation = try CrossValidation(features: matrix, labels: labels, foldCount: foldCount, seed: seed, method: method) { rows, labels in
                let model = try LogisticRegression.fit(features: rows, labels: labels, l2: logisticL2)
                return { try model.margins($0) }
            }
            ranker = .logistic(try LogisticRegression.fit(features: matrix, labels: labels, l2: logisticL2))
        }
        let metrics = Metrics(folds: foldCount, rocAUC: validation.rocAUC ?? .nan,
                              precisionAt10: validation.precision(atK: 10) ?? .nan, precisionAt25: validation.precision(atK: 25) ?? .nan,
                              brierScore: validation.brierScore ?? .nan, expectedCalibrationError: validation.expectedCalibrationError ?? .nan)
        let model = LearnedModel(features: RingFeature.allCases, parameters: parameters, calibration: validation.calibration,
                                 trainingSet: TrainingSet(positives: positives, negatives: negatives, sha256: digest(matrix, labels)),
                                 metrics: metrics, ranker: ranker)
        return (model, validation)
    }

    init(features: [RingFeature], parameters: BoosterParameters, calibration: Calibration, trainingSet: TrainingSet,
         metrics: Metrics, ranker: Ranker) {
        self.features = features
        self.parameters = parameters
        self.calibration = calibration
        self.trainingSet = trainingSet
        self.metrics = metrics
        self.ranker = ranker
    }

    /// One feature's part in a ring's score.
    public struct FeatureContribution: Sendable, Hashable {
        public var feature: RingFeature
        /// The ring's value of the feature (NaN when missing), in the feature's unit.
        public var value: Float
        /// Its TreeSHAP contribution to the margin, in log-odds: positive raises the rank.
        public var logOdds: Double
    }

    /// A ring's learned score and why.
    public struct RingScore: Sendable, Hashable {
        /// The calibrated probability that the ring is confirmed counterfeit.
        public var probability: Double
        /// The model's raw score, log-odds; rings are ranked by it (calibration is monotone).
        public var margin: Double
        /// The part of the margin no feature explains (the same for every ring).
        public var bias: Double
        /// Every feature's contribution, largest magnitude first (ties by column): the
        /// contributions and the bias sum to the margin.
        public var contributions: [FeatureContribution]
    }

    /// The score of each row of `matrix` (built by ``RingFeatureExtractor``), with its reasons.
    public func score(_ matrix: FeatureMatrix) throws -> [RingScore] {
        let margins: [Double], contribution: (Int, Int) -> Double, bias: (Int) -> Double
        switch ranker {
        case .trees(let trees):
            margins = try trees.margins(matrix)
            let contributions = try trees.contributions(matrix)
            contribution = { contributions.contribution(row: $0, feature: $1) }
            bias = { contributions.bias(row: $0) }
        case .logistic(let regression):
            margins = try regression.margins(matrix)
            let parts = try regression.contributions(matrix), width = regression.featureCount
            contribution = { parts[$0 * width + $1] }
            bias = { _ in regression.intercept }
        }
        return margins.indices.map { row in
            let parts = features.indices.map { column in
                FeatureContribution(feature: features[column], value: matrix[row, column], logOdds: contribution(row, column))
            }.enumerated().sorted {
                abs($0.element.logOdds) != abs($1.element.logOdds) ? abs($0.element.logOdds) > abs($1.element.logOdds) : $0.offset < $1.offset
            }.map(\.element)
            return RingScore(probability: calibration.probability(ofMargin: margins[row]), margin: margins[row],
                             bias: bias(row), contributions: parts)
        }
    }

    public static func digest(_ matrix: FeatureMatrix, _ labels: [Float]) -> String {
        var hash = SHA256()
        var header = [UInt64(matrix.rowCount), UInt64(matrix.columnCount)].map(\.littleEndian)
        header.withUnsafeBytes { hash.update(bufferPointer: $0) }
        for value in matrix.values + labels {
            var bits = value.isNaN ? Float.nan.bitPattern.littleEndian : value.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { hash.update(bufferPointer: $0) }
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
