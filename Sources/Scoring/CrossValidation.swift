/// Stratified k-fold cross-validation of ``GradientBoostedTrees`` (or any model) with out-of-fold calibration:
/// what `ringscope model train` prints and what the stored model's calibration is fitted on.
///
/// Each row gets a margin from the model trained without its fold (out of fold). The
/// calibration reported for a row is fitted on the out-of-fold margins of the *other* folds
/// (cross-fitted), so the printed Brier score and calibration error are not flattered by
/// fitting and measuring on the same rows; the calibration kept with the final model is fitted
/// on every out-of-fold margin.
public struct CrossValidation: Sendable {
    /// Which calibration to fit.
    public enum Method: String, Sendable, Hashable, Codable {
        case platt, isotonic
    }

    /// Each row's margin from the model that did not see it.
    public let outOfFoldMargins: [Double]
    /// Each row's calibrated probability, the calibration fitted without its fold.
    public let outOfFoldProbabilities: [Double]
    /// The calibration fitted on every out-of-fold margin, to apply to the final model.
    public let calibration: Calibration
    public let labels: [Float]
    public let folds: StratifiedFolds

    /// Runs the cross-validation.
    ///
    /// - Parameters:
    ///   - foldCount: folds; each class needs at least this many rows.
    ///   - seed: the split's seed (the trees use `parameters.seed`).
    /// - Complexity: `foldCount` trainings on (k−1)/k of the rows.
    public init(features: FeatureMatrix, labels: [Float], parameters: BoosterParameters, foldCount: Int = 5,
                seed: UInt64 = 0, method: Method = .platt) throws {
        try self.init(features: features, labels: labels, foldCount: foldCount, seed: seed, method: method) { matrix, labels in
            let model = try GradientBoostedTrees.train(features: matrix, labels: labels, parameters: parameters)
            return { try model.margins($0) }
        }
    }

    /// Cross-validates any model on the same folds as the trees (the same labels and seed give the
    /// same split): `train` fits a model on a fold's training rows and returns its margin function.
    /// How the logistic-regression baseline is measured beside the trees.
    public init(features: FeatureMatrix, labels: [Float], foldCount: Int = 5, seed: UInt64 = 0, method: Method = .platt,
                train: (FeatureMatrix, [Float]) throws -> (FeatureMatrix) throws -> [Double]) throws {
        let positives = labels.filter { $0 == 1 }.count, negatives = labels.count - positives
        guard positives >= foldCount, negatives >= foldCount else {
            throw ScoringError.invalidData("\(foldCount)-fold cross-validation needs at least \(foldCount) examples of each class; there are \(positives) positive and \(negatives) negative")
        }
        let folds = StratifiedFolds(labels: labels, foldCount: foldCount, seed: seed)
        var margins = [Double](repeating: .nan, count: labels.count)
        for fold in 0 ..< foldCount {
            let (training, test) = folds.split(fold)
            let model = try train(features.selecting(rows: training), training.map { labels[$0] })
            for (row, margin) in zip(test, try model(features.selecting(rows: test))) { margins[row] = margin }
        }
        func fit(_ rows: [Int]) -> Calibration {
            let m = rows.map { margins[$0] }, l = rows.map { labels[$0] }
            return method == .platt ? Calibration.fitPlatt(margins: m, labels: l) : Calibration.fitIsotonic(margins: m, labels: l)
        }
        var probabilities = [Double](repeating: .nan, count: labels.count)
        for fold in 0 ..< foldCount {
            let (others, test) = folds.split(fold)
            let calibration = fit(others)
            for row in test { probabilities[row] = calibration.probability(ofMargin: margins[row]) }
        }
        self.outOfFoldMargins = margins
        self.outOfFoldProbabilities = probabilities
        self.calibration = fit(Array(labels.indices))
        self.labels = labels
        self.folds = folds
    }

    /// ROC AUC of the out-of-fold margins.
    public var rocAUC: Double? { ClassificationMetrics.rocAUC(scores: outOfFoldMargins, labels: labels) }
    /// Precision among the `k` highest out-of-fold margins.
    public func precision(atK k: Int) -> Double? { ClassificationMetrics.precision(atK: k, scores: outOfFoldMargins, labels: labels) }
    /// Brier score of the cross-fitted calibrated probabilities.
    public var brierScore: Double? { ClassificationMetrics.brierScore(probabilities: outOfFoldProbabilities, labels: labels) }
    /// Expected calibration error (10 bins) of the cross-fitted calibrated probabilities.
    public var expectedCalibrationError: Double? {
        ClassificationMetrics.expectedCalibrationError(probabilities: outOfFoldProbabilities, labels: labels)
    }
    /// The calibration table (10 bins) of the cross-fitted calibrated probabilities.
    public var calibrationTable: [ClassificationMetrics.CalibrationBin] {
        ClassificationMetrics.calibrationTable(probabilities: outOfFoldProbabilities, labels: labels)
    }
}
