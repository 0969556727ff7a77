import SellerGraph

/// A counterfeiter whose group shares infrastructure but not its counterfeiting: the one seller of
/// a candidate that carries counterfeit indicators, taken out of the candidate and reported on
/// its own (see ``LoneSellerSplit``).
public struct LoneSeller: Sendable {
    public var seller: Int32
    /// The sellers of the group it was taken from (itself included), sorted.
    public var group: [Int32]
    /// Its storefronts.
    public var storefronts: Int = 0
    /// Confirmed fakes and seizures on its storefronts or on itself.
    public var confirmedFakes: Int
    /// The brands of those fakes and seizures, sorted (empty when the rows name none).
    public var brands: [String] = []
    /// The id of the rest of its group as re-scored without it, when two or more remain; `nil`
    /// otherwise. Set once ring ids are given (``Investigation``).
    public var remainderRing: String?
}

/// Separates lone counterfeiters from the honest groups they belong to.
///
/// A family business, a holding, or the clients of one accounting firm share an office, a bank
/// account, a phone: community detection rightly puts them together. If one of them sells fakes,
/// the whole group would score as a counterfeit ring. But a ring is a group that counterfeits
/// together, and what says so is counterfeit indicators spread over its members (their listings,
/// their test purchases) or on what they share (a seizure at the shared return address, a frozen
/// shared account). When every indicator of a candidate sits on one seller and its storefronts,
/// and nothing it shares carries confirmed evidence, the referral an investigator can defend is
/// that seller alone; the rest of the group is re-scored without it.
///
/// Every other member must be seen selling (it has listings: a member without listings is
/// unknown, so a ring whose export has no listings is never split), and what is left must not
/// look like counterfeiting on its own: one remaining seller must be *seen clean* (no confirmed
/// fake, seizure, takedown or keyword match on it or its storefronts, under half of its priced
/// listings under ``EvidenceScorer/deepDiscount`` of MSRP); two or more, scored without the
/// counterfeiter, must be a legitimate cluster — their weaker indicators (keyword matches,
/// takedowns, complaints, price anomalies, listings far below retail), if any, are not dense
/// enough or sit on one member only (``EvidenceScorer``). A ring's other members carry such
/// indicators on several of them and keep the ring whole; one family member's stray keyword
/// match or one clearance listing no longer keeps a lone counterfeiter inside an honest family.
///
/// A counterfeiter that operates with the group (a payout account, return address, device or
/// phone) but declares no tie to it (no registration office or contact phone in common) is an
/// accomplice, not a relative: the group stays whole (``declaresTie(_:in:)``,
/// ``sharesOperationalTie(_:in:)``).
///
/// Holds on any export: it uses only evidence, listings and the kinds of tie, never group size or
/// structure.
public struct LoneSellerSplit: Sendable {
    /// Share of a seller's priced listings under the deep discount that makes it an indicator.
    public static let discountedListingShare = 0.5

    let network: SellerNetwork
    let assembler: RingAssembler

    public init(network: SellerNetwork, assembler: RingAssembler) {
        self.network = network
        self.assembler = assembler
    }

    /// Whether a seller is seen selling and shows no counterfeit indicator: it has listings, no
    /// indicator evidence on it or its storefronts, and under half of its priced listings deeply
    /// discounted. A seller without listings is unknown, not clean (absence of evidence).
    public func isSeenClean(_ seller: Int32) -> Bool {
        func indicates(_ records: [EvidenceRecord]) -> Bool {
            records.contains { [.testPurchaseFake, .seizure, .keywordMatch].contains($0.kind) }
        }
        if indicates(network.evidence(about: .seller, seller)) { return false }
        var listed = 0, priced = 0, discounted = 0
        for storefront in assembler.storefronts(of: seller) {
            if indicates(network.evidence(about: .storefront, storefront)) { return false }
            for listing in network.listings.byStorefront[storefront] {
                listed += 1
                let price = network.listings.prices[Int(listing)], msrp = network.listings.msrps[Int(listing)]
                guard price.isFinite, msrp.isFinite, msrp > 0 else { continue }
                priced += 1
                if price < EvidenceScorer.deepDiscount * msrp { discounted += 1 }
            }
        }
        return listed > 0 && !(priced > 0 && Double(discounted) >= Self.discountedListingShare * Double(priced))
    }

    /// Indicators that come from the seller's goods: automated screening of its listings.
    static let goodsIndicators: Set<EvidenceKind> = [.keywordMatch, .priceAnomaly]

    /// Whether a seller carries counterfeit indicators from two independent sources: its goods
    /// (a keyword match or price anomaly on it or its storefronts, or most of its priced listings
    /// under ``EvidenceScorer/deepDiscount`` of MSRP) *and* the platform, which took one of its
    /// listings down after review. Either alone is what honest shops collect now and then — a
    /// clearance listing caught by a price screen, a listing removed after a dispute — and a
    /// brand's complaint is an accusation, not a finding (brands police legitimate resellers and
    /// parallel imports with them). A screen's flag and a takedown on one seller, together, say
    /// that seller sells fakes as well, although no test purchase has reached it yet.
    public func hasCorroboratedIndicators(_ seller: Int32) -> Bool {
        var goods = false, takenDown = false
        func note(_ records: [EvidenceRecord]) {
            for record in records {
                if Self.goodsIndicators.contains(record.kind) { goods = true }
                if record.kind == .takedown { takenDown = true }
            }
        }
        note(network.evidence(about: .seller, seller))
        var priced = 0, discounted = 0
        for storefront in assembler.storefronts(of: seller) {
            note(network.evidence(about: .storefront, storefront))
            for listing in network.listings.byStorefront[storefront] {
                let price = network.listings.prices[Int(listing)], msrp = network.listings.msrps[Int(listing)]
                guard price.isFinite, msrp.isFinite, msrp > 0 else { continue }
                priced += 1
                if price < EvidenceScorer.deepDiscount * msrp { discounted += 1 }
            }
        }
        if priced > 0 && Double(discounted) >= Self.discountedListingShare * Double(priced) { goods = true }
        return goods && takenDown
    }

    /// Whether `seller` shares a declared registration with another member of `ring`: the same
    /// non-hub registration address (`registered_at`, any spelling of its place) or the same
    /// registration identifier (`registered_with`, any writing of it). `nil` when the export
    /// records no registration for the seller (unknown, not undeclared).
    ///
    /// Related businesses that are honest have no reason to hide it: a family shop, a holding's
    /// subsidiaries, the clients of one accounting firm register at the same office or with the
    /// same contact phone, and marketplaces ask sellers to declare related accounts. A
    /// counterfeiter's accomplices register apart — their accounts are meant to survive the
    /// closing of one another — and are tied to it only through what they operate with: a
    /// device, a messaging id, a payout account, a return address, a workshop. A seller with a
    /// confirmed fake whose tie to its group is all of the second kind is not a lone
    /// counterfeiter among relatives.
    public func declaresTie(_ seller: Int32, in ring: Ring) -> Bool? {
        let projection = assembler.projection
        func registrations(_ of: Int32) -> Set<EntityKey> {
            var keys: Set<EntityKey> = []
            let at = network.links(.registeredAt)
            for link in at.forwardLinks[of] {
                let address = at.targets[Int(link)]
                guard !projection.isHub(.address, address) else { continue }
                keys.insert(EntityKey(kind: .address, entity: projection.representative(.address, address)))
            }
            let with = network.links(.registeredWith)
            for link in with.forwardLinks[of] {
                let identifier = with.targets[Int(link)]
                guard projection.identifierResolution.isLinkable(identifier), !projection.isHub(.identifier, identifier) else { continue }
                keys.insert(EntityKey(kind: .identifier, entity: projection.representative(.identifier, identifier)))
            }
            return keys
        }
        let own = registrations(seller)
        let at = network.links(.registeredAt), with = network.links(.registeredWith)
        guard !at.forwardLinks[seller].isEmpty || !with.forwardLinks[seller].isEmpty else { return nil }
        guard !own.isEmpty else { return false }
        return ring.sellers.contains { $0 != seller && !registrations($0).isDisjoint(with: own) }
    }

    /// Whether `seller` operates with another member of `ring`: both pay out to the same non-hub
    /// account, take returns at the same non-hub address (any spelling of its place), or use the
    /// same non-hub device, phone, messaging id or email (any writing of it). Not a workshop, a
    /// ship-from address or an IP address: a supplier, a forwarder or rented warehouse and a
    /// building's or carrier's public address serve unrelated sellers alike.
    public func sharesOperationalTie(_ seller: Int32, in ring: Ring) -> Bool {
        let projection = assembler.projection
        let kinds = network.table(.identifier).identifierKinds
        func instruments(_ of: Int32) -> Set<EntityKey> {
            var keys: Set<EntityKey> = []
            for storefront in assembler.storefronts(of: of) {
                let pays = network.links(.paysTo)
                for link in pays.forwardLinks[storefront] {
                    let account = pays.targets[Int(link)]
                    if !projection.isHub(.paymentAccount, account) { keys.insert(EntityKey(kind: .paymentAccount, entity: account)) }
                }
                let returns = network.links(.returnsTo)
                for link in returns.forwardLinks[storefront] {
                    let address = returns.targets[Int(link)]
                    guard !projection.isHub(.address, address) else { continue }
                    keys.insert(EntityKey(kind: .address, entity: projection.representative(.address, address)))
                }
                let uses = network.links(.uses)
                for link in uses.forwardLinks[storefront] {
                    let identifier = uses.targets[Int(link)]
                    guard kinds[Int(identifier)] != .ip, projection.identifierResolution.isLinkable(identifier),
                          !projection.isHub(.identifier, identifier) else { continue }
                    keys.insert(EntityKey(kind: .identifier, entity: projection.representative(.identifier, identifier)))
                }
            }
            return keys
        }
        let own = instruments(seller)
        guard !own.isEmpty else { return false }
        return ring.sellers.contains { $0 != seller && !instruments($0).isDisjoint(with: own) }
    }

    /// The one seller of `ring` that may be taken out, or nil: the only seller with confirmed
    /// evidence, all of which is on that seller or its storefronts (``restIsHonest(_:)`` decides).
    public func loneSeller(in ring: Ring) -> Int32? {
        guard ring.sellers.count >= 2, ring.confirmedFakes + ring.seizures > 0 else { return nil }
        // Confirmed evidence on anything but a seller or a storefront (a shared account, address,
        // factory or identifier) is the group's, not one seller's.
        var confirmedOn: Set<Int32> = []
        for index in ring.evidence {
            let record = network.evidence[Int(index)]
            guard record.kind == .testPurchaseFake || record.kind == .seizure else { continue }
            switch record.entityKind {
            case .seller: confirmedOn.insert(record.entity)
            case .storefront: confirmedOn.insert(network.seller(of: record.entity))
            default: return nil
            }
        }
        guard confirmedOn.count == 1, let lone = confirmedOn.first else { return nil }
        return lone
    }

    /// Whether the rest of a group, without its one counterfeiter, is honest-looking enough to
    /// let the counterfeiter out: every other member is seen selling (listings: an export
    /// without them never splits a group), and either the rest is one seller seen clean
    /// (``isSeenClean(_:)``) or the rest, scored on its own, is a legitimate cluster — its weaker
    /// indicators, if any, do not spread over two members or what they share
    /// (``EvidenceScorer``) — and no member of it has corroborated indicators of its own
    /// (``hasCorroboratedIndicators(_:)``). What is left of a ring still counterfeits together
    /// and keeps it.
    func restIsHonest(_ rest: Ring) -> Bool {
        for seller in rest.sellers where assembler.storefronts(of: seller).allSatisfy({ network.listings.byStorefront[$0].isEmpty }) {
            return false
        }
        // A second member whose own indicators corroborate each other counterfeits too: the
        // group is not one counterfeiter among honest relatives.
        if rest.sellers.contains(where: hasCorroboratedIndicators) { return false }
        if rest.sellers.count == 1 { return isSeenClean(rest.sellers[0]) }
        return rest.assessment == .legitimateCluster
    }

    /// Splits every such ring: the lone seller out (returned), the rest re-assembled and
    /// re-scored when two or more remain.
    public func split(_ rings: inout [Ring], scorer: EvidenceScorer) -> [LoneSeller] {
        var lone: [LoneSeller] = []
        var result: [Ring] = []
        result.reserveCapacity(rings.count)
        for ring in rings {
            // A counterfeiter that operates with its group (``sharesOperationalTie(_:in:)``) but
            // declares no tie to it (``declaresTie(_:in:)``) is not one among relatives: the group
            // stays whole.
            guard let seller = loneSeller(in: ring),
                  declaresTie(seller, in: ring) != false || !sharesOperationalTie(seller, in: ring) else {
                result.append(ring)
                continue
            }
            var remainder = assembler.assemble(sellers: ring.sellers.filter { $0 != seller })
            scorer.score(&remainder)
            guard restIsHonest(remainder) else {
                result.append(ring)
                continue
            }
            let confirmed = ring.evidence.map { network.evidence[Int($0)] }.filter { $0.kind == .testPurchaseFake || $0.kind == .seizure }
            lone.append(LoneSeller(seller: seller, group: ring.sellers.sorted(),
                                   storefronts: assembler.storefronts(of: seller).count, confirmedFakes: confirmed.count,
                                   brands: Set(confirmed.map(\.brand).filter { !$0.isEmpty }).sorted()))
            if remainder.sellers.count >= 2 { result.append(remainder) }
        }
        rings = result
        return lone
    }
}
