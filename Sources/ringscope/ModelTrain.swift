import ArgumentParser
import CaseStore
import Foundation
import Scoring

/// `ringscope model train`: cross-validates and stores a model trained on the case store's outcomes.
struct ModelTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Learn a ring ranking from the case store's outcomes; print cross-validated figures; store the model.",
        discussion: """
        Each case with an outcome gives one labelled ring: the ring of the case in the last run \
        recorded before the outcome reached the store (so the raid's own evidence cannot leak \
        into what the model learns), confirmed counterfeit = 1, unfounded = 0. A case with both \
        a confirmed and an unfounded outcome is an error naming the case and both references.

        Prints stratified k-fold cross-validation on the labelled rings: ROC AUC and precision \
        among the top 10 and 25 (of the out-of-fold scores), Brier score and expected \
        calibration error (ECE, 10 bins) of the calibrated probabilities (calibration fitted on \
        the other folds), and the calibration table; then the same figures, on the same folds, \
        for the other --kind (logistic regression beside the trees, or the trees beside it). Then trains on every labelled ring and \
        stores the model, its figures and the SHA-256 of its training set in the case store: \
        'analyze --cases' ranks by the latest one. Same outcomes and --seed → the same model, \
        byte for byte. Fewer than 30 of either class: exit 1, no model, the rule score ranks.

        Example:
          ringscope model train --cases output/cases.sqlite
          ringscope model train --cases output/cases.sqlite --folds 10 --seed 7 --calibration isotonic
          ringscope model train --cases output/cases.sqlite --ignore median_price_ratio,median_account_age_days
          ringscope model train --cases output/cases.sqlite --kind logistic
        """
    )

    @OptionGroup var store: CaseStoreOptions

    @Option(help: ArgumentHelp("Cross-validation folds, 2 or more; each class needs at least this many outcomes.", valueName: "k"))
    var folds: Int = 5

    @Option(help: ArgumentHelp("Seed of the folds and of the trees' row sampling, 0 to 2^64 − 1. (default: 0)", valueName: "n"), transform: Arguments.seed)
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Calibration of the probabilities: platt (two numbers, steady with few outcomes) or isotonic (steps, needs hundreds).", valueName: "platt|isotonic"))
    var calibration: String = "platt"

    @Option(help: ArgumentHelp("The model: trees (gradient-boosted trees, XGBoost, monotone where the direction is known) or logistic (L2-regularised logistic regression on standardised features, missing → median and an indicator). Both are cross-validated on the same folds either way; 'why this rank' works for both.", valueName: "trees|logistic"))
    var kind: String = "trees"

    var modelKind: LearnedModel.Kind { LearnedModel.Kind(rawValue: kind) ?? .trees }

    @Option(help: ArgumentHelp("Features the model must not use, comma-separated names (see docs/learned-scoring.md), e.g. median_price_ratio,units_sold_per_storefront,median_account_age_days: they are left missing in training, so no tree splits on them. (default: none)", valueName: "list"))
    var ignore: String?

    /// The features of --ignore.
    func ignored() throws -> [RingFeature] {
        guard let ignore else { return [] }
        return try ignore.split(separator: ",").map { word in
            let name = word.trimmingCharacters(in: .whitespaces)
            guard let feature = RingFeature(rawValue: name) else {
                throw ValidationError("unknown feature '\(name)' in --ignore; the features are \(RingFeature.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return feature
        }
    }

    func validate() throws {
        _ = try ignored()
        if folds < 2 { throw ValidationError("--folds must be at least 2, e.g. --folds 5") }
        if LearnedModel.Kind(rawValue: kind) == nil { throw ValidationError("--kind takes trees or logistic, not '\(kind)'") }
        if CrossValidation.Method(rawValue: calibration) == nil { throw ValidationError("--calibration takes platt or isotonic, not '\(calibration)'") }
    }

    func run() throws {
        let cases = try store.open()
        let training = try withCaseStoreErrors { try cases.trainingRows() }
        var (matrix, labels) = LearnedScoring.matrix(training.rows)
        let ignoredFeatures = try ignored()
        for feature in ignoredFeatures {
            for row in 0 ..< matrix.rowCount { matrix[row, feature.column] = .nan }
        }
        if !ignoredFeatures.isEmpty { print("ignored (left missing): " + ignoredFeatures.map(\.rawValue).joined(separator: ", ")) }
        let positives = training.rows.filter { $0.label == 1 }.count
        print("labelled rings: \(positives) confirmed, \(training.rows.count - positives) unfounded (features of the last run before each outcome)")
        if !training.casesWithoutFeatures.isEmpty {
            let list = training.casesWithoutFeatures
            print(terminalSafe("  \(list.count) case\(list.count == 1 ? "" : "s") with an outcome but no recorded features before it, left out: "
                  + list.prefix(8).joined(separator: ", ") + (list.count > 8 ? ", …" : "")
                  + " (runs recorded by an older RingScope, or outcomes imported before their ring's run)"))
        }
        let trained: (model: LearnedModel, validation: CrossValidation)
        do {
            trained = try LearnedModel.trainValidated(features: matrix, labels: labels, parameters: LearnedScoring.parameters(seed: seed),
                                                      foldCount: folds, seed: seed, calibration: CrossValidation.Method(rawValue: calibration)!,
                                                      kind: modelKind)
        } catch let error as ScoringError {
            Console.error("\(cases.path): error: \(LearnedScoring.message(error))")
            throw ExitCode(1)
        }
        ModelTrain.printFigures(trained.model.metrics, table: trained.validation.calibrationTable)
        ModelTrain.printOtherKind(modelKind, matrix, labels, folds: folds, seed: seed, method: CrossValidation.Method(rawValue: calibration)!)
        let bytes: [UInt8]
        do { bytes = try trained.model.serialized() } catch let error as ScoringError {
            Console.error("\(cases.path): error: \(LearnedScoring.message(error))")
            throw ExitCode(1)
        }
        let stored = try withCaseStoreErrors {
            try cases.storeModel(StoredModel(formatVersion: LearnedModel.formatVersion, trainingSHA256: trained.model.trainingSet.sha256,
                                             positives: trained.model.trainingSet.positives, negatives: trained.model.trainingSet.negatives,
                                             metrics: LearnedScoring.metricsJSON(trained.model.metrics), bytes: bytes))
        }
        print("stored as model \(stored.id) (\(modelKind.rawValue)) in \(terminalSafe(cases.path)) (training set SHA-256 \(stored.trainingSHA256)); analyze --cases now ranks by it")
        print("top features by mean |contribution| on the labelled rings (log-odds):")
        for (feature, mean) in ModelTrain.meanContributions(trained.model, matrix).prefix(8) {
            print("  " + feature.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: " %.3f", mean))
        }
    }

    /// The cross-validated figures and the calibration table.
    static func printFigures(_ metrics: LearnedModel.Metrics, table: [ClassificationMetrics.CalibrationBin]?) {
        print("\(metrics.folds)-fold stratified cross-validation (out-of-fold):")
        print("  ROC AUC            \(LearnedScoring.figure(metrics.rocAUC))")
        print("  precision@10       \(LearnedScoring.figure(metrics.precisionAt10))")
        print("  precision@25       \(LearnedScoring.figure(metrics.precisionAt25))")
        print("  Brier score        \(LearnedScoring.figure(metrics.brierScore))   (mean squared error of the probabilities; lower is better)")
        print("  calibration error  \(LearnedScoring.figure(metrics.expectedCalibrationError))   (ECE, 10 bins; goal ≤ 0.05)")
        guard let table else { return }
        print("calibration table (probability bin, rings, mean predicted, observed confirmed rate):")
        for bin in table where bin.count > 0 {
            print(String(format: "  %.1f–%.1f  %5d  %.3f  %.3f", bin.lower, bin.upper, bin.count, bin.meanProbability, bin.observedRate))
        }
    }

    /// Mean absolute contribution (TreeSHAP, or weight × standardised value) of each feature over `matrix`'s rows, largest first.
    static func meanContributions(_ model: LearnedModel, _ matrix: FeatureMatrix) -> [(RingFeature, Double)] {
        guard let scores = try? model.score(matrix), !scores.isEmpty else { return [] }
        var sums = [Double](repeating: 0, count: RingFeature.allCases.count)
        for score in scores { for part in score.contributions { sums[part.feature.column] += abs(part.logOdds) } }
        return RingFeature.allCases.map { ($0, sums[$0.column] / Double(scores.count)) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.column < $1.0.column }
    }
}
