import Foundation
import Investigation
import SellerGraph
import TestFixtures
import Testing
@testable import Scoring

/// The ring of MiniWorld whose sellers include `seller`, with its features.
private func features(of seller: String, in world: MiniWorld, linked: Int? = nil) throws -> [RingFeature: Float] {
    let network = try world.network()
    let investigation = Investigation(network: network)
    let index = network.table(.seller).index(of: seller)!
    let ring = try #require(investigation.rings.first { $0.sellers.contains(index) })
    let values = RingFeatureExtractor(network: network).features(of: ring, linkedConfirmedCases: linked)
    #expect(values.count == RingFeature.allCases.count)
    return Dictionary(uniqueKeysWithValues: RingFeature.allCases.map { ($0, values[$0.column]) })
}

@Test func ringAFeaturesMatchTheHandDrawnWorld() throws {
    let a = try features(of: "A1", in: MiniWorld())
    #expect(a[.sellers] == 6)
    #expect(a[.storefronts] == 12)
    #expect(a[.confirmedFakeShare] == Float(2.0 / 12))
    #expect(a[.seizures] == 0)
    #expect(a[.genuinePurchases] == 0)
    #expect(a[.sharedPayoutAccounts] == 2)  // PA1 (sellers 1–3) and PA2 (sellers 4–6)
    #expect(a[.transfers] == 1)  // PA1 → PA2
    #expect(a[.sharedWorkshops] == 1)  // WS; the OEM is a hub
    #expect(a[.sharedAddresses]! >= 1)  // RA1 and RA2, one place when resolution merges the spellings
    #expect(a[.hubLinksPerStorefront]! >= 1)  // every storefront ships from hub H
    #expect(a[.complaintShare] == 0)
}

@Test func moreConfirmedFakesRaiseOnlyTheirShare() throws {
    let two = try features(of: "A1", in: MiniWorld(ringAFakes: 2))
    let four = try features(of: "A1", in: MiniWorld(ringAFakes: 4))
    #expect(four[.confirmedFakeShare] == Float(4.0 / 12))
    for feature in RingFeature.allCases where feature != .confirmedFakeShare {
        #expect(two[feature] == four[feature] || (two[feature]!.isNaN && four[feature]!.isNaN), "\(feature)")
    }
}

@Test func genuinePurchasesAreCountedAgainstTheRing() throws {
    let b = try features(of: "B1", in: MiniWorld(ringBFakes: 1, ringBGenuine: 2))
    #expect(b[.genuinePurchases] == 2)
    #expect(b[.confirmedFakeShare] == Float(1.0 / 10))
}

@Test func whatTheDatasetDoesNotSayIsMissingNotZero() throws {
    let a = try features(of: "A1", in: MiniWorld())
    // MiniWorld has no dates, no listings, no case store.
    #expect(a[.medianPriceRatio]!.isNaN)
    #expect(a[.medianAccountAgeDays]!.isNaN)
    #expect(a[.openingBurstShare]!.isNaN)
    #expect(a[.linkedConfirmedCases]!.isNaN)
    #expect(a[.unitsSoldPerStorefront] == 0)
    let linked = try features(of: "A1", in: MiniWorld(), linked: 3)
    #expect(linked[.linkedConfirmedCases] == 3)
}

@Test func datesListingsAndSourcesAreRead() throws {
    var world = MiniWorld()
    // Ring A's sellers registered 100, 200… days before the latest date; storefronts AS1–AS4's
    // first shops opened within a week, the others a year apart.
    var sellers = "seller_id,name,province,city,registered_on\n"
    var storefronts = "storefront_id,seller_id,name,opened_on\n"
    var listings = "listing_id,storefront_id,brand,title,price,msrp,currency,units_sold\n"
    let latest = Dates.parse("2024-12-31")!
    func day(_ days: Int32) -> String { Dates.format(latest - days) }
    for seller in 1 ... 6 {
        sellers += "A\(seller),Ring A seller \(seller),Guangdong,Guangzhou,\(day(Int32(seller) * 100))\n"
        for shop in 1 ... 2 {
            let opened = shop == 1 && seller <= 4 ? day(400 + Int32(seller)) : day(1000 + Int32(seller) * 365)
            storefronts += "AS\(seller)_\(shop),A\(seller),A shop,\(opened)\n"
        }
    }
    listings += "L1,AS1_1,Gucci,Bag,30,300,CNY,10\nL2,AS2_1,Gucci,Bag,60,300,CNY,14\nL3,AS3_1,Gucci,Belt,,300,CNY,\n"
    let files = world.files()
    let base = files["sellers.csv"]!.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("A") }.map { $0 + ",\n" }.joined()
    let baseShops = files["storefronts.csv"]!.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("AS") }.map { $0 + ",\n" }.joined()
    world.extraFiles["sellers.csv"] = sellers + base
    world.extraFiles["storefronts.csv"] = storefronts + baseShops
    world.extraFiles["listings.csv"] = listings
    world.extraFiles["evidence.csv"] = files["evidence.csv"]!.replacingOccurrences(of: "reference\n", with: "reference,source\n")
        .split(separator: "\n").dropFirst().enumerated().map { $0.offset < 2 ? $0.element + ",Kering brand protection" : $0.element + "," }
        .reduce("entity_type,entity_id,kind,brand,observed_on,reference,source\n") { $0 + $1 + "\n" }
        + "storefront,AS3_1,seizure,Gucci,2024-12-31,CUS-1,Guangzhou customs\n"
    let a = try features(of: "A1", in: world)
    #expect(a[.medianAccountAgeDays] == 350)  // ages 100…600 days, median of 300 and 400
    #expect(a[.openingBurstShare] == Float(4.0 / 12))  // 4 of 12 openings within 30 days
    #expect(a[.medianPriceRatio] == Float(0.15))  // 0.1 and 0.2; L3 has no price
    #expect(a[.unitsSoldPerStorefront] == Float(log1p(24.0 / 12)))
    #expect(a[.seizures] == 1)
    #expect(a[.evidenceSources] == 2)  // Kering and customs
}

@Test func featureNamesAreStableAndConstraintsPointTheKnownWay() {
    #expect(Set(RingFeature.allCases.map(\.rawValue)).count == RingFeature.allCases.count)
    #expect(RingFeature.confirmedFakeShare.monotoneDirection == 1)
    #expect(RingFeature.genuinePurchases.monotoneDirection == -1)
    #expect(RingFeature.sharedPayoutAccounts.monotoneDirection == 0)
    #expect(RingFeature.monotoneConstraints.count == RingFeature.allCases.count)
    for feature in RingFeature.allCases { #expect(!feature.unit.isEmpty && !feature.summary.isEmpty) }
}
