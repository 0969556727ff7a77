import Foundation
import SellerGraph

/// Scores a ring on its evidence, 0–100, and explains every point.
///
/// The score has two tiers, so that it reads the same way the ranking does:
/// - **Confirmed** (at least one confirmed fake test purchase or seizure): 50 points for the tier,
///   plus up to 50 from the components below, scaled by ½.
/// - **Suspected** (no confirmed fake, but weaker evidence on at least a quarter of its
///   storefronts' worth — ``suspectedWeakEvidence`` — or ``suspectedDiscountedShare`` of its
///   listings far below retail, *and* those indicators on at least two of its sellers or on
///   something they share): 25 points for the tier plus the components, at most 49.9. A ring
///   counterfeits together; one shop's keyword match or takedown in an otherwise quiet family is
///   that shop's, as the lone-seller split reads a single confirmed fake.
/// - **Legitimate cluster** (neither): the components alone, under 25.
///
/// A ring with confirmed counterfeits therefore always ranks above a cluster without them, and
/// a ring whose storefronts carry counterfeit indicators (a ring that no test purchase or
/// seizure has reached yet) above a family or holding that shares an office and a bank account
/// (the binding points the family earns never lift it over the indicators).
///
/// Components (before scaling; each capped):
/// - confirmed fakes: 40 · (1 − 0.6ⁿ) for n fake test purchases: the first weighs most;
/// - seizures: 20 · (1 − 0.6ⁿ);
/// - weaker evidence per storefront (takedown 1, keyword match 0.5, brand complaint 0.3, price
///   anomaly 0.3): 10 · min(1, points / storefronts): per storefront, so that a large honest
///   cluster does not collect points from its share of false complaints;
/// - coverage: 10 · the share of storefronts with a fake, seizure or takedown;
/// - binding: 10 · min(1, (shared payout accounts + shared return or registration addresses +
///   shared identifiers one operator controls (phones, e-mails, WeChat and QQ ids, ID documents) +
///   transfers between the ring's accounts) / 4): how tightly non-hub infrastructure and money bind it;
/// - listings: 10 · the share of the ring's listings priced under 35 % of MSRP;
/// - genuine test purchases: −24 · the share of test purchases and seizures found genuine; without
///   a confirmed fake, the weaker-evidence, coverage and listing points times the share of the
///   group's storefronts a genuine item was bought from (at most 24): a genuine item clears the
///   storefront it came from, not the group.
public struct EvidenceScorer: Sendable {
    /// A price under this share of MSRP is "far below retail".
    public static let deepDiscount = 0.35
    /// Weaker-evidence points per storefront (``score(_:)``) from which a candidate without a
    /// confirmed fake is a suspected ring.
    public static let suspectedWeakEvidence = 0.25
    /// ... or the share of its priced listings under ``deepDiscount`` of MSRP.
    public static let suspectedDiscountedShare = 0.3
    /// The points of the suspected tier: a suspected ring scores 25–49.9, a legitimate cluster
    /// under 25, so that every suspected ring ranks above every cluster without indicators.
    public static let suspectedTier = 25.0
    /// Evidence that counts as a (weaker) counterfeit indicator on a member.
    static let indicatorKinds: Set<EvidenceKind> = [.takedown, .keywordMatch, .brandComplaint, .priceAnomaly]

    let network: SellerNetwork

    public init(network: SellerNetwork) {
        self.network = network
    }

    public func score(_ ring: inout Ring) {
        var counts = [Int](repeating: 0, count: EvidenceKind.allCases.count)
        var brands: Set<String> = []
        var storefrontsWithStrongEvidence: Set<Int32> = []
        // Storefronts a genuine test purchase speaks for.
        var storefrontsTestedGenuine: Set<Int32> = []
        // Who carries the weaker indicators: members (by seller), or what the members share.
        var indicatedSellers: Set<Int32> = []
        var indicatorOnShared = false
        for index in ring.evidence {
            let record = network.evidence[Int(index)]
            counts[record.kind.index] += 1
            if Self.indicatorKinds.contains(record.kind) {
                switch record.entityKind {
                case .storefront: indicatedSellers.insert(network.seller(of: record.entity))
                case .seller: indicatedSellers.insert(record.entity)
                default: indicatorOnShared = true
                }
            }
            if record.kind == .testPurchaseFake || record.kind == .seizure {
                if !record.brand.isEmpty { brands.insert(record.brand) }
            }
            if record.entityKind == .storefront && [.testPurchaseFake, .seizure, .takedown].contains(record.kind) {
                storefrontsWithStrongEvidence.insert(record.entity)
            }
            if record.kind == .testPurchaseGenuine {
                // A genuine purchase about the seller itself speaks for its storefronts in the group.
                switch record.entityKind {
                case .storefront: storefrontsTestedGenuine.insert(record.entity)
                case .seller: for storefront in ring.storefronts where network.seller(of: storefront) == record.entity { storefrontsTestedGenuine.insert(storefront) }
                default: storefrontsTestedGenuine.formUnion(ring.storefronts)
                }
            }
        }
        let fakes = counts[EvidenceKind.testPurchaseFake.index]
        let seizures = counts[EvidenceKind.seizure.index]
        let genuine = counts[EvidenceKind.testPurchaseGenuine.index]
        ring.confirmedFakes = fakes
        ring.seizures = seizures
        ring.genuinePurchases = genuine
        ring.brands = brands.sorted()

        let storefronts = max(1, ring.storefronts.count)
        var components: [Ring.ScoreComponent] = []
        func add(_ name: String, _ points: Double, _ reason: String) {
            components.append(Ring.ScoreComponent(name: name, points: points, reason: reason))
        }
        let confirmed = fakes + seizures > 0
        add("tier", confirmed ? 50 : 0,
            confirmed ? "confirmed counterfeit evidence (fake test purchase or seizure): ranks above every candidate without it"
                      : "no confirmed fake test purchase or seizure, too few weaker indicators: ranks below every ring with either")
        if fakes > 0 {
            add("confirmed_fakes", 0.5 * 40 * (1 - pow(0.6, Double(fakes))),
                "\(fakes) confirmed fake test purchase\(fakes == 1 ? "" : "s")\(brands.isEmpty ? "" : " (" + ring.brands.joined(separator: ", ") + ")")")
        }
        if seizures > 0 {
            add("seizures", 0.5 * 20 * (1 - pow(0.6, Double(seizures))), "\(seizures) seizure\(seizures == 1 ? "" : "s") by an authority")
        }
        let weak = Double(counts[EvidenceKind.takedown.index]) + 0.5 * Double(counts[EvidenceKind.keywordMatch.index])
            + 0.3 * Double(counts[EvidenceKind.brandComplaint.index]) + 0.3 * Double(counts[EvidenceKind.priceAnomaly.index])
        if weak > 0 {
            add("weaker_evidence", 0.5 * 10 * min(1, weak / Double(storefronts)),
                "\(counts[EvidenceKind.takedown.index]) takedowns, \(counts[EvidenceKind.keywordMatch.index]) keyword matches, \(counts[EvidenceKind.brandComplaint.index]) brand complaints, \(counts[EvidenceKind.priceAnomaly.index]) price anomalies over \(storefronts) storefronts")
        }
        if !storefrontsWithStrongEvidence.isEmpty {
            let share = Double(storefrontsWithStrongEvidence.count) / Double(storefronts)
            add("coverage", 0.5 * 10 * share,
                "\(storefrontsWithStrongEvidence.count) of \(storefronts) storefronts have a fake, seizure or takedown (\(Int((share * 100).rounded())) %)")
        }
        let sharedAccounts = ring.members.filter { $0.role == "shared_payout_account" }.count
        let sharedAddresses = ring.places(withRoles: ["shared_return_address", "shared_registration_address"])
        let transfers = ring.links.filter { $0.relation == .transfersTo }.count
        let sharedIdentifiers = ring.sharedIdentifiers().filter { IdentifierWeights.strongKinds.contains($0.kind) }.reduce(0) { $0 + $1.count }
        let binding = sharedAccounts + sharedAddresses + sharedIdentifiers + transfers
        if binding > 0 {
            add("binding", 0.5 * 10 * min(1, Double(binding) / 4),
                "\(sharedAccounts) shared payout accounts, \(sharedAddresses) shared return or registration addresses, "
                    + (sharedIdentifiers > 0 ? "\(sharedIdentifiers) shared phones, e-mails, messaging ids or ID documents, " : "")
                    + "\(transfers) transfers between the ring's accounts")
        }
        var listings = 0
        var discounted = 0
        var units: Int64 = 0
        var sellerListings: [Int32: (priced: Int, discounted: Int)] = [:]
        for storefront in ring.storefronts {
            let seller = network.seller(of: storefront)
            for listing in network.listings.byStorefront[storefront] {
                let price = network.listings.prices[Int(listing)]
                let msrp = network.listings.msrps[Int(listing)]
                guard price.isFinite, msrp.isFinite, msrp > 0 else { continue }
                listings += 1
                sellerListings[seller, default: (0, 0)].priced += 1
                if price < Self.deepDiscount * msrp {
                    discounted += 1
                    sellerListings[seller, default: (0, 0)].discounted += 1
                    // Saturating: valid input never traps (the loader bounds units_sold too).
                    let (sum, overflow) = units.addingReportingOverflow(max(0, network.listings.unitsSold[Int(listing)]))
                    units = overflow ? .max : sum
                }
            }
        }
        if discounted > 0 {
            let share = Double(discounted) / Double(listings)
            add("listings", 0.5 * 10 * share,
                "\(discounted) of \(listings) listings priced under \(Int(Self.deepDiscount * 100)) % of MSRP (\(units) units sold)")
        }
        if genuine > 0 {
            // As a share of the test purchases: one genuine item among many fakes says little.
            // Without a confirmed fake there is no such share (every test came back genuine), and
            // what a genuine item clears is the storefront it was bought from: it discounts the
            // weaker evidence by the share of the group's storefronts so tested, not the shared
            // infrastructure, and not the rest of the group's storefronts (one item bought from
            // one of 80 storefronts does not clear the other 79).
            let share = Double(genuine) / Double(genuine + fakes + seizures)
            let evidencePoints = components.filter { ["weaker_evidence", "coverage", "listings"].contains($0.name) }.reduce(0) { $0 + $1.points }
            let penalty = confirmed ? 0.5 * 24 * share
                : min(0.5 * 24, evidencePoints * Double(storefrontsTestedGenuine.count) / Double(storefronts))
            add("genuine_purchases", -penalty,
                confirmed ? "\(genuine) of \(genuine + fakes + seizures) test purchases and seizures found genuine: evidence against"
                          : "\(genuine) test purchase\(genuine == 1 ? "" : "s") found genuine, on \(storefrontsTestedGenuine.count) of \(storefronts) storefronts: evidence against them")
        }
        // A seller selling mostly far below retail carries an indicator too (as for lone sellers).
        for (seller, counts) in sellerListings
        where counts.priced > 0 && Double(counts.discounted) >= LoneSellerSplit.discountedListingShare * Double(counts.priced) {
            indicatedSellers.insert(seller)
        }
        // Indicators spread over two members, or on what they share: the group, not one shop.
        let spread = indicatedSellers.count >= 2 || indicatorOnShared
        if confirmed {
            ring.assessment = .counterfeitRing
        } else if spread && (weak / Double(storefronts) >= Self.suspectedWeakEvidence
                    || (listings > 0 && Double(discounted) / Double(listings) >= Self.suspectedDiscountedShare)) {
            ring.assessment = .suspectedRing
            components[0] = Ring.ScoreComponent(name: "tier", points: Self.suspectedTier,
                                                reason: "counterfeit indicators (keyword matches, complaints, price anomalies, listings far below retail) but no confirmed fake: ranks above every cluster without them")
        } else {
            ring.assessment = .legitimateCluster
        }
        let total = components.reduce(0) { $0 + $1.points }
        switch ring.assessment {
        case .counterfeitRing: ring.score = min(100, max(50, total))
        case .suspectedRing: ring.score = min(49.9, max(Self.suspectedTier, total))
        case .legitimateCluster: ring.score = min(Self.suspectedTier - 0.1, max(0, total))
        }
        ring.score = (ring.score * 10).rounded() / 10
        ring.components = components
        ring.summary = summary(of: ring, sharedAccounts: sharedAccounts)
    }

    /// "14 sellers, 31 storefronts share 3 payout accounts and 2 return addresses; 7 confirmed fake
    /// test purchases (Gucci, Balenciaga); 1 genuine."
    func summary(of ring: Ring, sharedAccounts: Int) -> String {
        let returns = ring.places(withRoles: ["shared_return_address"])
        let offices = ring.places(withRoles: ["shared_registration_address"])
        let suppliers = ring.members.filter { $0.role == "shared_supplier" }.count
        let transfers = ring.links.filter { $0.relation == .transfersTo }.count
        var shared: [String] = []
        if sharedAccounts > 0 { shared.append(plural(sharedAccounts, "payout account")) }
        if returns > 0 { shared.append(plural(returns, "return address", "return addresses")) }
        if offices > 0 { shared.append(plural(offices, "registration address", "registration addresses")) }
        if suppliers > 0 { shared.append(plural(suppliers, "factory", "factories")) }
        for (kind, count) in ring.sharedIdentifiers() { shared.append(plural(count, kind.title, kind.plural)) }
        var text = "\(plural(ring.sellers.count, "seller")), \(plural(ring.storefronts.count, "storefront"))"
        text += shared.isEmpty ? " are linked" : " share " + list(shared)
        if transfers > 0 { text += ", with \(plural(transfers, "transfer")) between their accounts" }
        var evidence: [String] = []
        if ring.confirmedFakes > 0 {
            evidence.append("\(plural(ring.confirmedFakes, "confirmed fake test purchase"))\(ring.brands.isEmpty ? "" : " (" + ring.brands.joined(separator: ", ") + ")")")
        }
        if ring.seizures > 0 { evidence.append(plural(ring.seizures, "seizure")) }
        if ring.genuinePurchases > 0 { evidence.append("\(ring.genuinePurchases) genuine") }
        if evidence.isEmpty {
            evidence.append(ring.assessment == .legitimateCluster ? "no counterfeit evidence: likely a legitimate family or holding" : "weaker evidence only (takedowns, keywords, prices)")
        }
        return text + "; " + evidence.joined(separator: "; ")
    }
}

func plural(_ count: Int, _ word: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? word : (plural ?? word + "s"))"
}

func list(_ items: [String]) -> String {
    switch items.count {
    case 0: ""
    case 1: items[0]
    default: items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
