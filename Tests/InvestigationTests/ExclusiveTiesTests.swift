import Testing
@testable import Investigation
import SellerGraph
import TestFixtures

/// After the communities, groups an account, address or contact only they use is spread over are
/// joined, and a seller in no group attaches to the group that holds most of the users of an
/// account, address, contact or device it uses (``ExclusiveTies``); services, IPs and entities
/// shared by several groups or by sellers in no group change nothing.
@Suite struct ExclusiveTiesTests {
    /// MiniWorld with identifiers: `links` as `storefront or seller, identifier, relation` rows
    /// (storefronts use, sellers register with).
    static func network(identifiers: String, links: String, parameters: Projection.Parameters = Projection.Parameters()) throws
        -> (SellerNetwork, Projection) {
        var world = MiniWorld()
        world.extraLinks = links
        world.extraFiles["identifiers.csv"] = "identifier_id,kind,value\n" + identifiers
        let network = try world.network()
        return (network, Projection(network: network, parameters: parameters))
    }

    private func indices(_ ids: [String], _ network: SellerNetwork) -> [Int32] {
        ids.map { network.table(.seller).index(of: $0)! }.sorted()
    }

    private func ids(_ groups: [[Int32]], _ network: SellerNetwork) -> [[String]] {
        groups.map { $0.map { network.id(.seller, $0) }.sorted() }.sorted { $0[0] < $1[0] }
    }

    /// Ring A as two fragments and ring B, as CPM might give them.
    private func fragments(_ network: SellerNetwork) -> [[Int32]] {
        [indices(["A1", "A2", "A3"], network), indices(["A4", "A5", "A6"], network), indices(["B1", "B2", "B3", "B4", "B5"], network)]
            .sorted { $0[0] < $1[0] }
    }

    static let phone = "P9,phone,13900139000\n"

    @Test func fragmentsSharingAPhoneOnlyTheyUseAreJoined() throws {
        let (network, projection) = try Self.network(identifiers: Self.phone, links: "AS1_1,P9,uses\nA2,P9,registered_with\nAS4_1,P9,uses\nAS5_2,P9,uses\n")
        let groups = ExclusiveTies(network: network, projection: projection).apply(to: fragments(network)).groups
        #expect(ids(groups, network) == [["A1", "A2", "A3", "A4", "A5", "A6"], ["B1", "B2", "B3", "B4", "B5"]])
    }

    @Test func aPhoneAlsoUsedOutsideTheGroupsJoinsNothing() throws {
        // H5 (in no group) uses the phone too: a service's number, or a contact of someone else.
        let (network, projection) = try Self.network(identifiers: Self.phone,
                                                     links: "AS1_1,P9,uses\nA2,P9,registered_with\nAS4_1,P9,uses\nAS5_2,P9,uses\nH5,P9,registered_with\n")
        let groups = ExclusiveTies(network: network, projection: projection).apply(to: fragments(network)).groups
        #expect(ids(groups, network) == [["A1", "A2", "A3"], ["A4", "A5", "A6"], ["B1", "B2", "B3", "B4", "B5"]])
    }

    @Test func oneMembersContactInAnotherGroupJoinsNothing() throws {
        // Fragment A4–A6 holds one user of the phone: that member's contact, not its group's.
        let (network, projection) = try Self.network(identifiers: Self.phone, links: "AS1_1,P9,uses\nA2,P9,registered_with\nAS4_1,P9,uses\n")
        let groups = ExclusiveTies(network: network, projection: projection).apply(to: fragments(network)).groups
        #expect(groups == fragments(network))
    }

    @Test func aGroupHoldingOneUserNeitherJoinsNorBlocks() throws {
        // The phone: A1, A2 (one fragment), A4, A5 (the other) and B1 alone in ring B. Both
        // fragments join; ring B, where one member happens to use it, stays apart.
        let (network, projection) = try Self.network(identifiers: Self.phone,
                                                     links: "AS1_1,P9,uses\nA2,P9,registered_with\nAS4_1,P9,uses\nAS5_2,P9,uses\nBS1_1,P9,uses\n")
        let groups = ExclusiveTies(network: network, projection: projection).apply(to: fragments(network)).groups
        #expect(ids(groups, network) == [["A1", "A2", "A3", "A4", "A5", "A6"], ["B1", "B2", "B3", "B4", "B5"]])
    }

    @Test func aSellerTwoGroupsClaimStaysOut() throws {
        // H7 uses D9 (A1–A3's device) and D6 (B1–B3's device): it belongs to neither more than the other.
        let identifiers = "D9,device,dev-9\nD6,device,dev-6\n"
        let links = "AS1_1,D9,uses\nAS2_1,D9,uses\nAS3_1,D9,uses\nHS7,D9,uses\nBS1_1,D6,uses\nBS2_1,D6,uses\nBS3_1,D6,uses\nH7,D6,registered_with\n"
        let (network, projection) = try Self.network(identifiers: identifiers, links: links)
        let ringA = indices(["A1", "A2", "A3", "A4", "A5", "A6"], network), ringB = indices(["B1", "B2", "B3", "B4", "B5"], network)
        let groups = ExclusiveTies(network: network, projection: projection).apply(to: [ringA, ringB]).groups
        #expect(groups == [ringA, ringB])
    }

    @Test func aSellerOnADeviceMostlyOneGroupUsesIsAttached() throws {
        // D9: A1, A2, A3 and H7; D8: A1, A2 and four honest sellers (an internet café's machine);
        // I9 (an office IP): A1–A4 and H12; D7: A1, A2 and B1, B2 and H13.
        let identifiers = "D9,device,dev-9\nD8,device,dev-8\nI9,ip,8.8.4.4\nD7,device,dev-7\n"
        var links = "AS1_1,D9,uses\nAS2_1,D9,uses\nAS3_2,D9,uses\nHS7,D9,uses\n"
        links += "AS1_2,D8,uses\nAS2_2,D8,uses\n" + (8 ... 11).map { "HS\($0),D8,uses\n" }.joined()
        links += (1 ... 4).map { "AS\($0)_1,I9,uses\n" }.joined() + "HS12,I9,uses\n"
        links += "AS1_1,D7,uses\nAS2_1,D7,uses\nBS1_1,D7,uses\nBS2_1,D7,uses\nHS13,D7,uses\n"
        let (network, projection) = try Self.network(identifiers: identifiers, links: links)
        let ringA = indices(["A1", "A2", "A3", "A4", "A5", "A6"], network), ringB = indices(["B1", "B2", "B3", "B4", "B5"], network)
        let groups = ExclusiveTies(network: network, projection: projection).apply(to: [ringA, ringB]).groups
        #expect(ids(groups, network) == [["A1", "A2", "A3", "A4", "A5", "A6", "H7"], ["B1", "B2", "B3", "B4", "B5"]])
    }

    @Test func aDeviceOverTheHubLimitStillAttachesItsRingsMember() throws {
        // D9 has 5 users, over a hub limit of 4: the projection leaves it out, so H7 is in no
        // group; every other user of D9 is in ring A, and the rule attaches H7 to it.
        var parameters = Projection.Parameters()
        parameters.hubLimit = 4
        let links = (1 ... 4).map { "AS\($0)_1,D9,uses\n" }.joined() + "HS7,D9,uses\n"
        let (network, projection) = try Self.network(identifiers: "D9,device,dev-9\n", links: links, parameters: parameters)
        #expect(projection.isHub(.identifier, network.table(.identifier).index(of: "D9")!))
        var options = Investigation.Options()
        options.projection = parameters
        let group = { (investigation: Investigation) in
            investigation.rings.first { $0.sellers.contains(network.table(.seller).index(of: "A1")!) }.map { self.ids([$0.sellers], network)[0] }
        }
        #expect(group(Investigation(network: network, options: options)) == ["A1", "A2", "A3", "A4", "A5", "A6", "H7"])
        options.readsExclusiveTies = false
        #expect(group(Investigation(network: network, options: options)) == ["A1", "A2", "A3", "A4", "A5", "A6"])
    }
    @Test func twoRingsHeldOnlyByAWorkshopAreSplit() throws {
        // Rings A and B in one group: across, only workshop WS (and the hub warehouse and escrow
        // pool, which tie no one). F1, tied to none of them, is left out.
        let (network, projection) = try Self.network(identifiers: "", links: "")
        let merged = indices(["A1", "A2", "A3", "A4", "A5", "A6", "B1", "B2", "B3", "B4", "B5", "F1"], network)
        let outcome = ExclusiveTies(network: network, projection: projection).apply(to: [merged])
        #expect(ids(outcome.groups, network) == [["A1", "A2", "A3", "A4", "A5", "A6"], ["B1", "B2", "B3", "B4", "B5"]])
        #expect(outcome.split == 1)
    }

    @Test func anythingSharedBesidesTheWorkshopKeepsTheGroupWhole() throws {
        // A device used by A1 and B1 (any shared non-hub thing but a factory ties them).
        let (network, projection) = try Self.network(identifiers: "D5,device,dev-5\n", links: "AS1_1,D5,uses\nBS1_1,D5,uses\n")
        let ties = ExclusiveTies(network: network, projection: projection)
        let merged = indices(["A1", "A2", "B1", "B2"], network)
        #expect(ties.splittingSupplierOnlyGroups([merged]) == [merged])
        // One pair and a seller tied only by the workshop: one part of two or more, left as it is.
        let satellite = indices(["A1", "A2", "B3"], network)
        #expect(ties.splittingSupplierOnlyGroups([satellite]) == [satellite])
        // Without the device, A1 A2 and B1 B2 are two parts.
        let (plain, plainProjection) = try Self.network(identifiers: "", links: "")
        let pairs = indices(["A1", "A2", "B1", "B2"], plain)
        #expect(ExclusiveTies(network: plain, projection: plainProjection).splittingSupplierOnlyGroups([pairs]).count == 2)
    }
}
