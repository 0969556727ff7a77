import Testing
@testable import Investigation
import SellerGraph
import TestFixtures

/// Identifiers in the projection: folded, weighted by kind, hubs left out, private addresses
/// never linking, readings from images weighed by their confidence.
@Suite struct IdentifierProjectionTests {
    /// MiniWorld plus A7, a seller that looks honest (hub shipping, escrow payouts, the OEM) but
    /// whose storefront shows ring A's phone written another way; a customer-service number on
    /// every honest storefront and ring A's; an office router's private IP shared by ring B and
    /// six honest sellers.
    static func world() -> MiniWorld {
        var world = MiniWorld()
        world.extraSellers = "A7,Quiet seller,Guangdong,Guangzhou\n"
        world.extraStorefronts = "AS7_1,A7,Quiet shop\n"
        var identifiers = "identifier_id,kind,value\nP1,phone,13800138000\nP1b,phone,+86 138-0013-8000\nCS,phone,400-820-8820\nLAN,ip,192.168.1.1\n"
        identifiers += "WX,wechat,WeChat: Lin_Shop88\n"
        var links = "AS7_1,H,ships_from\nAS7_1,E,pays_to\nAS7_1,OEM,supplied_by\nAS7_1,P1b,uses\n"
        for seller in 1 ... 3 { links += "AS\(seller)_1,P1,uses\n" }
        for honest in 0 ..< 250 { links += "HS\(honest),CS,uses\n" }
        for seller in 1 ... 6 { links += "AS\(seller)_2,CS,uses\n" }
        for honest in 0 ..< 6 { links += "HS\(honest),LAN,uses\n" }
        for seller in 1 ... 5 { links += "BS\(seller)_1,LAN,uses\n" }
        world.extraLinks = links
        world.extraFiles["identifiers.csv"] = identifiers
        return world
    }

    private func ring(of seller: String, in investigation: Investigation) -> Ring? {
        let index = investigation.network.table(.seller).index(of: seller)!
        return investigation.rings.first { $0.sellers.contains(index) }
    }

    @Test func aMemberTiedOnlyByAPhoneWrittenAnotherWayJoinsItsRing() throws {
        let investigation = Investigation(network: try Self.world().network())
        let ringA = try #require(ring(of: "A1", in: investigation))
        #expect(ringA.sellers.map { investigation.network.id(.seller, $0) }.sorted() == ["A1", "A2", "A3", "A4", "A5", "A6", "A7"])
        let phones = ringA.members.filter { $0.kind == .identifier }.map { investigation.network.id(.identifier, $0.entity) + ":" + $0.role }
        #expect(phones == ["P1:shared_phone", "P1b:shared_phone"])
        #expect(ringA.summary.contains("1 phone"))
    }

    @Test func aCustomerServiceNumberIsAHub() throws {
        let investigation = Investigation(network: try Self.world().network())
        let hubs = investigation.projection.hubs.map { investigation.network.id($0.kind, $0.entity) }
        #expect(hubs.contains("CS"))
        #expect(ring(of: "H0", in: investigation) == nil || ring(of: "H0", in: investigation)!.sellers.count < 10)
        let ringA = try #require(ring(of: "A1", in: investigation))
        #expect(ringA.hubs.contains { investigation.network.id($0.hub.kind, $0.hub.entity) == "CS" })
    }

    /// Ring B and six honest sellers behind one office router's 192.168.1.1: no tie.
    @Test func aPrivateAddressNeverLinks() throws {
        let investigation = Investigation(network: try Self.world().network())
        #expect(ring(of: "H1", in: investigation) == nil)
        let ringB = try #require(ring(of: "B1", in: investigation))
        #expect(ringB.sellers.count == 5)
        #expect(!ringB.members.contains { $0.kind == .identifier && $0.role.hasPrefix("shared") })
    }

    /// The same tie read from a photo weighs its kind's weight times the reading's confidence.
    @Test func aReadingWeighsByItsConfidence() throws {
        var world = Self.world()
        world.extraFiles["images.csv"] = "image_id,file,kind,storefront_id\nM1,m1.png,listing_image,HS7\n"
        let base = try world.network()
        func weight(confidence: Double) -> Double {
            let reading = ImageReading(image: 0, box: ImageBox(x: 0, y: 0, width: 10, height: 10), confidence: confidence, text: "V: lin_shop88", value: "lin_shop88")
            let network = base.addingReadings([ImageLink(kind: .wechat, reading: reading)])
            let projection = Projection(network: network)
            let a = network.table(.seller).index(of: "H7")!
            let uses = Projection.identifierUses(in: network, resolution: projection.identifierResolution, parameters: projection.parameters)
            let wechat = network.table(.identifier).index(of: "WX")!
            return uses.rows.indices.filter { uses.sellers[$0] == a && uses.rows[$0] == wechat }.map { uses.weights[$0] }.reduce(0, +)
        }
        #expect(abs(weight(confidence: 0.95) - 0.9 * 0.95) < 1e-9)
        #expect(abs(weight(confidence: 0.1) - 0.9 * 0.3) < 1e-9, "a weak reading is kept, at the least share")
    }
}
