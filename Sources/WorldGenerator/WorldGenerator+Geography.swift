/// Places of the synthetic world: cities with real coordinates, districts, roads, logistics
/// parks, and the several ways one physical address gets written on parcels and registrations.
extension WorldGenerator {
    struct District: Sendable {
        let english: String
        let chinese: String
        /// Offset of the district centre from the city centre, in microdegrees.
        let latOffset: Int32
        let lonOffset: Int32
    }

    /// A class, not a struct: rows look their city up millions of times, and a reference costs
    /// one retain where a struct of eleven strings costs eleven.
    final class City: Sendable {
        let english: String
        /// Empty outside mainland China, Hong Kong and Taiwan.
        let chinese: String
        let provinceEnglish: String
        let provinceChinese: String
        let provinceShort: String
        let country: String
        let lat: Double
        let lon: Double
        let postcode: String
        let districts: [District]
        /// How often an honest seller is based here.
        let honestWeight: Double
        /// How often a ring picks this city as its home.
        let ringWeight: Double
        /// Whether logistics hubs are built here.
        let hostsHubs: Bool

        init(english: String, chinese: String, provinceEnglish: String, provinceChinese: String, provinceShort: String,
             country: String, lat: Double, lon: Double, postcode: String, districts: [District],
             honestWeight: Double, ringWeight: Double, hostsHubs: Bool) {
            self.english = english
            self.chinese = chinese
            self.provinceEnglish = provinceEnglish
            self.provinceChinese = provinceChinese
            self.provinceShort = provinceShort
            self.country = country
            self.lat = lat
            self.lon = lon
            self.postcode = postcode
            self.districts = districts
            self.honestWeight = honestWeight
            self.ringWeight = ringWeight
            self.hostsHubs = hostsHubs
        }

        var isChinese: Bool { !chinese.isEmpty }
    }

    private static func district(_ english: String, _ chinese: String, _ dLat: Double, _ dLon: Double) -> District {
        District(english: english, chinese: chinese, latOffset: Int32(dLat * 1e6), lonOffset: Int32(dLon * 1e6))
    }

    // Coordinates are city centres (WGS84); district offsets are rough, within a city's extent.
    static let cities: [City] = [
        City(english: "Guangzhou", chinese: "广州", provinceEnglish: "Guangdong", provinceChinese: "广东", provinceShort: "GD", country: "CN",
             lat: 23.1291, lon: 113.2644, postcode: "510000",
             districts: [district("Baiyun", "白云区", 0.07, 0.01), district("Tianhe", "天河区", 0.0, 0.07), district("Yuexiu", "越秀区", 0.0, 0.0),
                         district("Haizhu", "海珠区", -0.03, 0.05), district("Panyu", "番禺区", -0.19, 0.12), district("Huadu", "花都区", 0.27, -0.04)],
             honestWeight: 12, ringWeight: 20, hostsHubs: true),
        City(english: "Shenzhen", chinese: "深圳", provinceEnglish: "Guangdong", provinceChinese: "广东", provinceShort: "GD", country: "CN",
             lat: 22.5431, lon: 114.0579, postcode: "518000",
             districts: [district("Longgang", "龙岗区", 0.18, 0.19), district("Bao'an", "宝安区", 0.01, -0.17), district("Longhua", "龙华区", 0.11, -0.01),
                         district("Futian", "福田区", -0.02, 0.0), district("Nanshan", "南山区", -0.01, -0.13)],
             honestWeight: 12, ringWeight: 10, hostsHubs: true),
        City(english: "Dongguan", chinese: "东莞", provinceEnglish: "Guangdong", provinceChinese: "广东", provinceShort: "GD", country: "CN",
             lat: 23.0207, lon: 113.7518, postcode: "523000",
             districts: [district("Humen", "虎门镇", -0.21, -0.08), district("Chang'an", "长安镇", -0.21, 0.05), district("Houjie", "厚街镇", -0.08, -0.09),
                         district("Nancheng", "南城街道", 0.0, 0.0)],
             honestWeight: 5, ringWeight: 10, hostsHubs: true),
        City(english: "Putian", chinese: "莆田", provinceEnglish: "Fujian", provinceChinese: "福建", provinceShort: "FJ", country: "CN",
             lat: 25.4540, lon: 119.0078, postcode: "351100",
             districts: [district("Licheng", "荔城区", -0.02, 0.01), district("Chengxiang", "城厢区", 0.0, -0.03), district("Hanjiang", "涵江区", 0.09, 0.11)],
             honestWeight: 1.5, ringWeight: 12, hostsHubs: false),
        City(english: "Jinjiang", chinese: "晋江", provinceEnglish: "Fujian", provinceChinese: "福建", provinceShort: "FJ", country: "CN",
             lat: 24.7814, lon: 118.5522, postcode: "362200",
             districts: [district("Chendai", "陈埭镇", 0.04, 0.04), district("Qingyang", "青阳街道", 0.0, 0.0), district("Anhai", "安海镇", -0.1, -0.1)],
             honestWeight: 1.5, ringWeight: 6, hostsHubs: false),
        City(english: "Quanzhou", chinese: "泉州", provinceEnglish: "Fujian", provinceChinese: "福建", provinceShort: "FJ", country: "CN",
             lat: 24.8741, lon: 118.6757, postcode: "362000",
             districts: [district("Fengze", "丰泽区", 0.0, 0.01), district("Licheng", "鲤城区", 0.0, -0.02), district("Luojiang", "洛江区", 0.05, 0.02)],
             honestWeight: 3, ringWeight: 4, hostsHubs: false),
        City(english: "Xiamen", chinese: "厦门", provinceEnglish: "Fujian", provinceChinese: "福建", provinceShort: "FJ", country: "CN",
             lat: 24.4798, lon: 118.0894, postcode: "361000",
             districts: [district("Huli", "湖里区", 0.04, 0.02), district("Siming", "思明区", -0.02, 0.03), district("Jimei", "集美区", 0.1, -0.04)],
             honestWeight: 3, ringWeight: 1, hostsHubs: false),
        City(english: "Yiwu", chinese: "义乌", provinceEnglish: "Zhejiang", provinceChinese: "浙江", provinceShort: "ZJ", country: "CN",
             lat: 29.3069, lon: 120.0751, postcode: "322000",
             districts: [district("Futian Subdistrict", "福田街道", 0.03, 0.01), district("Choujiang Subdistrict", "稠江街道", -0.03, -0.01),
                         district("Jiangdong Subdistrict", "江东街道", 0.0, 0.03)],
             honestWeight: 8, ringWeight: 8, hostsHubs: true),
        City(english: "Hangzhou", chinese: "杭州", provinceEnglish: "Zhejiang", provinceChinese: "浙江", provinceShort: "ZJ", country: "CN",
             lat: 30.2741, lon: 120.1551, postcode: "310000",
             districts: [district("Xiaoshan", "萧山区", -0.09, 0.11), district("Yuhang", "余杭区", 0.13, -0.05), district("Binjiang", "滨江区", -0.07, 0.05)],
             honestWeight: 6, ringWeight: 2, hostsHubs: true),
        City(english: "Wenzhou", chinese: "温州", provinceEnglish: "Zhejiang", provinceChinese: "浙江", provinceShort: "ZJ", country: "CN",
             lat: 27.9939, lon: 120.6994, postcode: "325000",
             districts: [district("Lucheng", "鹿城区", 0.01, -0.04), district("Ouhai", "瓯海区", -0.04, -0.06), district("Longwan", "龙湾区", -0.03, 0.1)],
             honestWeight: 3, ringWeight: 3, hostsHubs: false),
        City(english: "Ningbo", chinese: "宁波", provinceEnglish: "Zhejiang", provinceChinese: "浙江", provinceShort: "ZJ", country: "CN",
             lat: 29.8683, lon: 121.5440, postcode: "315000",
             districts: [district("Yinzhou", "鄞州区", -0.05, 0.01), district("Beilun", "北仑区", 0.0, 0.3)],
             honestWeight: 3, ringWeight: 1, hostsHubs: false),
        City(english: "Shanghai", chinese: "上海", provinceEnglish: "Shanghai", provinceChinese: "上海", provinceShort: "SH", country: "CN",
             lat: 31.2304, lon: 121.4737, postcode: "200000",
             districts: [district("Minhang", "闵行区", -0.12, -0.1), district("Pudong", "浦东新区", -0.01, 0.1), district("Jiading", "嘉定区", 0.15, -0.22),
                         district("Jing'an", "静安区", 0.02, -0.02)],
             honestWeight: 8, ringWeight: 2, hostsHubs: true),
        City(english: "Suzhou", chinese: "苏州", provinceEnglish: "Jiangsu", provinceChinese: "江苏", provinceShort: "JS", country: "CN",
             lat: 31.2990, lon: 120.5853, postcode: "215000",
             districts: [district("Wuzhong", "吴中区", -0.03, 0.05), district("Gusu", "姑苏区", 0.02, 0.0), district("Kunshan", "昆山市", 0.09, 0.4)],
             honestWeight: 4, ringWeight: 1, hostsHubs: false),
        City(english: "Changshu", chinese: "常熟", provinceEnglish: "Jiangsu", provinceChinese: "江苏", provinceShort: "JS", country: "CN",
             lat: 31.6539, lon: 120.7522, postcode: "215500",
             districts: [district("Yushan", "虞山街道", 0.0, 0.0), district("Zhaoshang", "招商城", 0.02, 0.03)],
             honestWeight: 1.5, ringWeight: 1.5, hostsHubs: false),
        City(english: "Beijing", chinese: "北京", provinceEnglish: "Beijing", provinceChinese: "北京", provinceShort: "BJ", country: "CN",
             lat: 39.9042, lon: 116.4074, postcode: "100000",
             districts: [district("Chaoyang", "朝阳区", 0.02, 0.08), district("Fengtai", "丰台区", -0.05, -0.1), district("Haidian", "海淀区", 0.06, -0.11)],
             honestWeight: 5, ringWeight: 0.5, hostsHubs: true),
        City(english: "Tianjin", chinese: "天津", provinceEnglish: "Tianjin", provinceChinese: "天津", provinceShort: "TJ", country: "CN",
             lat: 39.3434, lon: 117.3616, postcode: "300000",
             districts: [district("Wuqing", "武清区", 0.04, -0.3), district("Hexi", "河西区", -0.03, 0.01)],
             honestWeight: 2, ringWeight: 0.5, hostsHubs: false),
        City(english: "Chengdu", chinese: "成都", provinceEnglish: "Sichuan", provinceChinese: "四川", provinceShort: "SC", country: "CN",
             lat: 30.5728, lon: 104.0668, postcode: "610000",
             districts: [district("Wuhou", "武侯区", -0.03, -0.02), district("Jinniu", "金牛区", 0.05, -0.01)],
             honestWeight: 3, ringWeight: 0.5, hostsHubs: false),
        City(english: "Wuhan", chinese: "武汉", provinceEnglish: "Hubei", provinceChinese: "湖北", provinceShort: "HB", country: "CN",
             lat: 30.5928, lon: 114.3055, postcode: "430000",
             districts: [district("Hanyang", "汉阳区", -0.04, -0.05), district("Jianghan", "江汉区", 0.0, -0.03)],
             honestWeight: 2, ringWeight: 0.5, hostsHubs: false),
        City(english: "Foshan", chinese: "佛山", provinceEnglish: "Guangdong", provinceChinese: "广东", provinceShort: "GD", country: "CN",
             lat: 23.0215, lon: 113.1214, postcode: "528000",
             districts: [district("Nanhai", "南海区", 0.01, 0.0), district("Shunde", "顺德区", -0.18, 0.1)],
             honestWeight: 3, ringWeight: 2, hostsHubs: false),
        City(english: "Zhongshan", chinese: "中山", provinceEnglish: "Guangdong", provinceChinese: "广东", provinceShort: "GD", country: "CN",
             lat: 22.5176, lon: 113.3926, postcode: "528400",
             districts: [district("Shiqi", "石岐街道", 0.0, 0.0), district("Xiaolan", "小榄镇", 0.15, -0.12)],
             honestWeight: 1.5, ringWeight: 1, hostsHubs: false),
        City(english: "Qingdao", chinese: "青岛", provinceEnglish: "Shandong", provinceChinese: "山东", provinceShort: "SD", country: "CN",
             lat: 36.0671, lon: 120.3826, postcode: "266000",
             districts: [district("Chengyang", "城阳区", 0.24, 0.02), district("Shinan", "市南区", 0.0, 0.0)],
             honestWeight: 2, ringWeight: 0.5, hostsHubs: false),
        City(english: "Zhengzhou", chinese: "郑州", provinceEnglish: "Henan", provinceChinese: "河南", provinceShort: "HA", country: "CN",
             lat: 34.7466, lon: 113.6253, postcode: "450000",
             districts: [district("Jinshui", "金水区", 0.03, 0.03), district("Guancheng", "管城回族区", -0.02, 0.04)],
             honestWeight: 2, ringWeight: 0.3, hostsHubs: false),
        City(english: "Hong Kong", chinese: "香港", provinceEnglish: "Hong Kong", provinceChinese: "香港", provinceShort: "HK", country: "HK",
             lat: 22.3193, lon: 114.1694, postcode: "",
             districts: [district("Kwun Tong", "观塘", -0.01, 0.06), district("Mong Kok", "旺角", 0.0, 0.0), district("Tsuen Wan", "荃湾", 0.05, -0.05),
                         district("Sheung Wan", "上环", -0.03, -0.02)],
             honestWeight: 4, ringWeight: 3, hostsHubs: true),
        City(english: "Istanbul", chinese: "", provinceEnglish: "Istanbul", provinceChinese: "", provinceShort: "IST", country: "TR",
             lat: 41.0082, lon: 28.9784, postcode: "34000", districts: [], honestWeight: 2, ringWeight: 2, hostsHubs: false),
        City(english: "Los Angeles", chinese: "", provinceEnglish: "California", provinceChinese: "", provinceShort: "CA", country: "US",
             lat: 34.0522, lon: -118.2437, postcode: "90021", districts: [], honestWeight: 3, ringWeight: 0.5, hostsHubs: true),
        City(english: "New York", chinese: "", provinceEnglish: "New York", provinceChinese: "", provinceShort: "NY", country: "US",
             lat: 40.7128, lon: -74.0060, postcode: "10001", districts: [], honestWeight: 2, ringWeight: 0.5, hostsHubs: false),
        City(english: "London", chinese: "", provinceEnglish: "England", provinceChinese: "", provinceShort: "ENG", country: "GB",
             lat: 51.5074, lon: -0.1278, postcode: "E1 6AN", districts: [], honestWeight: 2, ringWeight: 0.3, hostsHubs: false),
        City(english: "Milan", chinese: "", provinceEnglish: "Lombardy", provinceChinese: "", provinceShort: "MI", country: "IT",
             lat: 45.4642, lon: 9.1900, postcode: "20121", districts: [], honestWeight: 1, ringWeight: 0.2, hostsHubs: false),
        City(english: "Prato", chinese: "", provinceEnglish: "Tuscany", provinceChinese: "", provinceShort: "PO", country: "IT",
             lat: 43.8777, lon: 11.1022, postcode: "59100", districts: [], honestWeight: 1, ringWeight: 1, hostsHubs: false),
        City(english: "Paris", chinese: "", provinceEnglish: "Île-de-France", provinceChinese: "", provinceShort: "IDF", country: "FR",
             lat: 48.8566, lon: 2.3522, postcode: "75003", districts: [], honestWeight: 1, ringWeight: 0.2, hostsHubs: false),
        City(english: "Berlin", chinese: "", provinceEnglish: "Berlin", provinceChinese: "", provinceShort: "BE", country: "DE",
             lat: 52.5200, lon: 13.4050, postcode: "10115", districts: [], honestWeight: 1, ringWeight: 0.1, hostsHubs: false),
        City(english: "Bangkok", chinese: "", provinceEnglish: "Bangkok", provinceChinese: "", provinceShort: "BKK", country: "TH",
             lat: 13.7563, lon: 100.5018, postcode: "10200", districts: [], honestWeight: 1, ringWeight: 0.5, hostsHubs: false),
        City(english: "Ho Chi Minh City", chinese: "", provinceEnglish: "Ho Chi Minh City", provinceChinese: "", provinceShort: "HCM", country: "VN",
             lat: 10.8231, lon: 106.6297, postcode: "700000", districts: [], honestWeight: 1, ringWeight: 0.5, hostsHubs: false),
        City(english: "Dubai", chinese: "", provinceEnglish: "Dubai", provinceChinese: "", provinceShort: "DU", country: "AE",
             lat: 25.2048, lon: 55.2708, postcode: "", districts: [], honestWeight: 1, ringWeight: 0.5, hostsHubs: false),
    ]

    struct Road: Sendable {
        let english: String
        let short: String
        let chinese: String
    }

    static let chineseRoads: [Road] = [
        Road(english: "Xingfu Road", short: "Xingfu Rd", chinese: "幸福路"), Road(english: "Jiefang Road", short: "Jiefang Rd", chinese: "解放路"),
        Road(english: "Renmin Road", short: "Renmin Rd", chinese: "人民路"), Road(english: "Zhongshan Road", short: "Zhongshan Rd", chinese: "中山路"),
        Road(english: "Jianshe Road", short: "Jianshe Rd", chinese: "建设路"), Road(english: "Heping Road", short: "Heping Rd", chinese: "和平路"),
        Road(english: "Xinhua Road", short: "Xinhua Rd", chinese: "新华路"), Road(english: "Dongfeng Road", short: "Dongfeng Rd", chinese: "东风路"),
        Road(english: "Chaoyang Road", short: "Chaoyang Rd", chinese: "朝阳路"), Road(english: "Wenhua Road", short: "Wenhua Rd", chinese: "文化路"),
        Road(english: "Yingbin Avenue", short: "Yingbin Ave", chinese: "迎宾大道"), Road(english: "Gongye Road", short: "Gongye Rd", chinese: "工业路"),
        Road(english: "Minzhu Road", short: "Minzhu Rd", chinese: "民主路"), Road(english: "Changjiang Road", short: "Changjiang Rd", chinese: "长江路"),
        Road(english: "Huanshi Road", short: "Huanshi Rd", chinese: "环市路"), Road(english: "Jichang Road", short: "Jichang Rd", chinese: "机场路"),
        Road(english: "Xinshi Road", short: "Xinshi Rd", chinese: "新市路"), Road(english: "Shijing Road", short: "Shijing Rd", chinese: "石井路"),
        Road(english: "Huangshi West Road", short: "Huangshi W Rd", chinese: "黄石西路"), Road(english: "Binjiang Road", short: "Binjiang Rd", chinese: "滨江路"),
        Road(english: "Kaifa Avenue", short: "Kaifa Ave", chinese: "开发大道"), Road(english: "Chuangye Road", short: "Chuangye Rd", chinese: "创业路"),
        Road(english: "Yuhua Road", short: "Yuhua Rd", chinese: "裕华路"), Road(english: "Jinhu Road", short: "Jinhu Rd", chinese: "金湖路"),
        Road(english: "Longxiang Avenue", short: "Longxiang Ave", chinese: "龙翔大道"), Road(english: "Xueyuan Road", short: "Xueyuan Rd", chinese: "学院路"),
        Road(english: "Shangye Street", short: "Shangye St", chinese: "商业街"), Road(english: "Huaxia Road", short: "Huaxia Rd", chinese: "华夏路"),
        Road(english: "Baiyun Avenue North", short: "Baiyun Ave N", chinese: "白云大道北"), Road(english: "Tongde Road", short: "Tongde Rd", chinese: "同德路"),
    ]

    static let foreignStreets: [String: [String]] = [
        "TR": ["Mahmutpaşa Yokuşu", "Laleli Caddesi", "Osmanbey Caddesi", "Merkezefendi Sokak"],
        "US": ["S Los Angeles St", "Santee St", "W 37th St", "Broadway", "E Olympic Blvd"],
        "GB": ["Commercial Road", "Whitechapel Road", "Brick Lane", "Cheetham Hill Road"],
        "IT": ["Via Pistoiese", "Via Paolo Sarpi", "Via Filzi", "Viale Galilei"],
        "FR": ["Rue du Temple", "Rue Au Maire", "Boulevard de Belleville", "Rue de Turbigo"],
        "DE": ["Kantstraße", "Friedrichstraße", "Oranienstraße", "Hermannstraße"],
        "TH": ["Yaowarat Road", "Ratchaprarop Road", "Phetchaburi Road", "Sukhumvit Soi 11"],
        "VN": ["Nguyen Trai", "Le Loi", "Tran Hung Dao", "Hai Ba Trung"],
        "AE": ["Al Fahidi Street", "Naif Road", "Al Rigga Road", "Sheikh Zayed Road"],
    ]

    struct LogisticsPark: Sendable {
        let english: String
        let chinese: String
    }

    static let logisticsParks: [LogisticsPark] = [
        LogisticsPark(english: "Cainiao Smart Logistics Park", chinese: "菜鸟智慧物流园"),
        LogisticsPark(english: "JD Logistics Asia No.1 Warehouse", chinese: "京东物流亚洲一号仓"),
        LogisticsPark(english: "SF Express Distribution Center", chinese: "顺丰速运分拨中心"),
        LogisticsPark(english: "YunExpress Sorting Center", chinese: "云途物流分拣中心"),
        LogisticsPark(english: "4PX Fulfillment Warehouse", chinese: "递四方仓库"),
        LogisticsPark(english: "ZTO Express Transfer Center", chinese: "中通快递转运中心"),
        LogisticsPark(english: "Yanwen Logistics Warehouse", chinese: "燕文物流仓库"),
        LogisticsPark(english: "Best Express Hub", chinese: "百世快递枢纽"),
        LogisticsPark(english: "Winit Export Warehouse", chinese: "万邑通出口仓"),
        LogisticsPark(english: "YTO Express Logistics Center", chinese: "圆通速递物流中心"),
    ]

    /// What a physical place is; it decides how the unit part of the address is written.
    enum PlaceKind: UInt8 {
        case office, residence, warehouse, hub, workshop
    }

    /// How one address row spells its place. Each place has a preferred style; variants of ring
    /// return addresses use several.
    enum AddressStyle: UInt8, CaseIterable {
        case formal, terse, chinese, upper, postal, mixed
    }
}

extension WorldGenerator.City {
    var usesChineseAddresses: Bool { isChinese }
}
