/// The comparable parts of an address as written on a parcel or a registration: its numbers
/// with their roles (street number, building, floor, room), its street and district in one
/// spelling (pinyin for Chinese), and its city.
///
/// Rings print one return address several ways ("Room 301, No. 12 Xingfu Road, Baiyun
/// District, Guangzhou", "12 Xingfu Rd Rm 301 Baiyun Guangzhou", "广州市白云区幸福路12号301室").
/// What survives every spelling is the numbers in their roles, the street and the district;
/// the words differ by abbreviation, order and script. ``AddressMatch`` compares these parts,
/// together with the coordinates.
public struct NormalizedAddress: Sendable, Equatable {
    /// Where a street name was read from: Latin letters, or Chinese characters read as pinyin.
    public enum Script: Sendable, Equatable { case none, latin, hanzi }

    /// The street number ("No. 12", "12号", "12 Xingfu Rd", "Via Filzi 230").
    public var house: String?
    /// Room, suite, unit or warehouse number ("Rm 301", "301室", "Unit 8", "9号仓", "WH 9").
    public var unit: String?
    /// Building number ("Bldg 11", "11栋").
    public var building: String?
    /// Floor ("21楼", "21F", "Floor 21").
    public var floor: String?
    /// Lane number (Shanghai's 弄).
    public var lane: String?
    /// Numbers whose role could not be read, in the order written.
    public var otherNumbers: [String]
    /// The street name in comparable keys: lowercase Latin letters (pinyin for Chinese, every
    /// place-name reading), then `|` and the direction letter when the name has one
    /// ("Huangshi W Rd" and 黄石西路 → `huangshi|w`). Sorted.
    public var streets: [String]
    /// The script the street was read from.
    public var streetScript: Script
    /// The street as written ("Xingfu Rd", "幸福路"), for explanations.
    public var streetText: String
    /// Districts, towns and subdistricts written with their marker ("Baiyun District",
    /// "白云区", "Xiaolan Town", "虞山街道"), in comparable keys. Sorted.
    public var districts: [String]
    /// Other place words in Latin letters (a district written without its marker, a park or
    /// building name), lowercase. Sorted.
    public var words: [String]
    /// Other place names in Chinese characters, read as pinyin (every place-name reading). Sorted.
    public var hanziWords: [String]
    /// The city, lowercased, in pinyin for Chinese.
    public var city: String

    public init(house: String? = nil, unit: String? = nil, building: String? = nil, floor: String? = nil, lane: String? = nil,
                otherNumbers: [String] = [], streets: [String] = [], streetScript: Script = .none, streetText: String = "",
                districts: [String] = [], words: [String] = [], hanziWords: [String] = [], city: String = "") {
        self.house = house; self.unit = unit; self.building = building; self.floor = floor; self.lane = lane
        self.otherNumbers = otherNumbers; self.streets = streets; self.streetScript = streetScript; self.streetText = streetText
        self.districts = districts; self.words = words; self.hanziWords = hanziWords; self.city = city
    }
}

extension NormalizedAddress: CustomStringConvertible {
    /// The parts read, one phrase each: "street number 12, room 301, street xingfu (幸福路), district baiyun, city guangzhou".
    public var description: String {
        var parts: [String] = []
        if let house { parts.append("street number \(house)") }
        if let building { parts.append("building \(building)") }
        if let floor { parts.append("floor \(floor)") }
        if let unit { parts.append("room \(unit)") }
        if let lane { parts.append("lane \(lane)") }
        if !otherNumbers.isEmpty { parts.append("other numbers \(otherNumbers.joined(separator: " "))") }
        if !streets.isEmpty { parts.append("street \(streets.joined(separator: "/")) (\(streetText))") }
        if !districts.isEmpty { parts.append("district \(districts.joined(separator: "/"))") }
        if !words.isEmpty { parts.append("words \(words.joined(separator: " "))") }
        if !hanziWords.isEmpty { parts.append("names \(hanziWords.joined(separator: " "))") }
        if !city.isEmpty { parts.append("city \(city)") }
        return parts.joined(separator: ", ")
    }
}

/// Reads addresses into ``NormalizedAddress``: case and full-width forms folded, abbreviations
/// expanded, numbers given their roles, Chinese street, district and city names read as pinyin
/// (through ICU, ``Pinyin``), postal codes dropped.
///
/// A value with a cache of pinyin readings: normalise many addresses with one normaliser.
public struct AddressNormalizer {
    /// Abbreviations on parcels and registrations, and their full words.
    public static let abbreviations: [String: String] = [
        "rd": "road", "st": "street", "str": "street", "ave": "avenue", "av": "avenue", "blvd": "boulevard",
        "bldg": "building", "bld": "building", "blk": "block", "rm": "room", "fl": "floor", "flr": "floor",
        "dist": "district", "apt": "apartment", "ste": "suite", "hwy": "highway", "ind": "industrial",
        "ctr": "center", "centre": "center", "twr": "tower", "sq": "square", "ln": "lane", "dr": "drive",
        "wh": "warehouse", "whse": "warehouse", "nr": "no", "num": "no", "number": "no", "subdist": "subdistrict",
        "north": "n", "south": "s", "east": "e", "west": "w", "cen": "central", "mid": "central", "middle": "central",
        "rooms": "room", "flat": "unit", "shop": "unit", "stall": "unit", "booth": "unit",
    ]

    /// Words that say "street" after the name ("Xingfu Road", "Osmanbey Caddesi").
    public static let streetTypes: Set<String> = [
        "road", "street", "avenue", "lane", "boulevard", "highway", "drive", "way", "lu", "jie", "dadao",
        "caddesi", "cadde", "sokak", "sokagi", "yokusu", "bulvari", "strasse", "weg", "gasse",
    ]
    /// Words that say "street" before the name ("Via Filzi", "Rue de Rivoli").
    public static let leadingStreetTypes: Set<String> = ["via", "viale", "rue", "calle", "avenida", "rua", "corso", "piazza"]
    /// Words after a district's name ("Baiyun District", "Xiaolan Town").
    public static let districtMarkers: Set<String> = ["district", "subdistrict", "town", "county", "qu", "zhen", "jiedao", "xian"]
    /// Words before a room-like number, a building number, a floor, a street number.
    static let unitMarkers: Set<String> = ["room", "unit", "suite", "apartment", "warehouse", "center", "dock", "bay"]
    static let buildingMarkers: Set<String> = ["building", "block", "tower"]
    static let floorMarkers: Set<String> = ["floor"]
    static let houseMarkers: Set<String> = ["no"]
    /// Directions, written out or as pinyin, to their letter (`central` for 中).
    static let directions: [String: String] = ["n": "n", "s": "s", "e": "e", "w": "w", "central": "c"]
    static let pinyinDirections: [String: String] = ["bei": "n", "nan": "s", "dong": "e", "xi": "w", "zhong": "c"]
    static let hanziDirections: [Character: String] = ["北": "n", "南": "s", "东": "e", "西": "w", "中": "c"]
    static let hanziNumerals: [Character: String] = ["一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "十": "10"]

    /// Words that carry no place: numbering words, countries, provinces and their short forms.
    public static let stopWords: Set<String> = [
        "no", "the", "of", "and", "china", "cn", "prc", "pr", "province", "city", "hk", "sar", "us", "usa", "gb", "uk",
        "guangdong", "zhejiang", "fujian", "jiangsu", "shandong", "sichuan", "hubei", "hunan", "henan", "hebei", "anhui",
        "jiangxi", "guangxi", "yunnan", "liaoning", "shaanxi", "gd", "zj", "fj", "js", "sd", "sc", "bj", "sh", "tj", "cq",
        "new", "area", "de", "tr", "vn", "th", "ae", "fr", "it", "es", "jp", "kr", "sg", "my", "ph", "nl",
    ]

    /// Cities where counterfeit trade is concentrated, in characters and their usual romanisation,
    /// so that `广州` and `Guangzhou` compare equal even where ICU's reading differs (厦门 Xiamen,
    /// 香港 Hong Kong). Other Chinese city names are read by ``Pinyin``.
    public static let cityNames: [String: String] = [
        "广州": "guangzhou", "深圳": "shenzhen", "东莞": "dongguan", "佛山": "foshan", "莆田": "putian",
        "晋江": "jinjiang", "泉州": "quanzhou", "厦门": "xiamen", "福州": "fuzhou", "义乌": "yiwu",
        "杭州": "hangzhou", "宁波": "ningbo", "温州": "wenzhou", "上海": "shanghai", "北京": "beijing",
        "天津": "tianjin", "成都": "chengdu", "重庆": "chongqing", "武汉": "wuhan", "南京": "nanjing",
        "苏州": "suzhou", "无锡": "wuxi", "青岛": "qingdao", "济南": "jinan", "郑州": "zhengzhou",
        "西安": "xian", "长沙": "changsha", "合肥": "hefei", "南昌": "nanchang", "昆明": "kunming",
        "南宁": "nanning", "汕头": "shantou", "中山": "zhongshan", "珠海": "zhuhai", "惠州": "huizhou",
        "江门": "jiangmen", "揭阳": "jieyang", "潮州": "chaozhou", "石狮": "shishi", "香港": "hong kong",
        "澳门": "macau", "台北": "taipei", "沈阳": "shenyang", "大连": "dalian", "哈尔滨": "harbin",
        "石家庄": "shijiazhuang", "金华": "jinhua", "台州": "taizhou", "绍兴": "shaoxing", "嘉兴": "jiaxing",
        "湖州": "huzhou", "常州": "changzhou", "南通": "nantong", "临沂": "linyi", "保定": "baoding",
        "揭西": "jiexi", "普宁": "puning", "汕尾": "shanwei", "清远": "qingyuan", "肇庆": "zhaoqing",
        "常熟": "changshu", "昆山": "kunshan",
    ]

    /// Chinese markers after a number and the role they give it, longest first ("9号仓" is a
    /// warehouse, "12号" a street number, "3楼" a floor).
    static let hanziNumberMarkers: [(String, Role)] = [
        ("号仓", .unit), ("号库", .unit), ("号铺", .unit), ("号档", .unit), ("号房", .unit), ("号楼", .building), ("号栋", .building),
        ("号院", .house), ("号", .house), ("室", .unit), ("房", .unit), ("户", .unit), ("仓", .unit),
        ("栋", .building), ("幢", .building), ("座", .building), ("楼", .floor), ("层", .floor), ("弄", .lane), ("巷", .lane),
    ]
    /// Chinese street markers, longest first; 街道 (a subdistrict) is not one.
    static let hanziStreetMarkers = ["大道", "大街", "胡同", "路", "街", "道", "巷"]
    /// Chinese administrative markers, longest first: what precedes one is a city or district.
    static let hanziAdminMarkers = ["自治区", "新区", "街道", "区", "县", "镇", "乡", "市", "旗"]

    enum Role: Sendable { case house, unit, building, floor, lane, other }

    private var pinyin = Pinyin()
    private var cities: [String: String] = [:]

    public init() {}

    /// The pinyin reader, with the names it has cached.
    public var pinyinCache: Pinyin { pinyin }

    /// Normalises one address.
    /// - Parameters:
    ///   - text: the address as written.
    ///   - city: the dataset's `city` column ("" when unknown).
    public mutating func normalize(text: String, city: String) -> NormalizedAddress {
        var result = NormalizedAddress(city: normalizeCity(city))
        var tokens = AddressNormalizer.tokenize(text)
        AddressNormalizer.markHanziRoles(&tokens)
        assignNumbers(tokens, into: &result)
        readLatin(tokens, into: &result)
        readHanzi(tokens, into: &result)
        let cityWords = Set(result.city.split(separator: " ").map(String.init))
        result.words = Array(Set(result.words).subtracting(cityWords).subtracting(result.districts)).sorted()
        result.hanziWords = Array(Set(result.hanziWords).subtracting(cityWords).subtracting(result.districts)).sorted()
        result.districts = Array(Set(result.districts)).sorted()
        result.streets = Array(Set(result.streets)).sorted()
        return result
    }

    /// Normalises one address with a throwaway cache (tests, single use).
    public static func normalize(text: String, city: String) -> NormalizedAddress {
        var normalizer = AddressNormalizer()
        return normalizer.normalize(text: text, city: city)
    }

    /// The city lowercased, `市` dropped, Chinese in its usual romanisation (cached: a dataset
    /// has few distinct cities).
    public mutating func normalizeCity(_ city: String) -> String {
        if let known = cities[city] { return known }
        let normalized = readCity(city)
        cities[city] = normalized
        return normalized
    }

    private mutating func readCity(_ city: String) -> String {
        var name = city.trimmingCharacters(in: .whitespaces).lowercased()
        if name.hasSuffix("市") { name.removeLast() }
        if let known = AddressNormalizer.cityNames[name] { return known }
        if name.hasSuffix(" city") { name.removeLast(5) }
        if name.unicodeScalars.contains(where: AddressNormalizer.isHanzi) { return placeReading(name) }
        return name
    }

    // MARK: - Tokens

    enum TokenKind: Equatable { case word, number, code, hanzi, segmentBreak }

    struct Token {
        var kind: TokenKind
        var text: String
        /// For numbers written "21F" or "21/F": a floor.
        var isFloor = false
        /// For numbers: the role read from the Chinese marker right after it.
        var hanziRole: Role?
    }

    static func isHanzi(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00 ... 0x9FFF).contains(scalar.value) || (0x3400 ... 0x4DBF).contains(scalar.value)
    }

    /// Splits text into Latin words (lowercased, abbreviations expanded), numbers (leading zeros
    /// dropped; postal codes of five digits or more dropped), letter–digit codes ("E1", "3A"),
    /// runs of Chinese characters, and segment breaks (commas, semicolons). Full-width forms
    /// are folded to ASCII; an apostrophe inside a word is dropped ("Jing'an" → "jingan").
    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var run = ""          // Latin letters and digits
        var hanzi = ""
        func flushRun() {
            guard !run.isEmpty else { return }
            tokens.append(contentsOf: classify(run))
            run = ""
        }
        func flushHanzi() {
            guard !hanzi.isEmpty else { return }
            tokens.append(Token(kind: .hanzi, text: hanzi))
            hanzi = ""
        }
        let scalars = Array(text.unicodeScalars)
        for (position, scalar) in scalars.enumerated() {
            var value = scalar.value
            // Full-width forms (ＡＢＣ１２３，) to ASCII; the ideographic space and comma to ASCII.
            if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }
            if value == 0x3000 { value = 0x20 }
            if value == 0x3001 { value = 0x2C }
            let folded = Unicode.Scalar(value) ?? scalar
            let isDigit = value >= 0x30 && value <= 0x39
            let isLetter = (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
            if value >= 0xC0, value <= 0x24F, let latin = latinFolding[Int(value - 0xC0)] {
                // "Friedrichstraße" and "FRIEDRICHSTRASSE", "Mahmutpaşa": letters with
                // diacritics are folded to ASCII (ß to ss), as in upper-case and ASCII-only spellings.
                flushHanzi()
                run += latin
                continue
            }
            if isDigit || isLetter {
                flushHanzi()
                run.unicodeScalars.append(isLetter ? Unicode.Scalar(value | 0x20)! : folded)
            } else if isHanzi(folded) {
                flushRun()
                hanzi.unicodeScalars.append(folded)
            } else if (value == 0x27 || value == 0x2019), !run.isEmpty, position + 1 < scalars.count,
                      let next = Character(scalars[position + 1]).asciiValue, Character(Unicode.Scalar(next)).isLetter {
                continue // "Jing'an": the apostrophe separates syllables of one name
            } else if value == 0x2F, let last = run.last, last.isNumber, position + 1 < scalars.count,
                      scalars[position + 1] == "F" || scalars[position + 1] == "f" {
                continue // "21/F": a floor
            } else {
                flushRun()
                flushHanzi()
                if value == 0x2C || value == 0x3B || value == 0x0A { tokens.append(Token(kind: .segmentBreak, text: ",")) }
                if value == 0x23 { tokens.append(Token(kind: .word, text: "#")) }
            }
        }
        flushRun()
        flushHanzi()
        return tokens
    }

    /// Latin letters with diacritics (U+00C0–U+024F) in lowercase ASCII, nil for the few that
    /// are not letters (× ÷).
    static let latinFolding: [String?] = (0xC0 ... 0x24F).map { value in
        guard let scalar = Unicode.Scalar(value), Character(scalar).isLetter else { return nil }
        if value == 0xDF || value == 0x1E9E { return "ss" }
        let folded = String(scalar).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .replacingOccurrences(of: "ß", with: "ss").lowercased()
        return folded.unicodeScalars.allSatisfy({ $0.isASCII && Character($0).isLetter }) && !folded.isEmpty ? folded : nil
    }

    /// Street types written as the end of one word ("Friedrichstraße", "Hermannstr.", "Kalverstraat").
    static let streetTypeSuffixes = ["strasse", "gasse", "allee", "platz", "straat", "gatan", "vagen", "str", "weg"]

    /// A run of Latin letters and digits: a word, a number, or a code.
    static func classify(_ run: String) -> [Token] {
        // The run holds ASCII letters and digits only (see ``tokenize(_:)``): bytes suffice.
        let bytes = Array(run.utf8)
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        let digitCount = bytes.reduce(0) { $0 + (isDigit($1) ? 1 : 0) }
        if digitCount == 0 {
            for suffix in streetTypeSuffixes where run.utf8.count >= suffix.utf8.count + 3 && run.hasSuffix(suffix) {
                return [Token(kind: .word, text: String(run.dropLast(suffix.count))), Token(kind: .word, text: "street")]
            }
            return [Token(kind: .word, text: abbreviations[run] ?? run)]
        }
        if digitCount == bytes.count {
            if bytes.count >= 5 { return [] } // a postal code: one spelling has it, another not
            return [Token(kind: .number, text: trimZeros(run))]
        }
        let leadingDigits = bytes.prefix(while: isDigit).count
        if leadingDigits > 0, !bytes[leadingDigits...].contains(where: isDigit) {
            let digits = String(decoding: bytes[..<leadingDigits], as: UTF8.self), rest = String(decoding: bytes[leadingDigits...], as: UTF8.self)
            if rest == "f" { return [Token(kind: .number, text: trimZeros(digits), isFloor: true)] }
            // "37th", "5th": an ordinal belongs to the street name ("W 37th St", "Zhongshan 5th Rd").
            if ["st", "nd", "rd", "th"].contains(rest) { return [Token(kind: .word, text: trimZeros(digits))] }
            return [Token(kind: .code, text: trimZeros(digits) + rest)]
        }
        let leadingLetters = bytes.prefix { !isDigit($0) }.count
        if leadingLetters > 0, bytes[leadingLetters...].allSatisfy(isDigit) {
            let letters = String(decoding: bytes[..<leadingLetters], as: UTF8.self)
            let word = abbreviations[letters] ?? letters
            // "Rm301", "No12": a marker glued to its number.
            if unitMarkers.contains(word) || buildingMarkers.contains(word) || floorMarkers.contains(word) || houseMarkers.contains(word) {
                return [Token(kind: .word, text: word), Token(kind: .number, text: trimZeros(String(decoding: bytes[leadingLetters...], as: UTF8.self)))]
            }
        }
        return [Token(kind: .code, text: run)] // "E1", "6AN", "B2"
    }

    static func trimZeros(_ digits: String) -> String {
        guard digits.utf8.first == 0x30 else { return digits }
        let trimmed = digits.utf8.drop { $0 == 0x30 }
        return trimmed.isEmpty ? "0" : String(decoding: trimmed, as: UTF8.self)
    }

    // MARK: - Numbers and their roles

    /// Gives each number followed by a Chinese marker (号 室 栋 楼 仓…) the marker's role.
    static func markHanziRoles(_ tokens: inout [Token]) {
        for index in tokens.indices where tokens[index].kind == .number && index + 1 < tokens.count && tokens[index + 1].kind == .hanzi {
            let next = tokens[index + 1].text
            for (marker, role) in hanziNumberMarkers where next.hasPrefix(marker) {
                tokens[index].hanziRole = role
                break
            }
        }
    }

    /// Gives each number its role. Evidence, strongest first: a Chinese marker after it (号 室
    /// 栋 楼 仓); a street after it or a street type before it ("12 Xingfu Rd", "Caddesi 69");
    /// a marker word before it ("Rm", "Bldg", "No."); its place (the first unmarked number is the
    /// street number, the next one after it the room: "108号 1113", "3楼305").
    func assignNumbers(_ tokens: [Token], into result: inout NormalizedAddress) {
        // (role, strength, number) candidates; the strongest of each role wins, ties by order.
        var candidates: [(role: Role, strength: Int, text: String)] = []
        for index in tokens.indices {
            let token = tokens[index]
            if token.kind == .code, index > 0, tokens[index - 1].kind == .word, AddressNormalizer.unitMarkers.contains(tokens[index - 1].text) {
                candidates.append((.unit, 3, token.text)) // "Room 3A"
                continue
            }
            guard token.kind == .number else { continue }
            if let role = token.hanziRole { candidates.append((role, 4, token.text)); continue }
            if token.isFloor { candidates.append((.floor, 4, token.text)); continue }
            if AddressNormalizer.streetFollows(tokens, after: index) || AddressNormalizer.streetPrecedes(tokens, before: index) {
                candidates.append((.house, 3, token.text))
                continue
            }
            if index > 0, tokens[index - 1].kind == .word {
                let marker = tokens[index - 1].text
                if AddressNormalizer.unitMarkers.contains(marker) { candidates.append((.unit, 3, token.text)); continue }
                if AddressNormalizer.buildingMarkers.contains(marker) { candidates.append((.building, 3, token.text)); continue }
                if AddressNormalizer.floorMarkers.contains(marker) { candidates.append((.floor, 3, token.text)); continue }
                if AddressNormalizer.houseMarkers.contains(marker) { candidates.append((.house, 2, token.text)); continue }
                if marker == "#" {
                    let hasHouse = candidates.contains { $0.role == .house }
                    candidates.append((hasHouse ? .unit : .house, 2, token.text))
                    continue
                }
            }
            candidates.append((.other, 0, token.text))
        }
        var chosen: [Role: String] = [:]
        var used = [Bool](repeating: false, count: candidates.count)
        for role in [Role.house, .unit, .building, .floor, .lane] {
            var best: Int?
            for (position, candidate) in candidates.enumerated() where candidate.role == role && !used[position] {
                if best == nil || candidate.strength > candidates[best!].strength { best = position }
            }
            if let best { chosen[role] = candidates[best].text; used[best] = true }
        }
        // Unmarked numbers: the first is the street number if none was found, the next the room.
        for (position, candidate) in candidates.enumerated() where !used[position] {
            if candidate.role == .other || candidate.role == .house {
                if chosen[.house] == nil { chosen[.house] = candidate.text; used[position] = true; continue }
                if candidate.role == .other, chosen[.unit] == nil { chosen[.unit] = candidate.text; used[position] = true; continue }
            }
        }
        result.house = chosen[.house]
        result.unit = chosen[.unit]
        result.building = chosen[.building]
        result.floor = chosen[.floor]
        result.lane = chosen[.lane]
        result.otherNumbers = candidates.indices.filter { !used[$0] }.map { candidates[$0].text }
    }

    /// Whether up to four name words and then a street type follow the number ("12 Xingfu Rd",
    /// "2 W 37th St", "167 Cheetham Hill Road").
    static func streetFollows(_ tokens: [Token], after index: Int) -> Bool {
        var position = index + 1
        var names = 0
        while position < tokens.count, tokens[position].kind == .word, names <= 4 {
            let word = tokens[position].text
            if streetTypes.contains(word) { return names > 0 }
            if unitMarkers.contains(word) || buildingMarkers.contains(word) || floorMarkers.contains(word) || houseMarkers.contains(word) { return false }
            names += 1
            position += 1
        }
        return false
    }

    /// Whether a street type, or a leading street type and its name, comes right before the
    /// number ("Osmanbey Caddesi 69", "Al Fahidi Street 1", "Via Filzi 230").
    static func streetPrecedes(_ tokens: [Token], before index: Int) -> Bool {
        guard index > 0, tokens[index - 1].kind == .word else { return false }
        if streetTypes.contains(tokens[index - 1].text) { return true }
        var position = index - 1
        var names = 0
        while position >= 0, tokens[position].kind == .word, names <= 4 {
            if leadingStreetTypes.contains(tokens[position].text) { return names > 0 }
            names += 1
            position -= 1
        }
        return false
    }

    // MARK: - Latin text

    static func isNameWord(_ word: String) -> Bool {
        !stopWords.contains(word) && !unitMarkers.contains(word) && !buildingMarkers.contains(word) && !floorMarkers.contains(word)
            && !houseMarkers.contains(word) && !districtMarkers.contains(word) && !streetTypes.contains(word)
            && !leadingStreetTypes.contains(word) && word != "#"
    }

    /// Street, district and other words from the Latin part of the text.
    func readLatin(_ tokens: [Token], into result: inout NormalizedAddress) {
        var nameWords = Set<Int>() // token positions used by a street or district name
        func nameRun(endingBefore end: Int) -> [Int] {
            var run: [Int] = []
            var position = end - 1
            while position >= 0, tokens[position].kind == .word, AddressNormalizer.isNameWord(tokens[position].text), run.count < 4 {
                run.insert(position, at: 0)
                position -= 1
            }
            return run
        }
        func nameRun(startingAt start: Int) -> [Int] {
            var run: [Int] = []
            var position = start
            while position < tokens.count, tokens[position].kind == .word, AddressNormalizer.isNameWord(tokens[position].text), run.count < 4 {
                run.append(position)
                position += 1
            }
            return run
        }
        func addStreet(_ run: [Int], type: String?, directionAfter: Int?) {
            var names: [String] = []
            var directions = Set<String>()
            for (offset, position) in run.enumerated() {
                let word = tokens[position].text
                if let direction = AddressNormalizer.directions[word] { directions.insert(direction); continue }
                // "Huangshi Xi Lu": a pinyin direction last in a name of two words or more.
                if offset == run.count - 1, offset > 0, let direction = AddressNormalizer.pinyinDirections[word] { directions.insert(direction); continue }
                names.append(word)
            }
            if let directionAfter, directionAfter < tokens.count, tokens[directionAfter].kind == .word,
               let direction = AddressNormalizer.directions[tokens[directionAfter].text] {
                directions.insert(direction)
                nameWords.insert(directionAfter)
            }
            let name = names.joined()
            guard name.count >= 2 else { return }
            result.streets.append(directions.isEmpty ? name : name + "|" + directions.sorted().joined())
            if result.streetScript == .none {
                result.streetScript = .latin
                result.streetText = (run.map { tokens[$0].text } + (type.map { [$0] } ?? [])).joined(separator: " ")
            }
            nameWords.formUnion(run)
        }
        for index in tokens.indices where tokens[index].kind == .word {
            let word = tokens[index].text
            if AddressNormalizer.streetTypes.contains(word) {
                let run = nameRun(endingBefore: index)
                if !run.isEmpty { addStreet(run, type: word, directionAfter: index + 1) }
            } else if AddressNormalizer.leadingStreetTypes.contains(word) {
                let run = nameRun(startingAt: index + 1)
                if !run.isEmpty { addStreet(run, type: nil, directionAfter: nil) }
            } else if AddressNormalizer.districtMarkers.contains(word) {
                let run = nameRun(endingBefore: index)
                let name = run.map { tokens[$0].text }.joined()
                if name.count >= 2 { result.districts.append(name); nameWords.formUnion(run) }
            }
        }
        // No street type: the words next to the street number name the street ("263 Broadway",
        // "Hai Ba Trung 234").
        if result.streets.isEmpty, let house = result.house,
           let index = tokens.firstIndex(where: { $0.kind == .number && $0.text == house && $0.hanziRole == nil }) {
            let after = nameRun(startingAt: index + 1)
            let run = after.isEmpty ? nameRun(endingBefore: index) : after
            if !run.isEmpty { addStreet(run, type: nil, directionAfter: nil) }
        }
        for index in tokens.indices where tokens[index].kind == .word && !nameWords.contains(index) {
            let word = tokens[index].text
            if AddressNormalizer.isNameWord(word), word.count > 1, AddressNormalizer.directions[word] == nil { result.words.append(word) }
        }
    }

    // MARK: - Chinese text

    /// Street, district and other names from the Chinese runs of the text, read as pinyin.
    mutating func readHanzi(_ tokens: [Token], into result: inout NormalizedAddress) {
        for (index, token) in tokens.enumerated() where token.kind == .hanzi {
            var run = Substring(token.text)
            // The marker that gave the number before it its role ("号", "室", "9号仓") is not a name.
            if index > 0, tokens[index - 1].hanziRole != nil {
                for (marker, _) in AddressNormalizer.hanziNumberMarkers where run.hasPrefix(marker) { run = run.dropFirst(marker.count); break }
            }
            readHanziRun(Array(run), into: &result)
        }
    }

    mutating func readHanziRun(_ characters: [Character], into result: inout NormalizedAddress) {
        var start = 0
        // A province ("广东省") and the city ("广州市", "广州") at the start are not names.
        if let province = characters.prefix(5).firstIndex(of: "省") { start = province + 1 }
        // The address's own city, written without 市 ("广州 花都区"); other known cities are
        // read below as districts (昆山市 is a city within 苏州).
        for (name, romanised) in AddressNormalizer.cityNames where romanised == result.city
            && characters.count >= start + name.count && String(characters[start ..< start + name.count]) == name {
            start += name.count
            if start < characters.count, characters[start] == "市" { start += 1 }
            break
        }
        // The street marker: the first 路/街/大道… with a name before it.
        var streetMarker: (start: Int, end: Int)?
        var position = start + 1
        while position < characters.count, streetMarker == nil {
            if AddressNormalizer.marker([Array("街道")], in: characters, at: position) != nil { position += 2; continue }
            if let marker = AddressNormalizer.marker(AddressNormalizer.hanziStreetMarkerCharacters, in: characters, at: position),
               !(marker == ["道"] && (characters[position - 1] == "大" || characters[position - 1] == "街")),
               // 厚街镇, 道滘镇: a town whose name ends in 街 or 道, not a street.
               AddressNormalizer.marker(AddressNormalizer.hanziAdminMarkerCharacters, in: characters, at: position + marker.count) == nil {
                streetMarker = (position, position + marker.count)
            }
            position += 1
        }
        let nameEnd = streetMarker?.start ?? characters.count
        // Cities and districts: what comes before an administrative marker, as long as a street
        // name of two characters remains after it ("旺角环市路" is the street 环市, not a city 旺角环).
        var cut = start
        var position2 = start + 1
        while position2 < nameEnd {
            if let marker = AddressNormalizer.marker(AddressNormalizer.hanziAdminMarkerCharacters, in: characters, at: position2, before: nameEnd) {
                let after = position2 + marker.count
                let remaining = nameEnd - after
                if remaining >= (streetMarker == nil ? 0 : 2) {
                    let name = String(characters[cut ..< position2])
                    let names = name.isEmpty ? [] : readings(name)
                    if marker == ["市"], result.city.isEmpty, cut == start, !name.isEmpty {
                        result.city = placeReading(name) // no city column: the text's city
                    } else if !names.contains(result.city) {
                        result.districts.append(contentsOf: names)
                    }
                    cut = after
                    position2 = after + 1
                    continue
                }
            }
            position2 += 1
        }
        var name = Array(characters[cut ..< nameEnd])
        if let marker = streetMarker {
            var direction: String?
            if name.count >= 3, let last = name.last, let letter = AddressNormalizer.hanziDirections[last] { direction = letter; name.removeLast() }
            if direction == nil, marker.end < characters.count, let letter = AddressNormalizer.hanziDirections[characters[marker.end]] {
                direction = letter
            }
            var ordinal = ""
            if name.count >= 3, let last = name.last, let digit = AddressNormalizer.hanziNumerals[last] { ordinal = digit; name.removeLast() }
            // The street name is the last two to four characters: what precedes them may be an
            // area written without a marker (招商城黄石西路 is 黄石西路 in 招商城).
            var keys: [String] = []
            if name.count >= 2 {
                for length in 2 ... min(4, name.count) {
                    for reading in readings(String(name.suffix(length))) {
                        keys.append(reading + ordinal + (direction.map { "|" + $0 } ?? ""))
                    }
                }
            }
            if !keys.isEmpty {
                result.streets.append(contentsOf: keys)
                if result.streetScript != .latin {
                    result.streetScript = .hanzi
                    result.streetText = String(characters[(cut + max(0, name.count - 4)) ..< marker.end])
                }
                if name.count > 4 { result.hanziWords.append(contentsOf: readings(String(name.prefix(name.count - 4)))) }
            }
            let afterDirection = marker.end < characters.count && AddressNormalizer.hanziDirections[characters[marker.end]] != nil
            let tail = marker.end + (afterDirection && direction != nil ? 1 : 0)
            if tail < characters.count { result.hanziWords.append(contentsOf: readings(String(characters[tail...]))) }
        } else if !name.isEmpty {
            result.hanziWords.append(contentsOf: readings(String(name)))
        }
    }

    static let hanziStreetMarkerCharacters = hanziStreetMarkers.map(Array.init)
    static let hanziAdminMarkerCharacters = hanziAdminMarkers.map(Array.init)

    /// The first of `markers` written at `position` of `characters` (and ending before `end`).
    static func marker(_ markers: [[Character]], in characters: [Character], at position: Int, before end: Int? = nil) -> [Character]? {
        let limit = end ?? characters.count
        search: for marker in markers where position + marker.count <= limit {
            for offset in marker.indices where characters[position + offset] != marker[offset] { continue search }
            return marker
        }
        return nil
    }

    /// Every place-name reading of a run of characters.
    mutating func readings(_ hanzi: String) -> [String] { pinyin.readings(of: hanzi) }

    /// One reading: the place-name reading of each polyphone (长 chang, 厦 xia), ICU's otherwise.
    mutating func placeReading(_ hanzi: String) -> String {
        var reading = ""
        for character in hanzi {
            if let options = Pinyin.placeNameReadings[character] { reading += options[0] }
            else { reading += pinyin.readings(of: String(character)).first ?? "" }
        }
        return reading.isEmpty ? hanzi : reading
    }
}

import Foundation
