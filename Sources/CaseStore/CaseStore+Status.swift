import Foundation
import GRDB

extension CaseStore {
    /// Who did something to a case, when, and under which reference (a letter, a ticket).
    public struct Actor: Sendable {
        /// Free text: a name, an initials, a team.
        public var who: String
        /// The date or time it happened; now when nil.
        public var at: Date?
        /// `YYYY-MM-DD` given by the person instead of `at` (kept as written).
        public var day: String?
        public var reference: String

        public init(who: String, at: Date? = nil, day: String? = nil, reference: String = "") {
            self.who = who
            self.at = at
            self.day = day
            self.reference = reference
        }

        func timestamp() -> String { day ?? Timestamps.text(at ?? Date()) }
    }

    /// Moves a case to `status`, if its life allows it (``CaseStatus/allowedNext``), and writes the
    /// change to its history with who, when, the reference and `note`.
    ///
    /// With `expecting`, the move is made only if the case is still in that status (checked in the
    /// same transaction): two people changing one case at once never overwrite each other unseen,
    /// the second is told what the first did.
    ///
    /// - Throws: `.invalidRequest` for an unknown case, a move its life does not allow, or a case
    ///   no longer in the `expecting` status.
    @discardableResult
    public func setStatus(of caseID: String, to status: CaseStatus, by actor: Actor, note: String = "", expecting: CaseStatus? = nil) throws -> CaseStatus {
        try writing { db in
            let id = try existingCase(db, caseID)
            try checkActor(actor)
            let current = CaseStatus(rawValue: try String.fetchOne(db.cachedStatement(sql: "SELECT status FROM cases WHERE id = ?"), arguments: [id])!) ?? .new
            if let expecting, expecting != current {
                let last = try events(db, case: id).last { $0.kind == "status" }
                throw CaseStoreError(.invalidRequest, path: path, message: "\(id) changed meanwhile: it is \(current.rawValue) now, not \(expecting.rawValue)"
                    + (last.map { " (\($0.sentence))" } ?? "") + "; nothing was written. Look at the case again and decide")
            }
            guard current.allowedNext.contains(status) else {
                let allowed = current.allowedNext.sorted().map(\.rawValue).joined(separator: ", ")
                throw CaseStoreError(.invalidRequest, path: path, message: "\(id) is \(current.rawValue); it can move to \(allowed), not to \(status.rawValue)")
            }
            try db.cachedStatement(sql: "UPDATE cases SET status = ? WHERE id = ?").execute( arguments: [status.rawValue, id])
            try addEvent(db, case: id, at: actor.timestamp(), who: actor.who, kind: "status", from: current.rawValue, to: status.rawValue,
                         reference: actor.reference, text: note)
            return current
        }
    }

    /// Adds a note to a case's history.
    public func addNote(to caseID: String, _ text: String, by actor: Actor) throws {
        try writing { db in
            let id = try existingCase(db, caseID)
            try checkActor(actor)
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw CaseStoreError(.invalidRequest, path: path, message: "the note is empty; write what you want to record")
            }
            try addEvent(db, case: id, at: actor.timestamp(), who: actor.who, kind: "note", reference: actor.reference, text: text)
        }
    }

    /// Records an enforcement outcome for a case. A confirmed outcome moves a new, under-review,
    /// referred or re-emerged case to `raided`; an unfounded one moves such a case to `dismissed`
    /// unless it has a confirmed outcome already.
    public func recordOutcome(_ outcome: CaseOutcome) throws {
        try writing { db in
            var outcome = outcome
            outcome.caseID = try existingCase(db, outcome.caseID)
            try checkOutcome(outcome)
            try insertOutcome(db, outcome, at: Timestamps.text(Date()))
        }
    }

    func checkActor(_ actor: Actor) throws {
        if actor.who.trimmingCharacters(in: .whitespaces).isEmpty {
            throw CaseStoreError(.invalidRequest, path: path, message: "say who made the change (--by NAME)")
        }
        if let day = actor.day, !Timestamps.isDate(day) {
            throw CaseStoreError(.invalidRequest, path: path, message: "\"\(day)\" is not a date; write YYYY-MM-DD, e.g. 2026-03-02")
        }
    }

    func checkOutcome(_ outcome: CaseOutcome) throws {
        if !Timestamps.isDate(outcome.date) {
            throw CaseStoreError(.invalidRequest, path: path, message: "\"\(outcome.date)\" is not a date; write YYYY-MM-DD, e.g. 2026-03-02")
        }
        for (name, value) in [("arrests", outcome.arrests), ("sites shut", outcome.sitesShut)] where (value ?? 0) < 0 {
            throw CaseStoreError(.invalidRequest, path: path, message: "\(name) cannot be negative")
        }
        if let value = outcome.seizedValue, !(value >= 0 && value.isFinite) {
            throw CaseStoreError(.invalidRequest, path: path, message: "the seized value must be a non-negative number")
        }
        if outcome.seizedValue != nil && outcome.currency.isEmpty {
            throw CaseStoreError(.invalidRequest, path: path, message: "a seized value needs its currency (e.g. CNY, USD, EUR)")
        }
    }

    /// Inserts an outcome, writes it to the case's history and moves the case's status.
    @discardableResult
    func insertOutcome(_ db: Database, _ outcome: CaseOutcome, at recordedAt: String) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO outcomes (case_id, result, date, arrests, seized_value, currency, sites_shut, reference, who, recorded_at, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute( arguments: [outcome.caseID, outcome.result.rawValue, outcome.date, outcome.arrests, outcome.seizedValue, outcome.currency.uppercased(),
                             outcome.sitesShut, outcome.reference, outcome.who, recordedAt, outcome.source])
        let id = db.lastInsertedRowID
        try addEvent(db, case: outcome.caseID, at: outcome.date, who: outcome.who, kind: "outcome", reference: outcome.reference,
                     text: outcome.sentence + (outcome.source == "manual" ? "" : " [\(outcome.source)]"))
        let current = CaseStatus(rawValue: try String.fetchOne(db.cachedStatement(sql: "SELECT status FROM cases WHERE id = ?"), arguments: [outcome.caseID])!) ?? .new
        let next: CaseStatus?
        switch outcome.result {
        case .confirmed:
            next = current.isOpen ? .raided : nil
        case .unfounded:
            let confirmed = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM outcomes WHERE case_id = ? AND result = 'confirmed' LIMIT 1"), arguments: [outcome.caseID]) ?? false
            next = current.isOpen && !confirmed ? .dismissed : nil
        }
        if let next {
            try db.cachedStatement(sql: "UPDATE cases SET status = ? WHERE id = ?").execute( arguments: [next.rawValue, outcome.caseID])
            try addEvent(db, case: outcome.caseID, at: outcome.date, who: outcome.who, kind: "status", from: current.rawValue, to: next.rawValue,
                         reference: outcome.reference, text: "\(outcome.result.rawValue) outcome")
        }
        return id
    }
}
