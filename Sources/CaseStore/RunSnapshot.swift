import Foundation

/// An entity named the dataset's way: its kind (`seller`, `payment_account`, `identifier`, …)
/// and its id. Kinds are kept as the dataset's words, so a kind added to the dataset format
/// (identifiers) is stored, matched and explained without a change here.
public struct EntityRef: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var kind: String
    public var id: String

    public init(kind: String, id: String) {
        self.kind = kind
        self.id = id
    }

    public static func < (lhs: EntityRef, rhs: EntityRef) -> Bool {
        if lhs.kind != rhs.kind {
            let (left, right) = (EntityNouns.order(lhs.kind), EntityNouns.order(rhs.kind))
            return left != right ? left < right : lhs.kind < rhs.kind
        }
        return lhs.id < rhs.id
    }

    public var description: String { "\(kind) \(id)" }
}

/// What a run found, as the case store records it: plain values built from an investigation
/// (``RunSnapshot/init(investigation:…)``) or, in tests, by hand.
public struct RunSnapshot: Sendable {
    /// The dataset folder's name and path.
    public var dataset: String
    public var datasetPath: String
    /// The run folder the run is written to.
    public var runFolder: String
    public var toolVersion: String
    public var seed: UInt64
    /// When the run was recorded; the year of cases it opens comes from it.
    public var recordedAt: Date
    /// Every ring, rank 1 first.
    public var rings: [RingSnapshot]
    /// The factory ranking, rank 1 first.
    public var factories: [FactoryRecord]
    /// The learned model that ranked the rings, nil when the rule score ranked them.
    public var rankingModel: RankingModel?

    public init(dataset: String, datasetPath: String, runFolder: String, toolVersion: String, seed: UInt64,
                recordedAt: Date, rings: [RingSnapshot], factories: [FactoryRecord] = []) {
        self.dataset = dataset
        self.datasetPath = datasetPath
        self.runFolder = runFolder
        self.toolVersion = toolVersion
        self.seed = seed
        self.recordedAt = recordedAt
        self.rings = rings
        self.factories = factories
    }
}

/// One ring of a run with its members, infrastructure and score.
public struct RingSnapshot: Sendable {
    public struct Member: Sendable, Hashable {
        public var entity: EntityRef
        /// The ring's word for what the entity is to it (`shared_payout_account`, `return_address`,
        /// `supplier`, `factory_site`…).
        public var role: String

        public init(entity: EntityRef, role: String) {
            self.entity = entity
            self.role = role
        }

        public init(_ kind: String, _ id: String, role: String) {
            self.init(entity: EntityRef(kind: kind, id: id), role: role)
        }
    }

    public var ringID: String
    public var rank: Int
    public var score: Double
    /// `counterfeit_ring`, `suspected_ring` or `legitimate_cluster`.
    public var assessment: String
    public var summary: String
    /// The score's parts with their reasons, one line.
    public var reasons: String
    public var brands: [String]
    /// The province most of its sellers are registered in (English name), or "".
    public var province: String
    public var confirmedFakes: Int
    public var members: [Member]
    /// Its learned-scoring features in column order (recorded for training once outcomes
    /// arrive), each with its contribution when a model ranked the run; empty when not computed.
    public var features: [RingFeatureRecord] = []
    /// The model's score when a model ranked the run, nil under the rule score.
    public var learnedScore: LearnedScoreRecord?

    public init(ringID: String, rank: Int, score: Double, assessment: String, summary: String = "", reasons: String = "",
                brands: [String] = [], province: String = "", confirmedFakes: Int = 0, members: [Member]) {
        self.ringID = ringID
        self.rank = rank
        self.score = score
        self.assessment = assessment
        self.summary = summary
        self.reasons = reasons
        self.brands = brands
        self.province = province
        self.confirmedFakes = confirmedFakes
        self.members = members
    }

    /// A ring with evidence of counterfeiting opens a case; a cluster without it (a family
    /// business) only continues one it already holds, or re-emerges a raided one.
    public var opensCase: Bool { assessment != "legitimate_cluster" }

    /// Its sellers' ids.
    public var sellers: [String] { members.filter { $0.entity.kind == "seller" }.map(\.entity.id) }
}

/// One row of the factory ranking.
public struct FactoryRecord: Sendable, Equatable {
    public var rank: Int
    public var factoryID: String
    public var score: Double
    public var rings: [String]
    public var reasons: String

    public init(rank: Int, factoryID: String, score: Double, rings: [String], reasons: String) {
        self.rank = rank
        self.factoryID = factoryID
        self.score = score
        self.rings = rings
        self.reasons = reasons
    }
}

/// What the run folder says about the run once written: its inputs with their hashes, the
/// parameters and the run hash of its manifest. Recorded with the run, in the same transaction.
public struct RunFolderFacts: Sendable {
    public struct Input: Sendable, Equatable {
        public var path: String
        public var bytes: Int
        public var sha256: String

        public init(path: String, bytes: Int, sha256: String) {
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    public var inputs: [Input]
    public var parameters: [String: String]
    public var arguments: [String]
    public var runHash: String

    public init(inputs: [Input] = [], parameters: [String: String] = [:], arguments: [String] = [], runHash: String = "") {
        self.inputs = inputs
        self.parameters = parameters
        self.arguments = arguments
        self.runHash = runHash
    }
}
