import Testing
@testable import SellerGraph

@Suite struct AddressNormalizerTests {
    private func parts(_ text: String, city: String = "") -> NormalizedAddress {
        AddressNormalizer.normalize(text: text, city: city)
    }

    @Test func foldsCaseWidthAbbreviationsAndPostalCodes() {
        let address = parts("RM ３０１, NO.12 XINGFU RD, BAIYUN DIST., Guangzhou 510000", city: "广州市")
        #expect(address.house == "12")
        #expect(address.unit == "301")
        #expect(address.streets == ["xingfu"])
        #expect(address.districts == ["baiyun"])
        #expect(address.otherNumbers.isEmpty) // the postal code is dropped
        #expect(address.city == "guangzhou")
    }

    @Test func chineseNumbersGetTheirRolesFromTheirMarkers() {
        let office = parts("广东省广州市白云区幸福路12号301室", city: "广州")
        #expect(office.house == "12" && office.unit == "301")
        #expect(office.streets.contains("xingfu"))
        #expect(office.streetScript == .hanzi)
        #expect(office.districts == ["baiyun"])
        #expect(office.city == "guangzhou")
        // A floor before the room: 21楼2102 is room 2102 on the 21st floor.
        let floor = parts("成都市金牛区迎宾大道54号21楼2102", city: "成都")
        #expect(floor.house == "54" && floor.floor == "21" && floor.unit == "2102")
        #expect(floor.streets.contains("yingbin"))
        // 9号仓 is warehouse 9, not a second street number; 30栋 a building.
        let warehouse = parts("广州市花都区解放路183号9号仓", city: "广州")
        #expect(warehouse.house == "183" && warehouse.unit == "9")
        let building = parts("常熟市虞山街道民主路59号30栋2704室", city: "常熟")
        #expect(building.house == "59" && building.building == "30" && building.unit == "2704")
        #expect(building.districts == ["yushan"])
        #expect(building.streets.contains("minzhu"))
    }

    @Test(arguments: [
        ("Warehouse 9, No. 183 Jiefang Road, Huadu District, Guangzhou", "183", "9"),
        ("183 Jiefang Rd WH 9 Huadu Guangzhou", "183", "9"),
        ("No.183 Jiefang Rd., Whse. 9, Huadu Dist., Guangzhou", "183", "9"),
        ("广州 花都区 Jiefang Road 183号 9号仓", "183", "9"),
        ("Al Fahidi Street 6, Unit 1, Dubai", "6", "1"),
        ("Al Fahidi Street 1 Unit 6 Dubai", "1", "6"),
        ("Hai Ba Trung 234, Suite 1015, 700000 Ho Chi Minh City, VN", "234", "1015"),
        ("Fulfillment Center 2, 263 Broadway, New York", "263", "2"),
        ("莆田 涵江区 Chuangye Road 108号 1113", "108", "1113"),
        ("北京市丰台区同德路150号2楼205", "150", "205"),
    ])
    func streetNumberAndRoomInEverySpelling(text: String, house: String, unit: String) {
        let address = parts(text)
        #expect(address.house == house)
        #expect(address.unit == unit)
    }

    @Test func pinyinThroughICUWithPlaceNameReadings() {
        var pinyin = Pinyin()
        #expect(pinyin.readings(of: "人民") == ["renmin"])
        // ICU reads 长 as zhang; the place-name reading chang is added.
        #expect(pinyin.readings(of: "长江").contains("changjiang"))
        #expect(parts("上海市静安区长江路146号1915室", city: "上海").streets.contains("changjiang"))
        #expect(parts("广州市番禺区华夏路362号1507室", city: "广州").districts.contains("panyu"))
        // A city that is not in the table is read by ICU; 厦门 is in it (ICU says shamen).
        #expect(parts("", city: "温岭市").city == "wenling")
        #expect(parts("", city: "厦门").city == "xiamen")
        #expect(parts("", city: "Jing'an").city == "jing'an")
        #expect(parts("Room 1915, No. 146 Changjiang Road, Jing'an District, Shanghai").districts == ["jingan"])
    }

    @Test func directionsArePartOfTheStreet() {
        #expect(parts("1 Huangshi W Rd WH 7 Longgang Shenzhen").streets == ["huangshi|w"])
        #expect(parts("No. 1 Huangshi West Road").streets == ["huangshi|w"])
        #expect(parts("深圳市龙岗区黄石西路1号7号仓", city: "深圳").streets.contains("huangshi|w"))
        #expect(parts("75 Baiyun Ave N Rm 2216 Mong Kok Hong Kong").streets == ["baiyun|n"])
        #expect(parts("香港旺角白云大道北75号22楼2216", city: "香港").streets.contains("baiyun|n"))
        #expect(!parts("深圳市龙岗区黄石东路1号7号仓", city: "深圳").streets.contains("huangshi|w"))
    }

    @Test func townsEndingInStreetCharactersAreNotStreets() {
        // 厚街镇 is Houjie town; the street is 人民路.
        let address = parts("广东省东莞市厚街镇人民路82号11楼1116", city: "东莞")
        #expect(address.districts == ["houjie"])
        #expect(address.streets.contains("renmin"))
        #expect(!address.streets.contains(where: { $0.hasPrefix("hou") }))
        // 环市路 is Huanshi Road, not a city 环 followed by 路.
        #expect(parts("香港旺角环市路239号1808室", city: "香港").streets.contains("huanshi"))
    }

    @Test func diacriticsAndGermanCompounds() {
        let mixed = parts("Friedrichstraße 8, Suite 2108, Berlin", city: "Berlin")
        let upper = parts("FRIEDRICHSTRASSE 8, SUITE 2108 BERLIN", city: "Berlin")
        #expect(mixed.streets == ["friedrich"] && upper.streets == ["friedrich"])
        #expect(mixed.house == "8" && upper.house == "8" && mixed.unit == "2108")
        #expect(parts("Mahmutpaşa Yokuşu 337, Suite 301, Istanbul").streets == ["mahmutpasa"])
    }

    @Test func codesAndOrdinalsAreNotNumbers() {
        let london = parts("187 Whitechapel Road, Unit 8, E1 6AN London, GB", city: "London")
        #expect(london.house == "187" && london.unit == "8" && london.otherNumbers.isEmpty)
        let angeles = parts("2 W 37th St, Unit 7, Los Angeles")
        #expect(angeles.house == "2" && angeles.unit == "7")
        #expect(angeles.streets == ["37|w"])
    }
}

@Suite struct AddressResolverTests {
    private let nan = Double.nan

    /// Resolves (text, city, lat, lon) rows; index i is row i.
    private func resolve(_ rows: [(String, String, Double, Double)], hubs: Set<Int32> = []) -> AddressResolver {
        AddressResolver(texts: rows.map(\.0), cities: rows.map(\.1), latitudes: rows.map(\.2), longitudes: rows.map(\.3),
                        isHub: { hubs.contains($0) })
    }

    private func places(_ resolution: AddressResolver) -> Int { Set(resolution.representative).count }

    @Test func spellingsOfOnePlaceMergeWithTheirFeatures() {
        let resolution = resolve([
            ("Room 301, No. 12 Xingfu Road, Baiyun District, Guangzhou", "Guangzhou", 23.1600, 113.2700),
            ("12 Xingfu Rd Rm 301 Baiyun Guangzhou", "Guangzhou", 23.1603, 113.2702),
            ("广州市白云区幸福路12号301室", "广州", 23.1598, 113.2699),
            ("RM 301 NO.12 XINGFU RD, BAIYUN DIST, GUANGZHOU, GD", "Guangzhou", nan, nan),
        ])
        #expect(places(resolution) == 1)
        #expect(resolution.merges.count == 3)
        let merge = resolution.merges.first { $0.first == 0 && $0.second == 1 }
        #expect(merge?.match.features == [.streetNumber("12"), .room("301"),
                                          .street(key: "xingfu", first: "xingfu road", second: "xingfu road", acrossScripts: false),
                                          .district("baiyun"), .city("guangzhou"), .distance(metres: merge?.metres ?? 0)])
        #expect(merge?.score == 18)
        #expect(merge?.match.summary == "same street number, room, street, district and city; 39 m apart")
    }

    @Test func chineseAndPinyinWithoutCoordinatesMergeThroughTheStreet() {
        let resolution = resolve([
            ("Room 305, No. 228 Changjiang Road, Jing'an District, Shanghai", "Shanghai", nan, nan),
            ("上海市静安区长江路228号3楼305", "上海", 31.2388, 121.4500),
        ])
        #expect(places(resolution) == 1)
        let match = resolution.merges.first?.match
        #expect(match?.features.contains(.street(key: "changjiang", first: "changjiang road", second: "长江路", acrossScripts: true)) == true)
        #expect(match?.score == 14)
    }

    @Test func differentRoomsOfOneBuildingStayApart() {
        let resolution = resolve([
            ("Room 301, No. 12 Xingfu Road, Guangzhou", "Guangzhou", 23.1600, 113.2700),
            ("Room 302, No. 12 Xingfu Road, Guangzhou", "Guangzhou", 23.1600, 113.2700),
            ("广州市幸福路12号3楼302", "广州", nan, nan),
        ])
        #expect(resolution.merges.count == 1) // 302 with 302 only
        #expect(resolution.representative[0] == 0)
    }

    @Test func aRoomIsNotTheBuildingItIsIn() {
        // A warehouse hub at No. 54 and a ring's room in the same building, 0 m apart.
        let resolution = resolve([
            ("JD Logistics Warehouse, No. 54 Wenhua Road, Futian District, Shenzhen", "Shenzhen", 22.4967, 114.05),
            ("Room 1203, No. 54 Wenhua Road, Futian District, Shenzhen", "Shenzhen", 22.4967, 114.05),
        ])
        #expect(resolution.merges.isEmpty)
        #expect(AddressMatch.compare(AddressNormalizer.normalize(text: "No. 54 Wenhua Road", city: "Shenzhen"),
                                     AddressNormalizer.normalize(text: "Room 1203, No. 54 Wenhua Road", city: "Shenzhen"),
                                     metres: 0).ruledOut == "a room (1203) on one side only")
    }

    @Test func hubsNeverMergeWithOtherAddresses() {
        let rows: [(String, String, Double, Double)] = [
            ("Warehouse 9, No. 5 Huanshi Road, Guangzhou", "Guangzhou", 23.1600, 113.2700),
            ("Warehouse 9, No. 5 Huanshi Rd, Guangzhou", "Guangzhou", 23.1601, 113.2700),
        ]
        #expect(resolve(rows, hubs: [0]).merges.isEmpty)
        #expect(resolve(rows).merges.count == 1)
        #expect(resolve(rows, hubs: [0, 1]).merges.count == 1) // two spellings of one hub
    }

    @Test func sameTextFarApartStaysApart() {
        let resolution = resolve([
            ("Room 301, No. 12 Xingfu Road, Guangzhou", "Guangzhou", 23.1600, 113.2700),
            ("Room 301, No. 12 Xingfu Road, Guangzhou", "Guangzhou", 23.1800, 113.2700),
        ])
        #expect(resolution.merges.isEmpty)
    }

    @Test func withoutCoordinatesTheStreetAndDistrictMustAgree() {
        let resolution = resolve([
            ("Room 301, No. 12 Xingfu Road, Baiyun District, Guangzhou", "Guangzhou", nan, nan),
            ("12 Xingfu Rd Rm 301 Baiyun Guangzhou", "Guangzhou", nan, nan),
            ("Room 301, No. 12 Renmin Road, Baiyun District, Guangzhou", "Guangzhou", nan, nan),
            ("Room 301, No. 12 Xingfu Road, Tianhe District, Guangzhou", "Guangzhou", nan, nan),
            ("Room 301, No. 12 Xingfu Road, Baiyun District, Foshan", "Foshan", nan, nan),
        ])
        #expect(resolution.merges.map { [$0.first, $0.second] } == [[0, 1]])
    }

    @Test func numbersAloneAreBelowTheThreshold() {
        // Street number, room and city agree, no street can be compared, no coordinates: 10 points.
        let a = AddressNormalizer.normalize(text: "No. 12, Room 301", city: "Guangzhou")
        let b = AddressNormalizer.normalize(text: "12号301室", city: "广州")
        let match = AddressMatch.match(a, b, metres: nil)
        #expect(match?.score == 10)
        #expect(match.map { $0.score < AddressMatch.threshold } == true)
    }

    @Test func aThirdSpellingCannotChainTwoDistantPlaces() {
        // The text-only row matches both, but they are 900 m apart: only the stronger merge is kept.
        let resolution = resolve([
            ("1 Santee St, Unit 12, New York", "New York", nan, nan),
            ("1 Santee St, Unit 12, New York", "New York", 40.7097, -74.0),
            ("1 Santee St Unit 12 New York", "New York", 40.7178, -74.0),
        ])
        #expect(resolution.merges.count == 1)
        #expect(places(resolution) == 2)
        #expect(resolution.representative[1] != resolution.representative[2])
    }

    @Test func datasetColumnsAreRead() throws {
        let fixture = try DatasetFixture.valid(replacing: "addresses.csv", with: """
        address_id,text,city,province,country,lat,lon
        A1,"Room 301, No. 12 Xingfu Road, Baiyun District, Guangzhou",Guangzhou,Guangdong,CN,23.1600,113.2700
        A2,广州市白云区幸福路12号301室,广州,广东,CN,23.1598,113.2699

        """)
        let network = try fixture.load().network
        let resolution = AddressResolver(network: network)
        #expect(resolution.merges.count == 1)
        let explanation = AddressResolver.explain(0, 1, in: network)
        #expect(explanation.contains("street xingfu (xingfu road = 幸福路, read as pinyin) +3"))
        #expect(explanation.hasSuffix("— one place"))
    }
}

@Suite struct AddressMatchTests {
    private func match(_ a: String, _ b: String, city: String = "Shenzhen", metres: Double? = nil) -> AddressMatch? {
        AddressMatch.match(AddressNormalizer.normalize(text: a, city: city), AddressNormalizer.normalize(text: b, city: city), metres: metres)
    }

    @Test func bareDistrictWordsThatDifferWeighAgainst() {
        // One street name in two districts of one city, no coordinates: not one place.
        let apart = match("1 Huaxia Rd Rm 3204 Longhua Shenzhen", "1 Huaxia Rd Rm 3204 Futian Shenzhen")
        #expect(apart?.features.contains(.placeWordsDiffer(first: "longhua", second: "futian")) == true)
        #expect(apart?.score == 11)
        // The same district, marked on one side only, agrees.
        let same = match("1 Huaxia Rd Bldg 15 Rm 3204 Futian Shenzhen", "Room 3204, Building 15, No. 1 Huaxia Road, Futian District, Shenzhen")
        #expect(same?.features.contains(.district("futian")) == true)
        #expect(same.map { $0.score >= AddressMatch.threshold } == true)
        // Across scripts bare names are not compared: 旺角 is Mong Kok in Hong Kong's spelling.
        let hongKong = match("239 Huanshi Rd Rm 1808 Mong Kok Hong Kong", "香港旺角环市路239号1808室", city: "Hong Kong")
        #expect(hongKong?.features.contains { if case .placeWordsDiffer = $0 { true } else { false } } == false)
        #expect(hongKong.map { $0.score >= AddressMatch.threshold } == true)
    }

    @Test func aBuildingOnOneSideNeedsCoordinates() {
        // Room 1201 exists in every tower of a compound.
        let text = match("1 Yingbin Ave Bldg 17 Rm 1201 Yuhang Hangzhou", "浙江省杭州市余杭区迎宾大道1号12楼1201", city: "Hangzhou")
        #expect(text?.features.contains(.buildingOnOneSide) == true)
        #expect(text.map { $0.score < AddressMatch.threshold } == true)
        let near = match("1 Yingbin Ave Bldg 17 Rm 1201 Yuhang Hangzhou", "浙江省杭州市余杭区迎宾大道1号12楼1201", city: "Hangzhou", metres: 20)
        #expect(near.map { $0.score >= AddressMatch.threshold } == true)
    }

    @Test func everyFeatureIsInTheReason() {
        let merge = match("Room 301, No. 12 Xingfu Road, Futian District", "12 Xingfu Rd Rm 301 Futian", metres: 40)
        #expect(merge?.reason == "street number 12 +4, room 301 +5, street xingfu +3, district futian +1, city shenzhen +1, 40 m apart +4; score 18")
        #expect(merge?.summary == "same street number, room, street, district and city; 40 m apart")
    }

    @Test func theSameResultOnAnyNumberOfThreads() {
        let rows = (0 ..< 5_000).map { index in "Room \(300 + index % 7), No. \(index % 50) Xingfu Road, Baiyun District" }
        let spellings = rows.map { $0.replacingOccurrences(of: "Road", with: "Rd").replacingOccurrences(of: "Room", with: "Rm") }
        let texts = rows + spellings
        let cities = Array(repeating: "Guangzhou", count: texts.count)
        let nan = Array(repeating: Double.nan, count: texts.count)
        let one = AddressResolver(texts: texts, cities: cities, latitudes: nan, longitudes: nan, threads: 1)
        let four = AddressResolver(texts: texts, cities: cities, latitudes: nan, longitudes: nan, threads: 4)
        #expect(one.merges == four.merges)
        #expect(one.representative == four.representative)
        #expect(Set(one.representative).count == 350) // 50 street numbers × 7 rooms
    }
}
