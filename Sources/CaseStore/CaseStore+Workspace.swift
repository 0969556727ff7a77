import GRDB

extension CaseStore {
    /// A recorded ring of a run: why it ranks where it does (the rule score's reasons, as the run
    /// wrote them) and its members there. Nil for a ring the store does not hold.
    public func ring(run: Int, ring ringID: String) throws -> (reasons: String, members: [EntityRef])? {
        try reading { db in
            guard let reasons = try String.fetchOne(db.cachedStatement(sql: "SELECT reasons FROM rings WHERE run_id = ? AND ring_id = ?"),
                                                    arguments: [run, ringID]) else { return nil }
            let members = try Row.fetchAll(db.cachedStatement(sql: "SELECT entity_type, entity_id FROM ring_members WHERE run_id = ? AND ring_id = ?"),
                                           arguments: [run, ringID]).map { EntityRef(kind: $0[0], id: $0[1]) }.sorted()
            return (reasons, members)
        }
    }
}

extension CaseStore {
    /// A value that changes whenever a run, a case, a status, a note or an outcome is recorded
    /// (by this process or another): the latest run and the latest history line. Cheap (two
    /// index look-ups), so a reader can keep ``cases(status:)`` and ask this before each use.
    public func revision() throws -> String {
        try reading { db in
            let run = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM runs")) ?? 0
            let event = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM case_events")) ?? 0
            return "\(run).\(event)"
        }
    }
}
