import Communities
import Foundation
import Testing
@testable import Scoring

/// Rows of every RingFeature: the confirmed-fake share and genuine purchases decide the label
/// (with noise), every other column is noise.
func ringFixture(rows: Int, seed: UInt64, positiveShare: Double = 0.4) -> (FeatureMatrix, [Float]) {
    var random = SplitMix64(seed: seed)
    var matrix = FeatureMatrix(rowCount: rows, columnCount: RingFeature.allCases.count)
    var labels: [Float] = []
    for row in 0 ..< rows {
        for column in 0 ..< matrix.columnCount { matrix[row, column] = Float(random.unit() * 10) }
        let fakes = random.unit(), genuine = Double(random.next() % 3)
        matrix[row, RingFeature.confirmedFakeShare.column] = Float(fakes)
        matrix[row, RingFeature.genuinePurchases.column] = Float(genuine)
        let logit = 6 * (fakes - 0.5) - 1.2 * genuine + log(positiveShare / (1 - positiveShare)) + 1
        labels.append(random.unit() < 1 / (1 + exp(-logit)) ? 1 : 0)
    }
    return (matrix, labels)
}

private let parameters = BoosterParameters(rounds: 60, monotoneConstraints: RingFeature.monotoneConstraints, seed: 5)

@Test func tooFewOutcomesOfAClassKeepTheRuleScore() throws {
    let (matrix, labels) = ringFixture(rows: 300, seed: 40)
    var rows = labels.indices.filter { labels[$0] == 0 }
    rows += labels.indices.filter { labels[$0] == 1 }.prefix(29)
    let error = #expect(throws: ScoringError.self) {
        try LearnedModel.train(features: matrix.selecting(rows: rows), labels: rows.map { labels[$0] }, parameters: parameters)
    }
    #expect(error?.description.contains("29 confirmed") == true)
    #expect(error?.description.contains("rule score") == true)
}

@Test func aLearnedModelScoresExplainsAndRoundTrips() throws {
    let (matrix, labels) = ringFixture(rows: 400, seed: 41)
    let model = try LearnedModel.train(features: matrix, labels: labels, parameters: parameters, foldCount: 5, seed: 2)
    #expect(model.metrics.rocAUC > 0.75)
    #expect(model.trainingSet.positives + model.trainingSet.negatives == 400)
    #expect(model.trainingSet.sha256.count == 64)

    let (fresh, _) = ringFixture(rows: 40, seed: 42)
    let scores = try model.score(fresh)
    for score in scores {
        #expect(abs(score.contributions.reduce(score.bias) { $0 + $1.logOdds } - score.margin) < 1e-3)
        #expect(zip(score.contributions, score.contributions.dropFirst()).allSatisfy { abs($0.logOdds) >= abs($1.logOdds) })
        #expect((0 ... 1).contains(score.probability))
    }
    // The ring with the most fakes owes its rank chiefly to them.
    let top = scores.indices.max { fresh[$0, RingFeature.confirmedFakeShare.column] < fresh[$1, RingFeature.confirmedFakeShare.column] }!
    #expect(scores[top].contributions.first?.feature == .confirmedFakeShare)
    #expect(scores[top].contributions.first!.logOdds > 0)

    let bytes = try model.serialized()
    let loaded = try LearnedModel(serialized: bytes, threads: 2)
    #expect(try loaded.serialized() == bytes)
    #expect(try loaded.score(fresh) == scores)
}

@Test func theSameLabelsAndSeedGiveTheSameModelFileWhateverTheThreads() throws {
    let (matrix, labels) = ringFixture(rows: 300, seed: 43)
    var two = parameters
    two.threads = 2
    let one = try LearnedModel.train(features: matrix, labels: labels, parameters: parameters, seed: 1).serialized()
    #expect(try LearnedModel.train(features: matrix, labels: labels, parameters: two, seed: 1).serialized() == one)
    #expect(try LearnedModel.train(features: matrix, labels: labels, parameters: parameters, seed: 1).serialized() == one)
}

@Test func badModelFilesAreRefusedWithAReason() throws {
    let (matrix, labels) = ringFixture(rows: 200, seed: 44)
    let bytes = try LearnedModel.train(features: matrix, labels: labels, parameters: BoosterParameters(rounds: 5)).serialized()
    let text = String(decoding: bytes, as: UTF8.self)
    func reason(_ text: String) -> String? {
        do { _ = try LearnedModel(serialized: Array(text.utf8)); return nil } catch { return "\(error)" }
    }
    #expect(reason("")?.contains("not a RingScope learned model") == true)
    #expect(reason(String(text.prefix(text.count / 2)))?.contains("not a RingScope learned model") == true)
    #expect(reason(text.replacingOccurrences(of: #""version":1"#, with: #""version":2"#))?.contains("newer RingScope") == true)
    #expect(reason(text.replacingOccurrences(of: #""sellers""#, with: #""buyers""#))?.contains("buyers") == true)
    let trees = try #require(text.range(of: #""trees":""#))
    var broken = text
    broken.replaceSubrange(trees.upperBound ..< text.index(trees.upperBound, offsetBy: 8), with: "AAAAAAAA")
    #expect(reason(broken) != nil)
}
