/// The task force's tally (`ringscope case stats`): leads referred, arrests, value seized, sites
/// shut and the share of referrals confirmed, overall and per period, brand and province.
///
/// - A *lead referred* is a case moved to `referred`, counted once, in the period of its first
///   referral.
/// - *Arrests*, *seized value* (per currency, never converted) and *sites shut* add up the
///   confirmed outcomes, in the period of the outcome's date; unfounded outcomes add nothing.
/// - The *share confirmed* is, of the cases referred (in the period), those with a confirmed
///   outcome at any time; referrals still waiting are counted apart as *awaiting*.
/// - A case counts for each brand its ring's evidence names (so brand rows add up to more than the
///   total), and for the province most of its sellers are registered in.
public struct CaseStatistics: Sendable {
    public enum Period: String, Sendable, CaseIterable {
        case month, quarter, year

        /// `2026-03`, `2026-Q1`, `2026` for a `YYYY-MM-DD…` date.
        func key(_ date: String) -> String {
            let year = String(date.prefix(4))
            let month = Int(date.dropFirst(5).prefix(2)) ?? 1
            switch self {
            case .month: return String(date.prefix(7))
            case .quarter: return "\(year)-Q\((month - 1) / 3 + 1)"
            case .year: return year
            }
        }
    }

    public struct Tally: Sendable, Equatable {
        /// "all", a period ("2026-Q1"), a brand or a province.
        public var key: String
        public var leadsReferred = 0
        public var confirmedReferrals = 0
        /// Referred cases with no outcome yet.
        public var awaiting = 0
        public var arrests = 0
        /// Seized value per currency code.
        public var seized: [String: Double] = [:]
        public var sitesShut = 0
        /// Confirmed and unfounded outcomes.
        public var confirmedOutcomes = 0
        public var unfoundedOutcomes = 0

        public init(key: String) { self.key = key }

        /// Confirmed referrals / leads referred; nil without referrals.
        public var confirmedShare: Double? { leadsReferred == 0 ? nil : Double(confirmedReferrals) / Double(leadsReferred) }

        /// "1,200,000 CNY + 30,000 EUR", "0".
        public var seizedText: String {
            seized.isEmpty ? "0" : seized.sorted { $0.key < $1.key }.map { "\(CaseOutcome.grouped($0.value)) \($0.key)" }.joined(separator: " + ")
        }
    }

    public var period: Period
    public var overall: Tally
    public var perPeriod: [Tally]
    public var perBrand: [Tally]
    public var perProvince: [Tally]
}
