/// Reads the province and city columns of a dataset against the basemap's names, whichever
/// way they are written: `广东`, `广东省`, `Guangdong`, `Guangdong Province`, `GUANGDONG`;
/// `广州市`, `Guangzhou City`, `guangzhou shi`; county-level cities by the city they belong to.
struct PlaceNames: Sendable {
    private(set) var provinceByCode: [String: Int] = [:]
    private var provinceByKey: [String: Int] = [:]
    /// Key → the cities it may name (prefecture names first; county names map to their city).
    private var citiesByKey: [String: [Int]] = [:]
    private var cityProvinceCodes: [String] = []

    /// Other spellings of provinces in real exports (postal romanisation, Tibetan and Mongolian
    /// names, the long forms of the autonomous regions).
    static let provinceAliases: [String: String] = [
        "xizang": "540000", "tibetautonomousregion": "540000", "neimenggu": "150000", "neimongol": "150000",
        "innermongolia": "150000", "guangxizhuang": "450000", "ningxiahui": "640000", "xinjianguygur": "650000",
        "xinjianguyghur": "650000", "hongkong": "810000", "xianggang": "810000", "hk": "810000", "macao": "820000",
        "aomen": "820000", "peking": "110000", "canton": "440000",
    ]

    init(provinces: [Region], cities: [Region], counties: [(key: String, city: Int)]) {
        for (index, province) in provinces.enumerated() {
            provinceByCode[province.code] = index
            for key in [province.name, province.shortName, province.englishName].map(Self.key) where !key.isEmpty {
                provinceByKey[key] = provinceByKey[key] ?? index
            }
        }
        for (alias, code) in Self.provinceAliases {
            if let index = provinceByCode[code] { provinceByKey[alias] = index }
        }
        cityProvinceCodes = cities.map { $0.parentCode ?? "" }
        for (index, city) in cities.enumerated() {
            for key in Set([city.name, city.shortName, city.englishName].map(Self.key)) where !key.isEmpty {
                citiesByKey[key, default: []].append(index)
            }
        }
        // A province that is its own only city (the municipalities, Hong Kong, Macau, Taiwan):
        // its names name the city too ("Shanghai, Shanghai", "Hong Kong").
        for province in provinces {
            let own = cities.indices.filter { cities[$0].parentCode == province.code }
            guard own.count == 1 else { continue }
            for key in Set([province.name, province.shortName, province.englishName].map(Self.key)) where !key.isEmpty {
                if citiesByKey[key]?.contains(own[0]) != true { citiesByKey[key, default: []].append(own[0]) }
            }
        }
        // County-level names come after, and never shadow a prefecture's: "Suzhou" names the
        // prefectures 苏州 and 宿州, not also a county somewhere.
        let prefectureKeys = Set(citiesByKey.keys)
        for (key, city) in counties where !prefectureKeys.contains(key) && citiesByKey[key]?.contains(city) != true {
            citiesByKey[key, default: []].append(city)
        }
    }

    func province(named text: String) -> Int? {
        let key = Self.key(text)
        guard !key.isEmpty else { return nil }
        return provinceByKey[key]
    }

    func city(named text: String, inProvince provinceCode: String?) -> Int? {
        let key = Self.key(text)
        guard !key.isEmpty, var candidates = citiesByKey[key] else { return nil }
        // With a province, only its cities: "Jinhua, Yunnan" is a town of Yunnan, not the
        // prefecture of Zhejiang.
        if let provinceCode { candidates = candidates.filter { cityProvinceCodes[$0] == provinceCode } }
        // Several prefectures or counties share a name (鼓楼, 朝阳): without a province that
        // tells them apart, the text names none for certain.
        let distinct = Array(Set(candidates))
        return distinct.count == 1 ? distinct[0] : nil
    }

    /// Suffixes that say what kind of place a name is, in both scripts, longest first.
    static let suffixes: [String] = [
        "specialadministrativeregion", "autonomousprefecture", "autonomousregion", "municipality", "prefecture",
        "province", "district", "county", "region", "city", "sheng", "shi", "sar",
        "特别行政区", "自治区", "自治州", "地区", "省", "市", "盟",
    ]

    /// The comparison key of a place name: lower-case letters and CJK characters only (spaces,
    /// hyphens, apostrophes and dots gone), one kind-suffix removed (`Guangzhou City` →
    /// `guangzhou`, `广州市` → `广州`, `Xi'an` → `xian`).
    static func key(_ text: String) -> String {
        var key = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0" ... "9").contains(scalar) {
                key.unicodeScalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            }
        }
        for suffix in suffixes where key.hasSuffix(suffix) && key.count > suffix.count + 1 {
            key.removeLast(suffix.count)
            break
        }
        return key
    }
}
