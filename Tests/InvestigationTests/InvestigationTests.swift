import Foundation
import Testing
@testable import Investigation
import SellerGraph
import TestFixtures

@Suite struct InvestigationTests {
    private func ringSellers(_ investigation: Investigation, containing seller: String) -> [String]? {
        let network = investigation.network
        let index = network.table(.seller).index(of: seller)!
        return investigation.rings.first { $0.sellers.contains(index) }?.sellers.map { network.id(.seller, $0) }.sorted()
    }

    @Test func hubsAreLeftOutOfLinking() throws {
        let investigation = Investigation(network: try MiniWorld().network())
        let hubIds = investigation.projection.hubs.map { investigation.network.id($0.kind, $0.entity) }
        #expect(Set(hubIds) == ["H", "E", "OEM"])
        // 250 honest sellers share the warehouse, the escrow pool and the OEM: none is in a ring.
        #expect(ringSellers(investigation, containing: "H0") == nil)
        #expect(ringSellers(investigation, containing: "H1") == nil)
    }

    @Test func twoRingsSharingAWorkshopStayTwo() throws {
        let investigation = Investigation(network: try MiniWorld().network())
        #expect(ringSellers(investigation, containing: "A1") == ["A1", "A2", "A3", "A4", "A5", "A6"])
        #expect(ringSellers(investigation, containing: "B1") == ["B1", "B2", "B3", "B4", "B5"])
        let workshop = investigation.factories.entries.first!
        #expect(investigation.network.id(.factory, workshop.factory) == "WS")
        #expect(workshop.rings.count == 2)
    }

    @Test func familyWithoutFakesRanksBelowEveryConfirmedRing() throws {
        let investigation = Investigation(network: try MiniWorld().network())
        let family = investigation.rings.first { ring in ring.sellers.contains(investigation.network.table(.seller).index(of: "F1")!) }!
        #expect(family.assessment == .legitimateCluster)
        for ring in investigation.rings where ring.confirmedFakes > 0 {
            #expect(ring.rank < family.rank)
            #expect(ring.score > family.score)
        }
        #expect(family.summary.contains("no counterfeit evidence"))
    }

    @Test func aGenuinePurchaseLowersTheScore() throws {
        let clean = Investigation(network: try MiniWorld().network())
        let withGenuine = Investigation(network: try MiniWorld(ringBGenuine: 1).network())
        func scoreOfB(_ investigation: Investigation) -> Double {
            investigation.rings.first { $0.sellers.contains(investigation.network.table(.seller).index(of: "B1")!) }!.score
        }
        #expect(scoreOfB(withGenuine) < scoreOfB(clean))
    }

    @Test func summaryNamesWhatIsShared() throws {
        let investigation = Investigation(network: try MiniWorld().network())
        let ringA = investigation.rings.first { $0.sellers.contains(investigation.network.table(.seller).index(of: "A1")!) }!
        #expect(ringA.summary == "6 sellers, 12 storefronts share 2 payout accounts, 2 return addresses and 1 factory, with 1 transfer between their accounts; 2 confirmed fake test purchases (Gucci)")
        #expect(ringA.id.hasPrefix("R-") && ringA.id.count == 10)
        #expect(ringA.rank == 1)
    }

    @Test func resultsDoNotDependOnThreadsOrRuns() throws {
        let network = try MiniWorld().network()
        var one = Investigation.Options()
        one.threads = 1
        var two = Investigation.Options()
        two.threads = 2
        let a = Investigation(network: network, options: one)
        let b = Investigation(network: network, options: two)
        #expect(a.rings.map(\.id) == b.rings.map(\.id))
        #expect(a.rings.map(\.score) == b.rings.map(\.score))
    }
}

/// A family in which one member sells fakes: the member is a lone seller, the family legitimate.
@Suite struct LoneSellerTests {
    private func network(fakeOn storefront: String, familyListings: Bool) throws -> SellerNetwork {
        var files = MiniWorld().files()
        files["evidence.csv"]! += "storefront,\(storefront),test_purchase_fake,Nike,2024-02-01,TP-F\n"
        if familyListings {
            files["listings.csv"] = "listing_id,storefront_id,brand,title,price,msrp,currency,units_sold\n"
                + (1 ... 3).map { "LF\($0),FS\($0),Nike,Air Max,\($0 == 2 ? 20 : 120),130,USD,5\n" }.joined()
        }
        return try MiniWorld.network(files: files)
    }

    @Test func aFamilyMemberWithAFakeIsALoneSeller() throws {
        let investigation = Investigation(network: try network(fakeOn: "FS2", familyListings: true))
        let ids = investigation.network.table(.seller)
        #expect(investigation.loneSellers.map { investigation.network.id(.seller, $0.seller) } == ["F2"])
        let family = try #require(investigation.rings.first { $0.sellers.contains(ids.index(of: "F1")!) })
        #expect(family.sellers.map { investigation.network.id(.seller, $0) }.sorted() == ["F1", "F3"])
        #expect(family.assessment == .legitimateCluster)
        #expect(!investigation.rings.contains { $0.sellers.contains(ids.index(of: "F2")!) })
        // Rings whose other members are not seen selling are never split: ring B's one fake stays B's.
        let ringB = try #require(investigation.rings.first { $0.sellers.contains(ids.index(of: "B1")!) })
        #expect(ringB.sellers.count == 5 && ringB.assessment == .counterfeitRing)
    }

    @Test func withoutListingsTheFamilyStaysOneGroup() throws {
        let investigation = Investigation(network: try network(fakeOn: "FS2", familyListings: false))
        #expect(investigation.loneSellers.isEmpty)
        let family = try #require(investigation.rings.first { $0.sellers.contains(investigation.network.table(.seller).index(of: "F1")!) })
        #expect(family.sellers.count == 3)
    }
}

/// Shipping from one address (a forwarder, a rented warehouse) is no strong tie; returning to it is.
@Suite struct StrongAddressTieTests {
    @Test func shipFromAloneMakesNoStrongPair() throws {
        var files = MiniWorld().files()
        files["addresses.csv"]! += "FW,Forwarder Co. warehouse,Shenzhen,Guangdong,22.6,114.0\n"
        files["links.csv"]! += "HS1,FW,ships_from\nHS2,FW,ships_from\nHS3,FW,returns_to\nHS4,FW,returns_to\n"
        let network = try MiniWorld.network(files: files)
        // Four honest users paid into the escrow hub: the service discount would halve FW's
        // weight (``ServiceDiscountTests``); this test is about the strong pairs alone.
        var parameters = Projection.Parameters()
        parameters.discountsServices = false
        let projection = Projection(network: network, parameters: parameters)
        let ids = network.table(.seller)
        let (h1, h2, h3, h4) = (ids.index(of: "H1")!, ids.index(of: "H2")!, ids.index(of: "H3")!, ids.index(of: "H4")!)
        var strong: [Set<Int32>] = []
        var weight = 0.0
        projection.forEachStrongPair(in: network) { a, b, w in
            if [h1, h2, h3, h4].contains(a) || [h1, h2, h3, h4].contains(b) { strong.append([a, b]); weight = w }
        }
        #expect(strong == [[h3, h4]])
        // Discounted over all four users, as the projection does: leaving the shippers out must
        // not make the returners' pair stronger (discounted over two it weighed 3 times more and
        // joined a weak ring to a family on the demo).
        let returnsTo = Projection.Parameters().returnsTo
        #expect(abs(weight - returnsTo / 3) < 1e-9, "\(weight)")
    }
}
