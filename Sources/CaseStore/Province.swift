import Foundation

/// Chinese provincial divisions under one name each, for `case stats` per province: exports
/// write a province as `广东`, `广东省`, `Guangdong` or `Guangdong Province`, and the tally must
/// not split one province four ways. Names outside China are kept as written (trimmed).
enum Province {
    /// (Chinese short name, English name) of the 34 provincial-level divisions.
    static let divisions: [(chinese: String, english: String)] = [
        ("北京", "Beijing"), ("天津", "Tianjin"), ("河北", "Hebei"), ("山西", "Shanxi"), ("内蒙古", "Inner Mongolia"),
        ("辽宁", "Liaoning"), ("吉林", "Jilin"), ("黑龙江", "Heilongjiang"), ("上海", "Shanghai"), ("江苏", "Jiangsu"),
        ("浙江", "Zhejiang"), ("安徽", "Anhui"), ("福建", "Fujian"), ("江西", "Jiangxi"), ("山东", "Shandong"),
        ("河南", "Henan"), ("湖北", "Hubei"), ("湖南", "Hunan"), ("广东", "Guangdong"), ("广西", "Guangxi"),
        ("海南", "Hainan"), ("重庆", "Chongqing"), ("四川", "Sichuan"), ("贵州", "Guizhou"), ("云南", "Yunnan"),
        ("西藏", "Tibet"), ("陕西", "Shaanxi"), ("甘肃", "Gansu"), ("青海", "Qinghai"), ("宁夏", "Ningxia"),
        ("新疆", "Xinjiang"), ("香港", "Hong Kong"), ("澳门", "Macau"), ("台湾", "Taiwan"),
    ]

    private static let byName: [String: String] = {
        var names: [String: String] = [:]
        for division in divisions {
            names[division.chinese] = division.english
            names[division.english.lowercased()] = division.english
        }
        return names
    }()

    /// The English name of a Chinese province however it is written; other text trimmed as is.
    static func canonical(_ text: String) -> String {
        var name = text.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { return "" }
        if let known = byName[name] ?? byName[name.lowercased()] { return known }
        for suffix in ["壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市"] where name.hasSuffix(suffix) {
            if let known = byName[String(name.dropLast(suffix.count))] { return known }
        }
        let lower = name.lowercased()
        for suffix in [" province", " sheng", " shi", " sar", " autonomous region"] where lower.hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count))
            if let known = byName[name.lowercased()] { return known }
        }
        return name
    }

    /// The most common of `names`; ties go to the alphabetically first; "" for none.
    static func mostCommon(_ names: [String]) -> String {
        var counts: [String: Int] = [:]
        for name in names { counts[name, default: 0] += 1 }
        return counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key ?? ""
    }
}
