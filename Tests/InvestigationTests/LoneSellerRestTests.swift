import Testing
@testable import Investigation
import SellerGraph
import TestFixtures

/// The lone-seller split asks whether the rest of the group still looks like counterfeiting: a
/// stray keyword match on one other member does not keep a lone counterfeiter in its family;
/// indicators on two other members keep the group whole, and so does one other member whose own
/// indicators come from two independent sources (a screen of its listings and a takedown).
@Suite struct LoneSellerRestTests {
    /// MiniWorld with a fake on FS2, every family member listing (F2 far below retail), a
    /// keyword match on each of `keywordsOn` and a takedown on each of `takedownsOn` (FS1 also has
    /// MiniWorld's brand complaint).
    static func network(keywordsOn storefronts: [String], takedownsOn takedowns: [String] = []) throws -> SellerNetwork {
        var files = MiniWorld().files()
        files["evidence.csv"]! += "storefront,FS2,test_purchase_fake,Nike,2024-02-01,TP-F\n"
        for storefront in storefronts { files["evidence.csv"]! += "storefront,\(storefront),keyword_match,Nike,2024-02-02,KW-\(storefront)\n" }
        for storefront in takedowns { files["evidence.csv"]! += "storefront,\(storefront),takedown,Nike,2024-02-03,TD-\(storefront)\n" }
        files["listings.csv"] = "listing_id,storefront_id,brand,title,price,msrp,currency,units_sold\n"
            + (1 ... 3).map { "LF\($0),FS\($0),Nike,Air Max,\($0 == 2 ? 20 : 120),130,USD,5\n" }.joined()
        return try MiniWorld.network(files: files)
    }

    private func ids(_ investigation: Investigation) -> [String] {
        investigation.loneSellers.map { investigation.network.id(.seller, $0.seller) }
    }

    @Test func aStrayKeywordMatchOnOneRelativeDoesNotKeepTheCounterfeiterIn() throws {
        let investigation = Investigation(network: try Self.network(keywordsOn: ["FS1"]))
        #expect(ids(investigation) == ["F2"])
        let f1 = investigation.network.table(.seller).index(of: "F1")!
        let family = try #require(investigation.rings.first { $0.sellers.contains(f1) })
        #expect(family.sellers.count == 2 && family.assessment == .legitimateCluster)
    }

    @Test func indicatorsOnTheOtherMembersKeepTheGroupWhole() throws {
        let investigation = Investigation(network: try Self.network(keywordsOn: ["FS1", "FS3"]))
        #expect(investigation.loneSellers.isEmpty)
        let f1 = investigation.network.table(.seller).index(of: "F1")!
        let group = try #require(investigation.rings.first { $0.sellers.contains(f1) })
        #expect(group.sellers.count == 3 && group.assessment == .counterfeitRing)
    }

    @Test func aRelativeScreenedAndTakenDownKeepsTheGroupWhole() throws {
        // F1: a keyword match on its listing and a takedown — two independent sources.
        let investigation = Investigation(network: try Self.network(keywordsOn: ["FS1"], takedownsOn: ["FS1"]))
        #expect(investigation.loneSellers.isEmpty)
        let f1 = investigation.network.table(.seller).index(of: "F1")!
        let group = try #require(investigation.rings.first { $0.sellers.contains(f1) })
        #expect(group.sellers.count == 3 && group.assessment == .counterfeitRing)
    }

    @Test func aTakedownOrAComplaintWithoutAScreenDoesNotKeepTheCounterfeiterIn() throws {
        // F1: a brand complaint and a takedown, its listing at retail price: the platform and a
        // brand, no flag from its goods.
        let investigation = Investigation(network: try Self.network(keywordsOn: [], takedownsOn: ["FS1"]))
        #expect(ids(investigation) == ["F2"])
        let split = LoneSellerSplit(network: investigation.network, assembler: RingAssembler(network: investigation.network, projection: investigation.projection))
        let seller = { investigation.network.table(.seller).index(of: $0)! }
        #expect(!split.hasCorroboratedIndicators(seller("F1")))
        // F2 lists far below retail; with a takedown it would be corroborated, without one it is not.
        #expect(!split.hasCorroboratedIndicators(seller("F2")))
        let takenDown = Investigation(network: try Self.network(keywordsOn: [], takedownsOn: ["FS2"]))
        let splitTakenDown = LoneSellerSplit(network: takenDown.network, assembler: RingAssembler(network: takenDown.network, projection: takenDown.projection))
        #expect(splitTakenDown.hasCorroboratedIndicators(takenDown.network.table(.seller).index(of: "F2")!))
    }
}
