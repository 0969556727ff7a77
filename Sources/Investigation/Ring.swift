import SellerGraph

/// A candidate counterfeit ring: a community of sellers with everything that binds it, its
/// evidence and its score with reasons.
public struct Ring: Sendable {
    /// One entity of the ring and what it is to the ring.
    public struct Member: Sendable, Hashable {
        public var kind: EntityKind
        public var entity: Int32
        /// `seller`, `storefront`, `shared_payout_account`, `payout_account`, `shared_return_address`,
        /// `return_address`, `ship_from_address`, `registration_address`, `shared_supplier`,
        /// `supplier`, `factory_site`; for an identifier its kind, `shared_` first when two or more
        /// ring sellers use it (`shared_phone`, `wechat`, `shared_id_document`).
        public var role: String
        /// Distinct ring sellers that use it (1 for sellers and storefronts); for an address
        /// when addresses were resolved, those that use its place in any spelling.
        public var ringSellers: Int
        /// For an address when addresses were resolved: its place, the representative address
        /// of its cluster (itself when no other spelling was found). For an identifier: its
        /// group's first row (itself unless another row is the same identifier written another
        /// way). Nil otherwise.
        public var place: Int32? = nil
    }

    /// A hub the ring's storefronts touch: drawn and reported once, never used as a link.
    public struct TouchedHub: Sendable, Hashable {
        public var hub: Projection.Hub
        /// Links from the ring's storefronts or sellers to it.
        public var ringLinks: Int
    }

    /// How the evidence reads, for the one-word column and the summary.
    public enum Assessment: String, Sendable {
        /// Confirmed counterfeit (a fake test purchase or a seizure) behind the ring.
        case counterfeitRing = "counterfeit_ring"
        /// Weaker evidence only: takedowns, keyword matches, price anomalies, complaints.
        case suspectedRing = "suspected_ring"
        /// Shared infrastructure without counterfeit evidence: a family business or holding.
        case legitimateCluster = "legitimate_cluster"
    }

    /// One part of the score, with the reason an investigator can check.
    public struct ScoreComponent: Sendable {
        public var name: String
        public var points: Double
        public var reason: String
    }

    public var id: String = ""
    public var rank: Int = 0
    public var sellers: [Int32]
    public var storefronts: [Int32] = []
    public var members: [Member] = []
    public var hubs: [TouchedHub] = []
    /// Indices into ``SellerNetwork/evidence`` of every record about the ring's entities.
    public var evidence: [Int32] = []
    /// Links inside the ring: (relation, link index) for every link whose both ends are members.
    public var links: [(relation: Relation, link: Int32)] = []
    public var score: Double = 0
    public var components: [ScoreComponent] = []
    public var assessment: Assessment = .legitimateCluster
    public var confirmedFakes = 0
    public var seizures = 0
    public var genuinePurchases = 0
    public var brands: [String] = []
    public var summary = ""

    public init(sellers: [Int32]) {
        self.sellers = sellers
    }

    /// The members of one kind.
    public func members(_ kind: EntityKind) -> [Member] { members.filter { $0.kind == kind } }
}

extension Ring {
    /// The distinct identifiers (one per folded group) the ring's sellers share, by kind.
    public func sharedIdentifiers() -> [(kind: IdentifierKind, count: Int)] {
        var groups: [IdentifierKind: Set<Int32>] = [:]
        for member in members where member.kind == .identifier && member.role.hasPrefix("shared_") {
            let kind = IdentifierKind(rawValue: String(member.role.dropFirst("shared_".count)))!
            groups[kind, default: []].insert(member.place ?? member.entity)
        }
        return IdentifierKind.allCases.compactMap { kind in groups[kind].map { (kind, $0.count) } }
    }

    /// The distinct places among the ring's members with one of `roles`: one per address, or
    /// with resolved addresses one per place however many spellings of it the ring uses.
    func places(withRoles roles: Set<String>) -> Int {
        var places = Set<Int32>()
        var count = 0
        for member in members where roles.contains(member.role) {
            if let place = member.place { places.insert(place) } else { count += 1 }
        }
        return count + places.count
    }
}
