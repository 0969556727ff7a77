import Foundation
import GRDB

extension CaseStore {
    /// Who the analysis is in a case's history.
    public static let analysisAuthor = "ringscope analyze"

    /// Records a run: the run, every ring with its members and score, the factory ranking, and
    /// the lineage of each ring (``Lineage``): which case it continues or re-emerges, or the new
    /// case it opens. Then calls `writeRunFolder` with the result, so the run folder carries the
    /// case ids, and commits only once it returns: a run killed before its folder is in place
    /// leaves the store as it was.
    ///
    /// The write lock is held from the start of the lineage to the commit, so two runs recorded
    /// into one file at once are recorded one after the other (the second waits up to the busy
    /// timeout, then fails with `.busy` without having written anything).
    ///
    /// - Parameters:
    ///   - snapshot: the run's rings and factory ranking.
    ///   - weights: the lineage weights and thresholds.
    ///   - writeRunFolder: writes the run folder (with the cases) and returns what its manifest
    ///     says of the inputs; an error it throws rolls the recording back and is rethrown as is.
    /// - Returns: the cases of the run's rings.
    @discardableResult
    public func record(_ snapshot: RunSnapshot, weights: Lineage.Weights = Lineage.Weights(),
                       writeRunFolder: (RunCases) throws -> RunFolderFacts = { _ in RunFolderFacts() }) throws -> RunCases {
        try writing { db in
            let run = try insertRun(db, snapshot)
            try insertRings(db, run: run, snapshot)
            let candidates = try candidates(db, run: run)
            let lineage = Lineage(rings: snapshot.rings, candidates: candidates, weights: weights)
            try apply(lineage, to: snapshot, candidates: candidates, run: run, at: snapshot.recordedAt, db)
            let annotations = try runCases(db, run: run, snapshot)
            let facts = try writeRunFolder(annotations)
            try recordFacts(facts, run: run, db)
            return annotations
        }
    }

    private func insertRun(_ db: Database, _ snapshot: RunSnapshot) throws -> Int {
        try db.cachedStatement(sql: """
            INSERT INTO runs (dataset, dataset_path, run_folder, tool_version, seed, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
            """).execute( arguments: [snapshot.dataset, snapshot.datasetPath, snapshot.runFolder, snapshot.toolVersion, String(snapshot.seed),
                             Timestamps.text(snapshot.recordedAt)])
        return Int(db.lastInsertedRowID)
    }

    private func insertRings(_ db: Database, run: Int, _ snapshot: RunSnapshot) throws {
        let ringStatement = try db.makeStatement(sql: """
            INSERT INTO rings (run_id, ring_id, rank, score, assessment, summary, reasons, brands, province, confirmed_fakes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let memberStatement = try db.makeStatement(sql: "INSERT OR IGNORE INTO ring_members (run_id, ring_id, entity_type, entity_id, role) VALUES (?, ?, ?, ?, ?)")
        // In key order: each row lands after the last one, so the tables grow at their end
        // instead of touching a random page of a large B-tree per row.
        for ring in snapshot.rings.sorted(by: { $0.ringID < $1.ringID }) {
            try ringStatement.execute(arguments: [run, ring.ringID, ring.rank, ring.score, ring.assessment, ring.summary, ring.reasons,
                                                  ring.brands.joined(separator: "; "), ring.province, ring.confirmedFakes])
            for member in ring.members.sorted(by: { $0.entity < $1.entity }) {
                try memberStatement.execute(arguments: [run, ring.ringID, member.entity.kind, member.entity.id, member.role])
            }
            try insertLearning(db, run: run, ring)
        }
        let factoryStatement = try db.makeStatement(sql: "INSERT INTO factory_ranking (run_id, rank, factory_id, score, rings, reasons) VALUES (?, ?, ?, ?, ?, ?)")
        for factory in snapshot.factories {
            try factoryStatement.execute(arguments: [run, factory.rank, factory.factoryID, factory.score, factory.rings.joined(separator: " "), factory.reasons])
        }
    }

    /// Cases that share at least one entity with a ring of the run, with their latest members.
    private func candidates(_ db: Database, run: Int) throws -> [Lineage.Candidate] {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT c.id, c.status, m.entity_type, m.entity_id, m.role
            FROM cases c JOIN case_members m ON m.case_id = c.id
            WHERE c.id IN (SELECT DISTINCT cm.case_id FROM ring_members rm
                           JOIN case_members cm ON cm.entity_type = rm.entity_type AND cm.entity_id = rm.entity_id
                           WHERE rm.run_id = ?)
            ORDER BY c.id
            """), arguments: [run])
        var candidates: [Lineage.Candidate] = []
        while let row = try rows.next() {
            let id: String = row[0]
            guard let caseID = CaseID(id), let status = CaseStatus(rawValue: row[1]) else {
                throw CaseStoreError(.damaged, path: path, message: "case \(id) has an id or status this RingScope cannot read")
            }
            if candidates.last?.caseID != caseID { candidates.append(Lineage.Candidate(caseID: caseID, status: status, members: [])) }
            candidates[candidates.count - 1].members.append(RingSnapshot.Member(row[2], row[3], role: row[4]))
        }
        // Members of raided and closed cases that the previous run saw in another ring.
        let settled = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM cases WHERE status IN ('raided', 'closed') LIMIT 1")) ?? false
        if settled, let previous = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM runs WHERE id < ?"), arguments: [run]) {
            let index = Dictionary(uniqueKeysWithValues: candidates.enumerated().map { ($1.caseID.description, $0) })
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT cm.case_id, cm.entity_type, cm.entity_id
                FROM cases c JOIN case_members cm ON cm.case_id = c.id
                JOIN ring_members rm ON rm.run_id = ? AND rm.entity_type = cm.entity_type AND rm.entity_id = cm.entity_id
                WHERE c.status IN ('raided', 'closed')
                  AND rm.ring_id IS NOT (SELECT r.ring_id FROM rings r WHERE r.run_id = ? AND r.case_id = c.id)
                """), arguments: [previous, previous])
            while let row = try rows.next() {
                if let position = index[row[0]] { candidates[position].heldElsewhere.insert(EntityRef(kind: row[1], id: row[2])) }
            }
        }
        return candidates
    }

    private func apply(_ lineage: Lineage, to snapshot: RunSnapshot, candidates: [Lineage.Candidate], run: Int, at date: Date, _ db: Database) throws {
        let now = Timestamps.text(date)
        let byCase = Dictionary(uniqueKeysWithValues: candidates.map { ($0.caseID, $0) })
        let year = Timestamps.year(date)
        var nextNumber = (try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(number) FROM cases WHERE year = ?"), arguments: [year]) ?? 0) + 1
        var caseOfRing: [Int: CaseID] = [:]
        let updateRing = try db.makeStatement(sql: """
            UPDATE rings SET case_id = ?, change = ?, similarity = ?, explanation = ?, previous_run = ? WHERE run_id = ? AND ring_id = ?
            """)
        let insertMember = try db.makeStatement(sql: "INSERT INTO case_members (case_id, entity_type, entity_id, role) VALUES (?, ?, ?, ?)")
        let insertLineage = try db.makeStatement(sql: """
            INSERT OR REPLACE INTO lineage (run_id, ring_id, case_id, relation, similarity, explanation) VALUES (?, ?, ?, ?, ?, ?)
            """)

        for (index, match) in lineage.matches.enumerated() {
            guard let relation = match.relation else { continue }
            let ring = snapshot.rings[index]
            let caseID: CaseID
            let change: String
            var previousRun: Int?
            switch relation {
            case .opens:
                caseID = CaseID(year: year, number: nextNumber)
                nextNumber += 1
                change = "new"
                try db.cachedStatement(sql: """
                    INSERT INTO cases (id, year, number, status, opened_run, last_run, last_ring, summary, brands, province)
                    VALUES (?, ?, ?, 'new', ?, ?, ?, ?, ?, ?)
                    """).execute( arguments: [caseID.description, caseID.year, caseID.number, run, run, ring.ringID, ring.summary,
                                     ring.brands.joined(separator: "; "), ring.province])
                try addEvent(db, case: caseID.description, at: now, who: CaseStore.analysisAuthor, kind: "opened", to: CaseStatus.new.rawValue,
                             reference: "run \(run)", text: "ring \(ring.ringID): \(match.explanation)", run: run)
            case .continues, .reEmerges:
                caseID = match.caseID!
                let candidate = byCase[caseID]!
                previousRun = try Int.fetchOne(db.cachedStatement(sql: "SELECT last_run FROM cases WHERE id = ?"), arguments: [caseID.description])
                change = relation == .reEmerges ? "re_emerged" : CaseStore.change(from: candidate.members, to: ring.members)
                // Brands accumulate over the case's life (a re-emerged ring has no evidence yet);
                // the province is the latest known.
                let known = try Row.fetchOne(db.cachedStatement(sql: "SELECT brands, province FROM cases WHERE id = ?"), arguments: [caseID.description])!
                let earlierBrands: String = known[0]
                let brands = Set(ring.brands).union(earlierBrands.isEmpty ? [] : earlierBrands.components(separatedBy: "; ")).sorted()
                try db.cachedStatement(sql: "UPDATE cases SET last_run = ?, last_ring = ?, summary = ?, brands = ?, province = ? WHERE id = ?").execute(
                               arguments: [run, ring.ringID, ring.summary, brands.joined(separator: "; "), ring.province.isEmpty ? known[1] : ring.province,
                                           caseID.description])
                try db.cachedStatement(sql: "DELETE FROM case_members WHERE case_id = ?").execute( arguments: [caseID.description])
                if relation == .reEmerges {
                    try db.cachedStatement(sql: "UPDATE cases SET status = ? WHERE id = ?").execute( arguments: [CaseStatus.reEmerged.rawValue, caseID.description])
                    try addEvent(db, case: caseID.description, at: now, who: CaseStore.analysisAuthor, kind: "status",
                                 from: candidate.status.rawValue, to: CaseStatus.reEmerged.rawValue, reference: "run \(run)",
                                 text: "ring \(ring.ringID): \(match.explanation)", run: run)
                }
            case .splitFrom, .mergedInto, .related:
                continue
            }
            caseOfRing[index] = caseID
            if relation == .opens || relation == .continues || relation == .reEmerges {
                var seen: Set<EntityRef> = []
                for member in ring.members where seen.insert(member.entity).inserted {
                    try insertMember.execute(arguments: [caseID.description, member.entity.kind, member.entity.id, member.role])
                }
            }
            try updateRing.execute(arguments: [caseID.description, change, match.overlap?.similarity, match.explanation, previousRun, run, ring.ringID])
            try insertLineage.execute(arguments: [run, ring.ringID, caseID.description, relation.rawValue, match.overlap?.similarity ?? 0, match.explanation])
        }

        for link in lineage.links {
            let ring = snapshot.rings[link.ring]
            try insertLineage.execute(arguments: [run, ring.ringID, link.caseID.description, link.relation.rawValue, link.similarity, link.explanation])
            switch link.relation {
            case .splitFrom:
                if let own = caseOfRing[link.ring] {
                    try addEvent(db, case: own.description, at: now, who: CaseStore.analysisAuthor, kind: "lineage", reference: "run \(run)",
                                 text: "ring \(ring.ringID) \(link.explanation)", run: run)
                    try addEvent(db, case: link.caseID.description, at: now, who: CaseStore.analysisAuthor, kind: "lineage", reference: "run \(run)",
                                 text: "part split off as \(own) (ring \(ring.ringID))", run: run)
                }
            case .mergedInto:
                if let own = caseOfRing[link.ring] {
                    try addEvent(db, case: link.caseID.description, at: now, who: CaseStore.analysisAuthor, kind: "lineage", reference: "run \(run)",
                                 text: "merged into \(own) (ring \(ring.ringID)): \(link.explanation)", run: run)
                    try addEvent(db, case: own.description, at: now, who: CaseStore.analysisAuthor, kind: "lineage", reference: "run \(run)",
                                 text: "ring \(ring.ringID) \(link.explanation)", run: run)
                }
            default:
                break
            }
        }
    }

    /// `grown`, `shrunk`, `changed` or `unchanged`: sellers counted, then every member compared.
    static func change(from before: [RingSnapshot.Member], to after: [RingSnapshot.Member]) -> String {
        let sellersBefore = before.filter { $0.entity.kind == "seller" }.count
        let sellersAfter = after.filter { $0.entity.kind == "seller" }.count
        if sellersAfter > sellersBefore { return "grown" }
        if sellersAfter < sellersBefore { return "shrunk" }
        return Set(before.map(\.entity)) == Set(after.map(\.entity)) ? "unchanged" : "changed"
    }

    func addEvent(_ db: Database, case caseID: String, at: String, who: String, kind: String, from: String? = nil, to: String? = nil,
                  reference: String = "", text: String = "", run: Int? = nil) throws {
        try db.cachedStatement(sql: """
            INSERT INTO case_events (case_id, at, who, kind, from_status, to_status, reference, text, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute( arguments: [caseID, at, who, kind, from, to, reference, text, run])
    }

    private func recordFacts(_ facts: RunFolderFacts, run: Int, _ db: Database) throws {
        let parameters = String(decoding: try JSONSerialization.data(withJSONObject: facts.parameters, options: [.sortedKeys]), as: UTF8.self)
        let arguments = String(decoding: try JSONSerialization.data(withJSONObject: facts.arguments), as: UTF8.self)
        try db.cachedStatement(sql: "UPDATE runs SET parameters = ?, arguments = ?, run_hash = ? WHERE id = ?").execute(
                       arguments: [parameters, arguments, facts.runHash, run])
        for input in facts.inputs {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO run_inputs (run_id, path, bytes, sha256) VALUES (?, ?, ?, ?)").execute(
                           arguments: [run, input.path, input.bytes, input.sha256])
        }
    }

    /// The cases of a run's rings, for its folder.
    private func runCases(_ db: Database, run: Int, _ snapshot: RunSnapshot) throws -> RunCases {
        let info = try runInfo(db, run)!
        let previous = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM runs WHERE id < ?"), arguments: [run])
        let changes = try self.changes(db, run: run, since: previous)
        let entries = Dictionary(changes.entries.filter { !$0.ringID.isEmpty }.map { ($0.ringID, $0) }, uniquingKeysWith: { first, _ in first })
        var rings: [String: RunCases.RingCase] = [:]
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT r.ring_id, r.case_id, r.change, r.explanation, c.status FROM rings r JOIN cases c ON c.id = r.case_id
            WHERE r.run_id = ?
            """), arguments: [run])
        for row in rows {
            let ringID: String = row[0], caseID: String = row[1]
            let relations = try String.fetchAll(db.cachedStatement(sql: """
                SELECT explanation FROM lineage WHERE run_id = ? AND ring_id = ? AND relation IN ('split_from', 'merged_into', 'related')
                ORDER BY similarity DESC, case_id
                """), arguments: [run, ringID])
            let sightings = try self.sightings(db, case: caseID).filter { $0.run != run }
            rings[ringID] = RunCases.RingCase(caseID: caseID, change: row[2], status: CaseStatus(rawValue: row[4]) ?? .new, explanation: row[3],
                                              relations: relations, history: try events(db, case: caseID),
                                              outcomes: try outcomes(db, case: caseID), sightings: sightings,
                                              added: entries[ringID]?.added ?? [], removed: entries[ringID]?.removed ?? [])
        }
        var cases = RunCases(run: info, storePath: path, rings: rings, changes: changes)
        cases.addLearning(snapshot)
        return cases
    }
}
