import Foundation
import GRDB

/// Learned scoring's part of the store: ring features at record time, the labelled training
/// rows, trained models, and each ring's "why this rank".
extension CaseStore {
    /// Records a ring's features and learned score (called while recording its run).
    func insertLearning(_ db: Database, run: Int, _ ring: RingSnapshot) throws {
        guard !ring.features.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO ring_features (run_id, ring_id, position, feature, value, contribution, sentence) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, record) in ring.features.enumerated() {
            // NaN is not a value SQLite keeps: a missing feature is NULL.
            let value = record.value.flatMap { $0.isFinite ? $0 : nil }
            try statement.execute(arguments: [run, ring.ringID, position, record.feature, value, record.contribution, record.sentence])
        }
        if let score = ring.learnedScore {
            try db.cachedStatement(sql: """
                INSERT INTO ring_scores (run_id, ring_id, model_id, probability, margin, rule_rank) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [run, ring.ringID, score.modelID, score.probability, score.margin, score.ruleRank])
        }
    }

    /// For each ring (its members), how many cases with a confirmed-counterfeit outcome hold one
    /// of its entities (in the case's latest members): the `linked_confirmed_cases` feature.
    public func confirmedCasesSharing(_ rings: [[EntityRef]]) throws -> [Int] {
        try reading { db in
            var confirmedHolders: [EntityRef: Set<String>] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT m.entity_type, m.entity_id, m.case_id FROM case_members m
                WHERE m.case_id IN (SELECT case_id FROM outcomes WHERE result = 'confirmed')
                """)
            while let row = try rows.next() {
                confirmedHolders[EntityRef(kind: row[0], id: row[1]), default: []].insert(row[2])
            }
            return rings.map { members in
                var cases = Set<String>()
                for member in members { cases.formUnion(confirmedHolders[member] ?? []) }
                return cases.count
            }
        }
    }

    /// The labelled rings (see ``TrainingRows``), cases in id order.
    ///
    /// - Throws: ``CaseStoreError`` `.invalidRequest` naming the case and both references when a
    ///   case has outcomes both confirmed and unfounded: which is right is for a person to
    ///   decide, and training on either would hide the conflict.
    public func trainingRows() throws -> TrainingRows {
        try reading { db in
            struct Outcome { var result: String; var reference: String; var date: String; var recordedAt: String }
            var outcomes: [String: [Outcome]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT case_id, result, reference, date, recorded_at FROM outcomes ORDER BY case_id, id")
            while let row = try rows.next() {
                outcomes[row[0], default: []].append(Outcome(result: row[1], reference: row[2], date: row[3], recordedAt: row[4]))
            }
            var training = TrainingRows(rows: [], casesWithoutFeatures: [])
            for caseID in outcomes.keys.sorted(by: { a, b in
                if let x = CaseID(a), let y = CaseID(b), x != y { return x < y }
                return a < b
            }) {
                let list = outcomes[caseID]!
                let confirmed = list.first { $0.result == "confirmed" }, unfounded = list.first { $0.result == "unfounded" }
                if let confirmed, let unfounded {
                    throw CaseStoreError(.invalidRequest, path: path, message: """
                        case \(caseID) has contradictory outcomes: confirmed (\(confirmed.reference.isEmpty ? "no reference" : confirmed.reference), \(confirmed.date)) \
                        and unfounded (\(unfounded.reference.isEmpty ? "no reference" : unfounded.reference), \(unfounded.date)); no model is trained \
                        until they agree: check with the enforcement partner and correct the outcomes file
                        """)
                }
                // The first time an outcome of the case reached the store: features recorded
                // after it may already hold the raid's evidence.
                let known = list.map(\.recordedAt).min()!
                guard let ring = try Row.fetchOne(db.cachedStatement(sql: """
                    SELECT r.run_id, r.ring_id FROM rings r JOIN runs u ON u.id = r.run_id
                    WHERE r.case_id = ? AND u.recorded_at <= ?
                      AND EXISTS (SELECT 1 FROM ring_features f WHERE f.run_id = r.run_id AND f.ring_id = r.ring_id)
                    ORDER BY u.recorded_at DESC, r.run_id DESC LIMIT 1
                    """), arguments: [caseID, known]) else {
                    training.casesWithoutFeatures.append(caseID)
                    continue
                }
                let run: Int = ring[0], ringID: String = ring[1]
                training.rows.append(.init(caseID: caseID, run: run, ringID: ringID, label: confirmed != nil ? 1 : 0,
                                           features: try features(db, run: run, ring: ringID)))
            }
            return training
        }
    }

    func features(_ db: Database, run: Int, ring: String) throws -> [RingFeatureRecord] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT feature, value, contribution, sentence FROM ring_features WHERE run_id = ? AND ring_id = ? ORDER BY position
            """), arguments: [run, ring]).map { RingFeatureRecord(feature: $0[0], value: $0[1], contribution: $0[2], sentence: $0[3]) }
    }

    /// Stores a trained model; returns it with its id and time.
    @discardableResult
    public func storeModel(_ model: StoredModel, at date: Date = Date()) throws -> StoredModel {
        try writing { db in
            var stored = model
            stored.createdAt = Timestamps.text(date)
            try db.cachedStatement(sql: """
                INSERT INTO models (created_at, format_version, training_sha256, positives, negatives, metrics, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [stored.createdAt, model.formatVersion, model.trainingSHA256, model.positives, model.negatives,
                                         model.metrics, Data(model.bytes)])
            stored.id = Int(db.lastInsertedRowID)
            return stored
        }
    }

    /// The most recently stored model (largest id), or nil when none was trained.
    public func latestModel() throws -> StoredModel? {
        try reading { db in try Row.fetchOne(db, sql: "SELECT \(Self.modelColumns) FROM models ORDER BY id DESC LIMIT 1").map(Self.model) }
    }

    /// The model with this id.
    ///
    /// - Throws: ``CaseStoreError`` `.invalidRequest` when there is none.
    public func model(id: Int) throws -> StoredModel {
        try reading { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.modelColumns) FROM models WHERE id = ?", arguments: [id]) else {
                let ids = try Int.fetchAll(db, sql: "SELECT id FROM models ORDER BY id")
                throw CaseStoreError(.invalidRequest, path: path, message: "no model \(id) in this store; "
                    + (ids.isEmpty ? "none was trained yet (ringscope model train --cases \(path))" : "its models are \(ids.map(String.init).joined(separator: ", "))"))
            }
            return Self.model(row)
        }
    }

    static let modelColumns = "id, created_at, format_version, training_sha256, positives, negatives, metrics, bytes"

    static func model(_ row: Row) -> StoredModel {
        let bytes: Data = row[7]
        return StoredModel(id: row[0], createdAt: row[1], formatVersion: row[2], trainingSHA256: row[3], positives: row[4], negatives: row[5],
                           metrics: row[6], bytes: Array(bytes))
    }

    /// "Why this rank" of a ring of a recorded run: its learned score and features with their
    /// contributions, largest first; nil when the run did not record features for it. This is
    /// what the analyst web app shows, as data.
    public func rankExplanation(run: Int, ring ringID: String) throws -> RankExplanation? {
        try reading { db in try rankExplanation(db, run: run, ring: ringID) }
    }

    /// ``rankExplanation(run:ring:)`` inside a transaction.
    func rankExplanation(_ db: Database, run: Int, ring ringID: String) throws -> RankExplanation? {
        let features = try features(db, run: run, ring: ringID)
        guard !features.isEmpty else { return nil }
        let score = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT model_id, probability, margin, rule_rank FROM ring_scores WHERE run_id = ? AND ring_id = ?
            """), arguments: [run, ringID]).map { LearnedScoreRecord(modelID: $0[0], probability: $0[1], margin: $0[2], ruleRank: $0[3]) }
        return RankExplanation(run: run, ringID: ringID, score: score, features: RankExplanation.ordered(features))
    }
}
