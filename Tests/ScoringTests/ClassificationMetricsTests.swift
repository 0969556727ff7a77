import Communities
import Foundation
import Testing
@testable import Scoring

@Test func rocAUCCountsOrderedPairsAndHalvesTies() {
    #expect(ClassificationMetrics.rocAUC(scores: [0.1, 0.2, 0.3, 0.4], labels: [0, 0, 1, 1]) == 1)
    #expect(ClassificationMetrics.rocAUC(scores: [0.4, 0.3, 0.2, 0.1], labels: [0, 0, 1, 1]) == 0)
    // Pairs: (0.35 > 0.1) (0.35 > 0.4 no) (0.8 > both) → 3 of 4.
    #expect(ClassificationMetrics.rocAUC(scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1]) == 0.75)
    // All tied: one half.
    #expect(ClassificationMetrics.rocAUC(scores: [1, 1, 1, 1, 1], labels: [0, 1, 0, 1, 1]) == 0.5)
    #expect(ClassificationMetrics.rocAUC(scores: [1, 2], labels: [1, 1]) == nil)
}

@Test func precisionAtKTakesTheTopScoresAndBreaksTiesByRow() {
    let scores = [0.9, 0.1, 0.8, 0.8, 0.2]
    let labels: [Float] = [1, 1, 0, 1, 0]
    #expect(ClassificationMetrics.precision(atK: 1, scores: scores, labels: labels) == 1)
    #expect(ClassificationMetrics.precision(atK: 2, scores: scores, labels: labels) == 0.5)  // rows 0, 2
    #expect(ClassificationMetrics.precision(atK: 3, scores: scores, labels: labels) == 2.0 / 3)
    #expect(ClassificationMetrics.precision(atK: 99, scores: scores, labels: labels) == 0.6)
    #expect(ClassificationMetrics.precision(atK: 0, scores: scores, labels: labels) == nil)
}

@Test func brierAndCalibrationErrorMeasureTheGap() {
    #expect(ClassificationMetrics.brierScore(probabilities: [0.5, 0.5], labels: [0, 1]) == 0.25)
    #expect(ClassificationMetrics.brierScore(probabilities: [1, 0], labels: [1, 0]) == 0)
    // Eight rows at 0.25 with 2 positives, four at 0.75 with 3: perfectly calibrated bins give 0.
    let probabilities = [Double](repeating: 0.25, count: 8) + [Double](repeating: 0.75, count: 4)
    let calibrated: [Float] = [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0]
    #expect(abs(ClassificationMetrics.expectedCalibrationError(probabilities: probabilities, labels: calibrated)!) < 1e-12)
    // Everything at 0.9, half positive: a gap of 0.4.
    let over = ClassificationMetrics.expectedCalibrationError(probabilities: [0.9, 0.9, 0.9, 0.9], labels: [1, 0, 1, 0])!
    #expect(abs(over - 0.4) < 1e-12)
    let table = ClassificationMetrics.calibrationTable(probabilities: [0, 0.05, 1], labels: [0, 1, 1], bins: 10)
    #expect(table.count == 10 && table[0].count == 2 && table[9].count == 1 && table[0].observedRate == 0.5)
}

@Test func stratifiedFoldsKeepEachClassSpreadAndAreSeeded() {
    let labels: [Float] = Array(repeating: 1, count: 13) + Array(repeating: 0, count: 37)
    let folds = StratifiedFolds(labels: labels, foldCount: 5, seed: 3)
    for fold in 0 ..< 5 {
        let test = folds.split(fold).test
        let positives = test.filter { labels[$0] == 1 }.count
        #expect((2 ... 3).contains(positives))
        #expect((9 ... 11).contains(test.count))
    }
    #expect(StratifiedFolds(labels: labels, foldCount: 5, seed: 3) == folds)
    #expect(StratifiedFolds(labels: labels, foldCount: 5, seed: 4) != folds)
}

@Test func plattScalingRecoversAKnownLogisticMap() {
    // Labels drawn from p = σ(2·m − 1): the fit should find slope ≈ 2, intercept ≈ −1.
    var random = SplitMix64(seed: 21)
    var margins: [Double] = [], labels: [Float] = []
    for _ in 0 ..< 4000 {
        let margin = random.unit() * 6 - 3
        margins.append(margin)
        labels.append(random.unit() < 1 / (1 + exp(-(2 * margin - 1))) ? 1 : 0)
    }
    guard case .platt(let slope, let intercept) = Calibration.fitPlatt(margins: margins, labels: labels) else {
        Issue.record("not Platt"); return
    }
    #expect(abs(slope - 2) < 0.2 && abs(intercept + 1) < 0.15, "slope \(slope) intercept \(intercept)")
}

@Test func isotonicCalibrationIsMonotoneAndPoolsViolators() {
    let calibration = Calibration.fitIsotonic(margins: [1, 2, 3, 4, 5, 6], labels: [0, 1, 0, 0, 1, 1])
    guard case .isotonic(let knots, let values) = calibration else { Issue.record("not isotonic"); return }
    #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 })
    #expect(zip(knots, knots.dropFirst()).allSatisfy { $0 < $1 })
    // [0], [1, 0, 0] pooled to 1/3, [1, 1].
    #expect(values == [0, 1.0 / 3, 1])
    #expect(calibration.probability(ofMargin: -10) == 0 && calibration.probability(ofMargin: 10) == 1)
    let grid = stride(from: 0.0, through: 7, by: 0.25).map { calibration.probability(ofMargin: $0) }
    #expect(zip(grid, grid.dropFirst()).allSatisfy { $0 <= $1 })
}

@Test func crossValidationGivesHonestOutOfFoldFigures() throws {
    let (features, labels) = fixture(rows: 500, seed: 30)
    let parameters = BoosterParameters(rounds: 40, monotoneConstraints: [1, 0, -1])
    let validation = try CrossValidation(features: features, labels: labels, parameters: parameters, foldCount: 5, seed: 1)
    #expect(validation.outOfFoldMargins.allSatisfy { $0.isFinite })
    #expect(validation.rocAUC! > 0.8)
    #expect(validation.expectedCalibrationError! < 0.1)
    #expect(validation.brierScore! < 0.2)
    // Same inputs, same figures.
    let again = try CrossValidation(features: features, labels: labels, parameters: parameters, foldCount: 5, seed: 1)
    #expect(again.outOfFoldMargins == validation.outOfFoldMargins)
    // Too few of a class for the folds is an error with the counts.
    #expect(throws: ScoringError.self) {
        try CrossValidation(features: features.selecting(rows: [0, 1, 2]), labels: [1, 0, 0], parameters: parameters)
    }
}
