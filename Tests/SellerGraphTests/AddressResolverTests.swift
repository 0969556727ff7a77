import Testing
@testable import SellerGraph

@Suite struct AddressResolverTests {
    @Test func normalisationFoldsCaseWidthAbbreviationsAndPostalCodes() {
        let parts = AddressNormalizer.normalize(text: "RM ３０１, NO.12 XINGFU RD, BAIYUN DIST., Guangzhou 510000", city: "广州市")
        #expect(parts.numbers == [12, 301])
        #expect(parts.streets == ["xingfu"])
        #expect(parts.words.contains("baiyun"))
        #expect(!parts.words.contains("rd") && !parts.words.contains("road"))
        #expect(parts.city == "guangzhou")
    }

    @Test func chineseStreetAndNumbers() {
        let parts = AddressNormalizer.normalize(text: "广州市白云区幸福路12号301室", city: "广州")
        #expect(parts.numbers == [12, 301])
        #expect(parts.streets == ["幸福"])
        #expect(parts.city == "guangzhou")
    }

    @Test func streetNamedBeforeItsType() {
        #expect(AddressNormalizer.normalize(text: "Via Filzi 230, Suite 2901, 20121 Milan", city: "Milan").streets == ["filzi"])
    }

    private func resolve(_ rows: String) throws -> (AddressResolver, SellerNetwork) {
        let fixture = try DatasetFixture.valid(replacing: "addresses.csv", with: "address_id,text,city,province,country,lat,lon\n" + rows)
        let network = try fixture.load().network
        return (AddressResolver(network: network), network)
    }

    @Test func spellingsOfOnePlaceMergeWithTheirReason() throws {
        let (resolution, network) = try resolve("""
        A1,"Room 301, No. 12 Xingfu Road, Baiyun District, Guangzhou",Guangzhou,Guangdong,CN,23.1600,113.2700
        A2,12 Xingfu Rd Rm 301 Baiyun Guangzhou,Guangzhou,Guangdong,CN,23.1603,113.2702
        A3,广州市白云区幸福路12号301室,广州,广东,CN,23.1598,113.2699

        """)
        #expect(Set(resolution.representative).count == 1)
        let merge = resolution.merges.first { network.id(.address, $0.first) == "A1" && network.id(.address, $0.second) == "A2" }
        #expect(merge?.reason.hasPrefix("same numbers 12, 301; 39 m apart") == true)
    }

    @Test func differentRoomsOfOneBuildingStayApart() throws {
        let (resolution, _) = try resolve("""
        A1,"Room 301, No. 12 Xingfu Road, Guangzhou",Guangzhou,Guangdong,CN,23.1600,113.2700
        A2,"Room 302, No. 12 Xingfu Road, Guangzhou",Guangzhou,Guangdong,CN,23.1600,113.2700

        """)
        #expect(resolution.merges.isEmpty)
    }

    @Test func sameNumbersFarApartStayApart() throws {
        let (resolution, _) = try resolve("""
        A1,"Room 301, No. 12 Xingfu Road, Guangzhou",Guangzhou,Guangdong,CN,23.1600,113.2700
        A2,"Room 301, No. 12 Xingfu Road, Guangzhou",Guangzhou,Guangdong,CN,23.1700,113.2700

        """)
        #expect(resolution.merges.isEmpty)
    }

    @Test func withoutCoordinatesTheStreetMustAgree() throws {
        let (resolution, _) = try resolve("""
        A1,"Room 301, No. 12 Xingfu Road, Guangzhou",Guangzhou,Guangdong,CN,,
        A2,12 Xingfu Rd Rm 301 Guangzhou,Guangzhou,Guangdong,CN,,
        A3,"Room 301, No. 12 Renmin Road, Guangzhou",Guangzhou,Guangdong,CN,,

        """)
        #expect(resolution.merges.count == 1)
        #expect(resolution.representative[0] == resolution.representative[1])
        #expect(resolution.representative[2] == 2)
    }

    @Test func hubsNeverMerge() throws {
        let fixture = try DatasetFixture.valid(replacing: "addresses.csv", with: """
        address_id,text,city,province,country,lat,lon
        A1,"Warehouse 9, No. 5 Huanshi Road, Guangzhou",Guangzhou,Guangdong,CN,23.1600,113.2700
        A2,"Warehouse 9, No. 5 Huanshi Rd, Guangzhou",Guangzhou,Guangdong,CN,23.1601,113.2700

        """)
        let network = try fixture.load().network
        let hub = network.table(.address).index(of: "A1")!
        #expect(AddressResolver(network: network, excluded: { $0 == hub }).merges.isEmpty)
        #expect(AddressResolver(network: network).merges.count == 1)
    }
}
