import Communities
import Foundation
import Testing
@testable import Scoring

/// Rows of three features: the first raises the odds except for a dip in the middle (so an
/// unconstrained model learns a non-monotone shape), the second is noise, the third lowers the odds.
func fixture(rows: Int, seed: UInt64) -> (FeatureMatrix, [Float]) {
    var random = SplitMix64(seed: seed)
    var matrix = FeatureMatrix(rowCount: rows, columnCount: 3)
    var labels = [Float]()
    for row in 0..<rows {
        let rising = random.unit() * 10, noise = random.unit(), falling = random.unit() * 5
        matrix[row, 0] = Float(rising)
        matrix[row, 1] = Float(noise)
        matrix[row, 2] = Float(falling)
        let dip = (4...6).contains(rising) ? -3.0 : 0
        let logit = 0.8 * (rising - 5) - 0.6 * (falling - 2.5) + dip
        labels.append(random.unit() < 1 / (1 + exp(-logit)) ? 1 : 0)
    }
    return (matrix, labels)
}

/// Rows that vary the first feature over a grid, the others fixed.
func sweep(of column: Int, others: [Float]) -> FeatureMatrix {
    let steps = (0...100).map { Float($0) / 10 }
    return FeatureMatrix(rows: steps.map { value in
        var row = others
        row[column] = value
        return row
    }, columnCount: others.count)
}

@Test func aTrainedModelSeparatesHeldOutRows() throws {
    let (train, trainLabels) = fixture(rows: 600, seed: 1)
    let (test, testLabels) = fixture(rows: 400, seed: 2)
    let model = try GradientBoostedTrees.train(features: train, labels: trainLabels, parameters: BoosterParameters(rounds: 60))
    let scores = try model.probabilities(test)
    var positives = [Double](), negatives = [Double]()
    for (score, label) in zip(scores, testLabels) { if label == 1 { positives.append(score) } else { negatives.append(score) } }
    // The share of (positive, negative) pairs ordered correctly: the ROC AUC.
    var ordered = 0.0
    for p in positives { for n in negatives { ordered += p > n ? 1 : (p == n ? 0.5 : 0) } }
    let auc = ordered / Double(positives.count * negatives.count)
    #expect(auc > 0.85, "held-out AUC \(auc)")
    #expect(model.treeCount == 60)
    #expect(model.featureCount == 3)
}

@Test func aMonotoneFeatureNeverLowersThePrediction() throws {
    let (train, labels) = fixture(rows: 800, seed: 3)
    let grid = sweep(of: 0, others: [0, 0.5, 2.5])
    let free = try GradientBoostedTrees.train(features: train, labels: labels, parameters: BoosterParameters(rounds: 80, minChildWeight: 0.5))
    let constrained = try GradientBoostedTrees.train(
        features: train, labels: labels,
        parameters: BoosterParameters(rounds: 80, minChildWeight: 0.5, monotoneConstraints: [1, 0, -1]))
    let freeScores = try free.margins(grid)
    let constrainedScores = try constrained.margins(grid)
    // The fixture's dip makes the free model fall somewhere along the sweep, so the constraint
    // is what keeps the constrained one from falling (the test fails if it is not passed on).
    #expect(zip(freeScores, freeScores.dropFirst()).contains { $1 < $0 - 1e-6 })
    #expect(zip(constrainedScores, constrainedScores.dropFirst()).allSatisfy { $1 >= $0 })
    let falling = try constrained.margins(sweep(of: 2, others: [5, 0.5, 0]))
    #expect(zip(falling, falling.dropFirst()).allSatisfy { $1 <= $0 })
}

@Test(arguments: [BoosterParameters.TreeMethod.exact, .hist])
func theSameSeedGivesTheSameModelWhateverTheThreadCount(_ method: BoosterParameters.TreeMethod) throws {
    let (train, labels) = fixture(rows: 3000, seed: 4)
    func model(seed: UInt64, threads: Int) throws -> [UInt8] {
        let parameters = BoosterParameters(rounds: 40, maxDepth: 4, subsample: 0.7, columnSampleByTree: 0.67,
                                           monotoneConstraints: [1, 0, -1], seed: seed, threads: threads, treeMethod: method)
        return try GradientBoostedTrees.train(features: train, labels: labels, parameters: parameters).serialized()
    }
    let one = try model(seed: 7, threads: 1)
    #expect(try model(seed: 7, threads: 1) == one)
    #expect(try model(seed: 7, threads: 2) == one)
    #expect(try model(seed: 7, threads: 4) == one)
    // The seed reaches XGBoost: another seed draws other rows.
    #expect(try model(seed: 8, threads: 1) != one)
}

@Test func contributionsSumToTheMargin() throws {
    let (train, labels) = fixture(rows: 500, seed: 5)
    let model = try GradientBoostedTrees.train(features: train, labels: labels, parameters: BoosterParameters(rounds: 50))
    let (rows, _) = fixture(rows: 50, seed: 6)
    let margins = try model.margins(rows)
    let contributions = try model.contributions(rows)
    #expect(contributions.rowCount == 50 && contributions.featureCount == 3)
    for row in 0..<50 {
        #expect(abs(contributions.total(row: row) - margins[row]) < 1e-4)
    }
    // The noise feature explains far less than the two real ones.
    let mean = { (feature: Int) in (0..<50).map { abs(contributions.contribution(row: $0, feature: feature)) }.reduce(0, +) / 50 }
    #expect(mean(1) < mean(0) && mean(1) < mean(2))
}

@Test func aSavedModelLoadsBackAndPredictsTheSame() throws {
    let (train, labels) = fixture(rows: 400, seed: 9)
    let model = try GradientBoostedTrees.train(features: train, labels: labels, parameters: BoosterParameters(rounds: 30))
    let bytes = try model.serialized()
    let loaded = try GradientBoostedTrees(serialized: bytes, threads: 2)
    #expect(loaded.featureCount == 3 && loaded.treeCount == 30)
    #expect(try loaded.margins(train) == model.margins(train))
    #expect(try loaded.serialized() == bytes)
}

@Test func corruptModelsAreRefused() throws {
    let (train, labels) = fixture(rows: 200, seed: 10)
    let bytes = try GradientBoostedTrees.train(features: train, labels: labels, parameters: BoosterParameters(rounds: 5)).serialized()
    for bad in [[], Array("not a model".utf8), Array(bytes.prefix(bytes.count / 2)), Array(#"{"learner": 3}"#.utf8)] {
        #expect(throws: ScoringError.self) { try GradientBoostedTrees(serialized: bad) }
    }
}

@Test func badTrainingInputIsRefusedWithAReason() throws {
    let (train, labels) = fixture(rows: 50, seed: 11)
    #expect(throws: ScoringError.invalidData("a label is 0 or 1")) {
        try GradientBoostedTrees.train(features: train, labels: labels.map { $0 * 2 }, parameters: BoosterParameters())
    }
    #expect(throws: ScoringError.invalidData("49 labels for 50 examples")) {
        try GradientBoostedTrees.train(features: train, labels: Array(labels.dropLast()), parameters: BoosterParameters())
    }
    #expect(throws: ScoringError.invalidParameter("2 monotone constraints for 3 features")) {
        try GradientBoostedTrees.train(features: train, labels: labels, parameters: BoosterParameters(monotoneConstraints: [1, 1]))
    }
    let model = try GradientBoostedTrees.train(features: train, labels: labels, parameters: BoosterParameters(rounds: 3))
    #expect(throws: ScoringError.invalidData("the model reads 3 features, the data has 2")) {
        try model.margins(FeatureMatrix(rowCount: 2, columnCount: 2))
    }
}

@Test func missingValuesAreAcceptedAsMissing() throws {
    var (train, labels) = fixture(rows: 300, seed: 12)
    for row in stride(from: 0, to: 300, by: 7) { train[row, 1] = .nan }
    let model = try GradientBoostedTrees.train(features: train, labels: labels, parameters: BoosterParameters(rounds: 10))
    #expect(try model.margins(train).allSatisfy { $0.isFinite })
}
