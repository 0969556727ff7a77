import GRDB

extension CaseStore {
    /// What changed from run `since` (default: the run before) to run `run` (default: the latest).
    ///
    /// - Throws: `.invalidRequest` for a run that is not recorded, or a store with no run.
    public func changes(run: Int? = nil, since: Int? = nil) throws -> RunChanges {
        try reading { db in
            guard let latest = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM runs")) else {
                throw CaseStoreError(.invalidRequest, path: path, message: "no run recorded yet; record one with ringscope analyze DATASET --cases \(path)")
            }
            let target = run ?? latest
            guard try runInfo(db, target) != nil else {
                throw CaseStoreError(.invalidRequest, path: path, message: "no run \(target) in this store (runs 1 to \(latest); see ringscope changes --list)")
            }
            if let since {
                guard since < target, try runInfo(db, since) != nil else {
                    throw CaseStoreError(.invalidRequest, path: path, message: "--since \(since): give a recorded run before run \(target) (runs 1 to \(latest))")
                }
            }
            let earlier = try since ?? Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM runs WHERE id < ?"), arguments: [target])
            return try changes(db, run: target, since: earlier)
        }
    }

    func changes(_ db: Database, run: Int, since: Int?) throws -> RunChanges {
        func members(_ run: Int, _ ring: String) throws -> [EntityRef] {
            try Row.fetchAll(db.cachedStatement(sql: "SELECT entity_type, entity_id FROM ring_members WHERE run_id = ? AND ring_id = ?"), arguments: [run, ring])
                .map { EntityRef(kind: $0[0], id: $0[1]) }
        }
        var entries: [RunChanges.Entry] = []
        let current = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT r.case_id, r.ring_id, r.rank, r.summary, r.explanation, c.status, c.opened_run
            FROM rings r JOIN cases c ON c.id = r.case_id WHERE r.run_id = ? ORDER BY r.rank
            """), arguments: [run])
        var present: Set<String> = []
        for row in current {
            let caseID: String = row[0], ringID: String = row[1], openedRun: Int = row[6]
            present.insert(caseID)
            let now = try members(run, ringID)
            var entry = RunChanges.Entry(caseID: caseID, change: .new, status: CaseStatus(rawValue: row[5]) ?? .new, ringID: ringID, previousRingID: "",
                                         rank: row[2], summary: row[3], explanation: row[4], sellersBefore: 0,
                                         sellersNow: now.filter { $0.kind == "seller" }.count, added: [], removed: [])
            let before: Row? = try since.flatMap { since in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT run_id, ring_id FROM rings WHERE case_id = ? AND run_id <= ? ORDER BY run_id DESC LIMIT 1"),
                                 arguments: [caseID, since])
            }
            if let before, openedRun <= since ?? 0 {
                let previous = try members(before[0], before[1])
                entry.previousRingID = before[1]
                entry.sellersBefore = previous.filter { $0.kind == "seller" }.count
                let (old, new) = (Set(previous), Set(now))
                entry.added = new.subtracting(old).sorted()
                entry.removed = old.subtracting(new).sorted()
                let reEmerged = try Bool.fetchOne(db.cachedStatement(sql: """
                    SELECT 1 FROM lineage WHERE case_id = ? AND relation = 're_emerges' AND run_id > ? AND run_id <= ? LIMIT 1
                    """), arguments: [caseID, since, run]) ?? false
                if reEmerged {
                    entry.change = .reEmerged
                } else if entry.sellersNow > entry.sellersBefore {
                    entry.change = .grown
                } else if entry.sellersNow < entry.sellersBefore {
                    entry.change = .shrunk
                } else {
                    entry.change = entry.added.isEmpty && entry.removed.isEmpty ? .unchanged : .changed
                }
            } else {
                entry.added = now.sorted()
            }
            entries.append(entry)
        }
        if let since {
            let gone = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT r.case_id, r.ring_id, r.summary, c.status FROM rings r JOIN cases c ON c.id = r.case_id WHERE r.run_id = ? ORDER BY r.rank
                """), arguments: [since])
            for row in gone where !present.contains(row[0] as String) {
                let caseID: String = row[0], ringID: String = row[1]
                let previous = try members(since, ringID)
                let merged = try String.fetchOne(db.cachedStatement(sql: """
                    SELECT explanation FROM lineage WHERE case_id = ? AND relation = 'merged_into' AND run_id > ? AND run_id <= ? ORDER BY run_id DESC LIMIT 1
                    """), arguments: [caseID, since, run])
                let into = try String.fetchOne(db.cachedStatement(sql: """
                    SELECT r.case_id FROM lineage l JOIN rings r ON r.run_id = l.run_id AND r.ring_id = l.ring_id
                    WHERE l.case_id = ? AND l.relation = 'merged_into' AND l.run_id > ? AND l.run_id <= ? ORDER BY l.run_id DESC LIMIT 1
                    """), arguments: [caseID, since, run])
                entries.append(RunChanges.Entry(caseID: caseID, change: merged == nil ? .vanished : .merged, status: CaseStatus(rawValue: row[3]) ?? .new,
                                                ringID: "", previousRingID: ringID, rank: nil, summary: row[2],
                                                explanation: into.map { "merged into \($0)" } ?? "not found in this run",
                                                sellersBefore: previous.filter { $0.kind == "seller" }.count, sellersNow: 0,
                                                added: [], removed: previous.sorted()))
            }
        }
        let order = Dictionary(uniqueKeysWithValues: RunChanges.Change.allCases.enumerated().map { ($1, $0) })
        entries.sort { a, b in
            if a.change != b.change { return order[a.change]! < order[b.change]! }
            if a.rank != b.rank { return (a.rank ?? Int.max) < (b.rank ?? Int.max) }
            return a.caseID < b.caseID
        }
        return RunChanges(run: try runInfo(db, run)!, since: try since.flatMap { try runInfo(db, $0) }, entries: entries)
    }
}
