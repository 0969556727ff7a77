import Foundation

/// A recorded run, as `ringscope changes` and `case show` name it.
public struct RunInfo: Sendable, Equatable {
    /// 1 for the first run recorded in the store, then 2, 3…
    public var id: Int
    public var dataset: String
    public var runFolder: String
    public var recordedAt: String
    public var toolVersion: String

    /// "run 3 (demo-2026-02, 2026-02-03T10:00:00Z)".
    public var label: String { "run \(id) (\(dataset), \(recordedAt))" }
}

/// A case as `case list` shows it.
public struct CaseSummary: Sendable, Equatable {
    public var id: String
    public var status: CaseStatus
    /// The ring of the last run that held it, its rank, score, assessment and summary there.
    public var lastRun: Int
    public var lastRing: String
    public var rank: Int
    public var score: Double
    public var assessment: String
    public var summary: String
    public var brands: [String]
    public var province: String
    public var openedRun: Int
    /// Its change in the last run it was seen in (new, grown, re_emerged…).
    public var change: String
    public var sellers: Int
}

/// One line of a case's history; a history lists them in the order they were recorded.
public struct CaseEvent: Sendable, Equatable {
    /// `opened`, `status`, `note`, `outcome`, `lineage`.
    public var kind: String
    /// ISO 8601 date or time.
    public var at: String
    public var who: String
    public var fromStatus: String?
    public var toStatus: String?
    public var reference: String
    public var text: String
    public var run: Int?

    /// "2026-03-02 referred by J. Wang (ref GZ-AMR-117): sent to Guangzhou AMR".
    public var sentence: String {
        var line = String(at.prefix(10)) + " "
        switch kind {
        case "opened": line += "opened"
        case "status": line += "\(fromStatus ?? "?") → \(toStatus ?? "?")"
        case "note": line += "note"
        case "outcome": line += "outcome"
        default: line += kind
        }
        line += " by \(who)"
        if !reference.isEmpty { line += " (ref \(reference))" }
        if !text.isEmpty { line += ": " + text }
        return line
    }
}

/// What an enforcement action found, attributed to a case.
public struct CaseOutcome: Sendable, Equatable {
    public enum Result: String, Sendable, CaseIterable {
        /// Counterfeit activity found.
        case confirmed
        /// Nothing found.
        case unfounded
    }

    public var caseID: String
    public var result: Result
    /// `YYYY-MM-DD`.
    public var date: String
    public var arrests: Int?
    public var seizedValue: Double?
    public var currency: String
    public var sitesShut: Int?
    public var reference: String
    public var who: String
    /// `manual`, or `FILE:LINE` of the imported row(s).
    public var source: String

    public init(caseID: String, result: Result, date: String, arrests: Int? = nil, seizedValue: Double? = nil, currency: String = "",
                sitesShut: Int? = nil, reference: String, who: String, source: String = "manual") {
        self.caseID = caseID
        self.result = result
        self.date = date
        self.arrests = arrests
        self.seizedValue = seizedValue
        self.currency = currency
        self.sitesShut = sitesShut
        self.reference = reference
        self.who = who
        self.source = source
    }

    /// "confirmed 2026-04-10: 3 arrests, 1,200,000 CNY seized, 1 site shut (ref GZ-2026-117)".
    public var sentence: String {
        var parts: [String] = []
        if let arrests { parts.append("\(arrests) arrest\(arrests == 1 ? "" : "s")") }
        if let seizedValue { parts.append("\(CaseOutcome.grouped(seizedValue)) \(currency) seized".replacingOccurrences(of: "  ", with: " ")) }
        if let sitesShut { parts.append("\(sitesShut) site\(sitesShut == 1 ? "" : "s") shut") }
        return "\(result.rawValue) \(date)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")) + (reference.isEmpty ? "" : " (ref \(reference))")
    }

    /// 1234567.5 → "1,234,567.5".
    static func grouped(_ value: Double) -> String {
        let whole = Int64(value.rounded(.towardZero))
        let fraction = value - Double(whole)
        var digits = String(abs(whole))
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits = String(digits.dropLast(3))
        }
        groups.insert(digits, at: 0)
        var text = (whole < 0 ? "-" : "") + groups.joined(separator: ",")
        if abs(fraction) >= 0.005 { text += String(format: ".%02d", Int((abs(fraction) * 100).rounded())) }
        return text
    }
}

/// A run in which a case was seen: its ring there and what changed.
public struct CaseSighting: Sendable, Equatable {
    public var run: Int
    public var ringID: String
    public var rank: Int
    public var score: Double
    public var assessment: String
    public var sellers: Int
    public var change: String
    public var explanation: String
}

/// Everything about one case, for `case show`, referrals and the analyst app.
public struct CaseDetail: Sendable, Equatable {
    public var summary: CaseSummary
    public var sightings: [CaseSighting]
    public var history: [CaseEvent]
    public var outcomes: [CaseOutcome]
    /// The members of its latest ring.
    public var members: [RingSnapshot.Member]
    /// Splits, merges and related cases recorded by runs.
    public var relations: [(run: Int, ringID: String, relation: String, explanation: String)]

    public static func == (lhs: CaseDetail, rhs: CaseDetail) -> Bool {
        lhs.summary == rhs.summary && lhs.sightings == rhs.sightings && lhs.history == rhs.history && lhs.outcomes == rhs.outcomes
            && lhs.members == rhs.members
    }
}
