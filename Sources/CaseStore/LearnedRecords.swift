import Foundation

/// One learned-scoring feature of a ring as the case store keeps it: plain values, so that the
/// store does not depend on the model code (``Scoring``) and the analyst web app reads them as
/// data.
public struct RingFeatureRecord: Sendable, Hashable {
    /// The feature's stable name (`confirmed_fake_share`).
    public var feature: String
    /// Its value in the feature's unit; nil when the dataset does not say.
    public var value: Double?
    /// Its TreeSHAP contribution to the ring's margin in log-odds, when a model ranked the run.
    public var contribution: Double?
    /// The contribution as a sentence ("confirmed fakes on 6 of 18 storefronts +0.31"), or "".
    public var sentence: String

    public init(feature: String, value: Double?, contribution: Double? = nil, sentence: String = "") {
        self.feature = feature
        self.value = value
        self.contribution = contribution
        self.sentence = sentence
    }
}

/// A ring's learned score: which model, the calibrated probability and the margin it ranked by.
public struct LearnedScoreRecord: Sendable, Hashable {
    public var modelID: Int
    /// Calibrated probability that the ring is confirmed counterfeit, 0–1.
    public var probability: Double
    /// The model's raw score (log-odds) the run was ranked by.
    public var margin: Double
    /// The rank the rule score gave the ring in the same run.
    public var ruleRank: Int

    public init(modelID: Int, probability: Double, margin: Double, ruleRank: Int) {
        self.modelID = modelID
        self.probability = probability
        self.margin = margin
        self.ruleRank = ruleRank
    }
}

/// "Why this rank" of one ring of a recorded run, as ``CaseStore/rankExplanation(run:ring:)``
/// gives it: the learned score (nil when the rule score ranked the run) and the features, the
/// largest contributions first (by absolute value; features without a contribution after, in
/// column order).
public struct RankExplanation: Sendable, Hashable {
    public var run: Int
    public var ringID: String
    public var score: LearnedScoreRecord?
    public var features: [RingFeatureRecord]

    /// The `count` largest contributions (those with a sentence), for a referral's "why this rank".
    public func topContributions(_ count: Int = 5) -> [RingFeatureRecord] {
        Array(features.filter { $0.contribution != nil }.prefix(count))
    }

    public init(run: Int, ringID: String, score: LearnedScoreRecord?, features: [RingFeatureRecord]) {
        self.run = run
        self.ringID = ringID
        self.score = score
        self.features = features
    }

    /// Sorts features the way the explanation lists them.
    static func ordered(_ features: [RingFeatureRecord]) -> [RingFeatureRecord] {
        features.enumerated().sorted { a, b in
            switch (a.element.contribution, b.element.contribution) {
            case let (x?, y?): return abs(x) != abs(y) ? abs(x) > abs(y) : a.offset < b.offset
            case (.some, .none): return true
            case (.none, .some): return false
            case (.none, .none): return a.offset < b.offset
            }
        }.map(\.element)
    }
}

/// A model kept in the case store: its id, when it was stored, what it was trained on, its
/// cross-validated figures (JSON) and its bytes (``Scoring/LearnedModel/serialized()``). The
/// store never reads the bytes: loading goes through `LearnedModel(serialized:)`, which refuses
/// a corrupt or newer model.
public struct StoredModel: Sendable, Hashable {
    public var id: Int
    /// `2026-03-02T10:15:00Z`.
    public var createdAt: String
    public var formatVersion: Int
    public var trainingSHA256: String
    public var positives: Int
    public var negatives: Int
    /// The cross-validated metrics as JSON, as `model train` printed them.
    public var metrics: String
    public var bytes: [UInt8]

    public init(id: Int = 0, createdAt: String = "", formatVersion: Int, trainingSHA256: String, positives: Int, negatives: Int,
                metrics: String, bytes: [UInt8]) {
        self.id = id
        self.createdAt = createdAt
        self.formatVersion = formatVersion
        self.trainingSHA256 = trainingSHA256
        self.positives = positives
        self.negatives = negatives
        self.metrics = metrics
        self.bytes = bytes
    }
}

/// The labelled rings the store holds: for each case with an outcome, the features of its ring in
/// the last run recorded before the outcome was imported (so the raid's own evidence cannot leak
/// into the label), labelled 1 when confirmed counterfeit and 0 when unfounded.
public struct TrainingRows: Sendable {
    public struct Row: Sendable, Hashable {
        public var caseID: String
        public var run: Int
        public var ringID: String
        /// 1 confirmed counterfeit, 0 unfounded.
        public var label: Int
        public var features: [RingFeatureRecord]

        public init(caseID: String, run: Int, ringID: String, label: Int, features: [RingFeatureRecord]) {
            self.caseID = caseID
            self.run = run
            self.ringID = ringID
            self.label = label
            self.features = features
        }
    }

    public var rows: [Row]
    /// Cases with an outcome but no ring with recorded features before it (runs recorded before
    /// this version, or the outcome imported before any run held the case's ring with features).
    public var casesWithoutFeatures: [String]
}

/// Which learned model ranked a run: its id in the store and what it was trained on (the run
/// folder's manifest records both).
public struct RankingModel: Sendable, Hashable {
    public var id: Int
    public var trainingSHA256: String
    public var positives: Int
    public var negatives: Int

    public init(id: Int, trainingSHA256: String, positives: Int, negatives: Int) {
        self.id = id
        self.trainingSHA256 = trainingSHA256
        self.positives = positives
        self.negatives = negatives
    }
}

extension RunCases {
    /// The run's ranking model and each ring's explanation, from what was recorded.
    mutating func addLearning(_ snapshot: RunSnapshot) {
        rankingModel = snapshot.rankingModel
        guard let model = snapshot.rankingModel else { return }
        for ring in snapshot.rings where ring.learnedScore?.modelID == model.id {
            explanations[ring.ringID] = RankExplanation(run: run.id, ringID: ring.ringID, score: ring.learnedScore,
                                                        features: RankExplanation.ordered(ring.features))
        }
    }
}
