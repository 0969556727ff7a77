/// The comparable parts of an address as written on a parcel or a registration: its house,
/// building, floor and room numbers, its words (abbreviations expanded, case and width folded),
/// and its city in one spelling.
///
/// Rings print one return address several ways ("Room 301, No. 12 Xingfu Road, Baiyun
/// District, Guangzhou", "12 Xingfu Rd Rm 301 Baiyun Guangzhou", "广州市白云区幸福路12号301室").
/// What survives every spelling is the numbers; the words differ by abbreviation, order and
/// script; the city by script. ``AddressResolver`` compares these parts, together with the
/// coordinates.
public struct NormalizedAddress: Sendable, Equatable {
    /// House, building, floor and room numbers, distinct, in increasing order. Postal codes
    /// (five digits or more) are left out: one spelling carries them, another does not.
    public var numbers: [Int]
    /// Latin words, lowercased, abbreviations expanded (`rd` → `road`, `rm` → `room`), without
    /// words that every address has (`no`, `china`, the city).
    public var words: Set<String>
    /// Runs of Chinese characters with the structural ones (市 区 路 号 栋 室 楼 …) removed.
    public var hanzi: Set<String>
    /// Street names: the word before "road", "street", "avenue"… ("xingfu" in "Xingfu Rd"), or
    /// the characters before 路, 街 or 大道 ("幸福" in "幸福路12号").
    public var streets: Set<String>
    /// The city, lowercased, in pinyin when it is one of the cities of ``AddressNormalizer/cityNames``.
    public var city: String
}

public enum AddressNormalizer {
    /// Abbreviations on parcels and registrations, and their full words.
    public static let abbreviations: [String: String] = [
        "rd": "road", "st": "street", "str": "street", "ave": "avenue", "av": "avenue", "blvd": "boulevard",
        "bldg": "building", "bld": "building", "blk": "block", "rm": "room", "fl": "floor", "flr": "floor",
        "dist": "district", "apt": "apartment", "ste": "suite", "hwy": "highway", "ind": "industrial",
        "ctr": "center", "centre": "center", "twr": "tower", "sq": "square", "ln": "lane", "dr": "drive",
        "pk": "park", "zone": "zone", "bldg.": "building",
    ]

    /// Words that say "street" in some form; the word before one names the street.
    public static let streetTypes: Set<String> = [
        "road", "street", "avenue", "lane", "boulevard", "highway", "drive", "lu", "jie", "dadao",
        "caddesi", "sokak", "sokagi", "strasse", "straße", "weg", "gasse",
    ]
    /// Words that say "street" before the name ("Via Filzi", "Rue de Rivoli").
    public static let leadingStreetTypes: Set<String> = ["via", "viale", "rue", "calle", "avenida", "rua", "corso", "piazza", "boulevard"]

    /// Words that carry no place: numbering words, countries, administrative words.
    public static let stopWords: Set<String> = [
        "no", "nr", "number", "num", "the", "of", "china", "cn", "prc", "province", "city", "pr",
        "room", "floor", "building", "block", "unit", "suite", "apartment", "district", "road", "street",
        "avenue", "lane", "tower", "warehouse", "whse", "wh", "subdistrict", "town", "village", "suite", "rm", "hk",
        "guangdong", "zhejiang", "fujian", "jiangsu", "shandong", "sichuan", "hubei", "hunan", "henan", "hebei", "anhui",
        "jiangxi", "guangxi", "yunnan", "liaoning", "shaanxi", "gd", "zj", "fj", "js", "sd", "sc", "bj", "sh", "tj", "cq",
    ]

    /// Chinese characters that mark the structure of an address rather than name a place.
    static let structuralHanzi: Set<Character> = [
        "省", "市", "区", "县", "镇", "乡", "村", "路", "街", "道", "大", "号", "栋", "幢", "座", "室", "楼", "层",
        "单", "元", "弄", "巷", "里", "期", "园", "中", "心",
    ]

    /// Cities where counterfeit trade is concentrated, in characters and pinyin, so that `广州`
    /// and `Guangzhou` compare equal. Others compare as written (lowercased).
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
    ]

    /// Normalises one address.
    public static func normalize(text: String, city: String) -> NormalizedAddress {
        var numbers: Set<Int> = []
        var words: Set<String> = []
        var hanzi: Set<String> = []
        var streets: Set<String> = []
        var previousWord = ""
        var digits = ""
        var latin = ""
        var chinese = ""
        func flushDigits() {
            if !digits.isEmpty, digits.count <= 4, let value = Int(digits) { numbers.insert(value) }
            digits = ""
        }
        func flushLatin() {
            if !latin.isEmpty {
                let word = abbreviations[latin] ?? latin
                if streetTypes.contains(word) && !previousWord.isEmpty && !stopWords.contains(previousWord) { streets.insert(previousWord) }
                if leadingStreetTypes.contains(previousWord) && !stopWords.contains(word) { streets.insert(word) }
                if !stopWords.contains(word) && word.count > 1 { words.insert(word) }
                previousWord = word
            }
            latin = ""
        }
        func flushChinese() {
            for marker in ["大道", "路", "街"] {
                if let range = chinese.range(of: marker) {
                    var name = String(chinese[..<range.lowerBound])
                    // The street name is the last two characters before the marker, after the
                    // district (区/县/镇/街道) if one is written.
                    if let cut = name.lastIndex(where: { "区县镇市道".contains($0) }) { name = String(name[name.index(after: cut)...]) }
                    if name.count > 2 { name = String(name.suffix(2)) }
                    if !name.isEmpty { streets.insert(name) }
                    break
                }
            }
            let name = String(chinese.filter { !structuralHanzi.contains($0) })
            if !name.isEmpty { hanzi.insert(name) }
            chinese = ""
        }
        for scalar in text.unicodeScalars {
            var value = scalar.value
            // Full-width forms (ＡＢＣ１２３) to ASCII; the ideographic space to a space.
            if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }
            if value == 0x3000 { value = 0x20 }
            let folded = Unicode.Scalar(value) ?? scalar
            if folded.value >= 0x30 && folded.value <= 0x39 {
                flushLatin(); flushChinese()
                digits.unicodeScalars.append(folded)
            } else if (folded.value >= 0x41 && folded.value <= 0x5A) || (folded.value >= 0x61 && folded.value <= 0x7A) {
                flushDigits(); flushChinese()
                latin.unicodeScalars.append(Unicode.Scalar(folded.value | 0x20)!)
            } else if folded.value >= 0x4E00 && folded.value <= 0x9FFF {
                flushDigits(); flushLatin()
                chinese.unicodeScalars.append(folded)
            } else {
                flushDigits(); flushLatin(); flushChinese()
            }
            if folded.value >= 0x30 && folded.value <= 0x39 { previousWord = "" }
        }
        flushDigits(); flushLatin(); flushChinese()
        let normalizedCity = normalizeCity(city)
        words.remove(normalizedCity)
        // A city written in characters inside the text ("广州市白云区…") is the city, not a name.
        hanzi = Set(hanzi.map { name in
            var rest = name
            for (characters, _) in cityNames where rest.hasPrefix(characters) { rest.removeFirst(characters.count) }
            return rest
        }.filter { !$0.isEmpty })
        return NormalizedAddress(numbers: numbers.sorted(), words: words, hanzi: hanzi, streets: streets, city: normalizedCity)
    }

    /// The city lowercased, `市` dropped, in pinyin when known.
    public static func normalizeCity(_ city: String) -> String {
        var name = city.trimmingCharacters(in: .whitespaces).lowercased()
        if name.hasSuffix("市") { name.removeLast() }
        if let pinyin = cityNames[name] { return pinyin }
        if name.hasSuffix(" city") { name.removeLast(5) }
        return name
    }
}

import Foundation
