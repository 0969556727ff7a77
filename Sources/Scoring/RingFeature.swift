/// One feature of a candidate ring, as the learned model reads it: its stable name (stored with
/// every model, so a model and the code that feeds it agree on the columns), its unit, and the
/// direction in which it may move the score when that direction is known.
///
/// Features are derived from the assembled ``Investigation/Ring`` and the
/// ``SellerGraph/SellerNetwork`` only (members, links, evidence rows, listings, dates), never
/// from the rule score's components or points, so the rule scorer may change without changing
/// what the model learned from. The list is short on purpose: what generalises from one
/// marketplace to another is a few meaningful signals, each a share, a count or a ratio with a
/// unit a reader can check, not many weak ones.
public enum RingFeature: String, CaseIterable, Sendable, Codable {
    case sellers
    case storefronts
    case confirmedFakeShare = "confirmed_fake_share"
    case seizures
    case takedownShare = "takedown_share"
    case complaintShare = "complaint_share"
    case priceAnomalyShare = "price_anomaly_share"
    case keywordMatchShare = "keyword_match_share"
    case genuinePurchases = "genuine_purchases"
    case evidenceSources = "evidence_sources"
    case sharedPayoutAccounts = "shared_payout_accounts"
    case sharedAddresses = "shared_addresses"
    case sharedIdentifiers = "shared_identifiers"
    case sharedWorkshops = "shared_workshops"
    case transfers
    case sharedPerSeller = "shared_per_seller"
    case hubLinksPerStorefront = "hub_links_per_storefront"
    case medianPriceRatio = "median_price_ratio"
    case unitsSoldPerStorefront = "units_sold_per_storefront"
    case medianAccountAgeDays = "median_account_age_days"
    case openingBurstShare = "opening_burst_share"
    case linkedConfirmedCases = "linked_confirmed_cases"

    /// The column of this feature in a ``FeatureMatrix`` built by ``RingFeatureExtractor``.
    public var column: Int { Self.allCases.firstIndex(of: self)! }

    /// The unit of the value.
    public var unit: String {
        switch self {
        case .sellers, .storefronts: "sellers or storefronts (count)"
        case .confirmedFakeShare, .takedownShare, .complaintShare, .priceAnomalyShare, .keywordMatchShare:
            "share of the ring's storefronts, 0–1"
        case .seizures, .genuinePurchases: "evidence records (count)"
        case .evidenceSources: "distinct reporting sources (count)"
        case .sharedPayoutAccounts, .sharedIdentifiers, .sharedWorkshops: "distinct shared entities (count)"
        case .sharedAddresses: "distinct shared places (count)"
        case .transfers: "transfer links between ring accounts (count)"
        case .sharedPerSeller: "shared entities per seller"
        case .hubLinksPerStorefront: "links to hubs per storefront"
        case .medianPriceRatio: "listing price ÷ brand retail price (median), missing without both"
        case .unitsSoldPerStorefront: "log(1 + units sold per storefront)"
        case .medianAccountAgeDays: "days (median seller age at the dataset's latest date), missing without dates"
        case .openingBurstShare: "share of storefronts opened within 30 days of each other, 0–1, missing under 2 dates"
        case .linkedConfirmedCases: "earlier cases confirmed counterfeit this ring continues or shares entities with (count), missing without a case store"
        }
    }

    /// What the feature measures, in one sentence for the documentation and "why this rank".
    public var summary: String {
        switch self {
        case .sellers: "sellers in the ring"
        case .storefronts: "storefronts the ring's sellers operate"
        case .confirmedFakeShare: "storefronts with a test purchase confirmed counterfeit (about the storefront or its seller)"
        case .seizures: "seizure records about any ring member"
        case .takedownShare: "storefronts with a takedown"
        case .complaintShare: "storefronts with a brand complaint"
        case .priceAnomalyShare: "storefronts with a price anomaly"
        case .keywordMatchShare: "storefronts with a counterfeit-keyword match"
        case .genuinePurchases: "test purchases found genuine, about any ring member"
        case .evidenceSources: "independent rights holders, platforms and authorities that reported the ring"
        case .sharedPayoutAccounts: "payout accounts used by two or more ring sellers"
        case .sharedAddresses: "return, registration and ship-from places used by two or more ring sellers"
        case .sharedIdentifiers: "phones, e-mails, messaging ids, devices and documents used by two or more ring sellers"
        case .sharedWorkshops: "suppliers and workshops (not hubs) used by two or more ring sellers"
        case .transfers: "money transfers between the ring's payout accounts"
        case .sharedPerSeller: "shared payout accounts, places, identifiers and workshops per seller"
        case .hubLinksPerStorefront: "links from the ring to hubs (warehouses, escrow pools, OEMs), per storefront"
        case .medianPriceRatio: "how far below retail the ring's listings sell"
        case .unitsSoldPerStorefront: "sales volume"
        case .medianAccountAgeDays: "how old the ring's seller accounts are"
        case .openingBurstShare: "storefronts opened in one burst"
        case .linkedConfirmedCases: "re-emergence: earlier cases confirmed counterfeit that share this ring's entities"
        }
    }

    /// +1 when a larger value must never lower the score, −1 when it must never raise it, 0 when
    /// the data decides (XGBoost's monotone constraint). Only where the direction follows from
    /// what the evidence is: more confirmed fakes, seizures, independent reporters or earlier
    /// confirmed cases never make a ring less likely counterfeit; more genuine test purchases
    /// never make it more likely. Shared infrastructure is left free: a family business shares
    /// accounts and offices too.
    public var monotoneDirection: Int8 {
        switch self {
        case .confirmedFakeShare, .seizures, .takedownShare, .evidenceSources, .linkedConfirmedCases: 1
        case .genuinePurchases: -1
        default: 0
        }
    }

    /// The monotone constraints of every feature, in column order.
    public static var monotoneConstraints: [Int8] { allCases.map(\.monotoneDirection) }
}
