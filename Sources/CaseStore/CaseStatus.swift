/// Where a case stands. The life of a case:
///
///     new ──▶ under_review ──▶ referred ──▶ raided ──▶ closed
///      │            │             │           │          │
///      └────────────┴─────────────┴──▶ dismissed         │
///                                             └──────────┴──▶ re_emerged ──▶ under_review …
///
/// `new` is set by the run that opens the case; `raided` by a confirmed outcome; `dismissed` by an
/// analyst (`case close --dismissed`) or an unfounded outcome; `re_emerged` by a run that finds a
/// raided or closed case's workshop, accounts, identifiers or return addresses behind sellers again.
public enum CaseStatus: String, CaseIterable, Sendable, Comparable {
    case new
    case underReview = "under_review"
    case referred
    case raided
    case closed
    case dismissed
    case reEmerged = "re_emerged"

    /// The statuses a person may move a case to from this one (runs and outcomes move it too).
    public var allowedNext: Set<CaseStatus> {
        switch self {
        case .new: [.underReview, .referred, .closed, .dismissed]
        case .underReview: [.referred, .closed, .dismissed]
        case .referred: [.underReview, .raided, .closed, .dismissed]
        case .raided: [.closed]
        case .closed: [.underReview]
        case .dismissed: [.underReview]
        case .reEmerged: [.underReview, .referred, .closed, .dismissed]
        }
    }

    /// A raided or closed case whose infrastructure shows up again has re-emerged.
    public var canReEmerge: Bool { self == .raided || self == .closed }

    /// Still worked on: new, under review, referred or re-emerged.
    public var isOpen: Bool { self == .new || self == .underReview || self == .referred || self == .reEmerged }

    /// The order of `case list`: re-emerged cases first, then the open ones, then the settled.
    var listOrder: Int {
        switch self {
        case .reEmerged: 0
        case .new: 1
        case .underReview: 2
        case .referred: 3
        case .raided: 4
        case .closed: 5
        case .dismissed: 6
        }
    }

    public static func < (lhs: CaseStatus, rhs: CaseStatus) -> Bool { lhs.listOrder < rhs.listOrder }
}
