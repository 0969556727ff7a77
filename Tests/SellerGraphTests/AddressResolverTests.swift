import Foundation
import Testing
@testable import SellerGraph

/// The resolver estimates its weights from the data, so each fixture is set among 300 other
/// addresses of one city (distinct streets, numbers and rooms, spread over ~20 km), as rows of
/// a real export are.
private let filler: [(String, String, Double, Double)] = (0 ..< 300).map { index in
    let street = ["Renmin", "Jiefang", "Zhongshan", "Huanshi", "Dongfeng", "Yuexiu", "Tianhe", "Jianshe", "Xinhua", "Nanhua"][index % 10]
    let district = ["Tianhe", "Yuexiu", "Haizhu", "Liwan", "Panyu"][index % 5]
    let latitude = 23.05 + Double(index % 17) * 0.011, longitude = 113.20 + Double(index / 17) * 0.009
    return ("Room \(1000 + index * 7), No. \(200 + index) \(street) Road, \(district) District, Guangzhou", "Guangzhou", latitude, longitude)
}

@Suite struct AddressResolverTests {
    private let nan = Double.nan

    /// Resolves the rows after the filler; index i of the result is row i.
    private func resolve(_ rows: [(String, String, Double, Double)], hubs: Set<Int32> = [], threads: Int = 1) -> (AddressResolver, (Int) -> Int32) {
        let all = rows + filler
        let resolution = AddressResolver(texts: all.map(\.0), cities: all.map(\.1), latitudes: all.map(\.2), longitudes: all.map(\.3),
                                         isHub: { hubs.contains($0) }, threads: threads)
        return (resolution, { resolution.representative[$0] })
    }

    @Test func spellingsOfOnePlaceMergeWithEachPartWeighed() {
        let (resolution, place) = resolve([
            ("Room 301, No. 12 Xingfu Road, Baiyun District, Guangzhou", "Guangzhou", 23.1600, 113.2700),
            ("12 Xingfu Rd Rm 301 Baiyun Guangzhou", "Guangzhou", 23.1603, 113.2702),
            ("广州市白云区幸福路12号301室", "广州", 23.1598, 113.2699),
            ("RM 301 NO.12 XINGFU RD, BAIYUN DIST, GUANGZHOU, GD", "Guangzhou", nan, nan),
        ])
        #expect(Set((0 ..< 4).map(place)).count == 1)
        let merge = resolution.merges.first { $0.first == 0 && $0.second == 1 }
        #expect(merge?.match.summary.hasPrefix("same street number, street, room, district and city; 39 m apart") == true)
        #expect(merge?.match.features.map(\.part) == [.streetNumber, .street, .room, .district, .city, .distance])
        #expect(merge.map { $0.probability >= AddressResolver.threshold } == true)
        // Every weight comes from the model, the rare room more than the city.
        let weights = Dictionary(uniqueKeysWithValues: merge!.match.features.map { ($0.part, $0.weight) })
        #expect(weights[.room]! > weights[.city]!)
    }

    @Test func differentRoomsOfOneBuildingStayApart() {
        let (resolution, place) = resolve([
            ("Room 301, No. 12 Xingfu Road, Baiyun District, Guangzhou", "Guangzhou", 23.1600, 113.2700),
            ("Room 302, No. 12 Xingfu Road, Baiyun District, Guangzhou", "Guangzhou", 23.1600, 113.2700),
            ("广州市白云区幸福路12号3楼302", "广州", 23.1601, 113.2701),
        ])
        #expect(place(0) != place(1))
        #expect(place(1) == place(2))
        #expect(resolution.merges.filter { $0.first < 3 }.count == 1)
    }

    @Test func aChainOfSpellingsNeverJoinsTwoRoomsOrTwoNumbers() {
        // The bare building address could join either room; it joins one, and the rooms stay apart.
        let (_, place) = resolve([
            ("No. 12 Xingfu Road, Baiyun District, Guangzhou", "Guangzhou", 23.1600, 113.2700),
            ("Room 301, No. 12 Xingfu Road, Baiyun District, Guangzhou", "Guangzhou", 23.1600, 113.2700),
            ("Room 302, No. 12 Xingfu Road, Baiyun District, Guangzhou", "Guangzhou", 23.1600, 113.2700),
            ("30A Xingfu Road, Baiyun District, Guangzhou", "Guangzhou", 23.1700, 113.2800),
            ("30 Xingfu Road, Baiyun District, Guangzhou", "Guangzhou", 23.1700, 113.2800),
            ("30B Xingfu Road, Baiyun District, Guangzhou", "Guangzhou", 23.1700, 113.2800),
        ])
        #expect(place(1) != place(2))
        #expect(place(3) != place(5))
    }

    @Test func hubsMergeOnlyWithHubs() {
        let rows: [(String, String, Double, Double)] = [
            ("Warehouse 9, No. 5 Huanshi Road, Guangzhou", "Guangzhou", 23.1600, 113.2700),
            ("Warehouse 9, No. 5 Huanshi Rd, Guangzhou", "Guangzhou", 23.1601, 113.2700),
        ]
        #expect(resolve(rows, hubs: [0]).0.merges.filter { $0.first < 2 }.isEmpty)
        #expect(resolve(rows).0.merges.filter { $0.first < 2 }.count == 1)
        #expect(resolve(rows, hubs: [0, 1]).0.merges.filter { $0.first < 2 }.count == 1)
    }

    @Test func geocodesHundredsOfMetresApartAreStillOnePlace() {
        // One spelling geocoded to the building, the other to the street: ~700 m apart.
        let (_, place) = resolve([
            ("Room 1808, No. 239 Huanshi Road, Yuexiu District, Guangzhou", "Guangzhou", 23.1300, 113.2600),
            ("239 Huanshi Rd Rm 1808 Yuexiu Guangzhou", "Guangzhou", 23.1362, 113.2600),
        ])
        #expect(place(0) == place(1))
    }

    @Test func theSameTextFarApartStaysApart() {
        // 9 km apart: farther than one place can be, whatever the text says.
        let (_, place) = resolve([
            ("Room 301, No. 12 Xingfu Road, Guangzhou", "Guangzhou", 23.1000, 113.2700),
            ("Room 301, No. 12 Xingfu Road, Guangzhou", "Guangzhou", 23.1810, 113.2700),
        ])
        #expect(place(0) != place(1))
    }

    @Test func postcodesCount() {
        // Number, street, postcode and 67 m: the case the old fixed points left apart.
        let (resolution, place) = resolve([
            ("Jarvis Street, 225, M5B 2C1", "Toronto", 43.6561, -79.3760),
            ("225 Jarvis Street, M5B 2C1", "Toronto", 43.6555, -79.3758),
        ])
        #expect(place(0) == place(1))
        #expect(resolution.merges.first { $0.first == 0 }?.match.features.contains { $0.part == .postcode && $0.level == .exact } == true)
    }

    @Test func exactAgreementMergesWhateverThePriorSays() {
        // A mall's shops share "4400 Forbes Ave": the number and street are common in this
        // export, so the model alone leaves the two bare spellings below the threshold; they
        // agree on every part either writes, so they are one address (Splink's exact rule first).
        let shops: [(String, String, Double, Double)] = (1 ... 12).map { ("4400 Forbes Ave, Suite \(100 + $0), 15213", "Pittsburgh", .nan, .nan) }
        let (resolution, place) = resolve([
            ("Forbes Avenue, 4400, 15213", "Pittsburgh", nan, nan),
            ("4400 Forbes Ave, 15213", "Pittsburgh", nan, nan),
            ("4400 Forbes Ave, Suite 101, 15213", "Pittsburgh", nan, nan),
        ] + shops)
        #expect(place(0) == place(1))
        let merge = resolution.merges.first { $0.first == 0 && $0.second == 1 }
        #expect(merge?.match.exactAgreement == true)
        #expect(merge.map { $0.probability < AddressResolver.threshold } == true)
        #expect(merge?.match.summary.hasSuffix("merged by exact agreement") == true)
        // A suite on one side only is not exact agreement: the bare address is not suite 101.
        #expect(place(0) != place(2) || place(1) != place(2) || resolution.merges.contains { Set([$0.first, $0.second]) == [1, 2] && $0.probability >= AddressResolver.threshold })
    }

    @Test func exactAgreementNeedsALocatorAndNothingContradicting() {
        func agree(_ a: String, _ b: String, metres: Double? = nil) -> Bool {
            AddressComparison.isExactAgreement(AddressComparison.compare(AddressParser.parse(text: a, city: ""), AddressParser.parse(text: b, city: ""), metres: metres).vector)
        }
        #expect(agree("Forbes Avenue, 4400, 15213", "4400 Forbes Ave"))
        #expect(agree("东泰花园3栋", "Dongtai Garden Bldg 3"))
        #expect(agree("4400 Forbes Ave", "4400 Forbes Ave", metres: 900))
        #expect(!agree("4400 Forbes Ave", "4400 Forbes Ave", metres: 3_000))
        #expect(!agree("4400 Forbes Ave", "4400 Forbes Ave, Suite 101"))
        #expect(!agree("4400 Forbes Ave, 15213", "4400 Forbes Ave, 15219"))
        #expect(!agree("4400 Forbes Ave", "4402 Forbes Ave"))
        #expect(!agree("东泰花园", "Dongtai Garden"))
    }

    @Test func twoSwappedLettersAreOneEdit() {
        #expect(AddressComparison.isWithinEdits(["fsoter"], ["foster"]))
        #expect(AddressComparison.isWithinEdits(["jsoeph"], ["joseph"]))
        #expect(!AddressComparison.isWithinEdits(["fsoetr"], ["foster"]))
        #expect(BoundedEdits.distance(Array("fsoter"), Array("foster"), atMost: 2) == 2) // identifiers keep plain edits
    }

    @Test func aCityOnOneRowOnlyDoesNotKeepThePairFromBeingCompared() {
        // No coordinates and no postcode: only the number-and-street and number-and-room blocks
        // can pair them, and the city column is empty on one row (as on a courier's label).
        let (_, place) = resolve([
            ("Room 301, No. 12 Xingfu Road, Baiyun District, Guangzhou", "Guangzhou", nan, nan),
            ("12 Xingfu Rd Rm 301 Baiyun", "", nan, nan),
        ])
        #expect(place(0) == place(1))
    }

    @Test func coordinatesAtZeroZeroAreNotAGeocode() {
        let (latitudes, longitudes) = AddressResolver.sanitised([0, 23.16, 91, .nan], [0, 113.27, 10, 1])
        #expect(latitudes[0].isNaN && longitudes[0].isNaN && latitudes[2].isNaN && latitudes[3].isNaN)
        #expect(latitudes[1] == 23.16 && longitudes[1] == 113.27)
        // Next to a real geocode, (0, 0) is compared as "no coordinates", not as 12,000 km away.
        let (resolution, _) = resolve([
            ("Room 301, No. 12 Xingfu Road, Baiyun District, Guangzhou", "Guangzhou", 0, 0),
            ("12 Xingfu Rd Rm 301 Baiyun Guangzhou", "Guangzhou", 23.1603, 113.2702),
        ])
        #expect(resolution.merges.filter { $0.first == 0 }.allSatisfy { $0.metres == nil })
        #expect(resolution.refused.isEmpty || !resolution.refused.keys.contains { $0.contains("wider") })
    }

    @Test func rowsThatLocateNothingAreNeverMerged() {
        let (_, place) = resolve([("", "Guangzhou", 23.16, 113.27), ("", "Guangzhou", 23.16, 113.27),
                                  ("😀😀", "Guangzhou", 23.16, 113.27), ("!!!", "Guangzhou", 23.16, 113.27)])
        #expect(Set((0 ..< 4).map(place)).count == 4)
    }

    @Test func theSameResultOnAnyNumberOfThreads() {
        let rows = (0 ..< 3_000).map { index in ("Room \(300 + index % 7), No. \(index % 50) Xingfu Road, Baiyun District", "Guangzhou", Double.nan, Double.nan) }
        let spellings = rows.map { ($0.0.replacingOccurrences(of: "Road", with: "Rd").replacingOccurrences(of: "Room", with: "Rm"), $0.1, $0.2, $0.3) }
        let (one, _) = resolve(rows + spellings, threads: 1)
        let (four, _) = resolve(rows + spellings, threads: 4)
        #expect(one.merges == four.merges)
        #expect(one.representative == four.representative)
        #expect(one.model == four.model)
    }

    @Test func theModelIsEstimatedFromTheData() {
        let (resolution, _) = resolve([
            ("Room 301, No. 12 Xingfu Road, Baiyun District, Guangzhou", "Guangzhou", 23.1600, 113.2700),
            ("12 Xingfu Rd Rm 301 Baiyun Guangzhou", "Guangzhou", 23.1603, 113.2702),
        ])
        let model = resolution.model
        #expect(model.randomPairs == 45_451) // all pairs of 302 addresses
        // Different street numbers are common among random pairs and rare among matches.
        #expect(model.weight(.streetNumber, level: 3) < 0)
        #expect(model.weight(.streetNumber, level: 0) > 0)
        #expect(model.lambda > 0 && model.lambda < 0.01)
        #expect(MatchModel.levelWeights(m: model.m, u: model.u) == model.weights)
    }

    @Test func datasetColumnsAreReadAndExplained() throws {
        let fixture = try DatasetFixture.valid(replacing: "addresses.csv", with: """
        address_id,text,city,province,country,lat,lon
        A1,"Room 301, No. 12 Xingfu Road, Baiyun District, Guangzhou",Guangzhou,Guangdong,CN,23.1600,113.2700
        A2,广州市白云区幸福路12号301室,广州,广东,CN,23.1598,113.2699
        A3,,Guangzhou,Guangdong,CN,0,0
        A4,"No. 88 Jiefang Road, Yuexiu District, Guangzhou",Guangzhou,Guangdong,CN,23.3000,113.5000

        """)
        let network = try fixture.load().network
        let resolution = AddressResolver(network: network)
        let explanation = resolution.explain(0, 1, in: network)
        #expect(explanation.contains("read as: city guangzhou · district baiyun (baiyun district) · street xingfu (xingfu road) · street number 12 · room 301"))
        #expect(explanation.contains("street number 12 same: m "))
        #expect(explanation.contains("match weight"))
        let empty = resolution.explain(0, 2, in: network)
        #expect(empty.contains("could not read: empty text"))
        #expect(empty.contains("coordinates (0.0, 0.0) ignored: not a geocode"))
        // A pair no blocking rule put together is said to be that, not "kept apart by a rule".
        #expect(resolution.explain(0, 3, in: network).contains("never compared: no blocking rule put them together"))
        #expect(!explanation.contains("never compared") && !empty.contains("never compared"))
    }
}

@Suite struct AddressComparisonTests {
    private func compare(_ a: String, _ b: String, metres: Double? = nil) -> ComparisonVector {
        AddressComparison.compare(AddressParser.parse(text: a, city: "Shenzhen"), AddressParser.parse(text: b, city: "Shenzhen"), metres: metres).vector
    }

    @Test func absentIsAbsentNotAMismatch() {
        let vector = compare("Room 3204, No. 1 Huaxia Road, Futian District", "1 Huaxia Rd Rm 3204")
        #expect(vector.level(of: .district) == .oneSide)
        #expect(vector.level(of: .postcode) == nil)
        #expect(vector.level(of: .distance) == nil)
    }

    @Test func gradedLevels() {
        #expect(compare("30 George St", "30A George St").level(of: .streetNumber) == .close)
        #expect(compare("30A George St", "30B George St").level(of: .streetNumber) == .different)
        #expect(compare("254 Adelaide St W", "254 Adelade St W").level(of: .street) == .close)
        #expect(compare("和田上城17幢", "贺田尚城17幢").level(of: .compound) == .close)
        #expect(compare("合丰小区16幢", "合丰花苑16栋").level(of: .compound) == .close)
        #expect(compare("Jarvis St 225, M5B 2C1", "Jarvis St 225, M5B 1R7").level(of: .postcode) == .close)
        #expect(compare("1 Yingbin Rd", "1 Welcome Rd").level(of: .street) == .different)
        #expect(compare("1 Yingbin Rd", "迎宾路1号").level(of: .street) == .exact)
        #expect(compare("1 Renmin Rd", "迎宾路1号").level(of: .street) == .acrossScripts)
        #expect(compare("1 Renmin Rd", "1 Renmin Rd", metres: 700).level(of: .distance) == .within(1_500))
    }

    @Test func commonValuesWeighLessThanRareOnes() {
        var model = MatchModel()
        model.termFrequencies[AddressPart.street.rawValue] = ["renmin": 0.2, "yingbin": 0.001]
        #expect(model.termFrequencyWeight(.street, value: "yingbin")! > model.termFrequencyWeight(.street, value: "renmin")!)
    }

    @Test func weightsStayOrderedWhateverEMReturns() {
        var model = MatchModel()
        // m and u that would make a difference count for a match and farther count for more.
        model.m[AddressPart.compound.rawValue] = [0.40, 0.04, 0.05, 0.51]
        model.u[AddressPart.compound.rawValue] = [0.0003, 0.0003, 0.9976, 0.0017]
        model.m[AddressPart.distance.rawValue] = [0.5, 0.1, 0.0001, 0.3, 0.05, 0.0499]
        model.u[AddressPart.distance.rawValue] = [0.0001, 0.0001, 0.001, 0.003, 0.01, 0.9858]
        model.updateWeights()
        let compound = model.weights[AddressPart.compound.rawValue], distance = model.weights[AddressPart.distance.rawValue]
        #expect(compound[3] <= 0 && compound[0] >= compound[1] && compound[1] >= compound[3])
        #expect(compound[2] >= -4 && compound[2] <= 2)
        #expect(zip(distance, distance.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func uOfEveryPartButTheCityIsCountedWithinOneCity() {
        // Five cities of 120 addresses, two districts each (district names differ between cities).
        // Among pairs from anywhere a shared district is rare (1 in 10), among pairs of one city
        // common (1 in 2): counted from anywhere, "same district" would count the shared city twice.
        let rows = (0 ..< 600).map { index -> (String, String, Double, Double) in
            let city = ["Guangzhou", "Shenzhen", "Foshan", "Dongguan", "Zhuhai"][index % 5]
            let district = "\(city)\(index / 5 % 2 == 0 ? "dong" : "xi") District"
            return ("Room \(100 + index), No. \(index + 1) Street\(index) Road, \(district), \(city)", city, Double.nan, Double.nan)
        }
        let resolution = AddressResolver(texts: rows.map(\.0), cities: rows.map(\.1), latitudes: rows.map(\.2), longitudes: rows.map(\.3))
        let model = resolution.model
        #expect(model.sameCityPairs == 5 * 120 * 119 / 2)
        #expect(model.u[AddressPart.district.rawValue][0] > 0.35) // within a city: 1 in 2 (smoothed)
        #expect(model.u[AddressPart.city.rawValue][0] < 0.3) // the city itself: from anywhere, 1 in 5
        // Cities of fewer than 100 addresses give no pairs (a handful of rows of one city are
        // often one place written several ways).
        let few = Array(rows.prefix(400))
        let small = AddressResolver(texts: few.map(\.0), cities: few.map(\.1), latitudes: few.map(\.2), longitudes: few.map(\.3))
        #expect(small.model.sameCityPairs == 0)
        #expect(small.model.u[AddressPart.district.rawValue][0] < 0.2)
    }

    @Test func aKeyWithoutTheCityPairsOnlyRowsWithoutOne() {
        // Three rows "No. 12, Room 301" in two cities and one without a city: the row without
        // is compared with both, the two with their cities are not compared with each other
        // (on a national export the key without the city paired every such row: 91.5M pairs).
        let texts = ["No. 12 Xingfu Road, Room 301", "No. 12 Xingfu Road, Room 301", "No. 12 Xingfu Road, Room 301"]
        let parsed = AddressResolver.parse(texts: texts, cities: ["Guangzhou", "Shanghai", ""], threads: 1)
        let nan = [Double](repeating: .nan, count: 3)
        let candidates = CandidatePairs(addresses: parsed, latitudes: nan, longitudes: nan, usable: [true, true, true])
        let pairs = Set(candidates.pairs.map { [Int($0 >> 32), Int($0 & 0xFFFF_FFFF)] })
        #expect(pairs == [[0, 2], [1, 2]])
    }

    @Test func aPartOnOneSideOnlyWeighsNothingUnlessItTellsRoomsApart() {
        var model = MatchModel()
        // What EM returned on a generated 20k world: m of "street on one side only" 0.0004.
        model.m[AddressPart.street.rawValue] = [0.9988, 0.0004, 0.0004, 0.0004, 0.0001]
        model.u[AddressPart.street.rawValue] = [0.033, 0.0001, 0.305, 0.261, 0.40]
        model.m[AddressPart.room.rawValue] = [0.5, 0.45, 0.05]
        model.u[AddressPart.room.rawValue] = [0.003, 0.02, 0.977]
        model.updateWeights()
        #expect(model.weights[AddressPart.street.rawValue][3] == 0)
        #expect(model.weights[AddressPart.room.rawValue][1] == 0) // would be +4.5: never for a match
        model.m[AddressPart.room.rawValue] = [0.9, 0.001, 0.099]
        model.updateWeights()
        #expect(model.weights[AddressPart.room.rawValue][1] < -3)
        // A compound-form spelling and one with its street and number are one place: the
        // street and number written on one side only weigh nothing (they weighed −4 and −1.4).
        let rows = [
            ("广州市白云区幸福路184号枫林新村30栋105室", "广州", 23.1600, 113.2700),
            ("Room 105, Building 30, Fenglin Xincun, Baiyun District, Guangzhou", "Guangzhou", 23.1602, 113.2701),
        ] + filler
        let resolution = AddressResolver(texts: rows.map(\.0), cities: rows.map(\.1), latitudes: rows.map(\.2), longitudes: rows.map(\.3))
        #expect(resolution.representative[0] == resolution.representative[1])
        var parser = AddressParser()
        let match = AddressMatch.explain(parser.parse(text: rows[0].0, city: rows[0].1), parser.parse(text: rows[1].0, city: rows[1].1),
                                         metres: 24, model: resolution.model)
        #expect(match.features.filter { $0.level == .oneSide }.map(\.weight) == [0, 0])
    }

    /// A large export's block of one city, number and room holds mostly different places that
    /// share a common number and room. The block forces the number and room, so they cannot be
    /// the anchor's "one more agreement": EM starts from the pairs that also agree on something
    /// the block does not force, not from the whole block.
    @Test func aBlocksOwnAgreementsAnchorNothing() {
        var vector = ComparisonVector()
        for part in AddressPart.allCases { vector[part] = ComparisonVector.null }
        vector[.streetNumber] = 0
        vector[.room] = 0
        vector[.city] = 0
        vector[.street] = 4
        vector[.compound] = 3
        let forced = BlockingRule.numberAndRoom.fixedParts
        #expect(MatchModel.isAnchor(vector))
        #expect(!MatchModel.isAnchor(vector, forced: forced))
        vector[.compound] = 0
        #expect(MatchModel.isAnchor(vector, forced: forced))
        vector[.compound] = 3
        vector[.street] = 0
        #expect(MatchModel.isAnchor(vector, forced: forced))
        #expect(!MatchModel.isAnchor(vector, forced: BlockingRule.streetNumberAndStreet.fixedParts.union(forced)))
    }
}
