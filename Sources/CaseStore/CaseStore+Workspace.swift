import GRDB

/// What the analyst workspace reads: a case page's facts in one read transaction, and the
/// store's revision that tells a cache whether what it kept is still what the store holds.
extension CaseStore {
    /// A recorded ring of a run: why it ranks where it does (the rule score's reasons, as the run
    /// wrote them) and its members there. Nil for a ring the store does not hold.
    public func ring(run: Int, ring ringID: String) throws -> (reasons: String, members: [EntityRef])? {
        try reading { db in try ring(db, run: run, ring: ringID) }
    }

    func ring(_ db: Database, run: Int, ring ringID: String) throws -> (reasons: String, members: [EntityRef])? {
        guard let reasons = try String.fetchOne(db.cachedStatement(sql: "SELECT reasons FROM rings WHERE run_id = ? AND ring_id = ?"),
                                                arguments: [run, ringID]) else { return nil }
        let members = try Row.fetchAll(db.cachedStatement(sql: "SELECT entity_type, entity_id FROM ring_members WHERE run_id = ? AND ring_id = ?"),
                                       arguments: [run, ringID]).map { EntityRef(kind: $0[0], id: $0[1]) }.sorted()
        return (reasons, members)
    }

    /// Everything a case page shows from the store, read on one snapshot.
    public struct CaseView {
        /// ``CaseStore/revision()`` of the snapshot read.
        public var revision: String
        public var detail: CaseDetail
        /// The case's last run, nil if the store lacks it.
        public var run: RunInfo?
        /// The rule score's reasons for the case's last ring (nil: the ring is not on record).
        public var reasons: String?
        /// The last ring's members, sorted.
        public var members: [EntityRef]
        /// The members of the ring of the case's previous sighting, sorted; nil when it was seen once.
        public var previousMembers: [EntityRef]?
        /// Learned scoring's explanation of the last ring, when the run recorded one.
        public var explanation: RankExplanation?
    }

    /// A case page's facts in one read transaction: the case's detail, its last run, the reasons
    /// and members of its last ring and of the ring it was before, learned scoring's explanation,
    /// and the revision they were read at. One transaction instead of five: one snapshot (the
    /// parts cannot disagree when a run is recorded meanwhile) and one reader connection taken.
    ///
    /// - Throws: ``CaseStoreError`` `.invalidRequest` for an unknown case.
    public func caseView(of caseID: String) throws -> CaseView {
        try reading { db in
            let detail = try detail(db, caseID)
            let summary = detail.summary
            let ring = try ring(db, run: summary.lastRun, ring: summary.lastRing)
            var previous: [EntityRef]?
            if detail.sightings.count >= 2 {
                previous = try self.ring(db, run: detail.sightings[1].run, ring: detail.sightings[1].ringID)?.members
            }
            return CaseView(revision: try revision(db), detail: detail, run: try runInfo(db, summary.lastRun), reasons: ring?.reasons,
                            members: ring?.members ?? [], previousMembers: previous,
                            explanation: try? rankExplanation(db, run: summary.lastRun, ring: summary.lastRing))
        }
    }
}

extension CaseStore {
    /// A value that changes whenever a run, a case, a status, a note or an outcome is recorded
    /// (by this process or another): the latest run and the latest history line. Cheap (two
    /// index look-ups), so a reader can keep ``cases(status:)`` and ask this before each use.
    public func revision() throws -> String {
        try reading { db in try revision(db) }
    }

    func revision(_ db: Database) throws -> String {
        let run = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM runs")) ?? 0
        let event = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM case_events")) ?? 0
        return "\(run).\(event)"
    }
}
