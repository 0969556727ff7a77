/// The kinds of evidence in `evidence.csv` (DATASET.md), strongest first.
public enum EvidenceKind: String, CaseIterable, Sendable, Hashable, Comparable {
    /// A test purchase examined and confirmed counterfeit: the strongest evidence.
    case testPurchaseFake = "test_purchase_fake"
    /// Goods seized by an authority.
    case seizure
    /// A listing taken down after a notice.
    case takedown
    /// A rights holder complained (unverified).
    case brandComplaint = "brand_complaint"
    /// Listed far below the brand's retail price.
    case priceAnomaly = "price_anomaly"
    /// Listing text matched counterfeit vocabulary ("replica", "AAA", "1:1").
    case keywordMatch = "keyword_match"
    /// A test purchase examined and found genuine: evidence *against*.
    case testPurchaseGenuine = "test_purchase_genuine"

    public var index: Int { EvidenceKind.allCases.firstIndex(of: self)! }

    public static func < (lhs: EvidenceKind, rhs: EvidenceKind) -> Bool { lhs.index < rhs.index }
}
