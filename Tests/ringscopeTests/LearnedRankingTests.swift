import CaseStore
import Foundation
import Scoring
import Testing
import TestFixtures
@testable import ringscope

/// `analyze --cases` with and without a learned model, end to end through the executable: the
/// features recorded, the ranking by the model with "why this rank" in the referral, index.html
/// and manifest, the same ranking whatever the threads, a bad model an error unless --rule-score.
@Suite(.serialized) struct LearnedRankingTests {
    /// A model trained on made-up rows where the confirmed-fake share decides the label.
    static func model(seed: UInt64 = 3, kind: LearnedModel.Kind = .trees) throws -> LearnedModel {
        var matrix = FeatureMatrix(rowCount: 80, columnCount: RingFeature.allCases.count)
        var labels: [Float] = []
        for row in 0 ..< 80 {
            let share = Float(row % 20) / 20
            for column in 0 ..< matrix.columnCount { matrix[row, column] = Float((row * 7 + column * 3) % 11) }
            matrix[row, RingFeature.confirmedFakeShare.column] = share
            labels.append((share > 0.45) != (row % 13 == 0) ? 1 : 0)
        }
        var parameters = LearnedScoring.parameters(seed: seed)
        parameters.rounds = 30
        return try LearnedModel.train(features: matrix, labels: labels, parameters: parameters, foldCount: 3, seed: seed, kind: kind)
    }

    static func store(_ model: LearnedModel, in path: String) throws -> StoredModel {
        let store = try CaseStore(path: path)
        return try store.storeModel(StoredModel(formatVersion: LearnedModel.formatVersion, trainingSHA256: model.trainingSet.sha256,
                                                positives: model.trainingSet.positives, negatives: model.trainingSet.negatives,
                                                metrics: LearnedScoring.metricsJSON(model.metrics), bytes: try model.serialized()))
    }

    private func analyze(_ dataset: String, _ out: String, _ store: String, _ extra: [String] = []) -> CommandRunner.Outcome {
        CommandRunner.run(["analyze", dataset, "--out", out, "--cases", store, "--formats", "none", "--no-images"] + extra)
    }

    @Test func theLatestModelRanksAndEachReferralSaysWhy() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        let cases = scratch.path + "/cases.sqlite"
        let first = analyze(dataset, scratch.path + "/run1", cases)
        #expect(first.status == 0, "\(first.description)")
        #expect(first.stdout.contains("ranked by the rule score: no learned model in \(cases) yet"), "\(first.stdout)")
        // Features of every ring are recorded even under the rule score, for training later.
        let recorded = try #require(try CaseStore(path: cases).rankExplanation(run: 1, ring: try firstRing(scratch.read("run1/rings.csv"))))
        #expect(recorded.features.count == RingFeature.allCases.count)
        #expect(recorded.score == nil)
        #expect(recorded.features.first { $0.feature == "linked_confirmed_cases" }?.value == 0)

        let stored = try Self.store(try Self.model(), in: cases)
        let ranked = analyze(dataset, scratch.path + "/run2", cases, ["--threads", "1"])
        #expect(ranked.status == 0, "\(ranked.description)")
        #expect(ranked.stdout.contains("ranked by learned model \(stored.id) (trained "), "\(ranked.stdout)")
        let top = try firstRing(scratch.read("run2/rings.csv"))
        let referral = try #require(scratch.read("run2/rings/\(top)/referral.md"))
        #expect(referral.contains("## Why this rank (learned model \(stored.id))"), "\(referral)")
        #expect(referral.contains("Probability confirmed counterfeit "))
        #expect(referral.contains("confirmed fakes on "))
        #expect(scratch.read("run2/index.html")?.contains("Why this rank (learned model \(stored.id))") == true)
        let manifest = try #require(scratch.read("run2/manifest.json"))
        #expect(manifest.contains(stored.trainingSHA256))
        #expect(manifest.contains("learned model \(stored.id)"))
        let explanation = try #require(try CaseStore(path: cases).rankExplanation(run: 2, ring: top))
        #expect(explanation.score?.modelID == stored.id)
        #expect(explanation.topContributions(5).count == 5)
        #expect(explanation.topContributions(5).allSatisfy { !$0.sentence.isEmpty })

        // The same model and input: the same ranking at 2 threads.
        let again = analyze(dataset, scratch.path + "/run3", cases, ["--threads", "2"])
        #expect(again.status == 0, "\(again.description)")
        #expect(scratch.read("run3/rings.csv") == scratch.read("run2/rings.csv"))
        // The case sections differ (run 3 follows run 2); "why this rank" does not.
        func why(_ text: String?) -> String? {
            text?.components(separatedBy: "## Why this rank").dropFirst().first?.components(separatedBy: "\n## ").first
        }
        #expect(why(referral) != nil)
        #expect(why(scratch.read("run3/rings/\(top)/referral.md")) == why(referral))
    }

    @Test func aLogisticModelRanksAndEachReferralSaysWhy() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        let cases = scratch.path + "/cases.sqlite"
        #expect(analyze(dataset, scratch.path + "/run1", cases).status == 0)
        let stored = try Self.store(try Self.model(kind: .logistic), in: cases)
        let ranked = analyze(dataset, scratch.path + "/run2", cases)
        #expect(ranked.status == 0, "\(ranked.description)")
        #expect(ranked.stdout.contains("ranked by learned model \(stored.id) (trained "), "\(ranked.stdout)")
        #expect(ranked.stdout.contains("; logistic regression)"), "\(ranked.stdout)")
        let top = try firstRing(scratch.read("run2/rings.csv"))
        let referral = try #require(scratch.read("run2/rings/\(top)/referral.md"))
        #expect(referral.contains("## Why this rank (learned model \(stored.id))"), "\(referral)")
        let explanation = try #require(try CaseStore(path: cases).rankExplanation(run: 2, ring: top))
        #expect(explanation.score?.modelID == stored.id)
        #expect(explanation.topContributions(5).count == 5)
    }

    @Test func aModelThatCannotBeReadStopsTheRunUnlessTheRuleScoreIsAskedFor() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        let cases = scratch.path + "/cases.sqlite"
        let store = try CaseStore(path: cases)
        var newer = try JSONSerialization.jsonObject(with: Data(try Self.model().serialized())) as! [String: Any]
        newer["version"] = LearnedModel.formatVersion + 1
        let newerBytes = Array(try JSONSerialization.data(withJSONObject: newer))
        try store.storeModel(StoredModel(formatVersion: 2, trainingSHA256: "x", positives: 30, negatives: 30, metrics: "{}", bytes: newerBytes))
        let refused = analyze(dataset, scratch.path + "/run", cases)
        #expect(refused.status == 1, "\(refused.description)")
        #expect(refused.stderr.contains("model 1 cannot be used: the model file cannot be read: model format 2 was written by a newer RingScope"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--rule-score"))
        #expect(scratch.read("run/rings.csv") == nil)

        try store.storeModel(StoredModel(formatVersion: 1, trainingSHA256: "y", positives: 30, negatives: 30, metrics: "{}", bytes: Array("{\"format\": \"ringscope-learned-model\", \"ver".utf8)))
        let corrupt = analyze(dataset, scratch.path + "/run", cases)
        #expect(corrupt.status == 1)
        #expect(corrupt.stderr.contains("model 2 cannot be used: the model file cannot be read: not a RingScope learned model"), "\(corrupt.stderr)")

        let ruleScore = analyze(dataset, scratch.path + "/run", cases, ["--rule-score"])
        #expect(ruleScore.status == 0, "\(ruleScore.description)")
        #expect(ruleScore.stdout.contains("ranked by the rule score (--rule-score)"))
    }

    @Test func modelTrainRefusesTooFewOutcomesAndNamesContradictions() throws {
        let scratch = Scratch()
        let dataset = try scratch.dataset()
        let cases = scratch.path + "/cases.sqlite"
        #expect(analyze(dataset, scratch.path + "/run", cases).status == 0)
        let store = try CaseStore(path: cases)
        let caseID = try #require(try store.cases().first?.id)
        try store.recordOutcome(CaseOutcome(caseID: caseID, result: .confirmed, date: "2026-04-01", reference: "GZ-1", who: "t"))
        let few = CommandRunner.run(["model", "train", "--cases", cases])
        #expect(few.status == 1)
        #expect(few.stdout.contains("labelled rings: 1 confirmed, 0 unfounded"), "\(few.stdout)")
        #expect(few.stderr.contains("too few outcomes to learn from: 1 confirmed and 0 unfounded, at least 30 of each are needed; the rule score ranks instead"), "\(few.stderr)")
        try store.recordOutcome(CaseOutcome(caseID: caseID, result: .unfounded, date: "2026-04-02", reference: "GZ-2", who: "t"))
        let contradiction = CommandRunner.run(["model", "train", "--cases", cases])
        #expect(contradiction.status == 1)
        #expect(contradiction.stderr.contains("case \(caseID) has contradictory outcomes: confirmed (GZ-1, 2026-04-01) and unfounded (GZ-2, 2026-04-02)"), "\(contradiction.stderr)")
        let evaluate = CommandRunner.run(["model", "evaluate", "--cases", cases])
        #expect(evaluate.status == 1)
        #expect(evaluate.stderr.contains("no model in this store yet"))
    }

    @Test func trainingRowsBecomeColumnsByFeatureName() {
        let row = TrainingRows.Row(caseID: "C-2026-0001", run: 1, ringID: "R-a", label: 1, features: [
            RingFeatureRecord(feature: "storefronts", value: 18), RingFeatureRecord(feature: "retired_feature", value: 4),
            RingFeatureRecord(feature: "confirmed_fake_share", value: nil)])
        let (matrix, labels) = LearnedScoring.matrix([row])
        #expect(labels == [1])
        #expect(matrix[0, RingFeature.storefronts.column] == 18)
        #expect(matrix[0, RingFeature.confirmedFakeShare.column].isNaN)
        #expect(matrix[0, RingFeature.sellers.column].isNaN)
    }

    /// `model train --ignore F` leaves F missing in training: no tree splits on it, so whatever
    /// a ring's value of F, its contribution is 0 and the others decide.
    @Test func anIgnoredFeatureNeverMovesTheScore() throws {
        #expect(throws: (any Error).self) { _ = try ModelTrain.parse(["--ignore", "price"]) }
        let command = try ModelTrain.parse(["--ignore", "confirmed_fake_share, sellers"])
        #expect(try command.ignored() == [.confirmedFakeShare, .sellers])
        var matrix = FeatureMatrix(rowCount: 90, columnCount: RingFeature.allCases.count)
        var labels: [Float] = []
        for row in 0 ..< 90 {
            for column in 0 ..< matrix.columnCount { matrix[row, column] = Float((row * 5 + column) % 7) }
            matrix[row, RingFeature.takedownShare.column] = Float(row % 10) / 10
            matrix[row, RingFeature.confirmedFakeShare.column] = .nan
            labels.append(row % 10 >= 5 ? 1 : 0)
        }
        let model = try LearnedModel.train(features: matrix, labels: labels, parameters: LearnedScoring.parameters(seed: 1), foldCount: 3)
        var probe = matrix.selecting(rows: [0, 7])
        probe[0, RingFeature.confirmedFakeShare.column] = 0
        probe[1, RingFeature.confirmedFakeShare.column] = 1
        for score in try model.score(probe) {
            #expect(score.contributions.first { $0.feature == .confirmedFakeShare }?.logOdds == 0)
        }
    }

    private func firstRing(_ csv: String?) throws -> String {
        let line = try #require(csv?.split(separator: "\n").dropFirst().first)
        return String(line.split(separator: ",").first!)
    }
}
