import Testing
@testable import Investigation
import SellerGraph
import TestFixtures

/// The lone-seller split asks how the counterfeiter is tied to its group: relatives declare their
/// tie (one registration office or contact phone); accomplices register apart and share only what
/// they operate with. MiniWorld's family (bank account PF) with a fake on FS2 and every member
/// listing, registered as `registration` says.
@Suite struct LoneSellerDeclaredTieTests {
    enum Registration { case office, ownAddresses, onePhone, none }

    static func investigation(_ registration: Registration) throws -> Investigation {
        var files = MiniWorld().files()
        files["evidence.csv"]! += "storefront,FS2,test_purchase_fake,Nike,2024-02-01,TP-F\n"
        files["listings.csv"] = "listing_id,storefront_id,brand,title,price,msrp,currency,units_sold\n"
            + (1 ... 3).map { "LF\($0),FS\($0),Nike,Air Max,\($0 == 2 ? 20 : 120),130,USD,5\n" }.joined()
        for member in 1 ... 3 {
            let office = "F\(member),OF,registered_at\n"
            #expect(files["links.csv"]!.contains(office))
            let replacement = switch registration {
            case .office: office
            case .ownAddresses: "F\(member),OF\(member),registered_at\n"
            case .onePhone: "F\(member),OF\(member),registered_at\nF\(member),FP,registered_with\n"
            case .none: ""
            }
            files["links.csv"] = files["links.csv"]!.replacingOccurrences(of: office, with: replacement)
        }
        if registration == .ownAddresses || registration == .onePhone {
            files["addresses.csv"]! += (1 ... 3).map { "OF\($0),Home \($0) Wenyi Road,Hangzhou,Zhejiang,30.\($0)5,120.\($0)5\n" }.joined()
            files["identifiers.csv"] = "identifier_id,kind,value\nFP,phone,+86 571 8888 1234\n"
        }
        return Investigation(network: try MiniWorld.network(files: files))
    }

    private func group(_ investigation: Investigation) throws -> Ring {
        let f1 = try #require(investigation.network.table(.seller).index(of: "F1"))
        return try #require(investigation.rings.first { $0.sellers.contains(f1) })
    }

    @Test func relativesAtOneOfficeLetTheCounterfeiterOut() throws {
        let investigation = try Self.investigation(.office)
        #expect(investigation.loneSellers.map { investigation.network.id(.seller, $0.seller) } == ["F2"])
        #expect(try group(investigation).assessment == .legitimateCluster)
    }

    @Test func oneRegistrationPhoneIsADeclaredTie() throws {
        let investigation = try Self.investigation(.onePhone)
        #expect(investigation.loneSellers.map { investigation.network.id(.seller, $0.seller) } == ["F2"])
    }

    @Test func sellersRegisteredApartAndTiedByTheirAccountStayOneGroup() throws {
        let investigation = try Self.investigation(.ownAddresses)
        #expect(investigation.loneSellers.isEmpty)
        let ring = try group(investigation)
        #expect(ring.sellers.count == 3 && ring.assessment == .counterfeitRing)
        let split = LoneSellerSplit(network: investigation.network, assembler: RingAssembler(network: investigation.network, projection: investigation.projection))
        let f2 = investigation.network.table(.seller).index(of: "F2")!
        #expect(split.declaresTie(f2, in: ring) == false)
    }

    @Test func withoutRegistrationsTheTieIsUnknownAndTheRuleAsBefore() throws {
        let investigation = try Self.investigation(.none)
        #expect(investigation.loneSellers.map { investigation.network.id(.seller, $0.seller) } == ["F2"])
        let assembler = RingAssembler(network: investigation.network, projection: investigation.projection)
        let split = LoneSellerSplit(network: investigation.network, assembler: assembler)
        let f2 = investigation.network.table(.seller).index(of: "F2")!
        let f1 = investigation.network.table(.seller).index(of: "F1")!
        #expect(split.declaresTie(f2, in: assembler.assemble(sellers: [f1, f2])) == nil)
    }

    /// What counts as operating together: a payout account, a return address, a device or phone;
    /// not a workshop, a ship-from address or an IP address, which unrelated sellers share.
    @Test func operationalTiesAreAccountsReturnsAndDevicesNotWorkshopsOrIPs() throws {
        func tie(_ links: String) throws -> Bool {
            var files = MiniWorld().files()
            // F2 pays out to its own account; F1 and F2 then share only what `links` adds.
            files["links.csv"] = files["links.csv"]!.replacingOccurrences(of: "FS2,PF,pays_to\n", with: "FS2,PF2,pays_to\n") + links
            files["payment_accounts.csv"]! += "PF2,bank,Member 2\n"
            files["addresses.csv"]! += "WH,Rented warehouse 5,Hangzhou,Zhejiang,30.3,120.2\nRT,Returns desk 9 Wenyi Road,Hangzhou,Zhejiang,30.4,120.3\n"
            files["identifiers.csv"] = "identifier_id,kind,value\nDV,device,a1b2c3d4e5f60718\nIP,ip,121.40.17.9\n"
            let network = try MiniWorld.network(files: files)
            let investigation = Investigation(network: network)
            let assembler = RingAssembler(network: network, projection: investigation.projection)
            let seller = { network.table(.seller).index(of: $0)! }
            return LoneSellerSplit(network: network, assembler: assembler)
                .sharesOperationalTie(seller("F2"), in: assembler.assemble(sellers: [seller("F1"), seller("F2")]))
        }
        #expect(try !tie(""))
        #expect(try !tie("FS1,WB,supplied_by\nFS2,WB,supplied_by\n"))
        #expect(try !tie("FS1,WH,ships_from\nFS2,WH,ships_from\n"))
        #expect(try !tie("FS1,IP,uses\nFS2,IP,uses\n"))
        #expect(try tie("FS1,DV,uses\nFS2,DV,uses\n"))
        #expect(try tie("FS1,RT,returns_to\nFS2,RT,returns_to\n"))
        #expect(try tie("FS2,PF,pays_to\n"))
    }
}
