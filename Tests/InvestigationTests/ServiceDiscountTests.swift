import Testing
@testable import Investigation
import SellerGraph
import TestFixtures

/// Services many unrelated sellers buy (a registered agent's office and phone, a payment
/// collector's account) weigh little; an operation's pools, a family's office and a member tied
/// only by its ring's phone keep their weight (``ServiceDiscount``).
@Suite struct ServiceDiscountTests {
    /// MiniWorld plus: 60 honest sellers G0…G59 registered at agent office AG, 40 of them also
    /// registered with the agent's phone AGP, each with its own bank account; ring A's first seller
    /// uses the same agent. 30 honest storefronts C0…C29 of their own sellers paid into collector
    /// account CO. A7 tied to ring A only by ring A's phone (P1, also used by A1–A3).
    static func world() -> MiniWorld {
        var world = MiniWorld()
        var sellers = "", storefronts = "", accounts = "", links = ""
        for client in 0 ..< 60 {
            sellers += "G\(client),Agent client \(client),Zhejiang,Hangzhou\n"
            storefronts += "GS\(client),G\(client),Client shop \(client)\n"
            accounts += "GP\(client),bank,Client \(client)\n"
            links += "G\(client),AG,registered_at\nGS\(client),GP\(client),pays_to\n"
            if client < 40 { links += "G\(client),AGP,registered_with\n" }
        }
        links += "A1,AG,registered_at\nA1,AGP,registered_with\n"
        for client in 0 ..< 30 {
            sellers += "C\(client),Collected \(client),Zhejiang,Hangzhou\n"
            storefronts += "CS\(client),C\(client),Collected shop \(client)\n"
            links += "CS\(client),CO,pays_to\n"
        }
        accounts += "CO,third_party,Collector\n"
        sellers += "A7,Quiet seller,Guangdong,Guangzhou\n"
        storefronts += "AS7_1,A7,Quiet shop\n"
        links += "AS7_1,H,ships_from\nAS7_1,E,pays_to\nAS7_1,P1,uses\n"
        for seller in 1 ... 3 { links += "AS\(seller)_1,P1,uses\n" }
        world.extraSellers = sellers
        world.extraStorefronts = storefronts
        world.extraLinks = links
        world.extraFiles["addresses.csv"] = MiniWorld().files()["addresses.csv"]! + "AG,Agent office Room 5,Hangzhou,Zhejiang,30.25,120.15\n"
        world.extraFiles["payment_accounts.csv"] = MiniWorld().files()["payment_accounts.csv"]! + accounts
        world.extraFiles["identifiers.csv"] = "identifier_id,kind,value\nAGP,phone,0571-8888-1234\nP1,phone,13800138000\n"
        return world
    }

    private func share(_ kind: EntityKind, _ id: String, in projection: Projection, network: SellerNetwork) -> Double {
        let entity = network.table(kind).index(of: id)!
        let base = kind == .address ? Projection.Parameters().registeredAt : kind == .identifier ? 0.9 : Projection.Parameters().paysTo
        return projection.users[kind]!.weights(of: entity).max()! / base
    }

    private func group(of seller: String, in investigation: Investigation) -> [String]? {
        let index = investigation.network.table(.seller).index(of: seller)!
        return investigation.rings.first { $0.sellers.contains(index) }?.sellers.map { investigation.network.id(.seller, $0) }.sorted()
    }

    @Test func anAgentsOfficeAndPhoneAndACollectorWeighLittle() throws {
        let network = try Self.world().network()
        let projection = Projection(network: network)
        // 61 users, none paid into an account another shares: 2/61 of the weight.
        #expect(abs(share(.address, "AG", in: projection, network: network) - 2.0 / 61) < 1e-9)
        #expect(abs(share(.identifier, "AGP", in: projection, network: network) - 2.0 / 41) < 1e-9)
        // 30 users sharing no address, phone or other account: 2/30.
        #expect(abs(share(.paymentAccount, "CO", in: projection, network: network) - 2.0 / 30) < 1e-9)
        let investigation = Investigation(network: network)
        for client in ["G0", "G39", "G59", "C0", "C29"] { #expect(group(of: client, in: investigation) == nil, "\(client)") }
        #expect(group(of: "A1", in: investigation) == ["A1", "A2", "A3", "A4", "A5", "A6", "A7"])
    }

    @Test func withoutTheDiscountTheAgentsClientsFormAGroup() throws {
        var options = Investigation.Options()
        options.projection.discountsServices = false
        let investigation = Investigation(network: try Self.world().network(), options: options)
        #expect((group(of: "G0", in: investigation)?.count ?? 0) >= 40)
    }

    @Test func poolsFamiliesAndAPhoneOnlyMemberKeepTheirWeight() throws {
        let network = try Self.world().network()
        let projection = Projection(network: network)
        // Ring A's accounts and return addresses: their users share the others.
        #expect(share(.paymentAccount, "PA1", in: projection, network: network) == 1)
        #expect(share(.paymentAccount, "PA2", in: projection, network: network) == 1)
        #expect(projection.users[.address]!.weights(of: network.table(.address).index(of: "RA1")!).allSatisfy { $0 == Projection.Parameters().returnsTo })
        // The family's office: its three users share a bank account.
        #expect(share(.address, "OF", in: projection, network: network) == 1)
        // The family's bank account: 3 users sharing the office (2 + 3 of 3, capped at 1).
        #expect(share(.paymentAccount, "PF", in: projection, network: network) == 1)
        // Ring A's phone: A1–A3 are paid into PA1 together, A7 is not: (3 + 2) / 4, capped.
        #expect(share(.identifier, "P1", in: projection, network: network) == 1)
    }
}
