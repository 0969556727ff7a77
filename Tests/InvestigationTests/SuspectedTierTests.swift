import Testing
@testable import Investigation
import SellerGraph
import TestFixtures

/// Candidates without a confirmed fake: a ring whose members carry weaker indicators is a
/// suspected ring and ranks above every cluster without them, however tightly that cluster is
/// bound; indicators on one member only do not make a group suspected.
@Suite struct SuspectedTierTests {
    /// MiniWorld with ring B's fake removed and `keywordsOn` storefronts given a keyword match;
    /// the family binds tighter than ring B (two shared accounts, an office, a return address)
    /// and gets `familyKeywordsOn` keyword matches besides its complaint.
    static func network(keywordsOn ringB: [String], familyKeywordsOn family: [String] = []) throws -> SellerNetwork {
        var files = MiniWorld(ringBFakes: 0).files()
        for storefront in ringB + family { files["evidence.csv"]! += "storefront,\(storefront),keyword_match,Prada,2024-04-02,KW-\(storefront)\n" }
        files["payment_accounts.csv"]! += "PF2,bank,Family savings\n"
        files["addresses.csv"]! += "FR,Family returns room 2,Hangzhou,Zhejiang,30.21,120.11\n"
        for member in 1 ... 3 { files["links.csv"]! += "FS\(member),PF2,pays_to\nFS\(member),FR,returns_to\n" }
        return try MiniWorld.network(files: files)
    }

    private func ring(of seller: String, in investigation: Investigation) throws -> Ring {
        let index = investigation.network.table(.seller).index(of: seller)!
        return try #require(investigation.rings.first { $0.sellers.contains(index) })
    }

    @Test func aRingWithIndicatorsOnItsMembersRanksAboveATighterFamily() throws {
        let investigation = Investigation(network: try Self.network(keywordsOn: ["BS1_1", "BS2_1", "BS3_1", "BS4_1", "BS5_1"]))
        let ringB = try ring(of: "B1", in: investigation), family = try ring(of: "F1", in: investigation)
        #expect(ringB.assessment == .suspectedRing)
        #expect(family.assessment == .legitimateCluster)
        // The family's binding (4 shared entities) outscores ring B's (2) component by component…
        let binding = { (ring: Ring) in ring.components.first { $0.name == "binding" }?.points ?? 0 }
        #expect(binding(family) > binding(ringB))
        // … but the indicators put ring B in the tier above.
        #expect(ringB.rank < family.rank)
        #expect(ringB.score >= EvidenceScorer.suspectedTier && family.score < EvidenceScorer.suspectedTier)
    }

    @Test func indicatorsOnOneMemberOnlyLeaveTheGroupLegitimate() throws {
        // Two keyword matches and a complaint on FS1: 1.3 points over 3 storefronts, dense enough,
        // but all on one seller.
        let one = Investigation(network: try Self.network(keywordsOn: [], familyKeywordsOn: ["FS1", "FS1"]))
        #expect(try ring(of: "F1", in: one).assessment == .legitimateCluster)
        // Spread over two members, the same family is suspected.
        let two = Investigation(network: try Self.network(keywordsOn: [], familyKeywordsOn: ["FS1", "FS2"]))
        #expect(try ring(of: "F1", in: two).assessment == .suspectedRing)
    }

    /// Ring B (10 storefronts, keyword matches on five) with genuine test purchases on `genuineOn`.
    static func network(genuineOn storefronts: [String]) throws -> SellerNetwork {
        var files = MiniWorld(ringBFakes: 0).files()
        for storefront in ["BS1_1", "BS2_1", "BS3_1", "BS4_1", "BS5_1"] { files["evidence.csv"]! += "storefront,\(storefront),keyword_match,Prada,2024-04-02,KW-\(storefront)\n" }
        for storefront in storefronts { files["evidence.csv"]! += "storefront,\(storefront),test_purchase_genuine,Prada,2024-05-01,TG-\(storefront)\n" }
        return try MiniWorld.network(files: files)
    }

    private func points(_ name: String, of ring: Ring) -> Double {
        ring.components.filter { $0.name == name }.reduce(0) { $0 + $1.points }
    }

    @Test func aGenuinePurchaseWithoutAFakeClearsItsStorefrontNotTheGroup() throws {
        let clean = try ring(of: "B1", in: Investigation(network: try Self.network(genuineOn: [])))
        let one = try ring(of: "B1", in: Investigation(network: try Self.network(genuineOn: ["BS1_2"])))
        let evidence = points("weaker_evidence", of: one) + points("coverage", of: one) + points("listings", of: one)
        #expect(evidence > 0)
        // One genuine item from one of ten storefronts takes a tenth of the evidence points…
        #expect(abs(points("genuine_purchases", of: one) + evidence / 10) < 1e-9)
        #expect(one.assessment == .suspectedRing && one.score < clean.score && one.score > clean.score - 1)
        // … items bought from every storefront take them all.
        let all = try ring(of: "B1", in: Investigation(network: try Self.network(genuineOn: (1 ... 5).flatMap { ["BS\($0)_1", "BS\($0)_2"] })))
        #expect(abs(points("genuine_purchases", of: all) + evidence) < 1e-9)
    }
}
