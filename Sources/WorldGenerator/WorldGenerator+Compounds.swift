/// Residential compounds and Shanghai lanes: how many Chinese homes are addressed ("东泰花园3幢
/// 2单元501室", "天山路455弄12号301室") rather than by a street number alone.
extension WorldGenerator {
    struct CompoundStem: Sendable {
        let chinese: String
        let pinyin: String
    }

    /// Compound names as developers coin them (the stem before 花园/小区/苑…).
    static let compoundStems: [CompoundStem] = [
        CompoundStem(chinese: "东泰", pinyin: "Dongtai"), CompoundStem(chinese: "合丰", pinyin: "Hefeng"),
        CompoundStem(chinese: "锦绣", pinyin: "Jinxiu"), CompoundStem(chinese: "紫金", pinyin: "Zijin"),
        CompoundStem(chinese: "阳光", pinyin: "Yangguang"), CompoundStem(chinese: "翠湖", pinyin: "Cuihu"),
        CompoundStem(chinese: "碧水", pinyin: "Bishui"), CompoundStem(chinese: "丽景", pinyin: "Lijing"),
        CompoundStem(chinese: "银河", pinyin: "Yinhe"), CompoundStem(chinese: "春晓", pinyin: "Chunxiao"),
        CompoundStem(chinese: "枫林", pinyin: "Fenglin"), CompoundStem(chinese: "明珠", pinyin: "Mingzhu"),
        CompoundStem(chinese: "凤凰", pinyin: "Fenghuang"), CompoundStem(chinese: "湖畔", pinyin: "Hupan"),
        CompoundStem(chinese: "金湾", pinyin: "Jinwan"), CompoundStem(chinese: "雅居", pinyin: "Yaju"),
        CompoundStem(chinese: "天骄", pinyin: "Tianjiao"), CompoundStem(chinese: "嘉禾", pinyin: "Jiahe"),
        CompoundStem(chinese: "海棠", pinyin: "Haitang"), CompoundStem(chinese: "桂园", pinyin: "Guiyuan"),
    ]

    struct CompoundType: Sendable {
        let chinese: String
        /// The type as pinyin ("Huayuan") and as an English word ("Garden"); spellings use either.
        let pinyin: String
        let english: String
    }

    static let compoundTypes: [CompoundType] = [
        CompoundType(chinese: "花园", pinyin: "Huayuan", english: "Garden"),
        CompoundType(chinese: "小区", pinyin: "Xiaoqu", english: "Estate"),
        CompoundType(chinese: "苑", pinyin: "Yuan", english: "Yuan"),
        CompoundType(chinese: "家园", pinyin: "Jiayuan", english: "Jiayuan"),
        CompoundType(chinese: "新村", pinyin: "Xincun", english: "Village"),
    ]
}
