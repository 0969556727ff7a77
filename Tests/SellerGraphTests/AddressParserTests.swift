import Testing
@testable import SellerGraph

/// One test per parsing rule of ``AddressParser``.
@Suite struct AddressParserTests {
    private func parts(_ text: String, city: String = "") -> ParsedAddress {
        AddressParser.parse(text: text, city: city)
    }

    @Test func foldsCaseWidthAndAbbreviationsAndKeepsThePostcode() {
        let address = parts("RM ３０１, NO.12 XINGFU RD, BAIYUN DIST., Guangzhou 510000", city: "广州市")
        #expect(address.streetNumber == StreetNumber(number: 12))
        #expect(address.room == "301")
        #expect(address.street.keys == ["xingfu"])
        #expect(address.district.keys == ["baiyun"])
        #expect(address.postcode == "510000")
        #expect(address.otherNumbers.isEmpty)
        #expect(address.city == "guangzhou")
    }

    @Test func usualStreetSuffixesThatAreAlsoNameWords() {
        // USPS / Canada Post suffixes (Ferry, Field, Heights…) end a street name when nothing
        // street-like follows them, and are part of the name otherwise.
        let ferry = parts("Williams Ferry, 191, North Richard")
        #expect(ferry.streetNumber == StreetNumber(number: 191) && ferry.street.keys == ["williams"])
        #expect(parts("191 Williams Fry").street.keys == ["williams"])
        let field = parts("6341 Camacho Fld., New Daniel")
        #expect(field.streetNumber == StreetNumber(number: 6341) && field.street.keys == ["camacho"])
        #expect(parts("6341 camacho field new daniel").street.keys == ["camacho"])
        #expect(parts("Ferry Road, 12").street.keys == ["ferry"])
        #expect(parts("70 Laura Aly., Amandaborough").street.keys == ["laura"] && parts("325 Baker Dm, #11").street.keys == parts("325 Baker Dam").street.keys)
        #expect(parts("150 Forest Hill Road").street.keys == ["foresthill"])
        // A compound's kind stays a compound: "Zijin Village" is a village, not a street.
        #expect(parts("Zijin Village Bldg 25 Rm 3101").compound.coreKeys == ["zijin"])
    }

    @Test func unitsWrittenTheCanadianSingaporeanAndChineseEnglishWays() {
        // Canada Post's unit-civic order, when the two cannot be a range of house numbers.
        let civic = parts("821-2713 Gates Cir. New Melissachester NT J7C4E8")
        #expect(civic.streetNumber == StreetNumber(number: 2713) && civic.room == "821")
        let lettered = parts("105A-400 Dundas St E")
        #expect(lettered.streetNumber == StreetNumber(number: 400) && lettered.room == "105a")
        #expect(parts("314-300 John Trce").room == "314")
        // Ranges stay ranges: "10-11 George IV Bridge", "1390-1396 Queen St".
        #expect(parts("10-11 George Street").streetNumber == StreetNumber(number: 10, rangeEnd: 11))
        #expect(parts("1390-1396 Queen St").streetNumber == StreetNumber(number: 1390, rangeEnd: 1396) && parts("1390-1396 Queen St").room == nil)
        // "#12" before the street number is the flat, not the house.
        let hash = parts("#12, 904 Lauren Grove")
        #expect(hash.streetNumber == StreetNumber(number: 904) && hash.room == "12")
        // Singapore's floor-unit without its "#".
        let quay = parts("01-04 Clarke Quay")
        #expect(quay.streetNumber == nil && quay.room == parts("#01-04 Clarke Quay").room && quay.room != nil)
        // A Chinese address in English: with a room written, "Unit" is the entrance (单元).
        let chinese = parts("Room 1506, Unit 1, Building 11, Xianglin Gongyu, No. 371 Huaian Lu")
        #expect(chinese.room == "1506" && chinese.unit == "1" && chinese.building == "11")
        #expect(parts("Unit 5, 25 Jacob Rd").room == "5")
    }

    @Test func aBareNumberAfterABuildingOrUnitIsTheRoom() {
        // 23座6单元2307: the room without 室, not a street number.
        let flat = parts("河北省佛山市安次区林园花园23座6单元2307")
        #expect(flat.room == "2307" && flat.streetNumber == nil && flat.building == "23" && flat.unit == "6")
        #expect(parts("幸福路12号 2307").streetNumber?.number == 12)
    }

    @Test func aCanadianPostcodeReadsUnitDashCivic() {
        let canadian = parts("6-25 Roberta Falls, East Brian, BC Y9J 2P9")
        #expect(canadian.room == "6" && canadian.streetNumber == StreetNumber(number: 25))
        #expect(parts("6-25 Roberta Falls").streetNumber == StreetNumber(number: 6, rangeEnd: 25))
        #expect(parts("Reed Rds, 50A").street.keys == parts("50A Reed Roads").street.keys)
        #expect(!parts("50A Reed Roads").street.isEmpty)
    }

    @Test func numberedStreetNamesKeepTheirNumber() {
        // Singapore's numbered streets: the number after the type names the street when the
        // address has another number for the house.
        let osm = parts("Simei Street 3, 23, 529894"), written = parts("23 Simei St. 3")
        #expect(osm.streetNumber == StreetNumber(number: 23) && written.streetNumber == StreetNumber(number: 23))
        #expect(osm.street.keys == ["simei3"] && written.street.keys == ["simei3"])
        #expect(parts("2 Tampines Street 82").street.keys != parts("2 Tampines Avenue 3").street.keys)
        // A direction and a type alone name a street: "North Bridge, 23" = "23 North Bridge".
        #expect(parts("North Bridge, 23").street.keys == ["bridge|n"] && parts("23 North Bridge, EH1 1SB").street.keys == ["bridge|n"])
        #expect(parts("West Port, 9").street.keys == parts("9 West Port, The Grassmarket").street.keys)
        #expect(parts("North Bridge, 23").street.keys != parts("South Bridge, 23").street.keys)
        // Alone, the number after the type is the house number.
        #expect(parts("Al Fahidi Street 1").streetNumber == StreetNumber(number: 1))
    }

    @Test func chineseNumbersGetTheirRolesFromTheirMarkers() {
        let office = parts("广东省广州市白云区幸福路12号301室", city: "广州")
        #expect(office.streetNumber?.number == 12 && office.room == "301")
        #expect(office.street.keys.contains("xingfu") && office.street.script == .hanzi)
        #expect(office.district.keys == ["baiyun"])
        #expect(office.province == "guangdong")
        // 21楼2102 is room 2102 on the 21st floor; 9号仓 a warehouse, not a second street number.
        let floor = parts("成都市金牛区迎宾大道54号21楼2102", city: "成都")
        #expect(floor.streetNumber?.number == 54 && floor.floor == "21" && floor.room == "2102")
        let warehouse = parts("广州市花都区解放路183号9号仓", city: "广州")
        #expect(warehouse.streetNumber?.number == 183 && warehouse.room == "9")
    }

    @Test func compoundsBuildingsAndUnits() {
        // 东泰花园3幢2单元501室: compound, building, unit (entrance), room; no street number.
        let compound = parts("杭州市西湖区东泰花园3幢2单元501室", city: "杭州")
        #expect(compound.compound.text == "东泰花园")
        #expect(compound.compound.keys == ["dongtai|garden"])
        #expect(compound.building == "3" && compound.unit == "2" && compound.room == "501")
        #expect(compound.streetNumber == nil)
        // The same compound in Latin letters, as pinyin or translated.
        #expect(parts("Room 501, Unit 2, Building 3, Dongtai Garden, Xihu District, Hangzhou").compound.keys == ["dongtai|garden"])
        #expect(parts("Dongtai Huayuan Bldg 3 Rm 501 Hangzhou").compound.keys == ["dongtai|garden"])
        // After a street and number: 真北路818号近铁城市广场北座二楼 (二楼 is floor 2).
        let mall = parts("真北路818号近铁城市广场北座二楼")
        #expect(mall.streetNumber?.number == 818 && mall.compound.text == "近铁城市广场" && mall.floor == "2")
        // Chinese numerals before a marker: 一单元, 三号楼.
        let numerals = parts("合丰小区三号楼一单元")
        #expect(numerals.compound.coreKeys.contains("hefeng") && numerals.building == "3" && numerals.unit == "1")
    }

    @Test func shanghaiLanes() {
        let lane = parts("上海市长宁区天山路455弄12号301室", city: "上海")
        #expect(lane.lane == "455" && lane.streetNumber?.number == 12 && lane.room == "301")
        #expect(lane.street.keys.contains("tianshan"))
        #expect(parts("No. 12, Lane 455, Tianshan Road, Changning District, Shanghai").lane == "455")
    }

    @Test func parcelLockersAndPOBoxes() {
        #expect(parts("广州市天河区体育西路103号丰巢自提柜").box == "自提柜")
        #expect(parts("PO Box 1234, Toronto").box == "po box 1234")
        #expect(parts("Locker 17, 2 Queen St").box == "locker 17")
    }

    @Test(arguments: [
        ("30A George St, Edinburgh", 30, "a"),
        ("George Street, 30A", 30, "a"),
        ("30 A George St", 30, ""),
        ("12b Leith Walk", 12, "b"),
    ])
    func streetNumbersWithALetter(text: String, number: Int, letter: String) {
        let address = parts(text)
        #expect(address.streetNumber?.number == number)
        #expect(address.streetNumber?.letter == letter)
    }

    @Test func rangesAndSubNumbers() {
        #expect(parts("7-11 Hope Street").streetNumber == StreetNumber(number: 7, rangeEnd: 11))
        #expect(parts("East Carson Street, 1314, 1316, 15203").streetNumber == StreetNumber(number: 1314, rangeEnd: 1316))
        #expect(parts("南山路5-1号").streetNumber == StreetNumber(number: 5, sub: "1"))
        #expect(StreetNumber("7-11")!.isClose(to: StreetNumber("9")!))
        #expect(StreetNumber("30")!.isClose(to: StreetNumber("30a")!))
        #expect(!StreetNumber("30a")!.isClose(to: StreetNumber("30b")!))
        #expect(!StreetNumber("30")!.isClose(to: StreetNumber("31")!))
    }

    @Test(arguments: [
        ("Jarvis Street, 225, M5B 2C1", "M5B2C1"),
        ("225 Jarvis Street, M5B2C1", "M5B2C1"),
        ("63 Shore, Leith, EH6 6RA", "EH66RA"),
        ("187 Whitechapel Road, Unit 8, E1 6AN London", "E16AN"),
        ("10 Marina Boulevard, 018983", "018983"),
        ("S Los Angeles St 1100, 90021-1234", "90021"),
    ])
    func postcodes(text: String, postcode: String) {
        let address = parts(text)
        #expect(address.postcode == postcode)
        #expect(address.otherNumbers.isEmpty)
    }

    @Test func theHouseNumberAfterAStreetAndAComma() {
        let osm = parts("Jarvis Street, 225, M5B 2C1")
        #expect(osm.streetNumber?.number == 225 && osm.street.keys == ["jarvis"])
        let west = parts("Dundas Street West, 3013")
        #expect(west.streetNumber?.number == 3013 && west.street.keys == ["dundas|w"])
    }

    @Test func aDistrictIsNotTheCityBeforeIt() {
        // "Putian Jinjiang Dist." is Jinjiang district (of Putian), not a district "putianjinjiang".
        let address = parts("18 Xinhua Rd, Putian Jinjiang Dist., Fujian", city: "Putian")
        #expect(address.district.keys == ["jinjiang"])
        // Bare pieces of a longer run are all keys: "Putian Licheng" and "Licheng" name one district.
        #expect(Set(parts("No. 1 Yingbin Avenue, Xinhua Licheng District").district.keys) == ["licheng", "xinhualicheng"])
    }

    @Test func pinyinThroughICUWithPlaceNameReadings() {
        var pinyin = Pinyin()
        #expect(pinyin.readings(of: "人民") == ["renmin"])
        #expect(pinyin.readings(of: "长江").contains("changjiang"))
        #expect(parts("上海市静安区长江路146号1915室", city: "上海").street.keys.contains("changjiang"))
        #expect(parts("", city: "温岭市").city == "wenling")
        #expect(parts("", city: "厦门").city == "xiamen")
    }

    @Test func directionsArePartOfTheStreet() {
        #expect(parts("1 Huangshi W Rd WH 7 Longgang Shenzhen").street.keys == ["huangshi|w"])
        #expect(parts("No. 1 Huangshi West Road").street.keys == ["huangshi|w"])
        #expect(parts("深圳市龙岗区黄石西路1号7号仓", city: "深圳").street.keys.contains("huangshi|w"))
    }

    @Test func townsEndingInStreetCharactersAreNotStreets() {
        let address = parts("广东省东莞市厚街镇人民路82号11楼1116", city: "东莞")
        #expect(address.district.keys == ["houjie"])
        #expect(address.street.keys.contains("renmin"))
    }

    @Test func diacriticsAndGermanCompounds() {
        let mixed = parts("Friedrichstraße 8, Suite 2108, Berlin", city: "Berlin")
        let upper = parts("FRIEDRICHSTRASSE 8, SUITE 2108 BERLIN", city: "Berlin")
        #expect(mixed.street.keys == ["friedrich"] && upper.street.keys == ["friedrich"])
        #expect(mixed.streetNumber?.number == 8 && upper.streetNumber?.number == 8 && mixed.room == "2108")
    }

    @Test func singaporeUnitsAndBlocks() {
        let unit = parts("#01-24 Chijmes, 30 Victoria Street, 187996")
        #expect(unit.room == "1-24" && unit.streetNumber?.number == 30 && unit.postcode == "187996")
        #expect(parts("Blk 24 Tanglin Halt Road").building == "24")
    }

    @Test(arguments: ["", "   ", "!!! ??? ...", "😀😀😀", "🏠 ✈️ ☎️"])
    func textWithNothingToReadSaysSo(text: String) {
        let address = parts(text)
        #expect(!address.locates)
        #expect(!address.unread.isEmpty)
    }

    @Test func veryLongTextIsCutAndSaysSo() {
        let long = String(repeating: "Room 301, No. 12 Xingfu Road ", count: 400) // ~11,600 characters
        let address = parts(long)
        #expect(address.streetNumber?.number == 12)
        #expect(address.unread.contains { $0.hasPrefix("text cut at 400") })
    }

    @Test func mixedScriptsAndEmojiAreReadAroundTheSymbols() {
        let address = parts("广州 花都区 🚚 Jiefang Road 183号 9号仓")
        #expect(address.streetNumber?.number == 183 && address.room == "9" && address.street.keys == ["jiefang"])
        #expect(address.unread.contains { $0.contains("symbols, emoji") })
    }
}
