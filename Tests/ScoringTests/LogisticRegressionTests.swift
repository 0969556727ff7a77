import Communities
import Foundation
import Testing
@testable import Scoring

/// Rows whose label is drawn from a known logistic model: logit = 1.5·x0 − 1·x1 + 0.5, x2 noise.
private func logisticRows(_ count: Int, seed: UInt64) -> (FeatureMatrix, [Float]) {
    var random = SplitMix64(seed: seed)
    var matrix = FeatureMatrix(rowCount: count, columnCount: 3)
    var labels: [Float] = []
    for row in 0 ..< count {
        // Roughly standard normal values (sum of 12 uniforms − 6), so the standardised weights
        // are close to the raw ones.
        func normal() -> Double { (0 ..< 12).reduce(0.0) { sum, _ in sum + random.unit() } - 6 }
        let x0 = normal(), x1 = normal(), x2 = normal()
        matrix[row, 0] = Float(x0); matrix[row, 1] = Float(x1); matrix[row, 2] = Float(x2)
        labels.append(random.unit() < 1 / (1 + exp(-(1.5 * x0 - x1 + 0.5))) ? 1 : 0)
    }
    return (matrix, labels)
}

@Test func logisticRegressionRecoversAKnownLogisticRelation() throws {
    let (matrix, labels) = logisticRows(6000, seed: 9)
    let model = try LogisticRegression.fit(features: matrix, labels: labels, l2: 0.1)
    // Weights are per standard deviation of each column (≈ 1 here); indicators never vary.
    #expect(abs(model.weights[0] * (1 / model.deviations[0]) - 1.5) < 0.15, "\(model.weights)")
    #expect(abs(model.weights[1] * (1 / model.deviations[1]) + 1.0) < 0.12, "\(model.weights)")
    #expect(abs(model.weights[2]) < 0.1, "\(model.weights)")
    #expect(model.weights[3 ..< 6].allSatisfy { $0 == 0 })
    let margins = try model.margins(matrix)
    #expect((ClassificationMetrics.rocAUC(scores: margins, labels: labels) ?? 0) > 0.8)
}

@Test func logisticRegressionStaysFiniteOnSeparableDataAndRanksIt() throws {
    // Perfectly separated by column 0: without the L2 penalty the weight would run to infinity.
    let matrix = FeatureMatrix(rows: (0 ..< 60).map { [Float($0), Float(($0 * 7) % 5)] }, columnCount: 2)
    let labels: [Float] = (0 ..< 60).map { $0 >= 30 ? 1 : 0 }
    let model = try LogisticRegression.fit(features: matrix, labels: labels, l2: 1)
    #expect(model.weights.allSatisfy(\.isFinite) && model.intercept.isFinite)
    #expect(model.weights[0] > 1)
    #expect(ClassificationMetrics.rocAUC(scores: try model.margins(matrix), labels: labels) == 1)
}

@Test func logisticRegressionImputesMissingAndItsContributionsAreExact() throws {
    var (matrix, labels) = logisticRows(400, seed: 3)
    // Column 1 missing in every fourth row, and missing more often among positives: the
    // indicator carries signal of its own.
    for row in 0 ..< 400 where row % 4 == 0 || (labels[row] == 1 && row % 7 == 0) { matrix[row, 1] = .nan }
    let model = try LogisticRegression.fit(features: matrix, labels: labels)
    let known = (0 ..< 400).map { matrix[$0, 1] }.filter { !$0.isNaN }.map(Double.init).sorted()
    let median = known.count % 2 == 1 ? known[known.count / 2] : (known[known.count / 2 - 1] + known[known.count / 2]) / 2
    #expect(model.medians[1] == median)
    #expect(model.weights[4] != 0, "the missing indicator of column 1 has a weight")
    let parts = try model.contributions(matrix), margins = try model.margins(matrix)
    for row in [0, 1, 4, 399] {
        let sum = model.intercept + (0 ..< 3).reduce(0.0) { $0 + parts[row * 3 + $1] }
        #expect(abs(sum - margins[row]) < 1e-12)
    }
    // A missing value scores as the median with the indicator on: the same as any other missing row's column part.
    #expect(parts[0 * 3 + 1] == parts[4 * 3 + 1])
}

@Test func logisticRegressionIsByteDeterministic() throws {
    let (matrix, labels) = ringFixture(rows: 300, seed: 12)
    let first = try LogisticRegression.fit(features: matrix, labels: labels)
    let second = try LogisticRegression.fit(features: matrix, labels: labels)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    #expect(try encoder.encode(first) == encoder.encode(second))
    #expect(first.weights.map(\.bitPattern) == second.weights.map(\.bitPattern))
    #expect(try first.margins(matrix).map(\.bitPattern) == second.margins(matrix).map(\.bitPattern))
}

@Test func logisticRegressionRefusesBadInput() {
    let matrix = FeatureMatrix(rows: [[1], [2]], columnCount: 1)
    #expect(throws: ScoringError.self) { try LogisticRegression.fit(features: matrix, labels: [0, 2]) }
    #expect(throws: ScoringError.self) { try LogisticRegression.fit(features: matrix, labels: [0]) }
    #expect(throws: ScoringError.self) { try LogisticRegression.fit(features: matrix, labels: [0, 1], l2: 0) }
    let model = try? LogisticRegression.fit(features: matrix, labels: [0, 1])
    #expect(throws: ScoringError.self) { try model?.margins(FeatureMatrix(rows: [[1, 2]], columnCount: 2)) }
}

@Test func theBaselineIsCrossValidatedOnTheTreesFolds() throws {
    let (matrix, labels) = ringFixture(rows: 200, seed: 44)
    let validation = try CrossValidation(features: matrix, labels: labels, foldCount: 5, seed: 3) { training, labels in
        let model = try LogisticRegression.fit(features: training, labels: labels)
        return { try model.margins($0) }
    }
    let trees = try CrossValidation(features: matrix, labels: labels,
                                    parameters: BoosterParameters(rounds: 20, monotoneConstraints: RingFeature.monotoneConstraints, seed: 5),
                                    foldCount: 5, seed: 3)
    #expect(validation.folds == trees.folds)
    #expect((validation.rocAUC ?? 0) > 0.75)
    #expect(validation.outOfFoldProbabilities.allSatisfy { $0 > 0 && $0 < 1 })
}

@Test func aLogisticModelScoresExplainsAndRoundTrips() throws {
    let (matrix, labels) = ringFixture(rows: 300, seed: 45)
    let model = try LearnedModel.train(features: matrix, labels: labels, parameters: BoosterParameters(seed: 5), foldCount: 5, seed: 2, kind: .logistic)
    #expect(model.kind == .logistic)
    #expect(model.metrics.rocAUC > 0.75)
    let bytes = try model.serialized()
    #expect(String(decoding: bytes, as: UTF8.self).contains("\"kind\":\"logistic\""))
    let loaded = try LearnedModel(serialized: bytes)
    #expect(loaded.kind == .logistic)
    #expect(try loaded.serialized() == bytes)
    let scores = try loaded.score(matrix)
    for score in scores.prefix(20) {
        let sum = score.bias + score.contributions.reduce(0) { $0 + $1.logOdds }
        #expect(abs(sum - score.margin) < 1e-9)
    }
    // The confirmed-fake share decides the fixture's label: it leads the contributions.
    let column = RingFeature.confirmedFakeShare.column
    let mean = { (feature: Int) in scores.reduce(0.0) { $0 + abs($1.contributions.first { $0.feature.column == feature }!.logOdds) } }
    #expect(mean(column) > mean(RingFeature.sellers.column))
    // A trees model keeps its envelope as before: no kind field.
    let trees = try LearnedModel.train(features: matrix, labels: labels, parameters: BoosterParameters(rounds: 10, seed: 5), foldCount: 5, seed: 2)
    #expect(!String(decoding: try trees.serialized(), as: UTF8.self).contains("\"kind\""))
    // A logistic envelope without its weights is refused, not read as zeros.
    var envelope = try JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
    envelope["logistic"] = nil
    #expect(throws: ScoringError.self) { try LearnedModel(serialized: Array(try JSONSerialization.data(withJSONObject: envelope))) }
}
