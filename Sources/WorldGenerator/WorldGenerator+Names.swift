/// Names of people, companies and storefronts, in pinyin, Chinese characters and Western forms.
///
/// Ring members and honest sellers draw from the same pools with the same odds: a name never
/// tells the role.
extension WorldGenerator {
    struct Word: Sendable {
        let english: String
        let chinese: String
        init(_ english: String, _ chinese: String) {
            self.english = english
            self.chinese = chinese
        }
    }

    static let surnames: [Word] = [
        Word("Wang", "王"), Word("Li", "李"), Word("Zhang", "张"), Word("Liu", "刘"), Word("Chen", "陈"), Word("Yang", "杨"),
        Word("Huang", "黄"), Word("Zhao", "赵"), Word("Wu", "吴"), Word("Zhou", "周"), Word("Xu", "徐"), Word("Sun", "孙"),
        Word("Ma", "马"), Word("Zhu", "朱"), Word("Hu", "胡"), Word("Guo", "郭"), Word("He", "何"), Word("Lin", "林"),
        Word("Luo", "罗"), Word("Zheng", "郑"), Word("Liang", "梁"), Word("Xie", "谢"), Word("Tang", "唐"), Word("Cai", "蔡"),
        Word("Feng", "冯"), Word("Deng", "邓"), Word("Cao", "曹"), Word("Peng", "彭"), Word("Zeng", "曾"), Word("Su", "苏"),
    ]

    static let givenNames: [Word] = [
        Word("Wei", "伟"), Word("Fang", "芳"), Word("Na", "娜"), Word("Min", "敏"), Word("Jing", "静"), Word("Li", "丽"),
        Word("Qiang", "强"), Word("Lei", "磊"), Word("Jun", "军"), Word("Yang", "洋"), Word("Yong", "勇"), Word("Yan", "艳"),
        Word("Jie", "杰"), Word("Juan", "娟"), Word("Tao", "涛"), Word("Ming", "明"), Word("Chao", "超"), Word("Xiulan", "秀兰"),
        Word("Xia", "霞"), Word("Ping", "平"), Word("Gang", "刚"), Word("Hui", "辉"), Word("Xin", "鑫"), Word("Hao", "浩"),
        Word("Yu", "宇"), Word("Jian", "健"), Word("Zhiqiang", "志强"), Word("Xiaoming", "晓明"), Word("Lina", "丽娜"), Word("Haiyan", "海燕"),
    ]

    static let companyStems: [Word] = [
        Word("Xinhui", "鑫汇"), Word("Hengda", "恒达"), Word("Jinxin", "金鑫"), Word("Huamei", "华美"), Word("Yuxiang", "裕祥"),
        Word("Ruifeng", "瑞丰"), Word("Tianyi", "天怡"), Word("Haoyu", "浩宇"), Word("Mingda", "明达"), Word("Shengtai", "盛泰"),
        Word("Jiahe", "佳和"), Word("Fuxing", "福星"), Word("Longteng", "龙腾"), Word("Zhongda", "中达"), Word("Baili", "百丽"),
        Word("Meiya", "美雅"), Word("Kaiyuan", "开元"), Word("Xingchen", "星辰"), Word("Yongsheng", "永盛"), Word("Huaxin", "华鑫"),
        Word("Deli", "德利"), Word("Anda", "安达"), Word("Boyuan", "博远"), Word("Chuangyi", "创意"), Word("Jiayi", "嘉怡"),
        Word("Ouya", "欧雅"), Word("Shangpin", "尚品"), Word("Yadi", "雅迪"), Word("Zhuoyue", "卓越"), Word("Hongyun", "鸿运"),
        Word("Jinhao", "金浩"), Word("Weilai", "未来"), Word("Haina", "海纳"), Word("Ruixin", "瑞鑫"), Word("Tengfei", "腾飞"),
        Word("Lianfa", "联发"), Word("Xiangyu", "翔宇"), Word("Qianxi", "千禧"), Word("Lanting", "兰亭"), Word("Xuri", "旭日"),
    ]

    static let businessTypes: [Word] = [
        Word("Trading", "贸易"), Word("Leather Goods", "皮具"), Word("Apparel", "服饰"), Word("Footwear", "鞋业"),
        Word("E-commerce", "电子商务"), Word("Import & Export", "进出口"), Word("Technology", "科技"), Word("Bags", "箱包"),
        Word("Watches", "钟表"), Word("Garments", "服装"), Word("Supply Chain", "供应链"), Word("Fashion", "时尚"),
    ]

    static let storeWords: [Word] = [
        Word("Luxury", "奢品"), Word("Boutique", "精品"), Word("Fashion", "时尚"), Word("Trend", "潮流"), Word("Style", "风尚"),
        Word("Outlet", "折扣"), Word("Select", "优选"), Word("Closet", "衣橱"), Word("Sneaker", "球鞋"), Word("Bag", "包包"),
        Word("Street", "街头"), Word("Classic", "经典"), Word("Elite", "臻品"), Word("Urban", "都市"), Word("Global", "环球"),
        Word("Vogue", "风尚"), Word("Prime", "优品"), Word("Lux", "轻奢"), Word("Kicks", "潮鞋"), Word("Vintage", "古着"),
    ]

    static let westernFirstNames = ["Marco", "Giulia", "Ahmet", "Elif", "James", "Olivia", "Lucas", "Emma", "Mehmet", "Ayşe",
                                    "Daniel", "Sofia", "Minh", "Linh", "Somchai", "Omar", "Fatima", "Sarah", "Paul", "Nina"]
    static let westernLastNames = ["Rossi", "Bianchi", "Yılmaz", "Kaya", "Smith", "Johnson", "Martin", "Dubois", "Müller", "Schmidt",
                                   "Nguyen", "Tran", "Suksawat", "Haddad", "Demir", "Brown", "Garcia", "Lopez", "Weber", "Conti"]
    static let westernStoreNouns = ["Moda", "Closet", "Threads", "Kicks", "Atelier", "Outlet", "Boutique", "Emporium", "Corner", "Vault"]
    static let companySuffixes: [String: String] = [
        "HK": "Limited", "TR": "Ltd. Şti.", "US": "LLC", "GB": "Ltd", "IT": "S.r.l.", "FR": "SARL", "DE": "GmbH",
        "TH": "Co., Ltd.", "VN": "Co., Ltd", "AE": "FZE",
    ]

    static func personName(_ random: inout SplitMix64, chinese: Bool) -> String {
        let surname = random.pick(surnames), given = random.pick(givenNames)
        return chinese ? surname.chinese + given.chinese : surname.english + " " + given.english
    }

    static func westernPersonName(_ random: inout SplitMix64) -> String {
        random.pick(westernFirstNames) + " " + random.pick(westernLastNames)
    }

    /// A company name in the customs of the city's country, in Chinese characters for part of
    /// the mainland companies.
    static func companyName(stem: Word, type: Word, city: City, chineseScript: Bool) -> String {
        if city.country == "CN" {
            if chineseScript { return city.chinese + "市" + stem.chinese + type.chinese + "有限公司" }
            return city.english + " " + stem.english + " " + type.english + " Co., Ltd."
        }
        if city.country == "HK" {
            return chineseScript ? "香港" + stem.chinese + type.chinese + "有限公司" : stem.english + " " + type.english + " (HK) Limited"
        }
        return stem.english + " " + type.english + " " + (companySuffixes[city.country] ?? "Ltd")
    }

    static func westernCompanyName(_ random: inout SplitMix64, city: City) -> String {
        random.pick(westernLastNames) + " " + random.pick(westernStoreNouns) + " " + (companySuffixes[city.country] ?? "Ltd")
    }

    static func storefrontName(_ random: inout SplitMix64, city: City) -> String {
        let word = random.pick(storeWords), stem = random.pick(companyStems)
        let form = random.below(10)
        if city.isChinese, form < 3 {
            return form < 2 ? stem.chinese + word.chinese + (random.chance(0.5) ? "旗舰店" : "专营店") : word.chinese + stem.chinese + "精品店"
        }
        switch form {
        case 0, 1, 2:
            return random.pick(westernStoreNouns) + " " + random.pick(westernLastNames)
        case 3:
            return stem.english + " Official Store"
        case 4:
            return word.english + " " + stem.english + " Store"
        case 5:
            return stem.english + word.english + String(random.between(1, 99))
        case 6:
            return word.english + "_" + random.pick(storeWords).english + "_" + String(random.between(10, 999))
        case 7:
            return stem.english + " " + word.english + " Shop"
        case 8:
            return random.pick(surnames).english + "'s " + word.english
        default:
            return word.english + " " + random.pick(storeWords).english + " Outlet"
        }
    }
}
