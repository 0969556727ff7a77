import Foundation
import SellerGraph

/// Text of a generated world: names, address spellings, listing titles, case references. Each
/// is drawn from a random stream keyed by the entity's index, so it costs no memory and does
/// not depend on the order files are written in.
extension WorldWriter {
    func sellerName(_ seller: Int) -> String {
        var random = SplitMix64(seed: seed, stream: 11, index: UInt64(seller))
        let city = G.cities[Int(world.sellerCity[seller])]
        let family = world.sellerFamily[seller]
        if family >= 0 {
            // A family's companies share a stem: "Huamei Trading", "Huamei Leather Goods".
            var familyRandom = SplitMix64(seed: seed, stream: 12, index: UInt64(family))
            let stem = familyRandom.pick(G.companyStems)
            let chinese = city.isChinese && familyRandom.chance(0.4)
            return G.companyName(stem: stem, type: random.pick(G.businessTypes), city: city, chineseScript: chinese)
        }
        if city.isChinese {
            if random.chance(0.55) {
                return G.companyName(stem: random.pick(G.companyStems), type: random.pick(G.businessTypes), city: city,
                                     chineseScript: random.chance(0.4))
            }
            return G.personName(&random, chinese: random.chance(0.4))
        }
        return random.chance(0.5) ? G.westernCompanyName(&random, city: city) : G.westernPersonName(&random)
    }

    func holderName(_ account: Int) -> String {
        var random = SplitMix64(seed: seed, stream: 31, index: UInt64(account))
        let owner = Int(world.accountOwner[account])
        switch AccountKind(rawValue: world.accountKind[account])! {
        case .escrow:
            return "Marketplace Escrow Pool " + (owner < 9 ? "0" : "") + String(owner + 1)
        case .own:
            if random.chance(0.7) { return sellerName(owner) }
            let city = G.cities[Int(world.sellerCity[owner])]
            return city.isChinese ? G.personName(&random, chinese: random.chance(0.5)) : G.westernPersonName(&random)
        case .family:
            var familyRandom = SplitMix64(seed: seed, stream: 12, index: UInt64(owner))
            let stem = familyRandom.pick(G.companyStems)
            let chinese = familyRandom.chance(0.4)
            let city = G.cities[Int(world.familyCity[owner])]
            return G.companyName(stem: stem, type: G.Word("Holdings", "控股"), city: city, chineseScript: city.isChinese && chinese)
        case .ringPool, .ringCollector:
            // Nominees: people and companies that look like any other account holder.
            if random.chance(0.65) { return G.personName(&random, chinese: random.chance(0.5)) }
            let city = G.cities[random.below(22)]
            return G.companyName(stem: random.pick(G.companyStems), type: random.pick(G.businessTypes), city: city,
                                 chineseScript: random.chance(0.4))
        case .factory:
            return factoryName(owner)
        case .offshore:
            return random.pick(G.companyStems).english + " " + random.pick(["International", "Global", "Holdings", "Trading"]) + " Limited"
        }
    }

    func factoryName(_ factory: Int) -> String {
        var random = SplitMix64(seed: seed, stream: 41, index: UInt64(factory))
        let place = Int(world.addressPlace[Int(world.factoryAddress[factory])])
        let city = G.cities[Int(world.placeCity[place])]
        let stem = random.pick(G.companyStems)
        let goods = [G.Word("Leather Goods", "皮具"), G.Word("Footwear", "鞋业"), G.Word("Garments", "服装"), G.Word("Bags", "箱包"),
                     G.Word("Watches", "钟表"), G.Word("Electronics", "电子"), G.Word("Packaging", "包装")]
        let type = random.pick(goods)
        let chinese = city.isChinese && random.chance(0.4)
        if world.factoryKind[factory] == FactoryKind.oem.rawValue {
            return chinese ? city.chinese + "市" + stem.chinese + type.chinese + "制造有限公司"
                : city.english + " " + stem.english + " " + type.english + " Manufacturing Co., Ltd."
        }
        // Small legitimate suppliers and ring workshops are named alike.
        let district = city.districts.isEmpty ? nil : city.districts[Int(world.placeDistrict[place])]
        switch random.below(4) {
        case 0 where chinese: return (district?.chinese ?? city.chinese) + stem.chinese + type.chinese + "加工厂"
        case 1 where chinese: return city.chinese + "市" + stem.chinese + type.chinese + "有限公司"
        case 2 where chinese: return stem.chinese + type.chinese + "厂"
        case 0, 1: return stem.english + " " + type.english + " Factory"
        case 2: return city.english + " " + stem.english + " " + type.english + " Co., Ltd."
        default: return (district?.english ?? city.english) + " " + stem.english + " " + type.english + " Workshop"
        }
    }

    // MARK: - Addresses

    /// One spelling of a place, in the row's style.
    func addressText(_ address: Int) -> String {
        var random = SplitMix64(seed: seed, stream: 61, index: UInt64(address))
        let place = Int(world.addressPlace[address])
        let city = G.cities[Int(world.placeCity[place])]
        let style = G.AddressStyle(rawValue: world.addressStyle[address])!
        let number = String(world.placeNumber[place])
        let kind = G.PlaceKind(rawValue: world.placeKind[place])!
        let unit = Int(world.placeUnit[place]), building = Int(world.placeBuilding[place])
        // Facts of the place that every spelling shares, drawn from a stream keyed by the place:
        // a letter after the house number (30A), a compound or Shanghai lane for a home, the
        // unit (单元) of its building, its postcode.
        var facts = SplitMix64(seed: seed, stream: 62, index: UInt64(place))
        let letterRoll = facts.unit(), letter = ["A", "B", "C"][facts.below(3)]
        let formRoll = facts.unit()
        let stem = G.compoundStems[facts.below(G.compoundStems.count)], type = G.compoundTypes[facts.below(G.compoundTypes.count)]
        let entrance = 1 + facts.below(6), lane = 1 + facts.below(999), postcodeTail = facts.below(100)
        let postcode = WorldWriter.postcode(of: city, tail: postcodeTail)

        guard city.isChinese else {
            let streets = G.foreignStreets[city.country] ?? ["Main Street"]
            let street = streets[Int(world.placeRoad[place]) % streets.count]
            let numberFirst = city.country == "US" || city.country == "GB" || city.country == "TH"
            let lettered = kind != .hub && letterRoll < 0.15 ? number + letter : number
            var line = numberFirst ? lettered + " " + street : street + " " + lettered
            if kind == .hub {
                line = "Fulfillment Center " + String(unit + 1) + ", " + line
            } else if unit > 0 {
                line += (kind == .warehouse ? ", Unit " : ", Suite ") + String(unit)
            }
            switch style {
            case .upper: return (line + " " + city.english + (postcode.isEmpty || random.chance(0.5) ? "" : " " + postcode)).uppercased()
            case .terse: return line.replacingOccurrences(of: ",", with: "") + " " + city.english
            case .postal:
                return line + ", " + (postcode.isEmpty ? "" : postcode + " ") + city.english + ", " + city.country
            default: return line + ", " + city.english
            }
        }

        let road = G.chineseRoads[Int(world.placeRoad[place])]
        let district = city.districts.isEmpty ? nil : city.districts[Int(world.placeDistrict[place])]
        let districtEnglish: String = {
            guard let district else { return "" }
            if district.chinese.hasSuffix("区") { return district.english + " District" }
            if district.chinese.hasSuffix("镇") { return district.english + " Town" }
            return district.english
        }()
        let park = G.logisticsParks[unit % G.logisticsParks.count]
        if kind == .residence, formRoll < 0.5 {
            return compoundText(style: style, city: city, district: district, districtEnglish: districtEnglish, road: road, number: number,
                                stem: stem, type: type, building: building, entrance: entrance, room: unit, postcode: postcode, random: &random)
        }
        if kind == .residence, city.english == "Shanghai" {
            return laneText(style: style, city: city, district: district, districtEnglish: districtEnglish, road: road, lane: lane,
                            number: building, room: unit, random: &random)
        }
        switch style {
        case .formal:
            var parts: [String] = []
            switch kind {
            case .office: parts.append("Room \(unit)")
            case .residence: parts.append("Room \(unit)"); parts.append("Building \(building)")
            case .warehouse: parts.append("Warehouse \(unit)")
            case .workshop: parts.append("Building \(building)")
            case .hub: parts.append(park.english)
            }
            parts.append("No. " + number + " " + road.english)
            if !districtEnglish.isEmpty { parts.append(districtEnglish) }
            parts.append(city.english)
            if random.chance(0.4), city.provinceEnglish != city.english { parts.append(city.provinceEnglish) }
            return parts.joined(separator: ", ")
        case .terse:
            var text = number + " " + road.short
            switch kind {
            case .office: text += " Rm \(unit)"
            case .residence: text += " Bldg \(building) Rm \(unit)"
            case .warehouse: text += " WH \(unit)"
            case .workshop: text += " Bldg \(building)"
            case .hub: text = park.english + " " + text
            }
            return text + " " + (district?.english ?? "") + (district == nil ? "" : " ") + city.english
        case .chinese, .mixed:
            let cityPart = city.chinese + (city.country == "CN" ? "市" : "")
            let province = city.provinceChinese == city.chinese ? "" : city.provinceChinese + "省"
            if style == .mixed {
                var text = city.chinese + " " + (district?.chinese ?? "") + " " + road.english + " " + number + "号"
                switch kind {
                case .office: text += " \(unit)"
                case .residence: text += " \(building)栋 \(unit)"
                case .warehouse: text += " \(unit)号仓"
                case .workshop: text += " \(building)栋"
                case .hub: text = park.chinese + " " + text
                }
                return text
            }
            var text = (random.chance(0.4) ? province : "") + cityPart + (district?.chinese ?? "") + road.chinese + number + "号"
            switch kind {
            case .office: text += random.chance(0.5) ? "\(unit)室" : "\(unit / 100)楼\(unit)"
            case .residence: text += "\(building)栋\(unit)室"
            case .warehouse: text += "\(unit)号仓"
            case .workshop: text += "\(building)栋"
            case .hub: text += park.chinese
            }
            return text
        case .upper:
            var text = ""
            switch kind {
            case .office: text = "RM \(unit) "
            case .residence: text = "RM \(unit) BLDG \(building) "
            case .warehouse: text = "WAREHOUSE \(unit) "
            case .workshop: text = "BLDG \(building) "
            case .hub: text = park.english.uppercased() + " "
            }
            text += "NO.\(number) " + road.short.uppercased() + ", "
            if let district { text += district.english.uppercased() + (district.chinese.hasSuffix("区") ? " DIST, " : ", ") }
            return text + city.english.uppercased() + ", " + city.provinceShort
        case .postal:
            var text = "No.\(number) " + road.short + "., "
            switch kind {
            case .office: text += "Rm. \(unit), "
            case .residence: text += "Bldg. \(building), Rm. \(unit), "
            case .warehouse: text += "Whse. \(unit), "
            case .workshop: text += "Bldg. \(building), "
            case .hub: text = park.english + ", " + text
            }
            if let district { text += district.english + (district.chinese.hasSuffix("区") ? " Dist., " : ", ") }
            return text + city.english + ", " + city.provinceEnglish + (postcode.isEmpty ? "" : " " + postcode)
                + ", " + (city.country == "CN" ? "China" : "Hong Kong")
        }
    }

    /// A place's postcode: a Chinese city's code with its last two digits for the place's area
    /// (510000 → 5100xx), a British outward code with an inward code (E1 → E1 4QT), else the city's.
    static func postcode(of city: G.City, tail: Int) -> String {
        let code = city.postcode
        if code.count == 6, code.allSatisfy(\.isNumber) { return String(code.prefix(4)) + (tail < 10 ? "0" : "") + String(tail) }
        if city.country == "GB", let outward = code.split(separator: " ").first {
            let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
            return outward + " " + String(tail % 10) + String(letters[tail % letters.count]) + String(letters[(tail / 7) % letters.count])
        }
        return code
    }

    /// A home in a residential compound, in the row's style: "杭州市西湖区东泰花园3幢2单元501室",
    /// "Room 501, Unit 2, Building 3, Dongtai Garden, Xihu District, Hangzhou", "Dongtai Huayuan Bldg 3 Rm 501 Xihu Hangzhou".
    private func compoundText(style: G.AddressStyle, city: G.City, district: G.District?, districtEnglish: String, road: G.Road,
                              number: String, stem: G.CompoundStem, type: G.CompoundType, building: Int, entrance: Int, room: Int,
                              postcode: String, random: inout SplitMix64) -> String {
        let withStreet = random.chance(0.35), withUnit = random.chance(0.7)
        let typeLatin = random.chance(0.5) ? type.pinyin : type.english
        let compound = stem.pinyin + " " + typeLatin
        switch style {
        case .chinese, .mixed:
            let marker = ["幢", "栋", "号楼"][random.below(3)]
            let place = (withStreet ? road.chinese + number + "号" : "") + stem.chinese + type.chinese
            let rest = "\(building)\(marker)" + (withUnit ? "\(entrance)单元" : "") + "\(room)室"
            if style == .mixed { return city.chinese + " " + (district?.chinese ?? "") + " " + stem.chinese + type.chinese + " " + rest }
            return city.chinese + "市" + (district?.chinese ?? "") + place + rest
        case .formal, .postal:
            var parts = ["Room \(room)"]
            if withUnit { parts.append("Unit \(entrance)") }
            parts.append("Building \(building)")
            parts.append(compound)
            if withStreet { parts.append("No. " + number + " " + road.english) }
            if !districtEnglish.isEmpty { parts.append(districtEnglish) }
            parts.append(city.english)
            if style == .postal, !postcode.isEmpty { parts.append(postcode) }
            return parts.joined(separator: ", ")
        case .terse:
            return compound + " Bldg \(building) Rm \(room) " + (district?.english ?? "") + (district == nil ? "" : " ") + city.english
        case .upper:
            return ("RM \(room) BLDG \(building) " + compound + ", " + (district.map { $0.english + " DIST, " } ?? "") + city.english + ", " + city.provinceShort).uppercased()
        }
    }

    /// A home in a Shanghai lane (弄): "上海市静安区天山路455弄12号301室", "Room 301, No. 12, Lane 455, Tianshan Road, Jing'an District, Shanghai".
    private func laneText(style: G.AddressStyle, city: G.City, district: G.District?, districtEnglish: String, road: G.Road, lane: Int,
                          number: Int, room: Int, random: inout SplitMix64) -> String {
        switch style {
        case .chinese, .mixed:
            return (style == .mixed ? "上海 " : "上海市") + (district?.chinese ?? "") + road.chinese + "\(lane)弄\(number)号\(room)室"
        case .formal, .postal:
            return "Room \(room), No. \(number), Lane \(lane), " + road.english + ", " + (districtEnglish.isEmpty ? "" : districtEnglish + ", ") + city.english
        case .terse:
            return "Lane \(lane) No. \(number) " + road.short + " Rm \(room) " + (district?.english ?? "") + " " + city.english
        case .upper:
            return ("RM \(room), NO. \(number), LANE \(lane), " + road.short + ", " + city.english).uppercased()
        }
    }

    // MARK: - Listings and references

    func title(_ listing: Int) -> String {
        var random = SplitMix64(seed: seed, stream: 71, index: UInt64(listing))
        let brand = world.listingBrand[listing]
        let phraseIndex = Int(world.listingPhrase[listing])
        let phrase: String? = phraseIndex < 0 ? nil
            : phraseIndex < G.counterfeitPhrases.count ? G.counterfeitPhrases[phraseIndex]
            : G.honestPhrases[phraseIndex - G.counterfeitPhrases.count]
        let colour = G.colours[Int(world.listingColour[listing])]
        guard brand != GeneratedWorld.noBrand else {
            let goods = G.unbrandedGoods[Int(world.listingProduct[listing])].name
            if let phrase { return "Designer Inspired " + goods + " " + phrase }
            return random.chance(0.5) ? goods + " " + colour : goods
        }
        let brandInfo = G.brands[Int(brand)]
        let product = brandInfo.products[Int(world.listingProduct[listing])].name
        var text: String
        switch random.below(4) {
        case 0: text = brandInfo.name + " " + product + " - " + colour
        case 1: text = product + " " + colour + " | " + brandInfo.name
        case 2: text = brandInfo.name + " " + product
        default: text = brandInfo.name + " " + product + " " + colour
        }
        if let phrase {
            switch random.below(3) {
            case 0: text = "【" + phrase + "】" + text
            case 1: text = phrase + " " + text
            default: text += " " + phrase
            }
        }
        return text
    }

    /// The case-file reference of an evidence row: a test-purchase number, a notice id, a
    /// customs case, or for automated screening flags the listing that raised it.
    func reference(_ evidence: Int) -> String {
        let listing = world.evidenceListing[evidence]
        if listing >= 0 { return ids.listing(Int(listing)) }
        let number = world.evidenceNumber[evidence]
        let year = String(dates[Int(world.evidenceDay[evidence])].prefix(4))
        let six = String(100_000 + number % 900_000)
        switch EvidenceKind.allCases[Int(world.evidenceKind[evidence])] {
        case .testPurchaseFake, .testPurchaseGenuine: return "TP-" + year + "-" + six
        case .seizure: return "SZ-" + ["GZ", "SZ", "NB", "SH", "XM", "HK", "RTM", "LAX"][Int(number >> 24) % 8] + "-" + year + "-" + String(10_000 + number % 90_000)
        case .takedown: return "NTD-" + String(10_000_000 + number % 90_000_000)
        case .brandComplaint:
            let brand = world.evidenceBrand[evidence]
            return "BC-" + (brand == GeneratedWorld.noBrand ? "GEN" : G.brands[Int(brand)].code) + "-" + six
        case .priceAnomaly, .keywordMatch: return "SCR-" + six
        }
    }
}
