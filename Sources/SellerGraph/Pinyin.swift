import Foundation

/// Readings of Chinese place names in toneless pinyin, so that `长江路` and "Changjiang Road"
/// compare equal.
///
/// The transliteration is ICU's Han → Latin transform, reached through Foundation
/// (`applyingTransform(.mandarinToLatin)`, then `.stripDiacritics`); it is in the Swift toolchain's
/// Foundation on Linux, so nothing is installed for it. ICU gives each character its most common
/// reading, which for place names is sometimes not the one used: `长` is read *zhǎng* (长江 is
/// Changjiang), `厦` *shà* (厦门 is Xiamen), `番` *fān* (番禺 is Panyu), `埔` *bù* (黄埔 is
/// Huangpu). ``placeNameReadings`` adds those readings, so a name has a few readings and two
/// spellings match when any agree.
///
/// Calls to ICU cost about 25 µs each, so readings are cached per distinct run of characters: a
/// million addresses have a few thousand distinct street, district and city names.
public struct Pinyin {
    /// Characters whose reading in place names differs from ICU's default, with the readings to
    /// try as well (from names such as 长江 Changjiang, 长沙 Changsha, 厦门 Xiamen, 番禺 Panyu,
    /// 黄埔 Huangpu, 重庆 Chongqing, 银行 yinhang, 乐清 Yueqing, 朝阳 Chaoyang/Zhaoyang,
    /// 成都 Chengdu, 单县 Shanxian, 六安 Lu'an, 蚌埠 Bengbu, 吴堡 Wubu, 东涌 Dongchong, 石 dan,
    /// 角 jue, 东莞 Dongguan, 柏 bo, 大 dai, 区 Ou (surname), 解 Xie, 盛 cheng, 会稽 Kuaiji).
    public static let placeNameReadings: [Character: [String]] = [
        "长": ["chang", "zhang"], "厦": ["xia", "sha"], "番": ["pan", "fan"], "埔": ["pu", "bu"],
        "重": ["chong", "zhong"], "行": ["hang", "xing"], "乐": ["le", "yue"], "朝": ["chao", "zhao"],
        "都": ["du", "dou"], "藏": ["zang", "cang"], "会": ["hui", "kuai"], "单": ["dan", "shan"],
        "六": ["liu", "lu"], "蚌": ["beng", "bang"], "堡": ["bao", "bu", "pu"], "涌": ["yong", "chong"],
        "石": ["shi", "dan"], "角": ["jiao", "jue"], "莞": ["guan", "wan"], "柏": ["bai", "bo"],
        "泊": ["bo", "po"], "大": ["da", "dai"], "区": ["qu", "ou"], "解": ["jie", "xie"],
        "盛": ["sheng", "cheng"], "曾": ["zeng", "ceng"], "沈": ["shen"], "调": ["diao", "tiao"],
        "参": ["can", "shen"], "便": ["bian", "pian"], "传": ["chuan", "zhuan"], "省": ["sheng", "xing"],
    ]
    /// At most this many readings per name (the product of the alternatives is capped).
    public static let readingLimit = 4

    private var cache: [String: [String]] = [:]

    public init() {}

    /// The toneless pinyin readings of a run of Chinese characters, ICU's first, lowercase, the
    /// syllables joined ("长江" → ["zhangjiang", "changjiang"]). Digits and Latin letters in the
    /// run are kept as they are; other characters are dropped.
    public mutating func readings(of hanzi: String) -> [String] {
        if let known = cache[hanzi] { return known }
        let result = Pinyin.transliterate(hanzi)
        cache[hanzi] = result
        return result
    }

    /// The number of distinct names read so far (for measurements).
    public var cachedNames: Int { cache.count }

    static func transliterate(_ hanzi: String) -> [String] {
        let characters = Array(hanzi)
        let latin = hanzi.applyingTransform(.mandarinToLatin, reverse: false)?.applyingTransform(.stripDiacritics, reverse: false) ?? ""
        // ICU separates the syllables of consecutive characters with spaces; when the counts
        // agree, syllable i is character i's reading and the place-name alternatives can be put in.
        let syllables = latin.split(separator: " ").map { String($0.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }) }
        guard syllables.count == characters.count else {
            let joined = syllables.joined()
            return joined.isEmpty ? [] : [joined]
        }
        var readings = [""]
        for (character, syllable) in zip(characters, syllables) {
            var options = [syllable]
            for alternative in placeNameReadings[character] ?? [] where !options.contains(alternative) { options.append(alternative) }
            var next: [String] = []
            for reading in readings { for option in options where next.count < readingLimit { next.append(reading + option) } }
            readings = next
        }
        return readings.filter { !$0.isEmpty }
    }
}
