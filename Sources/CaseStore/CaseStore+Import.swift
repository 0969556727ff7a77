import Foundation
import GRDB
import SellerGraph

extension CaseStore {
    /// What an import did.
    public struct ImportReport: Sendable {
        /// Outcomes recorded (one per action and case), rows they came from.
        public var outcomes: [CaseOutcome] = []
        public var importedRows = 0
        /// Rows already imported earlier (same reference and entity): skipped.
        public var duplicateRows = 0
        /// Rows naming an entity no case holds, as `FILE:LINE:COLUMN: warning: …`.
        public var unattributed: [DatasetError] = []

        /// "12 rows → 3 outcomes for C-2026-0001, C-2026-0004; 2 rows already imported; 1 row unattributed".
        public var summary: String {
            let cases = Array(Set(outcomes.map(\.caseID))).sorted()
            var text = "\(importedRows) row\(importedRows == 1 ? "" : "s") → \(outcomes.count) outcome\(outcomes.count == 1 ? "" : "s")"
            if !cases.isEmpty { text += " for " + cases.prefix(10).joined(separator: ", ") + (cases.count > 10 ? ", …" : "") }
            if duplicateRows > 0 { text += "; \(duplicateRows) row\(duplicateRows == 1 ? "" : "s") already imported, skipped" }
            if !unattributed.isEmpty { text += "; \(unattributed.count) row\(unattributed.count == 1 ? "" : "s") name no entity of any case" }
            return text
        }
    }

    /// Imports an enforcement partner's outcomes, in one transaction.
    ///
    /// Each row goes to the case that holds its entity (in the case's latest ring; failing that,
    /// the case whose earlier ring held it last). When several cases hold it (a workshop shared
    /// by two rings), to the one holding most of the entities of the same action (reference);
    /// ties to the older case. The rows of one action, case and currency become one outcome:
    /// the earliest date, arrests, seized value and sites shut added up. So a partner lists per
    /// row what was found at that entity (the arrests at a seller's premises, the goods and the
    /// site at a workshop), not the action's totals on every row. A row imported before (same
    /// reference, entity and result) is skipped, so a file can be imported again after rows
    /// were appended to it.
    public func importOutcomes(_ file: OutcomeFile, by who: String) throws -> ImportReport {
        try writing { db in
            var report = ImportReport()
            let recordedAt = Timestamps.text(Date())
            var holders: [EntityRef: [String]] = [:]
            for row in file.rows where holders[row.entity] == nil {
                var cases = try String.fetchAll(db.cachedStatement(sql: "SELECT case_id FROM case_members WHERE entity_type = ? AND entity_id = ? ORDER BY case_id"),
                                                arguments: [row.entity.kind, row.entity.id])
                if cases.isEmpty {
                    cases = try String.fetchAll(db.cachedStatement(sql: """
                        SELECT r.case_id FROM ring_members m JOIN rings r ON r.run_id = m.run_id AND r.ring_id = m.ring_id
                        WHERE m.entity_type = ? AND m.entity_id = ? AND r.case_id IS NOT NULL ORDER BY m.run_id DESC LIMIT 1
                        """), arguments: [row.entity.kind, row.entity.id])
                }
                holders[row.entity] = cases
            }
            // Per action: how many of its entities each case holds.
            var strength: [String: [String: Int]] = [:]
            for row in file.rows {
                for holder in holders[row.entity] ?? [] { strength[row.reference, default: [:]][holder, default: 0] += 1 }
            }
            struct Key: Hashable { var caseID: String; var reference: String; var result: CaseOutcome.Result }
            var groups: [Key: [OutcomeFile.Row]] = [:]
            var order: [Key] = []
            for row in file.rows {
                let already = try Bool.fetchOne(db.cachedStatement(sql: """
                    SELECT 1 FROM outcome_entities e JOIN outcomes o ON o.id = e.outcome_id
                    WHERE o.reference = ? AND o.result = ? AND e.entity_type = ? AND e.entity_id = ? LIMIT 1
                    """), arguments: [row.reference, row.result.rawValue, row.entity.kind, row.entity.id]) ?? false
                if already { report.duplicateRows += 1; continue }
                let candidates = holders[row.entity] ?? []
                guard let chosen = candidates.max(by: { a, b in
                    let (x, y) = (strength[row.reference]?[a] ?? 0, strength[row.reference]?[b] ?? 0)
                    return x != y ? x < y : (CaseID(a) ?? CaseID(year: 9999, number: 1)) > (CaseID(b) ?? CaseID(year: 9999, number: 1))
                }) else {
                    report.unattributed.append(DatasetError(file: file.fileName, line: row.line, column: 2, severity: .warning,
                                                            message: "\(row.entity) is in no case of this store; row not imported (record a run whose rings hold it first)"))
                    continue
                }
                let key = Key(caseID: chosen, reference: row.reference, result: row.result)
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(row)
            }
            for key in order {
                let rows = groups[key]!
                func total(_ values: [Int?]) -> Int? { values.allSatisfy { $0 == nil } ? nil : values.reduce(0) { $0 + ($1 ?? 0) } }
                // Seized values per currency, never converted: the first currency goes with the
                // arrests and sites, any other gets an outcome of its own.
                var currencies: [String] = []
                for row in rows where row.seizedValue != nil && !currencies.contains(row.currency) { currencies.append(row.currency) }
                for (position, currency) in (currencies.isEmpty ? [""] : currencies).enumerated() {
                    let seized = rows.filter { $0.currency == currency }.compactMap(\.seizedValue)
                    let part = position == 0 ? rows : rows.filter { $0.currency == currency && $0.seizedValue != nil }
                    let outcome = CaseOutcome(caseID: key.caseID, result: key.result, date: part.map(\.date).min()!,
                                              arrests: position == 0 ? total(rows.map(\.arrests)) : nil,
                                              seizedValue: seized.isEmpty ? nil : seized.reduce(0, +), currency: currency,
                                              sitesShut: position == 0 ? total(rows.map(\.sitesShut)) : nil, reference: key.reference, who: who,
                                              source: file.fileName + ":" + part.map { String($0.line) }.joined(separator: ","))
                    try checkOutcome(outcome)
                    let id = try insertOutcome(db, outcome, at: recordedAt)
                    for row in part {
                        try db.cachedStatement(sql: "INSERT OR IGNORE INTO outcome_entities (outcome_id, entity_type, entity_id, line) VALUES (?, ?, ?, ?)").execute(
                                       arguments: [id, row.entity.kind, row.entity.id, row.line])
                    }
                    report.outcomes.append(outcome)
                }
                report.importedRows += rows.count
            }
            return report
        }
    }
}
