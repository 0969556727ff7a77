import GRDB

extension CaseStore {
    /// The tally of ``CaseStatistics``, with periods of `period`.
    public func statistics(period: CaseStatistics.Period = .quarter) throws -> CaseStatistics {
        try reading { db in
            struct Case { var brands: [String]; var province: String; var referred: String?; var outcomes: [CaseOutcome] = [] }
            var cases: [String: Case] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT c.id, c.brands, c.province,
                       (SELECT MIN(e.at) FROM case_events e WHERE e.case_id = c.id AND e.kind = 'status' AND e.to_status = 'referred')
                FROM cases c
                """) {
                let brands: String = row[1]
                cases[row[0]] = Case(brands: brands.isEmpty ? [] : brands.components(separatedBy: "; "), province: row[2], referred: row[3])
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM outcomes ORDER BY date, id") {
                let outcome = CaseStore.outcome(row)
                cases[outcome.caseID]?.outcomes.append(outcome)
            }
            var overall = CaseStatistics.Tally(key: "all")
            var periods: [String: CaseStatistics.Tally] = [:], brands: [String: CaseStatistics.Tally] = [:], provinces: [String: CaseStatistics.Tally] = [:]
            func add(_ body: (inout CaseStatistics.Tally) -> Void, to table: inout [String: CaseStatistics.Tally], _ key: String) {
                body(&table[key, default: CaseStatistics.Tally(key: key)])
            }
            for (_, item) in cases.sorted(by: { $0.key < $1.key }) {
                let brandKeys = item.brands.isEmpty ? ["(no brand)"] : item.brands
                let provinceKey = item.province.isEmpty ? "(unknown)" : item.province
                let confirmed = item.outcomes.contains { $0.result == .confirmed }
                if let referred = item.referred {
                    let count: (inout CaseStatistics.Tally) -> Void = { tally in
                        tally.leadsReferred += 1
                        if confirmed { tally.confirmedReferrals += 1 }
                        if item.outcomes.isEmpty { tally.awaiting += 1 }
                    }
                    count(&overall)
                    add(count, to: &periods, period.key(referred))
                    for brand in brandKeys { add(count, to: &brands, brand) }
                    add(count, to: &provinces, provinceKey)
                }
                for outcome in item.outcomes {
                    let count: (inout CaseStatistics.Tally) -> Void = { tally in
                        if outcome.result == .confirmed {
                            tally.confirmedOutcomes += 1
                            tally.arrests += outcome.arrests ?? 0
                            tally.sitesShut += outcome.sitesShut ?? 0
                            if let value = outcome.seizedValue { tally.seized[outcome.currency, default: 0] += value }
                        } else {
                            tally.unfoundedOutcomes += 1
                        }
                    }
                    count(&overall)
                    add(count, to: &periods, period.key(outcome.date))
                    for brand in brandKeys { add(count, to: &brands, brand) }
                    add(count, to: &provinces, provinceKey)
                }
            }
            return CaseStatistics(period: period, overall: overall, perPeriod: periods.values.sorted { $0.key < $1.key },
                                  perBrand: brands.values.sorted { $0.key < $1.key }, perProvince: provinces.values.sorted { $0.key < $1.key })
        }
    }
}
