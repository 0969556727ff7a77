import Foundation
import GRDB
import Testing
@testable import CaseStore

/// A ring with learned-scoring features (`fake_share`, `sellers`; `age` missing).
private func featured(_ snapshot: RingSnapshot, fakeShare: Double) -> RingSnapshot {
    var ring = snapshot
    ring.features = [RingFeatureRecord(feature: "sellers", value: Double(ring.sellers.count)),
                     RingFeatureRecord(feature: "fake_share", value: fakeShare),
                     RingFeatureRecord(feature: "age", value: .nan)]
    return ring
}

private func outcome(_ caseID: String, _ result: CaseOutcome.Result, reference: String) -> CaseOutcome {
    CaseOutcome(caseID: caseID, result: result, date: "2026-04-01", reference: reference, who: "partner")
}

@Test func trainingRowsAreTheFeaturesOfTheLastRunBeforeTheOutcome() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try CaseStore(path: path)
    try store.record(run([featured(ring("R-a", rank: 1, sellers: sellers("A", 1...6), accounts: ["PA1"]), fakeShare: 0.25),
                          featured(ring("R-b", rank: 2, sellers: sellers("B", 1...4), accounts: ["PB1"]), fakeShare: 0)]))
    #expect(try store.trainingRows().rows.isEmpty)
    // The second run sees R-a grown, with more fakes: still before any outcome.
    try store.record(run([featured(ring("R-a2", rank: 1, sellers: sellers("A", 1...7), accounts: ["PA1"]), fakeShare: 0.5),
                          featured(ring("R-b", rank: 2, sellers: sellers("B", 1...4), accounts: ["PB1"]), fakeShare: 0)], day: 10))
    try store.recordOutcome(outcome("C-2026-0001", .confirmed, reference: "GZ-1"))
    try store.recordOutcome(outcome("C-2026-0002", .unfounded, reference: "FJ-9"))
    // A run recorded after the outcomes (the raid's evidence in it) must not be the one trained on.
    try store.record(run([featured(ring("R-a3", rank: 1, sellers: sellers("A", 1...7), accounts: ["PA1"]), fakeShare: 1)], day: 1000))

    let training = try store.trainingRows()
    #expect(training.casesWithoutFeatures.isEmpty)
    #expect(training.rows.map(\.caseID) == ["C-2026-0001", "C-2026-0002"])
    #expect(training.rows.map(\.label) == [1, 0])
    #expect(training.rows.map(\.run) == [2, 2])
    #expect(training.rows[0].ringID == "R-a2")
    #expect(training.rows[0].features.map(\.feature) == ["sellers", "fake_share", "age"])
    #expect(training.rows[0].features.map(\.value) == [7, 0.5, nil])
}

@Test func contradictoryOutcomesAreAnErrorNamingTheCaseAndBothReferences() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try CaseStore(path: path)
    try store.record(run([featured(ring("R-a", sellers: sellers("A", 1...3)), fakeShare: 0.5)]))
    try store.recordOutcome(outcome("C-2026-0001", .confirmed, reference: "GZ-1"))
    try store.recordOutcome(outcome("C-2026-0001", .unfounded, reference: "GZ-2"))
    let error = #expect(throws: CaseStoreError.self) { try store.trainingRows() }
    #expect(error?.kind == .invalidRequest)
    #expect(error?.message.hasPrefix("case C-2026-0001 has contradictory outcomes: confirmed (GZ-1, 2026-04-01) and unfounded (GZ-2, 2026-04-01)") == true)
}

@Test func casesWithoutRecordedFeaturesAreListedNotTrainedOn() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try CaseStore(path: path)
    try store.record(run([ring("R-a", sellers: sellers("A", 1...3))]))
    try store.recordOutcome(outcome("C-2026-0001", .confirmed, reference: "GZ-1"))
    let training = try store.trainingRows()
    #expect(training.rows.isEmpty)
    #expect(training.casesWithoutFeatures == ["C-2026-0001"])
}

@Test func modelsAreStoredAndTheLatestIsFound() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try CaseStore(path: path)
    #expect(try store.latestModel() == nil)
    let missing = #expect(throws: CaseStoreError.self) { try store.model(id: 1) }
    #expect(missing?.message.contains("none was trained yet") == true)
    let first = try store.storeModel(StoredModel(formatVersion: 1, trainingSHA256: "aa", positives: 30, negatives: 40, metrics: "{}", bytes: [1, 2, 3]),
                                     at: Date(timeIntervalSince1970: 1_772_323_200))
    let second = try store.storeModel(StoredModel(formatVersion: 1, trainingSHA256: "bb", positives: 31, negatives: 41, metrics: "{\"rocAUC\":0.9}", bytes: [0, 255]))
    #expect(first.id == 1 && second.id == 2)
    #expect(first.createdAt == "2026-03-01T00:00:00Z")
    #expect(try store.latestModel() == second)
    #expect(try store.model(id: 1) == first)
    #expect(try store.model(id: 1).bytes == [1, 2, 3])
    #expect((#expect(throws: CaseStoreError.self) { try store.model(id: 7) })?.message.contains("its models are 1, 2") == true)
}

@Test func aRankedRunKeepsEachRingsExplanation() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try CaseStore(path: path)
    let model = try store.storeModel(StoredModel(formatVersion: 1, trainingSHA256: "cc", positives: 30, negatives: 30, metrics: "{}", bytes: [1]))
    var ringA = ring("R-a", sellers: sellers("A", 1...3))
    ringA.features = [RingFeatureRecord(feature: "sellers", value: 3, contribution: 0.05, sentence: "3 sellers +0.05"),
                      RingFeatureRecord(feature: "fake_share", value: 0.5, contribution: 0.8, sentence: "confirmed fakes on 2 of 3 storefronts +0.80"),
                      RingFeatureRecord(feature: "genuine", value: 1, contribution: -0.3, sentence: "1 genuine test purchase −0.30"),
                      RingFeatureRecord(feature: "age", value: nil, contribution: 0, sentence: "age: not known ±0.00")]
    ringA.learnedScore = LearnedScoreRecord(modelID: model.id, probability: 0.83, margin: 1.6, ruleRank: 2)
    var snapshot = run([ringA])
    snapshot.rankingModel = RankingModel(id: model.id, trainingSHA256: "cc", positives: 30, negatives: 30)
    let cases = try store.record(snapshot)
    #expect(cases.rankingModel?.id == model.id)
    let fromRun = try #require(cases.explanations["R-a"])
    let stored = try #require(try store.rankExplanation(run: 1, ring: "R-a"))
    #expect(fromRun == stored)
    #expect(stored.score == LearnedScoreRecord(modelID: 1, probability: 0.83, margin: 1.6, ruleRank: 2))
    #expect(stored.features.map(\.feature) == ["fake_share", "genuine", "sellers", "age"])
    #expect(stored.topContributions(2).map(\.sentence) == ["confirmed fakes on 2 of 3 storefronts +0.80", "1 genuine test purchase −0.30"])
    #expect(try store.rankExplanation(run: 1, ring: "R-x") == nil)
}

@Test func confirmedCasesSharingCountsCasesWithAConfirmedOutcome() throws {
    let (folder, path) = temporaryStorePath()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try CaseStore(path: path)
    try store.record(run([ring("R-a", rank: 1, sellers: sellers("A", 1...3), workshops: ["F1"]),
                          ring("R-b", rank: 2, sellers: sellers("B", 1...3), workshops: ["F2"]),
                          ring("R-c", rank: 3, sellers: sellers("C", 1...3), workshops: ["F1"])]))
    try store.recordOutcome(outcome("C-2026-0001", .confirmed, reference: "GZ-1"))
    try store.recordOutcome(outcome("C-2026-0003", .confirmed, reference: "GZ-3"))
    try store.recordOutcome(outcome("C-2026-0002", .unfounded, reference: "FJ-2"))
    let f1 = EntityRef(kind: "factory", id: "F1"), f2 = EntityRef(kind: "factory", id: "F2")
    #expect(try store.confirmedCasesSharing([[f1], [f2], [EntityRef(kind: "seller", id: "A1"), f1], []]) == [2, 0, 2, 0])
}
