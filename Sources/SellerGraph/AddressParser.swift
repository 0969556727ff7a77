import Foundation

/// Reads addresses into ``ParsedAddress``: labelled parts for Latin and Chinese text, the way a
/// postal parser such as libpostal labels them (house number, road, unit, level, postcode,
/// city…), with rules instead of a trained model.
///
/// - Case, full-width forms and diacritics are folded; abbreviations expanded (Rd, Rm, Dist.,
///   Bldg, Blk, Whse, Pl, Cres…); Chinese numerals before a marker become digits (一单元 → unit 1).
/// - Every number gets a role from its marker or its place: street number ("No. 12", "12号",
///   "12 Xingfu Rd", "Caddesi 69", "30A George St", "7-11 Hope St"), room ("Rm 301", "301室",
///   "#01-24"), building ("Bldg 11", "11栋", "3幢", "Blk 24"), unit (`2单元`), floor ("21楼",
///   "21F"), lane (`455弄`), box ("PO Box 12", `12号柜`).
/// - Postal codes are kept: five or six digits ("510000", "90021", "018983"), British and
///   Canadian codes ("EH6 6RA", "M5B 2C1").
/// - Streets, compounds (东泰花园, 近铁城市广场, "Fortune Centre") and districts are names with a
///   marker; Chinese names are read as pinyin (``Pinyin``), so 幸福路 = "Xingfu Road".
///
/// A value with caches (pinyin readings, cities): parse many addresses with one parser. Text
/// longer than ``maximumScalars`` is read up to that length (and the cut is reported).
public struct AddressParser {
    /// Text beyond this many Unicode scalars is not read: no real address is longer, and a
    /// bounded read keeps a hostile 10,000-character row cheap.
    public static let maximumScalars = 400

    /// Abbreviations on parcels and registrations, and their full words.
    public static let abbreviations: [String: String] = [
        "rd": "road", "st": "street", "str": "street", "ave": "avenue", "av": "avenue", "blvd": "boulevard",
        "bldg": "building", "bld": "building", "blk": "block", "rm": "room", "fl": "floor", "flr": "floor", "lvl": "floor",
        "level": "floor", "dist": "district", "apt": "apartment", "ste": "suite", "hwy": "highway", "ind": "industrial",
        "ctr": "center", "centre": "center", "twr": "tower", "sq": "square", "ln": "lane", "dr": "drive",
        "wh": "warehouse", "whse": "warehouse", "nr": "no", "num": "no", "number": "no", "subdist": "subdistrict",
        "north": "n", "south": "s", "east": "e", "west": "w", "cen": "central", "mid": "central", "middle": "central",
        "rooms": "room", "flat": "room", "shop": "room", "stall": "room", "booth": "room", "unit": "room", "lot": "room",
        "pl": "place", "cres": "crescent", "ter": "terrace", "terr": "terrace", "ct": "court", "pkwy": "parkway",
        "expy": "expressway", "cir": "circle", "gdns": "gardens", "gdn": "garden", "apts": "apartments", "mtr": "",
        "centres": "center", "centers": "center", "towers": "tower",
    ]

    /// Words that say "street" after the name ("Xingfu Road", "Osmanbey Caddesi", "Shore Place").
    public static let streetTypes: Set<String> = [
        "road", "street", "avenue", "lane", "boulevard", "highway", "drive", "way", "lu", "jie", "dadao",
        "caddesi", "cadde", "sokak", "sokagi", "yokusu", "bulvari", "strasse", "weg", "gasse", "place", "crescent",
        "terrace", "close", "row", "walk", "parade", "quay", "circus", "grove", "mews", "wynd", "square", "circle",
        "parkway", "expressway", "alley", "hutong",
    ]
    /// Street suffixes of the USPS standard (Publication 28, appendix C1) and Canada Post's list
    /// that are also ordinary name words ("Ferry Road", "Ridge Avenue", "Mill Street"), with their
    /// standard abbreviations: such a word says "street" only when it ends the name, with no other
    /// street type after it ("Williams Ferry, 191", "6341 Camacho Fld"); otherwise it is part of
    /// the name.
    public static let minorStreetTypes: [String: String] = {
        let full = ["bend", "bluff", "bluffs", "bottom", "branch", "bridge", "brook", "burg", "bypass", "camp", "canyon", "cape",
                    "causeway", "cliff", "cliffs", "common", "corner", "corners", "course", "court", "courts", "cove", "creek",
                    "crossing", "curve", "dale", "divide", "extension", "falls", "ferry", "field", "fields", "flat", "flats",
                    "ford", "forest", "forge", "fork", "fort", "freeway", "gateway", "glen", "green", "harbor", "harbour", "haven",
                    "heights", "hill", "hills", "hollow", "island", "junction", "junctions", "key", "knoll", "lake", "lakes",
                    "landing", "light", "lights", "loaf", "lock", "locks", "lodge", "loop", "manor", "meadow", "meadows", "mill",
                    "mills", "motorway", "mount", "mountain", "orchard", "pass", "path", "pike", "pine", "pines", "plain",
                    "plains", "point", "points", "port", "prairie", "ranch", "rapid", "rapids", "ridge", "river", "route", "run",
                    "shoal", "shoals", "shore", "shores", "spring", "springs", "spur", "station", "stravenue", "stream", "summit",
                    "trace", "track", "trafficway", "trail", "tunnel", "turnpike", "valley", "views", "view", "ville",
                    "vista", "wells", "well", "heath", "gate", "rise", "vale", "chase", "drove", "dam"]
        var table = Dictionary(full.map { ($0, $0) }, uniquingKeysWith: { a, _ in a })
        let abbreviated = [
            "bnd": "bend", "blf": "bluff", "btm": "bottom", "br": "branch", "brg": "bridge", "brk": "brook", "bg": "burg",
            "byp": "bypass", "cp": "camp", "cyn": "canyon", "cpe": "cape", "cswy": "causeway", "clf": "cliff", "cmn": "common",
            "cor": "corner", "crse": "course", "cts": "courts", "cv": "cove", "crk": "creek", "xing": "crossing", "curv": "curve",
            "dl": "dale", "dv": "divide", "ext": "extension", "fls": "falls", "fry": "ferry", "fld": "field", "flds": "fields",
            "flt": "flat", "flts": "flats", "frd": "ford", "frst": "forest", "frg": "forge", "frk": "fork", "ft": "fort",
            "fwy": "freeway", "gtwy": "gateway", "gln": "glen", "grn": "green", "hbr": "harbor", "hvn": "haven", "hts": "heights",
            "hl": "hill", "hls": "hills", "holw": "hollow", "jct": "junction", "jcts": "junctions", "ky": "key", "knl": "knoll",
            "lk": "lake", "lks": "lakes", "lndg": "landing", "lgt": "light", "lgts": "lights", "lf": "loaf", "lck": "lock",
            "lcks": "locks", "ldg": "lodge", "mnr": "manor", "mdw": "meadow", "mdws": "meadows", "ml": "mill", "mls": "mills",
            "mtwy": "motorway", "mt": "mount", "mtn": "mountain", "orch": "orchard", "pne": "pine", "pnes": "pines",
            "pln": "plain", "plns": "plains", "pt": "point", "pts": "points", "prt": "port", "rnch": "ranch", "rpd": "rapid",
            "rpds": "rapids", "rdg": "ridge", "riv": "river", "rte": "route", "shl": "shoal", "shls": "shoals", "shr": "shore",
            "shrs": "shores", "spg": "spring", "spgs": "springs", "sta": "station", "stra": "stravenue", "strm": "stream",
            "smt": "summit", "trce": "trace", "trak": "track", "trfy": "trafficway", "trl": "trail", "tunl": "tunnel",
            "tpke": "turnpike", "vly": "valley", "vw": "view", "vws": "views", "vl": "ville", "vis": "vista", "wl": "well",
            "wls": "wells", "aly": "alley", "dm": "dam", "frwy": "freeway", "pky": "parkway",
            // Plural suffixes of the USPS list.
            "rds": "roads", "drs": "drives", "sqs": "squares", "sts": "streets", "vlys": "valleys", "hbrs": "harbors",
            "rdgs": "ridges", "iss": "islands", "xrds": "crossroads", "aves": "avenues", "lns": "lanes", "blvds": "boulevards",
        ]
        for plural in ["roads", "drives", "squares", "streets", "valleys", "harbors", "ridges", "islands", "crossroads", "avenues",
                       "lanes", "boulevards", "highways", "terraces", "places", "circles", "ways", "walks", "trails", "parkways"] {
            table[plural] = plural
        }
        for (abbreviation, word) in abbreviated { table[abbreviation] = word }
        // A compound's kind ("Zijin Village", "Fortune Gardens") is read as a compound, not a street.
        return table.filter { compoundTypes[$0.value] == nil }
    }()
    /// Words that say "street" before the name ("Via Filzi", "Rue de Rivoli").
    public static let leadingStreetTypes: Set<String> = ["via", "viale", "rue", "calle", "avenida", "rua", "corso", "piazza"]
    /// Words after a district's name ("Baiyun District", "Xiaolan Town").
    public static let districtMarkers: Set<String> = ["district", "subdistrict", "town", "county", "qu", "zhen", "jiedao", "xian"]
    /// Words after a compound's name, and the kind they say ("Dongtai Garden", "Fortune Centre",
    /// "Dongtai Huayuan"): pinyin and English words of one kind share it, as do the characters
    /// (花园, 苑…) in ``hanziCompoundMarkers``.
    public static let compoundTypes: [String: String] = [
        "garden": "garden", "gardens": "garden", "huayuan": "garden", "plaza": "plaza", "guangchang": "plaza", "mall": "mall",
        "estate": "estate", "xiaoqu": "estate", "complex": "complex", "residences": "residence", "residence": "residence",
        "mansion": "building", "mansions": "building", "dasha": "building", "apartments": "apartments", "gongyu": "apartments",
        "village": "village", "xincun": "village", "center": "center", "zhongxin": "center", "tower": "tower",
        "jiayuan": "home", "yuan": "yuan", "park": "park", "yuanqu": "park", "chang": "market", "market": "market", "shichang": "market",
    ]
    /// Words before a room-like number, a building number, a floor, a street number.
    static let roomMarkers: Set<String> = ["room", "suite", "apartment", "warehouse", "center", "dock", "bay"]
    static let buildingMarkers: Set<String> = ["building", "block", "tower"]
    static let floorMarkers: Set<String> = ["floor"]
    static let houseMarkers: Set<String> = ["no"]
    static let boxMarkers: Set<String> = ["box", "locker", "pobox"]
    /// Directions, written out or as pinyin, to their letter (`c` for central, 中).
    static let directions: [String: String] = ["n": "n", "s": "s", "e": "e", "w": "w", "central": "c"]
    static let pinyinDirections: [String: String] = ["bei": "n", "nan": "s", "dong": "e", "xi": "w", "zhong": "c"]
    static let hanziDirections: [Character: String] = ["北": "n", "南": "s", "东": "e", "西": "w", "中": "c"]
    static let hanziNumerals: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]

    /// Words that carry no place: numbering words, provinces' short forms, connectives.
    public static let stopWords: Set<String> = [
        "no", "the", "of", "and", "province", "city", "sar", "new", "area", "de", "near", "opposite", "next", "to",
        "gd", "zj", "fj", "js", "sd", "sc", "bj", "sh", "tj", "cq", "p", "o",
    ]
    /// Countries, written out or as codes, to the ISO code.
    public static let countries: [String: String] = [
        "china": "CN", "cn": "CN", "prc": "CN", "pr": "CN", "hk": "HK", "hongkong": "HK", "us": "US", "usa": "US",
        "gb": "GB", "uk": "GB", "canada": "CA", "ca": "CA", "singapore": "SG", "sg": "SG", "tr": "TR", "turkey": "TR",
        "vn": "VN", "vietnam": "VN", "th": "TH", "thailand": "TH", "ae": "AE", "uae": "AE", "fr": "FR", "france": "FR",
        "it": "IT", "italy": "IT", "es": "ES", "spain": "ES", "jp": "JP", "japan": "JP", "kr": "KR", "my": "MY",
        "malaysia": "MY", "ph": "PH", "nl": "NL", "de": "DE", "germany": "DE", "scotland": "GB", "england": "GB",
        "中国": "CN", "香港": "HK",
    ]
    /// Provinces and states written in Latin letters.
    public static let provinces: Set<String> = [
        "guangdong", "zhejiang", "fujian", "jiangsu", "shandong", "sichuan", "hubei", "hunan", "henan", "hebei", "anhui",
        "jiangxi", "guangxi", "yunnan", "liaoning", "shaanxi", "shanxi", "guizhou", "hainan", "jilin", "heilongjiang",
        "ontario", "on", "pa", "pennsylvania", "california", "ny", "quebec", "qc",
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
    /// Romanised city names, so that a district run does not swallow the city before it
    /// ("Putian Jinjiang Dist." is Jinjiang district of Putian).
    static let romanisedCities: Set<String> = Set(cityNames.values.map { $0.replacingOccurrences(of: " ", with: "") })

    /// Chinese markers after a number and the role they give it, longest first ("9号仓" is a
    /// warehouse, "12号" a street number, "3楼" a floor, "2单元" a unit).
    static let hanziNumberMarkers: [(String, Role)] = [
        ("号自提柜", .box), ("号快递柜", .box), ("号柜", .box), ("号仓", .room), ("号库", .room), ("号铺", .room), ("号档", .room),
        ("号房", .room), ("号楼", .building), ("号栋", .building), ("号幢", .building), ("号院", .house), ("号", .house),
        ("单元", .unit), ("室", .room), ("房", .room), ("户", .room), ("仓", .room), ("铺", .room), ("栋", .building), ("幢", .building),
        ("座", .building), ("楼", .floor), ("层", .floor), ("弄", .lane), ("巷", .lane), ("期", .other), ("排", .other),
    ]
    /// Markers a Chinese numeral may stand before (一单元, 三楼, 二号楼).
    static let numeralMarkers: [[Character]] = ["单元", "楼", "层", "号", "栋", "幢", "座", "室", "期", "弄", "排"].map(Array.init)
    /// Chinese street markers, longest first; 街道 (a subdistrict) is not one.
    static let hanziStreetMarkers = ["大道", "大街", "胡同", "公路", "路", "街", "道", "巷"]
    /// Chinese administrative markers, longest first: what precedes one is a city or district.
    static let hanziAdminMarkers = ["自治区", "新区", "开发区", "街道", "区", "县", "镇", "乡", "市", "旗"]
    /// Chinese compound markers, longest first, and their kind (东泰花园, 合丰小区, 紫金府, 近铁城市广场).
    static let hanziCompoundMarkers: [(String, String)] = [
        ("工业园区", "park"), ("物流园区", "park"), ("工业园", "park"), ("产业园", "park"), ("科技园", "park"), ("物流园", "park"),
        ("创业园", "park"), ("工业区", "park"), ("花园", "garden"), ("小区", "estate"), ("家园", "home"), ("新村", "village"),
        ("公寓", "apartments"), ("大厦", "building"), ("广场", "plaza"), ("中心", "center"), ("山庄", "estate"), ("别墅", "estate"),
        ("商城", "market"), ("市场", "market"), ("大楼", "building"), ("社区", "estate"), ("苑", "yuan"), ("园", "yuan"),
        ("城", "cheng"), ("府", "fu"), ("庭", "ting"), ("居", "ju"), ("阁", "ge"), ("湾", "wan"), ("坊", "fang"), ("村", "village"),
        ("院", "yuan"), ("厦", "building"),
    ]
    /// Parcel lockers and pick-up points written in Chinese.
    static let hanziBoxes = ["自提柜", "快递柜", "智能柜", "丰巢", "菜鸟驿站", "驿站", "自提点"]

    enum Role: Sendable { case house, room, building, unit, floor, lane, box, other }

    private var pinyin = Pinyin()
    private var cities: [String: String] = [:]

    public init() {}

    /// The pinyin reader, with the names it has cached.
    public var pinyinCache: Pinyin { pinyin }

    /// Parses one address.
    /// - Parameters:
    ///   - text: the address as written.
    ///   - city: the dataset's `city` column ("" when unknown).
    public mutating func parse(text: String, city: String) -> ParsedAddress {
        var result = ParsedAddress()
        result.city = normalizeCity(city)
        var tokens = AddressParser.tokenize(text, unread: &result.unread)
        AddressParser.splitHanziNumerals(&tokens)
        AddressParser.markHanziRoles(&tokens)
        AddressParser.markPostcodes(&tokens)
        AddressParser.markStreetOrdinals(&tokens)
        AddressParser.joinNumberLists(&tokens)
        assignNumbers(tokens, into: &result)
        readLatin(tokens, into: &result)
        readHanzi(tokens, into: &result)
        let cityWords = Set(result.city.split(separator: " ").map(String.init) + [result.city.replacingOccurrences(of: " ", with: "")])
        let districtKeys = Set(result.district.keys)
        result.words = Array(Set(result.words).subtracting(cityWords).subtracting(districtKeys)).sorted()
        result.hanziWords = Array(Set(result.hanziWords).subtracting(cityWords).subtracting(districtKeys)).sorted()
        result.district.keys = Array(Set(result.district.keys).subtracting(cityWords)).sorted()
        result.street.keys = Array(Set(result.street.keys)).sorted()
        result.compound.keys = Array(Set(result.compound.keys)).sorted()
        result.compound.coreKeys = Array(Set(result.compound.coreKeys)).sorted()
        if !result.locates && result.unread.isEmpty {
            result.unread.append(text.isEmpty ? "empty text" : "no street number, room, building, compound or box found")
        }
        return result
    }

    /// Parses one address with a throwaway cache (tests, single use).
    public static func parse(text: String, city: String) -> ParsedAddress {
        var parser = AddressParser()
        return parser.parse(text: text, city: city)
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
        var name = String(city.unicodeScalars.prefix(60)).trimmingCharacters(in: .whitespaces).lowercased()
        if name.hasSuffix("市") { name.removeLast() }
        if let known = AddressParser.cityNames[name] { return known }
        if name.hasSuffix(" city") { name.removeLast(5) }
        if name.unicodeScalars.contains(where: AddressParser.isHanzi) { return placeReading(name) }
        return name
    }

    // MARK: - Tokens

    enum TokenKind: Equatable { case word, number, code, hanzi, segmentBreak, postcode }

    struct Token {
        var kind: TokenKind
        var text: String
        /// For numbers written "21F" or "21/F": a floor.
        var isFloor = false
        /// For numbers: the role read from the Chinese marker right after it.
        var hanziRole: Role?
        /// For words: the word as written when an abbreviation was expanded ("unit" read as room).
        var raw = ""
        /// A number that is part of the street's name ("Simei Street 3", "Tuas Ave 11").
        var isStreetOrdinal = false
    }

    static func isHanzi(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00 ... 0x9FFF).contains(scalar.value) || (0x3400 ... 0x4DBF).contains(scalar.value)
    }

    /// Splits text into Latin words (lowercased, abbreviations expanded), numbers (leading zeros
    /// dropped; "30a", "7-11"), postcodes, letter–digit codes ("E1", "B2"), runs of Chinese
    /// characters, and segment breaks (commas, semicolons). Full-width forms are folded to ASCII;
    /// an apostrophe inside a word is dropped ("Jing'an" → "jingan"). Scalars that are none of
    /// these (emoji, symbols) are dropped and reported in `unread`.
    static func tokenize(_ text: String, unread: inout [String]) -> [Token] {
        var tokens: [Token] = []
        var run = ""          // Latin letters and digits
        var hanzi = ""
        var dropped = 0
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
        var scalars = Array(text.unicodeScalars)
        if scalars.count > maximumScalars {
            unread.append("text cut at \(maximumScalars) of \(scalars.count) characters")
            scalars.removeSubrange(maximumScalars...)
        }
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
            let next: Unicode.Scalar? = position + 1 < scalars.count ? scalars[position + 1] : nil
            let nextIsDigit = next.map { ($0.value >= 0x30 && $0.value <= 0x39) || ($0.value >= 0xFF10 && $0.value <= 0xFF19) } ?? false
            if isDigit || isLetter {
                flushHanzi()
                run.unicodeScalars.append(isLetter ? Unicode.Scalar(value | 0x20)! : folded)
            } else if isHanzi(folded) {
                flushRun()
                hanzi.unicodeScalars.append(folded)
            } else if (value == 0x27 || value == 0x2019), !run.isEmpty, let next, next.properties.isAlphabetic, next.isASCII {
                continue // "Jing'an": the apostrophe separates syllables of one name
            } else if value == 0x2F, let last = run.last, last.isNumber, let next, next == "F" || next == "f" {
                continue // "21/F": a floor
            } else if (value == 0x2D || value == 0x2013 || value == 0x2F), let last = run.last, last.isNumber, nextIsDigit, !run.contains("-") {
                run.append("-") // "7-11", "1390-1396", "5-1号", "01-24": one number
            } else {
                flushRun()
                flushHanzi()
                if value == 0x2C || value == 0x3B || value == 0x0A || value == 0xFF0C { tokens.append(Token(kind: .segmentBreak, text: ",")) }
                if value == 0x23 { tokens.append(Token(kind: .word, text: "#")) }
                let punctuation = value < 0x80 || (0x2000 ... 0x206F).contains(value) || (0x3000 ... 0x303F).contains(value)
                    || (0xFF00 ... 0xFFEF).contains(value)
                if !punctuation && !scalar.properties.isWhitespace { dropped += 1 }
            }
        }
        flushRun()
        flushHanzi()
        if dropped > 0 { unread.append("\(dropped) character\(dropped == 1 ? "" : "s") that are neither letters, digits nor Chinese (symbols, emoji) ignored") }
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

    /// A run of Latin letters, digits and inner hyphens: a word, a number, a postcode or a code.
    static func classify(_ run: String) -> [Token] {
        // The run holds ASCII letters, digits and at most one hyphen (see ``tokenize(_:unread:)``).
        let bytes = Array(run.utf8)
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        let digitCount = bytes.reduce(0) { $0 + (isDigit($1) ? 1 : 0) }
        if digitCount == 0 {
            for suffix in streetTypeSuffixes where run.utf8.count >= suffix.utf8.count + 3 && run.hasSuffix(suffix) {
                return [Token(kind: .word, text: String(run.dropLast(suffix.count))), Token(kind: .word, text: "street")]
            }
            guard let word = abbreviations[run] ?? minorStreetTypes[run] else { return [Token(kind: .word, text: run)] }
            return word.isEmpty ? [] : [Token(kind: .word, text: word, raw: run)]
        }
        if let hyphen = bytes.firstIndex(of: 0x2D) {
            let head = String(decoding: bytes[..<hyphen], as: UTF8.self)
            // "90021-1234": a ZIP+4 code; "7-11", "5-1", "01-24": one number.
            if head.utf8.count >= 5, head.utf8.allSatisfy(isDigit) { return [Token(kind: .postcode, text: head)] }
            let tail = String(decoding: bytes[(hyphen + 1)...], as: UTF8.self)
            if tail.utf8.allSatisfy(isDigit), head.utf8.allSatisfy(isDigit) || StreetNumber(head) != nil {
                // "01-04 Clarke Quay": a floor written with its leading zero and a unit is a unit
                // (Singapore's #01-04 without the #), not a range of street numbers.
                if head.utf8.count == 2, head.utf8.first == 0x30, head.utf8.allSatisfy(isDigit) {
                    return [Token(kind: .word, text: "#"), Token(kind: .number, text: trimZeros(head) + "-" + tail)]
                }
                return [Token(kind: .number, text: trimZeros(head) + "-" + tail)]
            }
            return classify(head) + classify(tail)
        }
        if digitCount == bytes.count {
            if bytes.count == 5 || bytes.count == 6 { return [Token(kind: .postcode, text: run)] }
            if bytes.count > 6 { return [Token(kind: .code, text: run)] } // a phone or an order number, not a place
            return [Token(kind: .number, text: trimZeros(run))]
        }
        if let code = britishOrCanadianPostcode(run) { return [Token(kind: .postcode, text: code)] }
        let leadingDigits = bytes.prefix(while: isDigit).count
        if leadingDigits > 0, !bytes[leadingDigits...].contains(where: isDigit) {
            let digits = trimZeros(String(decoding: bytes[..<leadingDigits], as: UTF8.self)), rest = String(decoding: bytes[leadingDigits...], as: UTF8.self)
            if rest == "f" { return [Token(kind: .number, text: digits, isFloor: true)] }
            // "37th", "5th": an ordinal belongs to the street name ("W 37th St", "Zhongshan 5th Rd").
            if ["st", "nd", "rd", "th"].contains(rest) { return [Token(kind: .word, text: digits)] }
            // "30A", "12b": a street number (or room) with a letter.
            if rest.utf8.count == 1, leadingDigits <= 5 { return [Token(kind: .number, text: digits + rest)] }
            return [Token(kind: .code, text: digits + rest)]
        }
        let leadingLetters = bytes.prefix { !isDigit($0) }.count
        if leadingLetters > 0, bytes[leadingLetters...].allSatisfy(isDigit) {
            let letters = String(decoding: bytes[..<leadingLetters], as: UTF8.self)
            let word = abbreviations[letters] ?? letters
            // "Rm301", "No12": a marker glued to its number.
            if roomMarkers.contains(word) || buildingMarkers.contains(word) || floorMarkers.contains(word) || houseMarkers.contains(word)
                || boxMarkers.contains(word) {
                return [Token(kind: .word, text: word), Token(kind: .number, text: trimZeros(String(decoding: bytes[leadingLetters...], as: UTF8.self)))]
            }
        }
        return [Token(kind: .code, text: run)] // "E1", "6AN", "B2"
    }

    /// A British ("EH66RA", "E16AN") or Canadian ("M5B2C1") postcode written as one word, in
    /// capitals; nil otherwise.
    static func britishOrCanadianPostcode(_ word: String) -> String? {
        let bytes = Array(word.uppercased().utf8)
        guard bytes.count >= 5, bytes.count <= 7 else { return nil }
        let letter = { (b: UInt8) in b >= 0x41 && b <= 0x5A }, digit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        // Canadian: A9A9A9.
        if bytes.count == 6, letter(bytes[0]), digit(bytes[1]), letter(bytes[2]), digit(bytes[3]), letter(bytes[4]), digit(bytes[5]) {
            return String(decoding: bytes, as: UTF8.self)
        }
        // British: outward (A9, A99, AA9, AA99, A9A, AA9A) then inward (9AA).
        let inward = bytes.suffix(3)
        guard digit(inward[inward.startIndex]), letter(inward[inward.startIndex + 1]), letter(inward[inward.startIndex + 2]) else { return nil }
        return isBritishOutward(Array(bytes.dropLast(3))) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// Whether a postcode token is Canadian (A9A9A9).
    static func isCanadianPostcode(_ code: String) -> Bool {
        let bytes = Array(code.uppercased().utf8)
        guard bytes.count == 6 else { return false }
        return bytes.enumerated().allSatisfy { offset, byte in
            offset % 2 == 0 ? (byte >= 0x41 && byte <= 0x5A) : (byte >= 0x30 && byte <= 0x39)
        }
    }

    static func isBritishOutward(_ bytes: [UInt8]) -> Bool {
        let letter = { (b: UInt8) in b >= 0x41 && b <= 0x5A }, digit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        guard (2 ... 4).contains(bytes.count), letter(bytes[0]) else { return false }
        let rest = bytes.dropFirst().drop(while: letter)
        guard bytes.count - rest.count <= 2, let first = rest.first, digit(first) else { return false }
        return rest.dropFirst().allSatisfy { digit($0) || letter($0) } && rest.count <= 2
    }

    /// Joins a postcode written in two words ("EH6 6RA", "M5B 2C1") into one token.
    static func markPostcodes(_ tokens: inout [Token]) {
        var index = 0
        while index + 1 < tokens.count {
            let first = tokens[index], second = tokens[index + 1]
            if [.code, .word, .number].contains(first.kind), [.code, .number].contains(second.kind),
               first.text.utf8.count <= 4, second.text.utf8.count == 3 {
                if let code = britishOrCanadianPostcode(first.text + second.text) {
                    tokens[index] = Token(kind: .postcode, text: code)
                    tokens.remove(at: index + 1)
                }
            }
            index += 1
        }
    }

    /// Joins a street number written as a list ("East Carson Street, 1314, 1316": the house
    /// spans two numbers) into a range, when the second follows the first closely (2 to 20 on)
    /// and ends the list.
    static func joinNumberLists(_ tokens: inout [Token]) {
        var index = 0
        while index + 2 < tokens.count {
            let first = tokens[index], second = tokens[index + 2]
            if first.kind == .number, first.hanziRole == nil, tokens[index + 1].kind == .segmentBreak, second.kind == .number, second.hanziRole == nil,
               let a = Int(first.text), let b = Int(second.text), b > a, b - a <= 20,
               index + 3 == tokens.count || tokens[index + 3].kind == .segmentBreak || tokens[index + 3].kind == .postcode,
               index == 0 || tokens[index - 1].kind != .word || !roomMarkers.contains(tokens[index - 1].text) {
                tokens[index].text = first.text + "-" + second.text
                tokens.removeSubrange((index + 1) ... (index + 2))
            }
            index += 1
        }
    }

    /// A number right after a street type, when the address has another plain number for the
    /// house, is part of the street's name: "11 Simei St. 3", "Simei Street 3, 23" (Singapore's
    /// numbered streets, "Tuas Avenue 11"). Alone it stays the house number ("Al Fahidi Street 1",
    /// "Via Filzi 230").
    static func markStreetOrdinals(_ tokens: inout [Token]) {
        func isPlainNumber(_ index: Int) -> Bool {
            let token = tokens[index]
            guard token.kind == .number, token.hanziRole == nil, !token.isFloor else { return false }
            guard index > 0, tokens[index - 1].kind == .word else { return true }
            let marker = tokens[index - 1].text
            return !(roomMarkers.contains(marker) || buildingMarkers.contains(marker) || floorMarkers.contains(marker)
                || boxMarkers.contains(marker) || marker == "#" || marker == "lane")
        }
        let plain = tokens.indices.filter(isPlainNumber)
        guard plain.count >= 2 else { return }
        for index in plain where index > 0 && !tokens[index].text.contains("-") {
            let previous = tokens[index - 1]
            guard previous.kind == .word, streetTypes.contains(previous.text) || minorStreetTypes[previous.text] != nil,
                  index < 2 || tokens[index - 2].kind == .word else { continue }
            guard tokens[index].text.utf8.count <= 3 else { continue }
            tokens[index].kind = .word
            tokens[index].isStreetOrdinal = true
        }
    }

    static func trimZeros(_ digits: String) -> String {
        guard digits.utf8.first == 0x30 else { return digits }
        let trimmed = digits.utf8.drop { $0 == 0x30 }
        return trimmed.isEmpty ? "0" : String(decoding: trimmed, as: UTF8.self)
    }

    // MARK: - Chinese numerals

    /// Turns Chinese numerals right before a number marker into digits: 一单元 → 1 单元,
    /// 二十一楼 → 21 楼, 三号楼 → 3 号楼. Numerals elsewhere (五一路, 十里河) are names.
    static func splitHanziNumerals(_ tokens: inout [Token]) {
        guard tokens.contains(where: { $0.kind == .hanzi && $0.text.contains(where: { hanziNumerals[$0] != nil || $0 == "十" || $0 == "百" }) }) else { return }
        var result: [Token] = []
        for token in tokens {
            guard token.kind == .hanzi else { result.append(token); continue }
            let characters = Array(token.text)
            var start = 0, position = 0
            while position < characters.count {
                var end = position
                while end < characters.count, hanziNumerals[characters[end]] != nil || characters[end] == "十" || characters[end] == "百" { end += 1 }
                if end > position, end - position <= 4, marker(numeralMarkers, in: characters, at: end) != nil,
                   let value = numeralValue(characters[position ..< end]), value > 0 {
                    if position > start { result.append(Token(kind: .hanzi, text: String(characters[start ..< position]))) }
                    result.append(Token(kind: .number, text: String(value)))
                    start = end
                    position = end
                } else {
                    position = max(end, position + 1)
                }
            }
            if start < characters.count { result.append(Token(kind: .hanzi, text: String(characters[start...]))) }
        }
        tokens = result
    }

    /// 一 1, 十二 12, 二十 20, 三百零五 305; nil for what is not a numeral.
    static func numeralValue(_ characters: ArraySlice<Character>) -> Int? {
        var total = 0, current = 0
        for character in characters {
            if let digit = hanziNumerals[character] { current = current * 10 + digit; continue }
            if character == "十" { total += max(current, 1) * 10; current = 0; continue }
            if character == "百" { total += max(current, 1) * 100; current = 0; continue }
            return nil
        }
        return total + current
    }

    // MARK: - Numbers and their roles

    /// Gives each number followed by a Chinese marker (号 室 栋 楼 仓 单元…) the marker's role.
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
    /// 栋 楼 仓 单元); a street after it or a street type before it ("12 Xingfu Rd", "Caddesi 69",
    /// "Jarvis Street, 225"); a marker word before it ("Rm", "Bldg", "No.", "#"); its place (the
    /// first unmarked number is the street number, the next one the room: "108号 1113").
    /// Postcodes are postcodes unless a street follows them ("10250 Santa Monica Blvd").
    func assignNumbers(_ tokens: [Token], into result: inout ParsedAddress) {
        // (role, strength, number) candidates; the strongest of each role wins, ties by order.
        var candidates: [(role: Role, strength: Int, text: String)] = []
        // A Canadian postcode (A9A 9A9) in the text: "6-25 Main St" is unit 6 at No. 25.
        let canadian = tokens.contains { $0.kind == .postcode && AddressParser.isCanadianPostcode($0.text) }
        // After a building, unit or floor marked in Chinese (23座6单元2307), an unmarked number is the room.
        var afterBuilding = false
        for index in tokens.indices {
            let token = tokens[index]
            if token.kind == .number, let role = token.hanziRole, [.building, .unit, .floor].contains(role) { afterBuilding = true }
            if token.kind == .postcode {
                if token.text.utf8.count <= 5, token.text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), AddressParser.streetFollows(tokens, after: index) {
                    candidates.append((.house, 3, AddressParser.trimZeros(token.text)))
                } else if result.postcode == nil {
                    result.postcode = token.text.uppercased()
                }
                continue
            }
            if token.kind == .code, index > 0, tokens[index - 1].kind == .word, AddressParser.roomMarkers.contains(tokens[index - 1].text) {
                candidates.append((.room, 3, token.text)) // "Room 3AB"
                continue
            }
            guard token.kind == .number else { continue }
            if let role = token.hanziRole { candidates.append((role, 4, token.text)); continue }
            if token.isFloor { candidates.append((.floor, 4, token.text)); continue }
            if index > 0, tokens[index - 1].kind == .word {
                let marker = tokens[index - 1].text
                if AddressParser.boxMarkers.contains(marker) { candidates.append((.box, 4, marker == "locker" ? "locker " + token.text : "po box " + token.text)); continue }
                if AddressParser.roomMarkers.contains(marker) {
                    // "Room 1506, Unit 1, Building 11": with a room written, "Unit" is the
                    // building's entrance (单元), as Chinese addresses are put into English.
                    if tokens[index - 1].raw == "unit", AddressParser.unitIsEntrance(tokens) { candidates.append((.unit, 3, token.text)); continue }
                    candidates.append((.room, 3, token.text)); continue
                }
                if AddressParser.buildingMarkers.contains(marker) { candidates.append((.building, 3, token.text)); continue }
                if AddressParser.floorMarkers.contains(marker) { candidates.append((.floor, 3, token.text)); continue }
                if marker == "lane" { candidates.append((.lane, 3, token.text)); continue }
            }
            if index > 0, tokens[index - 1].kind == .word, tokens[index - 1].text == "#", token.text.contains("-") {
                candidates.append((.room, 3, token.text)) // "#01-04 Clarke Quay": a floor and unit, even before a street
                continue
            }
            if AddressParser.streetFollows(tokens, after: index) {
                // "105A-400 Dundas St E", "821-2713 Gates Cir": the unit, a hyphen and the civic
                // number (Canada Post's order) when the two cannot be a range of house numbers
                // (the second not above the first, more than 40 on, or the first with a letter).
                if let (unit, civic) = AddressParser.unitAndCivic(token.text, canadian: canadian) {
                    candidates.append((.room, 3, unit))
                    candidates.append((.house, 3, civic))
                } else {
                    candidates.append((.house, 3, token.text))
                }
                continue
            }
            if AddressParser.streetPrecedes(tokens, before: index) {
                candidates.append((.house, 3, token.text))
                continue
            }
            if index > 0, tokens[index - 1].kind == .word {
                let marker = tokens[index - 1].text
                if AddressParser.houseMarkers.contains(marker) { candidates.append((.house, 2, token.text)); continue }
                if marker == "#" {
                    // "#01-24" is a floor and unit (Singapore); "# 12" after a street number a
                    // room, and so is "#12, 904 Lauren Grove" before one.
                    let hasHouse = candidates.contains { $0.role == .house }
                    let houseFollows = tokens[(index + 1)...].contains { $0.kind == .number && $0.hanziRole == nil }
                    candidates.append((hasHouse || houseFollows || token.text.contains("-") ? .room : .house, 2, token.text))
                    continue
                }
            }
            if afterBuilding, token.hanziRole == nil, !token.isFloor { candidates.append((.room, 1, token.text)); continue }
            candidates.append((.other, 0, token.text))
        }
        var chosen: [Role: String] = [:]
        var used = [Bool](repeating: false, count: candidates.count)
        for role in [Role.house, .room, .building, .unit, .floor, .lane, .box] {
            var best: Int?
            for (position, candidate) in candidates.enumerated() where candidate.role == role && !used[position] {
                if best == nil || candidate.strength > candidates[best!].strength { best = position }
            }
            if let best { chosen[role] = candidates[best].text; used[best] = true }
        }
        // Unmarked numbers: the first is the street number if none was found, the next the room.
        for (position, candidate) in candidates.enumerated() where !used[position] {
            if candidate.role == .other || candidate.role == .house {
                if candidate.role == .other, candidate.strength == 0, chosen[.house] == nil, StreetNumber(candidate.text) != nil {
                    chosen[.house] = candidate.text; used[position] = true; continue
                }
                if candidate.role == .house, chosen[.house] == nil { chosen[.house] = candidate.text; used[position] = true; continue }
                if candidate.role == .other, candidate.strength == 0, chosen[.room] == nil { chosen[.room] = candidate.text; used[position] = true; continue }
            }
        }
        if let house = chosen[.house] {
            if let number = StreetNumber(house) { result.streetNumber = number } else { result.otherNumbers.append(house) }
        }
        result.room = chosen[.room]
        result.building = chosen[.building]
        result.unit = chosen[.unit]
        result.floor = chosen[.floor]
        result.lane = chosen[.lane]
        if let box = chosen[.box] { result.box = box }
        result.otherNumbers += candidates.indices.filter { !used[$0] }.map { candidates[$0].text }
    }

    /// "105a-400" or "821-2713" before a street: the unit and the civic number, when they
    /// cannot be a range of house numbers ("7-11", "1390-1396", "10-11" stay ranges), or always
    /// in a Canadian address (one with a Canadian postcode: "6-25 Roberta Falls, BC Y9J 2P9").
    static func unitAndCivic(_ text: String, canadian: Bool = false) -> (unit: String, civic: String)? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let civic = Int(parts[1]), civic > 0 else { return nil }
        let head = String(parts[0])
        let digits = head.prefix { $0.isASCII && $0.isNumber }
        guard let unit = Int(digits), unit > 0 else { return nil }
        let lettered = digits.count < head.count
        guard canadian || lettered || civic <= unit || civic - unit > 40 else { return nil }
        return (head, String(civic))
    }

    /// Whether "Unit" names a building's entrance (单元) rather than a flat: a room is also
    /// written ("Room 1506, Unit 1, Building 11, Xianglin Gongyu").
    static func unitIsEntrance(_ tokens: [Token]) -> Bool {
        tokens.contains { $0.kind == .word && $0.raw != "unit" && ($0.text == "room") }
    }

    /// Whether up to four name words and then a street type follow the number ("12 Xingfu Rd",
    /// "2 W 37th St", "167 Cheetham Hill Road").
    static func streetFollows(_ tokens: [Token], after index: Int) -> Bool {
        var position = index + 1
        var names = 0
        while position < tokens.count, tokens[position].kind == .word, names <= 4 {
            let word = tokens[position].text
            if streetTypes.contains(word) || isMinorStreetType(tokens, at: position) { return names > 0 }
            if roomMarkers.contains(word) || buildingMarkers.contains(word) || floorMarkers.contains(word) || houseMarkers.contains(word) { return false }
            names += 1
            position += 1
        }
        return false
    }

    /// Whether a street type, or a leading street type and its name, comes right before the
    /// number ("Osmanbey Caddesi 69", "Al Fahidi Street 1", "Via Filzi 230"), also across a
    /// comma and a direction ("Jarvis Street, 225", "Dundas Street West, 3013").
    static func streetPrecedes(_ tokens: [Token], before index: Int) -> Bool {
        var end = index - 1
        if end >= 0, tokens[end].kind == .segmentBreak { end -= 1 }
        guard end >= 0, tokens[end].kind == .word else { return false }
        if directions[tokens[end].text] != nil, end > 0, tokens[end - 1].kind == .word, streetTypes.contains(tokens[end - 1].text) { return true }
        if streetTypes.contains(tokens[end].text) || isMinorStreetType(tokens, at: end) { return true }
        if directions[tokens[end].text] != nil, end > 0, isMinorStreetType(tokens, at: end - 1) { return true }
        var position = end
        var names = 0
        while position >= 0, tokens[position].kind == .word, names <= 4 {
            if leadingStreetTypes.contains(tokens[position].text) { return names > 0 }
            names += 1
            position -= 1
        }
        return false
    }

    /// Whether the word at `index` is a minor street type (``minorStreetTypes``) ending a name:
    /// after a name word and not followed by another word other than a direction
    /// ("Williams Ferry, 191", "6341 Camacho Field New Daniel"; not "Ferry Road", "Forest Hill Road").
    static func isMinorStreetType(_ tokens: [Token], at index: Int) -> Bool {
        guard index > 0, index < tokens.count, tokens[index].kind == .word, minorStreetTypes[tokens[index].text] != nil,
              tokens[index - 1].kind == .word, isNameWord(tokens[index - 1].text) else { return false }
        guard index + 1 < tokens.count else { return true }
        let next = tokens[index + 1]
        // "Forest Hill Road", "Lake Shore Blvd", "Mill Creek Valley Rd": another type follows, so
        // this word is part of the name.
        return next.kind != .word || !(streetTypes.contains(next.text) || minorStreetTypes[next.text] != nil)
    }

    // MARK: - Latin text

    static func isNameWord(_ word: String) -> Bool {
        !stopWords.contains(word) && !roomMarkers.contains(word) && !buildingMarkers.contains(word) && !floorMarkers.contains(word)
            && !houseMarkers.contains(word) && !districtMarkers.contains(word) && !streetTypes.contains(word)
            && !leadingStreetTypes.contains(word) && !boxMarkers.contains(word) && word != "#" && countries[word] == nil
    }

    /// Street, district, compound and other words from the Latin part of the text.
    mutating func readLatin(_ tokens: [Token], into result: inout ParsedAddress) {
        var nameWords = Set<Int>() // token positions used by a street, district or compound name
        func nameRun(endingBefore end: Int) -> [Int] {
            var run: [Int] = []
            var position = end - 1
            while position >= 0, tokens[position].kind == .word, AddressParser.isNameWord(tokens[position].text),
                  !nameWords.contains(position), run.count < 4 {
                run.insert(position, at: 0)
                position -= 1
            }
            return run
        }
        func nameRun(startingAt start: Int) -> [Int] {
            var run: [Int] = []
            var position = start
            while position < tokens.count, tokens[position].kind == .word, AddressParser.isNameWord(tokens[position].text),
                  !nameWords.contains(position), run.count < 4 {
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
                if let direction = AddressParser.directions[word], run.count > 1 { directions.insert(direction); continue }
                // "Huangshi Xi Lu": a pinyin direction last in a name of two words or more.
                if offset == run.count - 1, offset > 0, let direction = AddressParser.pinyinDirections[word] { directions.insert(direction); continue }
                names.append(word)
            }
            if let after = directionAfter, after < tokens.count, tokens[after].isStreetOrdinal {
                names.append(tokens[after].text) // "Simei Street 3": simei3, not Simei Street 82
                nameWords.insert(after)
            }
            if let directionAfter, directionAfter < tokens.count, tokens[directionAfter].kind == .word,
               let direction = AddressParser.directions[tokens[directionAfter].text] {
                directions.insert(direction)
                nameWords.insert(directionAfter)
            }
            // "North Bridge, 23", "West Port": a direction and the type alone; the type is the name.
            if run.count == 1, let type, let direction = AddressParser.directions[tokens[run[0]].text] {
                names = [type]
                directions.insert(direction)
            }
            let name = names.joined()
            guard name.count >= 2 else { return }
            result.street.keys.append(directions.isEmpty ? name : name + "|" + directions.sorted().joined())
            if result.street.script == .none {
                result.street.script = .latin
                result.street.text = (run.map { tokens[$0].text } + (type.map { [$0] } ?? [])).joined(separator: " ")
            }
            nameWords.formUnion(run)
        }
        for index in tokens.indices where tokens[index].kind == .word {
            let word = tokens[index].text
            if AddressParser.streetTypes.contains(word) || AddressParser.isMinorStreetType(tokens, at: index) {
                let run = nameRun(endingBefore: index)
                if !run.isEmpty { addStreet(run, type: word, directionAfter: index + 1) }
            } else if AddressParser.leadingStreetTypes.contains(word) {
                let run = nameRun(startingAt: index + 1)
                if !run.isEmpty { addStreet(run, type: nil, directionAfter: nil) }
            }
        }
        for index in tokens.indices where tokens[index].kind == .word {
            let word = tokens[index].text
            if AddressParser.districtMarkers.contains(word) {
                // "Putian Jinjiang Dist.": the city before the district is not part of its name.
                var run = nameRun(endingBefore: index)
                while run.count > 1, AddressParser.romanisedCities.contains(tokens[run[0]].text) || tokens[run[0]].text == result.city { run.removeFirst() }
                let words = run.map { tokens[$0].text }
                guard words.joined().count >= 2 else { continue }
                // Every ending of the run is a key: "Licheng" and "Putian Licheng" name one district.
                for start in words.indices { result.district.keys.append(words[start...].joined()) }
                if result.district.script == .none { result.district.script = .latin; result.district.text = (words + [word]).joined(separator: " ") }
                nameWords.formUnion(run)
            } else if let kind = AddressParser.compoundTypes[word], result.compound.isEmpty, !nameWords.contains(index) {
                let run = nameRun(endingBefore: index)
                let core = run.map { tokens[$0].text }.joined()
                guard core.count >= 3 else { continue }
                result.compound = ParsedAddress.Name(keys: [core + "|" + kind], coreKeys: [core], text: (run.map { tokens[$0].text } + [word]).joined(separator: " "), script: .latin)
                nameWords.formUnion(run)
                nameWords.insert(index)
            } else if let country = AddressParser.countries[word], result.country.isEmpty {
                result.country = country
            } else if AddressParser.provinces.contains(word), result.province.isEmpty {
                result.province = word
            }
        }
        // No street type: the words next to the street number name the street ("263 Broadway",
        // "Hai Ba Trung 234", "63 Shore, Leith").
        if result.street.isEmpty, let house = result.streetNumber?.description,
           let index = tokens.firstIndex(where: { $0.kind == .number && $0.text == house && $0.hanziRole == nil }) {
            let after = nameRun(startingAt: index + 1)
            let run = after.isEmpty ? nameRun(endingBefore: index) : after
            if !run.isEmpty { addStreet(run, type: nil, directionAfter: nil) }
        }
        for index in tokens.indices where tokens[index].kind == .word && !nameWords.contains(index) {
            let word = tokens[index].text
            if AddressParser.isNameWord(word), word.count > 1, AddressParser.directions[word] == nil, !AddressParser.provinces.contains(word) {
                result.words.append(word)
            }
        }
    }

    // MARK: - Chinese text

    /// Street, district, compound and other names from the Chinese runs of the text, read as pinyin.
    mutating func readHanzi(_ tokens: [Token], into result: inout ParsedAddress) {
        var afterStreet = false
        for (index, token) in tokens.enumerated() where token.kind == .hanzi {
            var run = Substring(token.text)
            // The marker that gave the number before it its role ("号", "室", "9号仓") is not a name.
            if index > 0, tokens[index - 1].hanziRole != nil {
                for (marker, _) in AddressParser.hanziNumberMarkers where run.hasPrefix(marker) { run = run.dropFirst(marker.count); break }
            }
            for box in AddressParser.hanziBoxes where run.contains(box) {
                if result.box == nil { result.box = box }
                run = Substring(run.replacingOccurrences(of: box, with: " "))
            }
            if let country = AddressParser.countries[String(run.prefix(2))], result.country.isEmpty, run.count > 2 || country == "CN" {
                result.country = country
                if country == "CN" { run = run.dropFirst(2) }
            }
            for piece in run.split(separator: " ") where !piece.isEmpty {
                readHanziRun(Array(piece), afterStreet: &afterStreet, into: &result)
            }
        }
    }

    mutating func readHanziRun(_ characters: [Character], afterStreet: inout Bool, into result: inout ParsedAddress) {
        var start = 0
        // A province ("广东省", "内蒙古自治区") at the start.
        if let province = characters.prefix(6).firstIndex(of: "省") {
            result.province = placeReading(String(characters[..<province]))
            start = province + 1
        }
        // The address's own city, written without 市 ("广州 花都区"); other known cities are
        // read below as districts (昆山市 is a city within 苏州).
        for (name, romanised) in AddressParser.cityNames where characters.count >= start + name.count
            && String(characters[start ..< start + name.count]) == name && (romanised == result.city || result.city.isEmpty) {
            if result.city.isEmpty { result.city = romanised }
            start += name.count
            if start < characters.count, characters[start] == "市" { start += 1 }
            break
        }
        // The street marker: the first 路/街/大道… with a name before it.
        var streetMarker: (start: Int, end: Int)?
        var position = start + 1
        while position < characters.count, streetMarker == nil {
            if AddressParser.marker([Array("街道")], in: characters, at: position) != nil { position += 2; continue }
            if let marker = AddressParser.marker(AddressParser.hanziStreetMarkerCharacters, in: characters, at: position),
               !(marker == ["道"] && (characters[position - 1] == "大" || characters[position - 1] == "街")),
               // 厚街镇, 道滘镇: a town whose name ends in 街 or 道, not a street.
               AddressParser.marker(AddressParser.hanziAdminMarkerCharacters, in: characters, at: position + marker.count) == nil,
               // 城站, 路口: a compound or crossing named after the street is read below.
               !(marker == ["路"] && position + 1 < characters.count && characters[position + 1] == "口") {
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
            if let marker = AddressParser.marker(AddressParser.hanziAdminMarkerCharacters, in: characters, at: position2, before: nameEnd),
               // 城市广场, 市场: 市 inside a word, not a city.
               !(marker == ["市"] && (characters[position2 - 1] == "城" || (position2 + 1 < characters.count && characters[position2 + 1] == "场"))),
               // 小区, 社区, 园区, 工业区: a compound, not a district.
               !(marker == ["区"] && "小社园业".contains(characters[position2 - 1])) {
                let after = position2 + marker.count
                let remaining = nameEnd - after
                if remaining >= (streetMarker == nil ? 0 : 2) {
                    let name = String(characters[cut ..< position2])
                    let names = name.isEmpty ? [] : readings(name)
                    if marker == ["市"], result.city.isEmpty, cut == start, !name.isEmpty {
                        result.city = placeReading(name) // no city column: the text's city
                    } else if !names.contains(result.city), !name.isEmpty {
                        result.district.keys.append(contentsOf: names)
                        if result.district.script != .hanzi { result.district.script = .hanzi; result.district.text = name + String(marker) }
                    }
                    cut = after
                    position2 = after + 1
                    continue
                }
            }
            position2 += 1
        }
        var name = Array(characters[cut ..< nameEnd])
        var tailStart = nameEnd
        if let marker = streetMarker {
            var direction: String?
            if name.count >= 3, let last = name.last, let letter = AddressParser.hanziDirections[last] { direction = letter; name.removeLast() }
            if direction == nil, marker.end < characters.count, let letter = AddressParser.hanziDirections[characters[marker.end]],
               marker.end + 1 == characters.count || AddressParser.marker(AddressParser.hanziCompoundMarkerCharacters, in: characters, at: marker.end + 1) == nil {
                direction = letter
            }
            var ordinal = ""
            if name.count >= 3, let last = name.last, let digit = AddressParser.hanziNumerals[last] { ordinal = String(digit); name.removeLast() }
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
                result.street.keys.append(contentsOf: keys)
                if result.street.script != .latin {
                    result.street.script = .hanzi
                    result.street.text = String(characters[(cut + max(0, name.count - 4)) ..< marker.end])
                }
                if name.count > 4 { result.hanziWords.append(contentsOf: readings(String(name.prefix(name.count - 4)))) }
                afterStreet = true
            }
            let afterDirection = marker.end < characters.count && AddressParser.hanziDirections[characters[marker.end]] != nil && direction != nil
                && !(name.last.map { AddressParser.hanziDirections[$0] != nil } ?? false)
            tailStart = marker.end + (afterDirection ? 1 : 0)
        } else {
            tailStart = cut
        }
        // A compound after the street, or in a run without one: 东泰花园, 合丰小区, 紫金府.
        let tail = Array(characters[min(tailStart, characters.count)...])
        if !tail.isEmpty {
            if result.compound.isEmpty, let (compound, rest) = readCompound(tail) {
                result.compound = compound
                if !rest.isEmpty { result.hanziWords.append(contentsOf: readings(String(rest))) }
            } else {
                result.hanziWords.append(contentsOf: readings(String(tail)))
            }
        }
    }

    /// The compound named in `characters`: the last compound marker with two to four characters
    /// before it (东泰花园 → core 东泰, kind garden), and what follows it.
    mutating func readCompound(_ characters: [Character]) -> (ParsedAddress.Name, ArraySlice<Character>)? {
        var found: (start: Int, end: Int, kind: String)?
        var position = 1
        while position < characters.count {
            for (marker, kind) in AddressParser.hanziCompoundMarkerList where position + marker.count <= characters.count {
                if Array(characters[position ..< position + marker.count]) == marker, position >= (marker.count == 1 ? 2 : 1) {
                    found = (position, position + marker.count, kind)
                    break
                }
            }
            if let found, found.end > position { position = found.end } else { position += 1 }
        }
        guard let found else { return nil }
        let coreStart = max(0, found.start - 4)
        let core = Array(characters[coreStart ..< found.start])
        var keys: [String] = [], coreKeys: [String] = []
        for reading in readings(String(core)) { keys.append(reading + "|" + found.kind) }
        if core.count >= 2 {
            for length in 2 ... core.count { coreKeys.append(contentsOf: readings(String(core.suffix(length)))) }
        } else {
            coreKeys.append(contentsOf: readings(String(core)))
        }
        guard !keys.isEmpty else { return nil }
        let name = ParsedAddress.Name(keys: keys, coreKeys: coreKeys, text: String(characters[coreStart ..< found.end]), script: .hanzi)
        return (name, characters[found.end...])
    }

    static let hanziStreetMarkerCharacters = hanziStreetMarkers.map(Array.init)
    static let hanziAdminMarkerCharacters = hanziAdminMarkers.map(Array.init)
    static let hanziCompoundMarkerCharacters = hanziCompoundMarkers.map { Array($0.0) }
    static let hanziCompoundMarkerList = hanziCompoundMarkers.map { (Array($0.0), $0.1) }

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
