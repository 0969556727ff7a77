/// What changed between two recorded runs, case by case: `ringscope changes`, the "Changes"
/// section of index.html and of each referral.
///
/// A case in the later run is `re_emerged` (it re-emerged within the window), `new` (opened after
/// the earlier run), `grown` or `shrunk` (more or fewer sellers than at its latest sighting up to
/// the earlier run), `changed` (as many sellers, other members) or `unchanged`. A case seen in the
/// earlier run and not in the later one is `vanished` (or `merged` when a run recorded that its
/// members went to another case). Re-emerged cases come first, then new, grown, shrunk, changed,
/// vanished, merged and unchanged; within a change, by rank in the later run, then by case id.
public struct RunChanges: Sendable {
    public enum Change: String, Sendable, CaseIterable {
        case reEmerged = "re_emerged"
        case new
        case grown
        case shrunk
        case changed
        case vanished
        case merged
        case unchanged
    }

    public struct Entry: Sendable {
        public var caseID: String
        public var change: Change
        public var status: CaseStatus
        /// Its ring in the later run ("" when vanished) and in the earlier one ("" when new).
        public var ringID: String
        public var previousRingID: String
        public var rank: Int?
        public var summary: String
        public var explanation: String
        public var sellersBefore: Int
        public var sellersNow: Int
        /// Members that came and went (every kind), sorted.
        public var added: [EntityRef]
        public var removed: [EntityRef]
    }

    public var run: RunInfo
    /// The run compared with; nil for the first run of a store (every case is new).
    public var since: RunInfo?
    public var entries: [Entry]

    public func count(_ change: Change) -> Int { entries.filter { $0.change == change }.count }

    /// "seller S9, storefront SF12 and 3 more": members that came or went, the first `limit` named.
    public static func listed(_ entities: [EntityRef], limit: Int) -> String {
        let shown = entities.prefix(limit).map(\.description).joined(separator: ", ")
        return entities.count > limit ? shown + " and \(entities.count - limit) more" : shown
    }

    /// "3 new, 1 re-emerged, 4 grown, 2 shrunk, 1 vanished" (changes that occur).
    public var tally: String {
        let parts = Change.allCases.compactMap { change -> String? in
            let count = count(change)
            return count == 0 ? nil : "\(count) \(change.rawValue.replacingOccurrences(of: "_", with: "-"))"
        }
        return parts.isEmpty ? "no cases" : parts.joined(separator: ", ")
    }
}

/// The case store's word on each ring of a run, handed to the run folder writer: the case id and
/// change for `rings.csv`, the case history and earlier outcomes for each referral, the changes
/// since the previous run for index.html.
public struct RunCases: Sendable {
    public struct RingCase: Sendable {
        public var caseID: String
        /// `new`, `re_emerged`, `grown`, `shrunk`, `changed`, `unchanged`.
        public var change: String
        public var status: CaseStatus
        /// Why the ring holds this case ("continues C-2026-0042: 41 of 47 sellers, …").
        public var explanation: String
        /// Splits, merges and related cases.
        public var relations: [String]
        public var history: [CaseEvent]
        public var outcomes: [CaseOutcome]
        /// Its earlier sightings, latest first.
        public var sightings: [CaseSighting]
        /// Members that came and went since the case's previous sighting.
        public var added: [EntityRef]
        public var removed: [EntityRef]
    }

    /// The run's id in the store.
    public var run: RunInfo
    /// The store file, for the reports' "recorded in" line.
    public var storePath: String
    /// Per ring id; rings without a case (clusters without evidence) are absent.
    public var rings: [String: RingCase]
    public var changes: RunChanges
    /// The learned model that ranked the run, nil when the rule score ranked it.
    public var rankingModel: RankingModel?
    /// Per ring id, when a model ranked the run: its "why this rank" (probability, contributions).
    public var explanations: [String: RankExplanation] = [:]

    public init(run: RunInfo, storePath: String, rings: [String: RingCase], changes: RunChanges) {
        self.run = run
        self.storePath = storePath
        self.rings = rings
        self.changes = changes
    }
}
