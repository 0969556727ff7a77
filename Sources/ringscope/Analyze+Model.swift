import ArgumentParser
import CaseStore
import Foundation
import Investigation
import Scoring

/// `analyze --cases FILE`: every ring's learned-scoring features, recorded with the run (the
/// labels arrive later, as outcomes), and the ranking by the store's latest model when there is
/// one; the rule score otherwise, with one line saying why.
extension Analyze {
    /// What the learned scoring did to a run.
    struct LearnedRanking {
        /// The model that ranked the run, nil under the rule score.
        var model: RankingModel?
        /// Per ring id: its features (with contributions under a model) and its learned score.
        var features: [String: [RingFeatureRecord]] = [:]
        var scores: [String: LearnedScoreRecord] = [:]
        /// One line: which ranking and why.
        var note: String

        /// Puts the features, scores and model into the snapshot the store records.
        func apply(to snapshot: inout RunSnapshot) {
            snapshot.rankingModel = model
            for index in snapshot.rings.indices {
                let id = snapshot.rings[index].ringID
                snapshot.rings[index].features = features[id] ?? []
                snapshot.rings[index].learnedScore = scores[id]
            }
        }
    }

    /// Computes the features of every ring and, with a model and without `--rule-score`, ranks
    /// the rings by the model's margin (ties by rule rank), recomputing the factory ranking.
    /// Nil without a case store.
    func rankByModel(_ investigation: inout Investigation, store: CaseStore?) throws -> LearnedRanking? {
        guard let store else { return nil }
        let network = investigation.network
        let members = investigation.rings.map { ring in
            ring.members.map { EntityRef(kind: $0.kind.rawValue, id: network.id($0.kind, $0.entity)) }
        }
        let linked = try withCaseStoreErrors { try store.confirmedCasesSharing(members) }
        let matrix = RingFeatureExtractor(network: network).matrix(for: investigation.rings, linkedConfirmedCases: linked)
        var ranking = LearnedRanking(note: "")
        if ruleScore {
            ranking.note = "ranked by the rule score (--rule-score)"
        } else if let stored = try withCaseStoreErrors({ try store.latestModel() }) {
            let model = try LearnedScoring.load(stored, store: store)
            let scores: [LearnedModel.RingScore]
            do { scores = try model.score(matrix) } catch let error as ScoringError {
                Console.error("\(store.path): error: model \(stored.id) cannot score this run: \(LearnedScoring.message(error)); rank by the rule score with --rule-score")
                throw ExitCode(1)
            }
            // Rule ranks are 1… in order; the model's margin first, the rule rank breaks ties.
            let order = investigation.rings.indices.sorted { a, b in
                scores[a].margin != scores[b].margin ? scores[a].margin > scores[b].margin : investigation.rings[a].rank < investigation.rings[b].rank
            }
            ranking.model = RankingModel(id: stored.id, trainingSHA256: stored.trainingSHA256, positives: stored.positives, negatives: stored.negatives)
            for index in investigation.rings.indices {
                let ring = investigation.rings[index]
                ranking.features[ring.id] = LearnedScoring.records(scores[index])
                ranking.scores[ring.id] = LearnedScoreRecord(modelID: stored.id, probability: scores[index].probability,
                                                             margin: scores[index].margin, ruleRank: ring.rank)
            }
            var rings = order.map { investigation.rings[$0] }
            for position in rings.indices { rings[position].rank = position + 1 }
            investigation.rings = rings
            investigation.factories = FactoryRanking(network: network, rings: rings)
            ranking.note = "ranked by learned model \(stored.id) (trained \(stored.createdAt) on \(stored.positives) confirmed and \(stored.negatives) unfounded outcomes; training set SHA-256 \(stored.trainingSHA256.prefix(12))…; \(model.kind == .trees ? "gradient-boosted trees" : "logistic regression"))"
            return ranking
        } else {
            ranking.note = "ranked by the rule score: no learned model in \(store.path) yet (ringscope model train --cases \(store.path) needs \(LearnedModel.minimumLabelsPerClass) confirmed and \(LearnedModel.minimumLabelsPerClass) unfounded outcomes)"
        }
        for (index, ring) in investigation.rings.enumerated() { ranking.features[ring.id] = LearnedScoring.records(matrix, row: index) }
        return ranking
    }
}
