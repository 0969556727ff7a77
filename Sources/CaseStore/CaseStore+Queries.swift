import GRDB

extension CaseStore {
    /// Every recorded run, first first.
    public func runs() throws -> [RunInfo] {
        try reading { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT id, dataset, run_folder, recorded_at, tool_version FROM runs ORDER BY id")).map(CaseStore.runInfo)
        }
    }

    /// The cases, re-emerged first, then open ones (new, under review, referred), then the settled;
    /// within a status by rank in their last run, then id. `status` keeps only those.
    public func cases(status: Set<CaseStatus>? = nil) throws -> [CaseSummary] {
        try reading { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT c.id, c.status, c.last_run, c.last_ring, r.rank, r.score, r.assessment, c.summary, c.brands, c.province,
                       c.opened_run, r.change, (SELECT COUNT(*) FROM ring_members m WHERE m.run_id = r.run_id AND m.ring_id = r.ring_id AND m.entity_type = 'seller')
                FROM cases c JOIN rings r ON r.run_id = c.last_run AND r.ring_id = c.last_ring
                """))
            return rows.map(CaseStore.caseSummary).filter { status?.contains($0.status) ?? true }.sorted { a, b in
                if a.status != b.status { return a.status < b.status }
                if a.lastRun != b.lastRun { return a.lastRun > b.lastRun }
                if a.rank != b.rank { return a.rank < b.rank }
                return (CaseID(a.id) ?? CaseID(year: 1000, number: 1)) < (CaseID(b.id) ?? CaseID(year: 1000, number: 1))
            }
        }
    }

    /// One case with its sightings, history, outcomes, latest members and recorded relations.
    public func detail(of caseID: String) throws -> CaseDetail {
        try reading { db in try detail(db, caseID) }
    }

    /// ``detail(of:)`` inside a transaction.
    func detail(_ db: Database, _ caseID: String) throws -> CaseDetail {
        let id = try existingCase(db, caseID)
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT c.id, c.status, c.last_run, c.last_ring, r.rank, r.score, r.assessment, c.summary, c.brands, c.province,
                   c.opened_run, r.change, (SELECT COUNT(*) FROM ring_members m WHERE m.run_id = r.run_id AND m.ring_id = r.ring_id AND m.entity_type = 'seller')
            FROM cases c JOIN rings r ON r.run_id = c.last_run AND r.ring_id = c.last_ring WHERE c.id = ?
            """), arguments: [id]) else {
            throw CaseStoreError(.damaged, path: path, message: "case \(id) has no ring on record")
        }
        let members = try Row.fetchAll(db.cachedStatement(sql: "SELECT entity_type, entity_id, role FROM case_members WHERE case_id = ?"), arguments: [id])
            .map { RingSnapshot.Member($0[0], $0[1], role: $0[2]) }.sorted { $0.entity < $1.entity }
        let relations = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT run_id, ring_id, relation, explanation FROM lineage
            WHERE case_id = ? AND relation IN ('split_from', 'merged_into', 'related') ORDER BY run_id, ring_id
            """), arguments: [id]).map { (run: $0[0] as Int, ringID: $0[1] as String, relation: $0[2] as String, explanation: $0[3] as String) }
        return CaseDetail(summary: CaseStore.caseSummary(row), sightings: try sightings(db, case: id), history: try events(db, case: id),
                          outcomes: try outcomes(db, case: id), members: members, relations: relations)
    }

    /// Outcomes per case, oldest first: the labels learned scoring trains on. Each carries the
    /// case; ``rings(of:)`` gives the rings (run and ring id) the case held.
    public func outcomes() throws -> [CaseOutcome] {
        try reading { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM outcomes ORDER BY date, id")).map(CaseStore.outcome)
        }
    }

    /// The rings a case held, run by run: (run, ring id), first run first.
    public func rings(of caseID: String) throws -> [(run: Int, ringID: String)] {
        try reading { db in
            let id = try existingCase(db, caseID)
            return try Row.fetchAll(db.cachedStatement(sql: "SELECT run_id, ring_id FROM rings WHERE case_id = ? ORDER BY run_id"), arguments: [id])
                .map { (run: $0[0] as Int, ringID: $0[1] as String) }
        }
    }

    /// The case a ring of a run held, if any.
    public func caseID(run: Int, ring: String) throws -> String? {
        try reading { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT case_id FROM rings WHERE run_id = ? AND ring_id = ?"), arguments: [run, ring])
        }
    }

    // MARK: - Inside a transaction

    /// The canonical id of an existing case, or a `.invalidRequest` error that says how to find one.
    func existingCase(_ db: Database, _ text: String) throws -> String {
        guard let id = CaseID(text.trimmingCharacters(in: .whitespaces)) else {
            throw CaseStoreError(.invalidRequest, path: path, message: "\"\(text)\" is not a case id; case ids look like C-2026-0042 (see ringscope case list)")
        }
        guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM cases WHERE id = ?"), arguments: [id.description]) == true else {
            throw CaseStoreError(.invalidRequest, path: path, message: "no case \(id) in this store (see ringscope case list)")
        }
        return id.description
    }

    func runInfo(_ db: Database, _ run: Int) throws -> RunInfo? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT id, dataset, run_folder, recorded_at, tool_version FROM runs WHERE id = ?"), arguments: [run]).map(CaseStore.runInfo)
    }

    func events(_ db: Database, case caseID: String) throws -> [CaseEvent] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT kind, at, who, from_status, to_status, reference, text, run_id FROM case_events WHERE case_id = ? ORDER BY id
            """), arguments: [caseID]).map { row in
            CaseEvent(kind: row[0], at: row[1], who: row[2], fromStatus: row[3], toStatus: row[4], reference: row[5], text: row[6], run: row[7])
        }
    }

    func outcomes(_ db: Database, case caseID: String) throws -> [CaseOutcome] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM outcomes WHERE case_id = ? ORDER BY date, id"), arguments: [caseID]).map(CaseStore.outcome)
    }

    func sightings(_ db: Database, case caseID: String) throws -> [CaseSighting] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT r.run_id, r.ring_id, r.rank, r.score, r.assessment, r.change, r.explanation,
                   (SELECT COUNT(*) FROM ring_members m WHERE m.run_id = r.run_id AND m.ring_id = r.ring_id AND m.entity_type = 'seller')
            FROM rings r WHERE r.case_id = ? ORDER BY r.run_id DESC
            """), arguments: [caseID]).map { row in
            CaseSighting(run: row[0], ringID: row[1], rank: row[2], score: row[3], assessment: row[4], sellers: row[7], change: row[5], explanation: row[6])
        }
    }

    static func runInfo(_ row: Row) -> RunInfo {
        RunInfo(id: row[0], dataset: row[1], runFolder: row[2], recordedAt: row[3], toolVersion: row[4])
    }

    static func caseSummary(_ row: Row) -> CaseSummary {
        let brands: String = row[8]
        return CaseSummary(id: row[0], status: CaseStatus(rawValue: row[1]) ?? .new, lastRun: row[2], lastRing: row[3], rank: row[4], score: row[5],
                           assessment: row[6], summary: row[7], brands: brands.isEmpty ? [] : brands.components(separatedBy: "; "),
                           province: row[9], openedRun: row[10], change: row[11], sellers: row[12])
    }

    static func outcome(_ row: Row) -> CaseOutcome {
        CaseOutcome(caseID: row["case_id"], result: CaseOutcome.Result(rawValue: row["result"]) ?? .unfounded, date: row["date"],
                    arrests: row["arrests"], seizedValue: row["seized_value"], currency: row["currency"], sitesShut: row["sites_shut"],
                    reference: row["reference"], who: row["who"], source: row["source"])
    }
}
